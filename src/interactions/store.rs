//! Interaction queries and writes.

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::audit;
use crate::entities::*;
use crate::search::outbox;

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
    let now = crate::clock::now();
    let created = interaction::ActiveModel {
        occurred_on: Set(input.occurred_on),
        channel: Set(input.channel),
        direction: Set(input.direction),
        user_id: Set(actor),
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

pub async fn mark_done(
    db: &impl ConnectionTrait,
    i: &interaction::Model,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    interaction::ActiveModel {
        id: Set(i.id),
        follow_up_done: Set(true),
        updated_at: Set(crate::clock::now()),
        version: Set(i.version + 1),
        ..Default::default()
    }
    .update(db)
    .await?;
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Update,
            entity: EntityKind::Interaction,
            entity_id: i.id,
            label: &i.summary,
            changes: serde_json::json!({ "follow_up_done": [false, true] }),
        },
    )
    .await
}

/// An open follow-up with what it is about.
#[derive(Debug, Clone)]
pub struct FollowUp {
    pub interaction: interaction::Model,
    pub organisation: Option<(i32, String)>,
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

async fn with_context(
    db: &impl ConnectionTrait,
    rows: Vec<interaction::Model>,
) -> Result<Vec<FollowUp>, DbErr> {
    let mut out = Vec::with_capacity(rows.len());
    for interaction in rows {
        let organisation = match interaction.organisation_id {
            Some(id) => organisation::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|o| (o.id, o.name)),
            None => None,
        };
        let owner = match interaction.user_id {
            Some(id) => user::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|u| u.display_name),
            None => None,
        };
        out.push(FollowUp {
            interaction,
            organisation,
            owner,
        });
    }
    Ok(out)
}
