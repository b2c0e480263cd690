//! Merging two organisations found to be one after the fact (imports and
//! office spreadsheets leave duplicates behind). The volunteer picks, field
//! by field, the value to keep; everything attached to the merged record
//! moves to the kept one; the merged record's external id becomes an alias
//! so a re-import of its dataset finds the kept record; its history joins
//! the kept record's. One transaction, one audit entry.

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};

use super::{merge_shared, reach, store};
use crate::entities::*;
use crate::search::outbox;
use crate::versioning::{Saved, update_versioned};

/// The fields a volunteer chooses between, with their labels. Bookkeeping
/// (ids, versions, dates), derived values (reach, sort name) and what is
/// handled apart (external id, seed key, imported extras) are not chosen.
pub const FIELDS: &[(&str, &str)] = &[
    ("name", "directory-name"),
    ("acronym", "directory-acronym"),
    ("kind", "filter-kind"),
    ("scope", "directory-scope"),
    ("parent_id", "directory-parent"),
    ("region_code", "filter-region"),
    ("departement_code", "filter-departement"),
    ("commune", "directory-commune"),
    ("commune_code", "merge-commune-code"),
    ("postcode", "directory-postcode"),
    ("address", "directory-address"),
    ("latitude", "directory-latitude"),
    ("longitude", "directory-longitude"),
    ("website", "directory-website"),
    ("contact_form_url", "directory-contact-form"),
    ("email", "field-email"),
    ("phone", "directory-phone"),
    ("description", "directory-description"),
    ("governance_notes", "directory-governance"),
    ("workshops_offered", "directory-workshops"),
    ("workshop_runners", "directory-workshops-run-by"),
    ("commune_population", "reach-commune-population"),
    ("weekly_opening_hours", "import-field-weekly-opening-hours"),
    ("audience_estimate", "reach-audience-estimate"),
    ("audience_source", "reach-audience-source"),
    ("mandates_end_on", "mandates-members-end-on"),
    ("mandates_elected_by", "mandates-members-elected-by"),
];

pub use super::merge_shared::{FieldPair, Plan};

/// The fields on which two organisations differ.
pub fn differences(kept: &organisation::Model, merged: &organisation::Model) -> Vec<FieldPair> {
    merge_shared::differences(FIELDS, kept, merged)
}

/// How many records of each kind hang on an organisation: what a merge
/// moves, shown before it is confirmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attached {
    pub people: u64,
    pub interactions: u64,
    pub campaigns: u64,
    pub events: u64,
    pub sessions: u64,
    pub channels: u64,
    pub relations: u64,
    pub children: u64,
}

pub async fn attached(db: &impl ConnectionTrait, id: i32) -> Result<Attached, DbErr> {
    Ok(Attached {
        people: membership::Entity::find()
            .filter(membership::Column::OrganisationId.eq(id))
            .count(db)
            .await?,
        interactions: interaction::Entity::find()
            .filter(interaction::Column::OrganisationId.eq(id))
            .count(db)
            .await?,
        campaigns: outreach_status::Entity::find()
            .filter(outreach_status::Column::OrganisationId.eq(id))
            .count(db)
            .await?,
        events: event_organiser::Entity::find()
            .filter(event_organiser::Column::OrganisationId.eq(id))
            .count(db)
            .await?,
        sessions: workshop_session::Entity::find()
            .filter(workshop_session::Column::VenueOrganisationId.eq(id))
            .count(db)
            .await?,
        channels: channel::Entity::find()
            .filter(channel::Column::OrganisationId.eq(id))
            .count(db)
            .await?,
        relations: organisation_relation::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(organisation_relation::Column::SourceId.eq(id))
                    .add(organisation_relation::Column::TargetId.eq(id)),
            )
            .count(db)
            .await?,
        children: organisation::Entity::find()
            .filter(organisation::Column::ParentId.eq(id))
            .count(db)
            .await?,
    })
}

/// Merges `plan.merged` into `plan.kept`; `Saved::Conflict` (nothing to
/// keep of the transaction) when either was changed or deleted since the
/// volunteer compared them. Run it in a transaction that is rolled back
/// on a conflict (`web::editing::save_versioned`).
pub async fn merge(
    db: &impl ConnectionTrait,
    plan: &Plan,
    actor: Option<i32>,
) -> Result<Saved, DbErr> {
    let Some((kept, merged)) = plan.current(
        store::get(db, plan.kept).await?,
        store::get(db, plan.merged).await?,
        |o| o.version,
    ) else {
        return Ok(Saved::Conflict);
    };
    let (k, m) = (kept.id, merged.id);
    let moved_people = move_memberships(db, k, m).await?;
    move_channels(db, k, m).await?;
    move_tags(db, k, m).await?;
    move_outreach(db, k, m).await?;
    move_claims(db, k, m).await?;
    move_relations(db, k, m).await?;
    let moved_events = move_event_organisers(db, k, m).await?;
    interaction::Entity::update_many()
        .col_expr(interaction::Column::OrganisationId, Expr::value(k))
        .filter(interaction::Column::OrganisationId.eq(m))
        .exec(db)
        .await?;
    event_feed::Entity::update_many()
        .col_expr(event_feed::Column::OrganiserId, Expr::value(k))
        .filter(event_feed::Column::OrganiserId.eq(m))
        .exec(db)
        .await?;
    workshop_session::Entity::update_many()
        .col_expr(
            workshop_session::Column::VenueOrganisationId,
            Expr::value(k),
        )
        .filter(workshop_session::Column::VenueOrganisationId.eq(m))
        .exec(db)
        .await?;
    // Its children become the kept one's (the kept one itself excepted).
    organisation::Entity::update_many()
        .col_expr(organisation::Column::ParentId, Expr::value(k))
        .col_expr(
            organisation::Column::Version,
            Expr::col(organisation::Column::Version).add(1),
        )
        .col_expr(
            organisation::Column::UpdatedAt,
            Expr::value(crate::clock::now()),
        )
        .filter(organisation::Column::ParentId.eq(m))
        .filter(organisation::Column::Id.ne(k))
        .exec(db)
        .await?;
    // Aliases that led to the merged record now lead to the kept one.
    organisation_alias::Entity::update_many()
        .col_expr(organisation_alias::Column::OrganisationId, Expr::value(k))
        .filter(organisation_alias::Column::OrganisationId.eq(m))
        .exec(db)
        .await?;
    merge_shared::join_history(db, EntityKind::Organisation, k, m).await?;

    let before = kept.clone();
    let chosen = chosen_values(&kept, &merged, &plan.from_merged);
    organisation::Entity::delete_by_id(m).exec(db).await?;
    // The merged record's dataset id: taken over when the kept record has
    // none, an alias otherwise (ids are unique, hence after the delete).
    // Every chosen field written; bookkeeping is `update_versioned`'s.
    let mut row = organisation::ActiveModel::from(chosen).reset_all();
    match (&kept.external_id, &merged.external_id) {
        (None, Some(id)) => row.external_id = Set(Some(id.clone())),
        (Some(_), Some(id)) => {
            organisation_alias::ActiveModel {
                organisation_id: Set(k),
                external_id: Set(id.clone()),
                merged_name: Set(merged.name.clone()),
                merged_id: Set(m),
                merged_at: Set(crate::clock::now()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        _ => {}
    }
    if kept.seed_key.is_none() && merged.seed_key.is_some() {
        row.seed_key = Set(merged.seed_key.clone());
    }
    if update_versioned(db, row, plan.kept_version).await? == Saved::Conflict {
        return Ok(Saved::Conflict);
    }
    let after = store::get(db, k).await?;
    let label = after
        .as_ref()
        .map_or(kept.name.as_str(), |a| a.name.as_str());
    merge_shared::record(
        db,
        merge_shared::Recorded {
            entity: EntityKind::Organisation,
            kept: k,
            before: &before,
            after: after.as_ref(),
            merged_label: format!("{} (n° {})", merged.name, m),
            label,
            extra: Vec::new(),
        },
        actor,
    )
    .await?;
    outbox::enqueue(db, EntityKind::Organisation, m, OutboxOp::Delete).await?;
    outbox::enqueue(db, EntityKind::Organisation, k, OutboxOp::Upsert).await?;
    // Their documents name the organisation.
    outbox::enqueue_many(db, EntityKind::Person, &moved_people, OutboxOp::Upsert).await?;
    outbox::enqueue_many(db, EntityKind::Event, &moved_events, OutboxOp::Upsert).await?;
    reach::refresh(db).await?;
    Ok(Saved::Applied(plan.kept_version + 1))
}

/// The kept record with the chosen fields taken from the merged one. A
/// parent that would be either record itself, or under it, is dropped.
fn chosen_values(
    kept: &organisation::Model,
    merged: &organisation::Model,
    from_merged: &HashSet<String>,
) -> organisation::Model {
    let mut chosen = merge_shared::with_chosen(FIELDS, kept, merged, from_merged);
    if chosen
        .parent_id
        .is_some_and(|p| p == kept.id || p == merged.id)
    {
        chosen.parent_id = [kept.parent_id, merged.parent_id]
            .into_iter()
            .flatten()
            .find(|&p| p != kept.id && p != merged.id);
    }
    chosen.sort_name = Some(crate::values::sort_key(&chosen.name));
    chosen
}

/// Roles move unless the same person already holds the same role at the
/// kept organisation. Returns the people whose roles moved.
async fn move_memberships(db: &impl ConnectionTrait, k: i32, m: i32) -> Result<Vec<i32>, DbErr> {
    let held: HashSet<(i32, String)> = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(k))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.person_id, crate::values::sort_key(&r.role)))
        .collect();
    let mut people = Vec::new();
    for r in membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(m))
        .all(db)
        .await?
    {
        if held.contains(&(r.person_id, crate::values::sort_key(&r.role))) {
            membership::Entity::delete_by_id(r.id).exec(db).await?;
        } else {
            membership::Entity::update_many()
                .col_expr(membership::Column::OrganisationId, Expr::value(k))
                .filter(membership::Column::Id.eq(r.id))
                .exec(db)
                .await?;
        }
        people.push(r.person_id);
    }
    people.sort_unstable();
    people.dedup();
    Ok(people)
}

/// Channels move, but for the same address of the same kind twice.
async fn move_channels(db: &impl ConnectionTrait, k: i32, m: i32) -> Result<(), DbErr> {
    let key = |c: &channel::Model| {
        (
            c.kind,
            c.address
                .as_deref()
                .map(str::to_lowercase)
                .unwrap_or_default(),
        )
    };
    let held: HashSet<_> = channel::Entity::find()
        .filter(channel::Column::OrganisationId.eq(k))
        .all(db)
        .await?
        .iter()
        .map(key)
        .collect();
    for c in channel::Entity::find()
        .filter(channel::Column::OrganisationId.eq(m))
        .all(db)
        .await?
    {
        if !held.contains(&key(&c)) {
            channel::Entity::update_many()
                .col_expr(channel::Column::OrganisationId, Expr::value(k))
                .filter(channel::Column::Id.eq(c.id))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

async fn move_tags(db: &impl ConnectionTrait, k: i32, m: i32) -> Result<(), DbErr> {
    let tags_of = async |id: i32| -> Result<HashSet<i32>, DbErr> {
        Ok(organisation_tag::Entity::find()
            .filter(organisation_tag::Column::OrganisationId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|t| t.tag_id)
            .collect())
    };
    let held = tags_of(k).await?;
    for tag_id in tags_of(m).await?.difference(&held) {
        organisation_tag::ActiveModel {
            organisation_id: Set(k),
            tag_id: Set(*tag_id),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// One status per campaign: where both records are followed by the same
/// campaign, the status changed last wins (it says what the team knows
/// now) and the other's stage history joins it.
async fn move_outreach(db: &impl ConnectionTrait, k: i32, m: i32) -> Result<(), DbErr> {
    let held: HashMap<i32, outreach_status::Model> = outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(k))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.campaign_id, s))
        .collect();
    for theirs in outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(m))
        .all(db)
        .await?
    {
        let Some(ours) = held.get(&theirs.campaign_id) else {
            outreach_status::Entity::update_many()
                .col_expr(outreach_status::Column::OrganisationId, Expr::value(k))
                .filter(outreach_status::Column::Id.eq(theirs.id))
                .exec(db)
                .await?;
            continue;
        };
        let (winner, loser) = if theirs.updated_at > ours.updated_at {
            (&theirs, ours)
        } else {
            (ours, &theirs)
        };
        outreach_stage_change::Entity::update_many()
            .col_expr(
                outreach_stage_change::Column::OutreachStatusId,
                Expr::value(winner.id),
            )
            .filter(outreach_stage_change::Column::OutreachStatusId.eq(loser.id))
            .exec(db)
            .await?;
        outreach_status::Entity::delete_by_id(loser.id)
            .exec(db)
            .await?;
        if winner.id == theirs.id {
            outreach_status::Entity::update_many()
                .col_expr(outreach_status::Column::OrganisationId, Expr::value(k))
                .filter(outreach_status::Column::Id.eq(theirs.id))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// One claim per campaign: the kept record's stays.
async fn move_claims(db: &impl ConnectionTrait, k: i32, m: i32) -> Result<(), DbErr> {
    let held: HashSet<i32> = outreach_claim::Entity::find()
        .filter(outreach_claim::Column::OrganisationId.eq(k))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.campaign_id)
        .collect();
    outreach_claim::Entity::update_many()
        .col_expr(outreach_claim::Column::OrganisationId, Expr::value(k))
        .filter(outreach_claim::Column::OrganisationId.eq(m))
        .filter(outreach_claim::Column::CampaignId.is_not_in(held))
        .exec(db)
        .await?;
    Ok(())
}

/// Relations move to the kept record; one between the two records
/// themselves, or one the kept record already has, goes.
async fn move_relations(db: &impl ConnectionTrait, k: i32, m: i32) -> Result<(), DbErr> {
    let all = organisation_relation::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(organisation_relation::Column::SourceId.is_in([k, m]))
                .add(organisation_relation::Column::TargetId.is_in([k, m])),
        )
        .all(db)
        .await?;
    let swap = |id: i32| if id == m { k } else { id };
    let mut held: HashSet<(i32, i32, RelationKind)> = all
        .iter()
        .filter(|r| r.source_id != m && r.target_id != m)
        .map(|r| (r.source_id, r.target_id, r.kind))
        .collect();
    for r in all.iter().filter(|r| r.source_id == m || r.target_id == m) {
        let moved = (swap(r.source_id), swap(r.target_id), r.kind);
        if moved.0 == moved.1 || !held.insert(moved) {
            organisation_relation::Entity::delete_by_id(r.id)
                .exec(db)
                .await?;
        } else {
            organisation_relation::Entity::update_many()
                .col_expr(
                    organisation_relation::Column::SourceId,
                    Expr::value(moved.0),
                )
                .col_expr(
                    organisation_relation::Column::TargetId,
                    Expr::value(moved.1),
                )
                .filter(organisation_relation::Column::Id.eq(r.id))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// Returns the events the merged record organised.
async fn move_event_organisers(
    db: &impl ConnectionTrait,
    k: i32,
    m: i32,
) -> Result<Vec<i32>, DbErr> {
    let events_of = async |id: i32| -> Result<HashSet<i32>, DbErr> {
        Ok(event_organiser::Entity::find()
            .filter(event_organiser::Column::OrganisationId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|e| e.event_id)
            .collect())
    };
    let held = events_of(k).await?;
    let theirs = events_of(m).await?;
    for event_id in theirs.difference(&held) {
        event_organiser::ActiveModel {
            event_id: Set(*event_id),
            organisation_id: Set(k),
        }
        .insert(db)
        .await?;
    }
    Ok(theirs.into_iter().collect())
}
