//! When mandates end. A person's role can be an elected or fixed-term
//! mandate (`memberships.mandate_ends_on`), and an organisation's elected
//! members can end their mandates together (`organisations.mandates_end_on`,
//! when the people are not on record). Approaching a board or a commission
//! whose members are about to be replaced is pointless (the ABF's
//! commissions in December 2018), so when that day comes relais:
//!
//! - ends the person's role on that day (the person and their contacts
//!   stay: the role shows as ended on their page);
//! - parks the organisation in every campaign that follows it until the
//!   new members are likely known ([`NEW_MEMBERS_DAYS`] after the end; a
//!   volunteer moves the date when they are), never shortening a later
//!   not-before;
//! - asks each campaign's owner of the organisation, by a follow-up due
//!   that day, to find the new contacts.
//!
//! Each instance looks every `mandates_poll` and after each write through
//! it; an end is taken by setting
//! its `*_handled_on` under a condition, so it is acted on once. An end
//! recorded more than [`TOO_LATE_DAYS`] after it happened is only noted.

use chrono::{Duration, NaiveDate};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::entities::{Direction, InteractionChannel, membership, organisation, outreach_status};
use crate::interactions::store::{InteractionInput, create_for};
use crate::web::i18n::{Locale, arg};

/// How long after the end of mandates the new members are likely known.
pub const NEW_MEMBERS_DAYS: i64 = 90;

/// An end found this long after it happened is not acted on any more.
pub const TOO_LATE_DAYS: i64 = 180;

/// Starts this instance's watch: every `poll`, and at once when `wake` is
/// notified (after a write through this instance). The application looks
/// once itself before it serves (so a new database's seed is settled
/// before the first request).
pub fn spawn(
    db: DatabaseConnection,
    poll: std::time::Duration,
    clock: &crate::clock::Clock,
    wake: std::sync::Arc<tokio::sync::Notify>,
) {
    tokio::spawn(clock.scope(async move {
        loop {
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(poll) => {}
            }
            if let Err(err) = run(&db, crate::clock::today()).await {
                tracing::warn!(%err, "ended mandates not handled");
            }
        }
    }));
}

/// Acts on every mandate end due by `today`; returns how many.
pub async fn run(db: &DatabaseConnection, today: NaiveDate) -> Result<usize, DbErr> {
    let mut handled = 0;
    let members = membership::Entity::find()
        .filter(membership::Column::MandateEndsOn.lte(today))
        .filter(membership::Column::MandateHandledOn.is_null())
        .all(db)
        .await?;
    for m in members {
        let Some(end) = m.mandate_ends_on else {
            continue;
        };
        let done = crate::db::transaction(db, async |txn| {
            let taken = membership::Entity::update_many()
                .col_expr(membership::Column::MandateHandledOn, Expr::value(today))
                .col_expr(
                    membership::Column::EndedOn,
                    Expr::value(m.ended_on.unwrap_or(end)),
                )
                .filter(membership::Column::Id.eq(m.id))
                .filter(membership::Column::MandateHandledOn.is_null())
                .exec(txn)
                .await?;
            if taken.rows_affected != 1 {
                return Ok::<bool, DbErr>(false);
            }
            if (today - end).num_days() <= TOO_LATE_DAYS {
                let why = Locale::Fr.t_args(
                    "mandates-follow-up-role",
                    &[
                        arg("role", m.role.clone()),
                        arg("body", elected_by(&m.elected_by)),
                    ],
                );
                park(txn, m.organisation_id, end, today, &why).await?;
            }
            Ok(true)
        })
        .await?;
        handled += usize::from(done);
    }
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::MandatesEndOn.lte(today))
        .filter(organisation::Column::MandatesHandledOn.is_null())
        .all(db)
        .await?;
    for o in organisations {
        let Some(end) = o.mandates_end_on else {
            continue;
        };
        let done = crate::db::transaction(db, async |txn| {
            let taken = organisation::Entity::update_many()
                .col_expr(organisation::Column::MandatesHandledOn, Expr::value(today))
                .filter(organisation::Column::Id.eq(o.id))
                .filter(organisation::Column::MandatesHandledOn.is_null())
                .exec(txn)
                .await?;
            if taken.rows_affected != 1 {
                return Ok::<bool, DbErr>(false);
            }
            if (today - end).num_days() <= TOO_LATE_DAYS {
                let why = Locale::Fr.t_args(
                    "mandates-follow-up-members",
                    &[arg("body", elected_by(&o.mandates_elected_by))],
                );
                park(txn, o.id, end, today, &why).await?;
            }
            Ok(true)
        })
        .await?;
        handled += usize::from(done);
    }
    Ok(handled)
}

/// " (body)" when the electing body is known.
fn elected_by(body: &Option<String>) -> String {
    body.as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| format!(" ({b})"))
        .unwrap_or_default()
}

/// Parks `organisation_id` in its campaigns until the new members are
/// likely known, and asks each campaign's owner of it to find them.
async fn park(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    end: NaiveDate,
    today: NaiveDate,
    why: &str,
) -> Result<(), DbErr> {
    let until = end + Duration::days(NEW_MEMBERS_DAYS);
    let statuses = outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(organisation_id))
        .all(db)
        .await?;
    for status in &statuses {
        let not_before = status.not_before.max(Some(until));
        if not_before != status.not_before && until > today {
            super::store::update_card(
                db,
                status,
                status.version,
                status.owner_id,
                status.priority,
                not_before,
                None,
            )
            .await?;
        }
    }
    // One follow-up per campaign following it, for that campaign's owner
    // of it; one without a campaign when none follows it.
    let asked: Vec<(Option<i32>, Option<i32>)> = if statuses.is_empty() {
        vec![(None, None)]
    } else {
        statuses
            .iter()
            .map(|s| (Some(s.campaign_id), s.owner_id))
            .collect()
    };
    for (campaign_id, owner) in asked {
        let input = InteractionInput {
            occurred_on: today,
            channel: InteractionChannel::Other,
            direction: Direction::Outbound,
            organisation_id: Some(organisation_id),
            person_id: None,
            summary: why.chars().take(crate::values::limits::LINE).collect(),
            outcome: None,
            next_step: Some(Locale::Fr.t("mandates-next-step")),
            follow_up_on: Some(today),
            campaign_id,
            new_stage: None,
        };
        create_for(db, &input, None, owner).await?;
    }
    Ok(())
}
