//! Interaction queries and writes.

use chrono::NaiveDate;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, Set,
};

use crate::audit;
use crate::entities::*;
use crate::search::outbox;
use crate::versioning::{Saved, update_versioned};

pub async fn for_person(
    db: &impl ConnectionTrait,
    person_id: i32,
) -> Result<Vec<interaction::Model>, DbErr> {
    interaction::Entity::find()
        .filter(interaction::Column::PersonId.eq(person_id))
        .order_by_desc(interaction::Column::OccurredOn)
        .limit(100)
        .all(db)
        .await
}

/// An interaction as validated from the form.
#[derive(Debug, Clone)]
pub struct InteractionInput {
    pub occurred_on: NaiveDate,
    pub channel: InteractionChannel,
    pub direction: Direction,
    pub organisation_id: Option<i32>,
    pub person_id: Option<i32>,
    pub summary: String,
    pub outcome: Option<String>,
    pub next_step: Option<String>,
    pub follow_up_on: Option<NaiveDate>,
    pub campaign_id: Option<i32>,
    /// Move the organisation to this stage in the campaign.
    pub new_stage: Option<Stage>,
}

/// Records the interaction, and the stage move when asked, in the caller's
/// transaction; returns the interaction's id.
pub async fn create(
    db: &impl ConnectionTrait,
    input: &InteractionInput,
    actor: Option<i32>,
) -> Result<i32, DbErr> {
    create_for(db, input, actor, actor).await
}

/// [`create`], with the volunteer on our side (whose follow-up it is)
/// other than the one writing it: relais itself (`actor: None`) asking a
/// campaign's owner to act.
pub async fn create_for(
    db: &impl ConnectionTrait,
    input: &InteractionInput,
    actor: Option<i32>,
    volunteer: Option<i32>,
) -> Result<i32, DbErr> {
    let now = crate::clock::now();
    let created = interaction::ActiveModel {
        occurred_on: Set(input.occurred_on),
        channel: Set(input.channel),
        direction: Set(input.direction),
        user_id: Set(volunteer),
        organisation_id: Set(input.organisation_id),
        person_id: Set(input.person_id),
        summary: Set(input.summary.clone()),
        outcome: Set(input.outcome.clone()),
        next_step: Set(input.next_step.clone()),
        follow_up_on: Set(input.follow_up_on),
        follow_up_done: Set(false),
        campaign_id: Set(input.campaign_id),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Create,
            entity: EntityKind::Interaction,
            entity_id: created.id,
            label: &created.summary,
            changes: audit::diff(None, Some(&created)),
        },
    )
    .await?;
    if let (Some(stage), Some(campaign_id), Some(organisation_id)) =
        (input.new_stage, input.campaign_id, input.organisation_id)
    {
        let existing = outreach_status::Entity::find()
            .filter(outreach_status::Column::OrganisationId.eq(organisation_id))
            .filter(outreach_status::Column::CampaignId.eq(campaign_id))
            .one(db)
            .await?;
        match existing {
            Some(status) => {
                // Inside the same transaction nobody can have moved it meanwhile.
                crate::campaign::store::move_stage(db, &status, status.version, stage, actor)
                    .await?;
            }
            None => {
                let status = outreach_status::ActiveModel {
                    organisation_id: Set(organisation_id),
                    campaign_id: Set(campaign_id),
                    stage: Set(stage),
                    owner_id: Set(actor),
                    priority: Set(Priority::Normal),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                    ..Default::default()
                }
                .insert(db)
                .await?;
                outreach_stage_change::ActiveModel {
                    outreach_status_id: Set(status.id),
                    from_stage: Set(None),
                    to_stage: Set(stage),
                    changed_by: Set(actor),
                    changed_at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await?;
                outbox::enqueue(
                    db,
                    EntityKind::Organisation,
                    organisation_id,
                    OutboxOp::Upsert,
                )
                .await?;
            }
        }
    }
    Ok(created.id)
}

pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Option<interaction::Model>, DbErr> {
    interaction::Entity::find_by_id(id).one(db).await
}

/// What a volunteer does to an open follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpChange {
    Done,
    /// To this day.
    Snooze(NaiveDate),
    /// To this volunteer: the follow-up's owner is the interaction's `user_id`.
    HandOver(i32),
}

/// Applies `change` if the interaction is still at `version`, with its
/// audit entry; `Saved::Conflict` (nothing written) when someone changed it
/// meanwhile.
pub async fn change_follow_up(
    db: &impl ConnectionTrait,
    i: &interaction::Model,
    version: i32,
    change: FollowUpChange,
    actor: Option<i32>,
) -> Result<Saved, DbErr> {
    let mut after = i.clone();
    match change {
        FollowUpChange::Done => after.follow_up_done = true,
        FollowUpChange::Snooze(day) => after.follow_up_on = Some(day),
        FollowUpChange::HandOver(user) => after.user_id = Some(user),
    }
    let changes = interaction::ActiveModel {
        id: Set(i.id),
        follow_up_done: Set(after.follow_up_done),
        follow_up_on: Set(after.follow_up_on),
        user_id: Set(after.user_id),
        ..Default::default()
    };
    let saved = update_versioned(db, changes, version).await?;
    if saved == Saved::Conflict {
        return Ok(saved);
    }
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Update,
            entity: EntityKind::Interaction,
            entity_id: i.id,
            label: &i.summary,
            changes: audit::diff(Some(i), Some(&after)),
        },
    )
    .await?;
    Ok(saved)
}

/// Whom a follow-up can be handed over to: an active account that may write.
pub fn may_hold_follow_ups(u: &user::Model) -> bool {
    u.active && u.role != Role::Viewer
}

/// An open follow-up with what it is about.
#[derive(Debug, Clone)]
pub struct FollowUp {
    pub interaction: interaction::Model,
    pub organisation: Option<(i32, String)>,
    /// Id and name; none once the person is erased.
    pub person: Option<(i32, String)>,
    pub owner: Option<String>,
}

/// Open follow-ups due on or before `until`, oldest first; `user` limits to one volunteer.
pub async fn follow_ups(
    db: &impl ConnectionTrait,
    until: NaiveDate,
    user: Option<i32>,
) -> Result<Vec<FollowUp>, DbErr> {
    let mut query = interaction::Entity::find()
        .filter(interaction::Column::FollowUpDone.eq(false))
        .filter(interaction::Column::FollowUpOn.lte(until));
    if let Some(user) = user {
        query = query.filter(interaction::Column::UserId.eq(user));
    }
    let rows = query
        .order_by_asc(interaction::Column::FollowUpOn)
        .limit(100)
        .all(db)
        .await?;
    with_context(db, rows).await
}

pub async fn recent(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<FollowUp>, DbErr> {
    // Ids grow with time: the primary key gives the latest without a sort.
    let rows = interaction::Entity::find()
        .order_by_desc(interaction::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    with_context(db, rows).await
}

/// The organisation, person and volunteer of each row, read in three
/// queries whatever the number of rows.
async fn with_context(
    db: &impl ConnectionTrait,
    rows: Vec<interaction::Model>,
) -> Result<Vec<FollowUp>, DbErr> {
    use std::collections::{BTreeSet, HashMap};
    let ids = |f: fn(&interaction::Model) -> Option<i32>| -> Vec<i32> {
        rows.iter()
            .filter_map(f)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let organisations: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids(|i| i.organisation_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let people: HashMap<i32, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(ids(|i| i.person_id)))
        .filter(person::Column::ErasedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.full_name))
        .collect();
    let users: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids(|i| i.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|interaction| {
            let named = |id: Option<i32>, names: &HashMap<i32, String>| {
                id.and_then(|id| names.get(&id).map(|name| (id, name.clone())))
            };
            FollowUp {
                organisation: named(interaction.organisation_id, &organisations),
                person: named(interaction.person_id, &people),
                owner: named(interaction.user_id, &users).map(|(_, name)| name),
                interaction,
            }
        })
        .collect())
}

/// The next `limit` open follow-ups due from `from` on, whatever their
/// date, soonest first.
pub async fn upcoming_follow_ups(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    limit: u64,
) -> Result<Vec<FollowUp>, DbErr> {
    let rows = interaction::Entity::find()
        .filter(interaction::Column::FollowUpDone.eq(false))
        .filter(interaction::Column::FollowUpOn.gte(from))
        .order_by_asc(interaction::Column::FollowUpOn)
        .order_by_asc(interaction::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    with_context(db, rows).await
}

/// Open follow-ups due from `from` to `to` (inclusive), with an id after
/// `after`, at most `limit` in id order: what webhooks announce as
/// `follow_up.due` (see `webhooks::due`).
pub async fn falling_due(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
    after: i32,
    limit: u64,
) -> Result<Vec<FollowUp>, DbErr> {
    let rows = interaction::Entity::find()
        .filter(interaction::Column::FollowUpDone.eq(false))
        .filter(interaction::Column::FollowUpOn.between(from, to))
        .filter(interaction::Column::Id.gt(after))
        .order_by_asc(interaction::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    with_context(db, rows).await
}

/// Open follow-ups with a date, soonest first; `owner` limits them to one
/// volunteer's.
pub async fn open_follow_ups(
    db: &impl ConnectionTrait,
    owner: Option<i32>,
    limit: u64,
) -> Result<Vec<FollowUp>, DbErr> {
    let rows = open_follow_ups_query(owner)
        .order_by_asc(interaction::Column::FollowUpOn)
        .order_by_asc(interaction::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    with_context(db, rows).await
}

/// How many follow-ups are open (mine, one volunteer's, or everyone's).
pub async fn count_open_follow_ups(
    db: &impl ConnectionTrait,
    owner: Option<i32>,
) -> Result<u64, DbErr> {
    open_follow_ups_query(owner).count(db).await
}

fn open_follow_ups_query(owner: Option<i32>) -> sea_orm::Select<interaction::Entity> {
    let query = interaction::Entity::find()
        .filter(interaction::Column::FollowUpDone.eq(false))
        .filter(interaction::Column::FollowUpOn.is_not_null());
    match owner {
        Some(owner) => query.filter(interaction::Column::UserId.eq(owner)),
        None => query,
    }
}

/// Open follow-ups sorted by when they fall due, seen from `today`.
#[derive(Debug, Default)]
pub struct DueGroups {
    pub overdue: Vec<FollowUp>,
    /// Today and the next 7 days.
    pub next_week: Vec<FollowUp>,
    /// From the 8th to the 30th day.
    pub next_month: Vec<FollowUp>,
    pub later: Vec<FollowUp>,
}

impl DueGroups {
    pub fn sort(items: Vec<FollowUp>, today: NaiveDate) -> DueGroups {
        let mut groups = DueGroups::default();
        for f in items {
            let Some(day) = f.interaction.follow_up_on else {
                continue;
            };
            let days = (day - today).num_days();
            let group = match days {
                ..0 => &mut groups.overdue,
                0..=7 => &mut groups.next_week,
                8..=30 => &mut groups.next_month,
                _ => &mut groups.later,
            };
            group.push(f);
        }
        groups
    }

    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.next_week.is_empty()
            && self.next_month.is_empty()
            && self.later.is_empty()
    }
}

/// The contact log's filters, shared by its page and its exports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogFilter {
    /// The volunteer who logged the contact (or holds it now).
    pub user: Option<i32>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub channel: Option<InteractionChannel>,
    pub campaign: Option<i32>,
    /// Of the organisation contacted.
    pub kind: Option<OrgKind>,
    /// Code of the organisation's région.
    pub region: Option<String>,
}

impl LogFilter {
    /// The rows this filter keeps; kind and région through the organisation.
    pub fn condition(&self) -> Condition {
        let mut c = Condition::all();
        if let Some(user) = self.user {
            c = c.add(interaction::Column::UserId.eq(user));
        }
        if let Some(from) = self.from {
            c = c.add(interaction::Column::OccurredOn.gte(from));
        }
        if let Some(to) = self.to {
            c = c.add(interaction::Column::OccurredOn.lte(to));
        }
        if let Some(channel) = self.channel {
            c = c.add(interaction::Column::Channel.eq(channel));
        }
        if let Some(campaign) = self.campaign {
            c = c.add(interaction::Column::CampaignId.eq(campaign));
        }
        if self.kind.is_some() || self.region.is_some() {
            let mut organisations = Query::select();
            organisations
                .column(organisation::Column::Id)
                .from(organisation::Entity);
            if let Some(kind) = self.kind {
                organisations.and_where(organisation::Column::Kind.eq(kind));
            }
            if let Some(region) = &self.region {
                organisations.and_where(organisation::Column::RegionCode.eq(region.clone()));
            }
            c = c.add(interaction::Column::OrganisationId.in_subquery(organisations.to_owned()));
        }
        c
    }

    /// The log's rows, newest first.
    pub fn select(&self) -> Select<interaction::Entity> {
        interaction::Entity::find()
            .filter(self.condition())
            .order_by_desc(interaction::Column::OccurredOn)
            .order_by_desc(interaction::Column::Id)
    }
}

/// Rows on a page of the contact log.
pub const LOG_PAGE_SIZE: u64 = 50;

/// One page (from 0) of the contact log, with the number of rows in all.
pub async fn log(
    db: &impl ConnectionTrait,
    filter: &LogFilter,
    page: u64,
) -> Result<(Vec<FollowUp>, u64), DbErr> {
    let total = filter.select().count(db).await?;
    let rows = filter
        .select()
        .offset(page.saturating_mul(LOG_PAGE_SIZE))
        .limit(LOG_PAGE_SIZE)
        .all(db)
        .await?;
    Ok((with_context(db, rows).await?, total))
}

/// Up to `limit` interactions kept by `filter` after the id `cursor`, in
/// the order of creation: the API's pages (a cursor stays valid while
/// contacts are logged, where the log's newest-first pages would shift).
pub(crate) async fn page_after(
    db: &impl ConnectionTrait,
    filter: &LogFilter,
    cursor: Option<i32>,
    limit: u64,
) -> Result<Vec<interaction::Model>, DbErr> {
    interaction::Entity::find()
        .filter(filter.condition())
        .filter(interaction::Column::Id.gt(cursor.unwrap_or(0)))
        .order_by_asc(interaction::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Up to `limit` open follow-ups (one volunteer's, or everyone's) after
/// the id `cursor`, in the order of creation: the API's pages.
pub(crate) async fn open_follow_ups_after(
    db: &impl ConnectionTrait,
    owner: Option<i32>,
    cursor: Option<i32>,
    limit: u64,
) -> Result<Vec<interaction::Model>, DbErr> {
    open_follow_ups_query(owner)
        .filter(interaction::Column::Id.gt(cursor.unwrap_or(0)))
        .order_by_asc(interaction::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn due_in(days: i64, today: NaiveDate) -> FollowUp {
        let now = chrono::DateTime::UNIX_EPOCH;
        FollowUp {
            interaction: interaction::Model {
                id: days as i32,
                occurred_on: today,
                channel: InteractionChannel::Email,
                direction: Direction::Outbound,
                user_id: None,
                organisation_id: None,
                person_id: None,
                summary: String::new(),
                outcome: None,
                next_step: None,
                follow_up_on: Some(today + chrono::Duration::days(days)),
                follow_up_done: false,
                campaign_id: None,
                created_at: now,
                updated_at: now,
                version: 1,
            },
            organisation: None,
            person: None,
            owner: None,
        }
    }

    #[test]
    fn follow_ups_fall_into_overdue_next_7_days_next_30_days_and_later() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let items = [-1, 0, 7, 8, 30, 31]
            .into_iter()
            .map(|d| due_in(d, today))
            .collect();
        let groups = DueGroups::sort(items, today);
        let ids = |g: &[FollowUp]| g.iter().map(|f| f.interaction.id).collect::<Vec<_>>();
        assert_eq!(ids(&groups.overdue), [-1]);
        assert_eq!(ids(&groups.next_week), [0, 7]);
        assert_eq!(ids(&groups.next_month), [8, 30]);
        assert_eq!(ids(&groups.later), [31]);
    }
}
