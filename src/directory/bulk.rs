//! Bulk actions on organisations: on a selection or on everything a list
//! filter matches, in one transaction. A record changed by someone else
//! since the volunteer saw the count (`as_of`), or one the action does not
//! fit (already in the campaign, not in it), is refused and listed — never
//! silently skipped, never overwritten.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use super::store::{self, ListFilter};
use crate::audit;
use crate::campaign::store as campaigns;
use crate::entities::*;
use crate::search::outbox;

/// Most records one action may touch by selection (a filter is bounded by
/// the directory itself).
pub const MAX_SELECTED: usize = 10_000;

/// Which records: those ticked, or all a list filter matches.
#[derive(Debug, Clone)]
pub enum Targets {
    Ticked(Vec<i32>),
    Matching(ListFilter),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    AddTags(Vec<String>),
    RemoveTags(Vec<String>),
    AddToCampaign {
        campaign: i32,
        stage: Stage,
    },
    MoveStage {
        campaign: i32,
        stage: Stage,
    },
    SetOwner {
        campaign: i32,
        owner: Option<i32>,
    },
    SetNotBefore {
        campaign: i32,
        date: Option<NaiveDate>,
    },
}

/// Why a record was left as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    ChangedSince,
    AlreadyInCampaign,
    NotInCampaign,
}

impl Refusal {
    pub fn label_key(self) -> &'static str {
        match self {
            Refusal::ChangedSince => "bulk-refused-changed",
            Refusal::AlreadyInCampaign => "bulk-refused-already-in",
            Refusal::NotInCampaign => "bulk-refused-not-in",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub done: usize,
    pub refused: Vec<(i32, String, Refusal)>,
}

/// The records designated, `(id, name)` in list order.
pub async fn targets(
    db: &impl ConnectionTrait,
    targets: &Targets,
) -> Result<Vec<(i32, String)>, DbErr> {
    selected(targets)
        .select_only()
        .columns([organisation::Column::Id, organisation::Column::Name])
        .into_tuple()
        .all(db)
        .await
}

/// The organisations `targets` designates, in the list's order.
pub fn selected(targets: &Targets) -> sea_orm::Select<organisation::Entity> {
    match targets {
        Targets::Matching(filter) => store::filtered(filter),
        Targets::Ticked(ids) => store::filtered(&ListFilter::default())
            .filter(organisation::Column::Id.is_in(ids.iter().copied())),
    }
}

/// Applies `action` to `ids`; records changed after `as_of` are refused.
/// Run it in a transaction.
pub async fn apply(
    db: &impl ConnectionTrait,
    ids: &[i32],
    action: &Action,
    as_of: DateTime<Utc>,
    actor: Option<i32>,
) -> Result<Report, DbErr> {
    let mut report = Report::default();
    let mut organisations = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(1_000) {
        organisations.extend(
            organisation::Entity::find()
                .filter(organisation::Column::Id.is_in(chunk.iter().copied()))
                .all(db)
                .await?,
        );
    }
    organisations.sort_by_key(|o| o.id);
    match action {
        Action::AddTags(tags) | Action::RemoveTags(tags) => {
            let adding = matches!(action, Action::AddTags(_));
            retag(db, &organisations, tags, adding, as_of, actor, &mut report).await?;
        }
        Action::AddToCampaign { campaign, stage } => {
            let statuses = statuses(db, *campaign, ids).await?;
            for org in &organisations {
                if statuses.contains_key(&org.id) {
                    report
                        .refused
                        .push((org.id, org.name.clone(), Refusal::AlreadyInCampaign));
                    continue;
                }
                campaigns::add_organisation(db, *campaign, org, *stage, None, actor).await?;
                report.done += 1;
            }
        }
        Action::MoveStage { campaign, .. }
        | Action::SetOwner { campaign, .. }
        | Action::SetNotBefore { campaign, .. } => {
            let statuses = statuses(db, *campaign, ids).await?;
            for org in &organisations {
                let Some(status) = statuses.get(&org.id) else {
                    report
                        .refused
                        .push((org.id, org.name.clone(), Refusal::NotInCampaign));
                    continue;
                };
                let applied = status.updated_at <= as_of
                    && match action {
                        Action::MoveStage { stage, .. } => {
                            campaigns::move_stage(db, status, status.version, *stage, actor)
                                .await?
                                .is_some()
                        }
                        Action::SetOwner { owner, .. } => {
                            campaigns::update_card(
                                db,
                                status,
                                status.version,
                                *owner,
                                status.priority,
                                status.not_before,
                                actor,
                            )
                            .await?
                        }
                        Action::SetNotBefore { date, .. } => {
                            campaigns::update_card(
                                db,
                                status,
                                status.version,
                                status.owner_id,
                                status.priority,
                                *date,
                                actor,
                            )
                            .await?
                        }
                        _ => false,
                    };
                if applied {
                    report.done += 1;
                } else {
                    report
                        .refused
                        .push((org.id, org.name.clone(), Refusal::ChangedSince));
                }
            }
        }
    }
    Ok(report)
}

async fn statuses(
    db: &impl ConnectionTrait,
    campaign: i32,
    ids: &[i32],
) -> Result<HashMap<i32, outreach_status::Model>, DbErr> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(1_000) {
        for s in outreach_status::Entity::find()
            .filter(outreach_status::Column::CampaignId.eq(campaign))
            .filter(outreach_status::Column::OrganisationId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            found.insert(s.organisation_id, s);
        }
    }
    Ok(found)
}

/// Adds or removes tags: each changed record gets its new version, an
/// audit entry and a search update, as an edit from its form would.
async fn retag(
    db: &impl ConnectionTrait,
    organisations: &[organisation::Model],
    tags: &[String],
    adding: bool,
    as_of: DateTime<Utc>,
    actor: Option<i32>,
    report: &mut Report,
) -> Result<(), DbErr> {
    let folded: BTreeSet<String> = tags.iter().map(|t| t.to_lowercase()).collect();
    let mut changed = Vec::new();
    let mut entries = Vec::new();
    for org in organisations {
        if org.updated_at > as_of {
            report
                .refused
                .push((org.id, org.name.clone(), Refusal::ChangedSince));
            continue;
        }
        let before = store::tag_names(db, org.id).await?;
        let mut after: Vec<String> = before
            .iter()
            .filter(|t| adding || !folded.contains(&t.to_lowercase()))
            .cloned()
            .collect();
        if adding {
            for tag in tags {
                if !after.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
                    after.push(tag.clone());
                }
            }
        }
        report.done += 1;
        if after == before {
            continue;
        }
        // A new version, so an edit form opened before this is refused
        // rather than putting the old tags back.
        let bumped = organisation::Entity::update_many()
            .col_expr(organisation::Column::Version, Expr::value(org.version + 1))
            .col_expr(
                organisation::Column::UpdatedAt,
                Expr::value(crate::clock::now()),
            )
            .filter(organisation::Column::Id.eq(org.id))
            .filter(organisation::Column::Version.eq(org.version))
            .exec(db)
            .await?;
        if bumped.rows_affected == 0 {
            report.done -= 1;
            report
                .refused
                .push((org.id, org.name.clone(), Refusal::ChangedSince));
            continue;
        }
        store::replace_tags(db, org.id, &after).await?;
        changed.push(org.id);
        entries.push((org.id, org.name.clone(), before, after));
    }
    audit::record_many(
        db,
        entries
            .iter()
            .map(|(id, name, before, after)| audit::Entry {
                actor,
                action: AuditAction::Update,
                entity: EntityKind::Organisation,
                entity_id: *id,
                label: name,
                changes: serde_json::json!({ "tags": [before, after] }),
            }),
    )
    .await?;
    outbox::enqueue_many(db, EntityKind::Organisation, &changed, OutboxOp::Upsert).await
}
