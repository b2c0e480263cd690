//! Campaign and outreach queries and writes.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, NullOrdering, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, Order,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Set,
};

use crate::audit;
use crate::entities::*;
use crate::search::outbox;
use crate::versioning::{Saved, update_versioned};

pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<campaign::Model>, DbErr> {
    campaign::Entity::find()
        .order_by_desc(campaign::Column::CreatedAt)
        .all(db)
        .await
}

pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Option<campaign::Model>, DbErr> {
    campaign::Entity::find_by_id(id).one(db).await
}

pub async fn objectives(
    db: &impl ConnectionTrait,
    campaign_id: i32,
) -> Result<Vec<campaign_objective::Model>, DbErr> {
    campaign_objective::Entity::find()
        .filter(campaign_objective::Column::CampaignId.eq(campaign_id))
        .order_by_asc(campaign_objective::Column::Level)
        .order_by_asc(campaign_objective::Column::Id)
        .all(db)
        .await
}

pub async fn owner_ids(db: &impl ConnectionTrait, campaign_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(campaign_owner::Entity::find()
        .filter(campaign_owner::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.user_id)
        .collect())
}

/// A campaign as typed in its form, already validated.
#[derive(Debug, Clone)]
pub struct CampaignInput {
    pub name: String,
    pub description: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub owners: Vec<i32>,
    pub objectives: Vec<ObjectiveInput>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveInput {
    pub level: StrategicLevel,
    pub title: String,
    pub metric: ObjectiveMetric,
    pub target: i32,
}

/// Creates or replaces (when `existing` is given, at `version`) a campaign
/// with its owners and objectives. Returns `None` on a version conflict.
pub async fn save(
    db: &impl ConnectionTrait,
    existing: Option<(&campaign::Model, i32)>,
    input: &CampaignInput,
    actor: Option<i32>,
) -> Result<Option<i32>, DbErr> {
    let now = crate::clock::now();
    let id = match existing {
        Some((before, version)) => {
            let changes = campaign::ActiveModel {
                id: Set(before.id),
                name: Set(input.name.clone()),
                description: Set(input.description.clone()),
                starts_on: Set(input.starts_on),
                ends_on: Set(input.ends_on),
                ..Default::default()
            };
            if update_versioned(db, changes, version).await? == Saved::Conflict {
                return Ok(None);
            }
            let after = campaign::Model {
                name: input.name.clone(),
                description: input.description.clone(),
                starts_on: input.starts_on,
                ends_on: input.ends_on,
                ..before.clone()
            };
            audit::record(
                db,
                audit::Entry {
                    actor,
                    action: AuditAction::Update,
                    entity: EntityKind::Campaign,
                    entity_id: before.id,
                    label: &input.name,
                    changes: audit::diff(Some(before), Some(&after)),
                },
            )
            .await?;
            before.id
        }
        None => {
            let created = campaign::ActiveModel {
                name: Set(input.name.clone()),
                description: Set(input.description.clone()),
                starts_on: Set(input.starts_on),
                ends_on: Set(input.ends_on),
                seed_key: Set(None),
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
                    entity: EntityKind::Campaign,
                    entity_id: created.id,
                    label: &created.name,
                    changes: audit::diff(None, Some(&created)),
                },
            )
            .await?;
            created.id
        }
    };
    campaign_owner::Entity::delete_many()
        .filter(campaign_owner::Column::CampaignId.eq(id))
        .exec(db)
        .await?;
    for user_id in &input.owners {
        campaign_owner::ActiveModel {
            campaign_id: Set(id),
            user_id: Set(*user_id),
        }
        .insert(db)
        .await?;
    }
    // Objectives are replaced as a whole: they are a small list edited together.
    campaign_objective::Entity::delete_many()
        .filter(campaign_objective::Column::CampaignId.eq(id))
        .exec(db)
        .await?;
    for objective in &input.objectives {
        campaign_objective::ActiveModel {
            campaign_id: Set(id),
            level: Set(objective.level.get()),
            title: Set(objective.title.clone()),
            metric: Set(objective.metric),
            target: Set(objective.target),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(Some(id))
}

/// Where a card stands with its "not before" date, as a board filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// Parked: not to be approached before a date still to come.
    Parked,
    /// Its "not before" date has come (today included).
    Ready,
}

impl Timing {
    pub fn as_str(self) -> &'static str {
        match self {
            Timing::Parked => "parked",
            Timing::Ready => "ready",
        }
    }
}

impl std::str::FromStr for Timing {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "parked" => Ok(Timing::Parked),
            "ready" => Ok(Timing::Ready),
            _ => Err(()),
        }
    }
}

/// Board filters; all optional, combined.
#[derive(Debug, Clone, Default)]
pub struct BoardFilter {
    pub level: Option<StrategicLevel>,
    pub owner_id: Option<i32>,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    pub kind: Option<OrgKind>,
    pub priority: Option<Priority>,
    pub timing: Option<Timing>,
}

impl BoardFilter {
    /// The filter as a condition on outreach statuses joined with their
    /// organisation; `today` (Paris) decides parked or ready.
    fn condition(&self, campaign_id: i32, today: NaiveDate) -> Condition {
        let mut c = Condition::all().add(outreach_status::Column::CampaignId.eq(campaign_id));
        if let Some(level) = self.level {
            c = c.add(outreach_status::Column::Level.eq(level.get()));
        }
        if let Some(owner) = self.owner_id {
            c = c.add(outreach_status::Column::OwnerId.eq(owner));
        }
        if let Some(priority) = self.priority {
            c = c.add(outreach_status::Column::Priority.eq(priority));
        }
        match self.timing {
            Some(Timing::Parked) => c = c.add(outreach_status::Column::NotBefore.gt(today)),
            Some(Timing::Ready) => c = c.add(outreach_status::Column::NotBefore.lte(today)),
            None => {}
        }
        if let Some(region) = &self.region_code {
            c = c.add(organisation::Column::RegionCode.eq(region.as_str()));
        }
        if let Some(dep) = &self.departement_code {
            c = c.add(organisation::Column::DepartementCode.eq(dep.as_str()));
        }
        if let Some(kind) = self.kind {
            c = c.add(organisation::Column::Kind.eq(kind));
        }
        c
    }

    /// The campaign's statuses with their organisation, filtered.
    fn select(&self, campaign_id: i32, today: NaiveDate) -> Select<outreach_status::Entity> {
        let mut select = outreach_status::Entity::find();
        QueryTrait::query(&mut select).inner_join(
            organisation::Entity,
            Expr::col((organisation::Entity, organisation::Column::Id)).equals((
                outreach_status::Entity,
                outreach_status::Column::OrganisationId,
            )),
        );
        select.filter(self.condition(campaign_id, today))
    }
}

/// One card of the outreach board.
#[derive(Debug, Clone)]
pub struct Card {
    pub status: outreach_status::Model,
    pub organisation: organisation::Model,
    pub owner: Option<String>,
    pub last_interaction: Option<NaiveDate>,
    pub next_follow_up: Option<NaiveDate>,
    /// Who is contacting it for this campaign, and until when.
    pub claim: Option<super::claims::LiveClaim>,
}

/// How many cards of the filter stand at each stage: the true counts,
/// whatever part of each column the board shows.
pub async fn stage_counts(
    db: &impl ConnectionTrait,
    campaign_id: i32,
    filter: &BoardFilter,
    today: NaiveDate,
) -> Result<HashMap<Stage, u64>, DbErr> {
    let rows: Vec<(Stage, i64)> = filter
        .select(campaign_id, today)
        .select_only()
        .column(outreach_status::Column::Stage)
        .column_as(
            Expr::col((outreach_status::Entity, outreach_status::Column::Id)).count(),
            "n",
        )
        .group_by(outreach_status::Column::Stage)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(stage, n)| (stage, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// A slice of one column of the board: the cards of the filter at `stage`,
/// `limit` of them after `offset`. Ready cards come before parked ones
/// (a "not before" still to come); then high priority first; then the
/// largest reach (see [`crate::directory::reach`]), cards without one
/// last; then by name.
pub async fn board_column(
    db: &impl ConnectionTrait,
    campaign_id: i32,
    filter: &BoardFilter,
    today: NaiveDate,
    stage: Stage,
    offset: u64,
    limit: u64,
) -> Result<Vec<Card>, DbErr> {
    // Priorities are stored as words: rank them for the order.
    let rank = Expr::case(
        Expr::col((outreach_status::Entity, outreach_status::Column::Priority))
            .eq(Priority::High.as_str()),
        0,
    )
    .case(
        Expr::col((outreach_status::Entity, outreach_status::Column::Priority))
            .eq(Priority::Normal.as_str()),
        1,
    )
    .finally(2);
    let parked = Expr::case(
        Expr::col((outreach_status::Entity, outreach_status::Column::NotBefore)).gt(today),
        1,
    )
    .finally(0);
    let statuses = filter
        .select(campaign_id, today)
        .filter(outreach_status::Column::Stage.eq(stage))
        .order_by(SimpleExpr::Case(Box::new(parked)), Order::Asc)
        .order_by(SimpleExpr::Case(Box::new(rank)), Order::Asc)
        .order_by_with_nulls(
            Expr::col((organisation::Entity, organisation::Column::Reach)),
            Order::Desc,
            NullOrdering::Last,
        )
        .order_by_asc(organisation::Column::SortName)
        .order_by_asc(outreach_status::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    cards(db, campaign_id, statuses, today).await
}

/// The cards of these statuses of the campaign, in their order, with the
/// claims live `today`.
async fn cards(
    db: &impl ConnectionTrait,
    campaign_id: i32,
    statuses: Vec<outreach_status::Model>,
    today: NaiveDate,
) -> Result<Vec<Card>, DbErr> {
    let org_ids: Vec<i32> = statuses.iter().map(|s| s.organisation_id).collect();
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut claims = super::claims::live_in_campaign(db, campaign_id, &org_ids, today).await?;
    let organisations: HashMap<i32, organisation::Model> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(org_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let owner_ids: HashSet<i32> = statuses.iter().filter_map(|s| s.owner_id).collect();
    let owners: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(owner_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let (last, next) = contact_dates(db, &org_ids).await?;
    Ok(statuses
        .into_iter()
        .filter_map(|status| {
            let organisation = organisations.get(&status.organisation_id)?.clone();
            Some(Card {
                claim: claims.remove(&organisation.id),
                owner: status.owner_id.and_then(|id| owners.get(&id).cloned()),
                last_interaction: last.get(&organisation.id).copied(),
                next_follow_up: next.get(&organisation.id).copied(),
                status,
                organisation,
            })
        })
        .collect())
}

/// Last interaction date and next open follow-up, per organisation.
async fn contact_dates(
    db: &impl ConnectionTrait,
    org_ids: &[i32],
) -> Result<(HashMap<i32, NaiveDate>, HashMap<i32, NaiveDate>), DbErr> {
    let rows: Vec<(Option<i32>, NaiveDate, Option<NaiveDate>, bool)> = interaction::Entity::find()
        .select_only()
        .column(interaction::Column::OrganisationId)
        .column(interaction::Column::OccurredOn)
        .column(interaction::Column::FollowUpOn)
        .column(interaction::Column::FollowUpDone)
        .filter(interaction::Column::OrganisationId.is_in(org_ids.to_vec()))
        .into_tuple()
        .all(db)
        .await?;
    let mut last: HashMap<i32, NaiveDate> = HashMap::new();
    let mut next: HashMap<i32, NaiveDate> = HashMap::new();
    for (org, occurred, follow_up, done) in rows {
        let Some(org) = org else { continue };
        let entry = last.entry(org).or_insert(occurred);
        *entry = (*entry).max(occurred);
        if let (Some(date), false) = (follow_up, done) {
            let entry = next.entry(org).or_insert(date);
            *entry = (*entry).min(date);
        }
    }
    Ok((last, next))
}

/// Moves a card to `stage` if it is still at `version`; records the move in
/// the stage history and the audit log. `None` on a version conflict.
pub async fn move_stage(
    db: &impl ConnectionTrait,
    status: &outreach_status::Model,
    version: i32,
    stage: Stage,
    actor: Option<i32>,
) -> Result<Option<i32>, DbErr> {
    if status.stage == stage {
        return Ok(Some(status.version));
    }
    let changes = outreach_status::ActiveModel {
        id: Set(status.id),
        stage: Set(stage),
        ..Default::default()
    };
    let Saved::Applied(new_version) = update_versioned(db, changes, version).await? else {
        return Ok(None);
    };
    outreach_stage_change::ActiveModel {
        outreach_status_id: Set(status.id),
        from_stage: Set(Some(status.stage)),
        to_stage: Set(stage),
        changed_by: Set(actor),
        changed_at: Set(crate::clock::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    outbox::enqueue(
        db,
        EntityKind::Organisation,
        status.organisation_id,
        OutboxOp::Upsert,
    )
    .await?;
    let label = organisation::Entity::find_by_id(status.organisation_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let after = outreach_status::Model {
        stage,
        ..status.clone()
    };
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Update,
            entity: EntityKind::Outreach,
            entity_id: status.id,
            label: &label,
            changes: audit::diff(Some(status), Some(&after)),
        },
    )
    .await?;
    Ok(Some(new_version))
}

/// Up to `limit` outreach statuses of a campaign kept by the board's
/// `filter` (and `stage`, when given) after the id `cursor`, in the order
/// of creation: the API's pages of the board.
pub(crate) async fn statuses_after(
    db: &impl ConnectionTrait,
    campaign_id: i32,
    filter: &BoardFilter,
    stage: Option<Stage>,
    today: NaiveDate,
    cursor: Option<i32>,
    limit: u64,
) -> Result<Vec<outreach_status::Model>, DbErr> {
    let mut select = filter
        .select(campaign_id, today)
        .filter(outreach_status::Column::Id.gt(cursor.unwrap_or(0)));
    if let Some(stage) = stage {
        select = select.filter(outreach_status::Column::Stage.eq(stage));
    }
    select
        .order_by_asc(outreach_status::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

pub async fn status(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<outreach_status::Model>, DbErr> {
    outreach_status::Entity::find_by_id(id).one(db).await
}

/// Directory filter for adding many organisations at once.
#[derive(Debug, Clone, Default)]
pub struct DirectoryFilter {
    pub kind: Option<OrgKind>,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
}

impl DirectoryFilter {
    fn condition(&self) -> Condition {
        let mut c = Condition::all();
        if let Some(kind) = self.kind {
            c = c.add(organisation::Column::Kind.eq(kind));
        }
        if let Some(region) = &self.region_code {
            c = c.add(organisation::Column::RegionCode.eq(region.as_str()));
        }
        if let Some(dep) = &self.departement_code {
            c = c.add(organisation::Column::DepartementCode.eq(dep.as_str()));
        }
        c
    }
}

/// Organisations matching the filter and not yet in the campaign.
pub async fn candidates(
    db: &impl ConnectionTrait,
    campaign_id: i32,
    filter: &DirectoryFilter,
) -> Result<Vec<organisation::Model>, DbErr> {
    let already = Query::select()
        .column(outreach_status::Column::OrganisationId)
        .from(outreach_status::Entity)
        .and_where(Expr::col(outreach_status::Column::CampaignId).eq(campaign_id))
        .to_owned();
    organisation::Entity::find()
        .filter(filter.condition())
        .filter(organisation::Column::Id.not_in_subquery(already))
        .order_by_asc(organisation::Column::SortName)
        .all(db)
        .await
}

/// Adds every candidate of the filter to the campaign at `stage`; returns
/// how many were added (organisations already in the campaign are skipped).
pub async fn add_matching(
    db: &impl ConnectionTrait,
    campaign_id: i32,
    filter: &DirectoryFilter,
    stage: Stage,
    level: Option<StrategicLevel>,
    actor: Option<i32>,
) -> Result<usize, DbErr> {
    let organisations = candidates(db, campaign_id, filter).await?;
    for org in &organisations {
        add_organisation(db, campaign_id, org, stage, level, actor).await?;
    }
    Ok(organisations.len())
}

/// Adds one organisation to the campaign at `stage`, followed by `actor`:
/// its first stage move and the audit entry are written with it.
pub async fn add_organisation(
    db: &impl ConnectionTrait,
    campaign_id: i32,
    org: &organisation::Model,
    stage: Stage,
    level: Option<StrategicLevel>,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    let now = crate::clock::now();
    let status = outreach_status::ActiveModel {
        organisation_id: Set(org.id),
        campaign_id: Set(campaign_id),
        stage: Set(stage),
        owner_id: Set(actor),
        priority: Set(Priority::Normal),
        level: Set(level.map(|l| l.get())),
        not_before: Set(None),
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
    // The organisation's stages are part of its search document.
    outbox::enqueue(db, EntityKind::Organisation, org.id, OutboxOp::Upsert).await?;
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Create,
            entity: EntityKind::Outreach,
            entity_id: status.id,
            label: &org.name,
            changes: audit::diff(None, Some(&status)),
        },
    )
    .await?;
    Ok(())
}

/// Organisations parked until a date that has now come (`today` in Paris):
/// on hold with `not_before <= today`, the largest reach first (those
/// without one last), then the longest waiting. `campaign_id` None: every
/// campaign.
pub async fn ready_to_approach(
    db: &impl ConnectionTrait,
    campaign_id: Option<i32>,
    today: NaiveDate,
) -> Result<Vec<(outreach_status::Model, organisation::Model)>, DbErr> {
    let mut query = outreach_status::Entity::find()
        .filter(outreach_status::Column::Stage.eq(Stage::OnHold))
        .filter(outreach_status::Column::NotBefore.lte(today));
    if let Some(id) = campaign_id {
        query = query.filter(outreach_status::Column::CampaignId.eq(id));
    }
    QueryTrait::query(&mut query).inner_join(
        organisation::Entity,
        Expr::col((organisation::Entity, organisation::Column::Id)).equals((
            outreach_status::Entity,
            outreach_status::Column::OrganisationId,
        )),
    );
    let statuses = query
        .order_by_with_nulls(
            Expr::col((organisation::Entity, organisation::Column::Reach)),
            Order::Desc,
            NullOrdering::Last,
        )
        .order_by_asc(outreach_status::Column::NotBefore)
        .order_by_asc(outreach_status::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = statuses.iter().map(|s| s.organisation_id).collect();
    let orgs: HashMap<i32, organisation::Model> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    Ok(statuses
        .into_iter()
        .filter_map(|s| orgs.get(&s.organisation_id).cloned().map(|o| (s, o)))
        .collect())
}

/// Stage history of an organisation across campaigns, newest first, for its
/// timeline: (campaign name, change, author).
pub async fn stage_history(
    db: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<Vec<(String, outreach_stage_change::Model, Option<String>)>, DbErr> {
    let statuses = outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(organisation_id))
        .all(db)
        .await?;
    if statuses.is_empty() {
        return Ok(Vec::new());
    }
    let campaigns: HashMap<i32, String> = campaign::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let campaign_of: HashMap<i32, String> = statuses
        .iter()
        .map(|s| {
            (
                s.id,
                campaigns.get(&s.campaign_id).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let changes = outreach_stage_change::Entity::find()
        .filter(
            outreach_stage_change::Column::OutreachStatusId
                .is_in(campaign_of.keys().copied().collect::<Vec<_>>()),
        )
        .order_by_desc(outreach_stage_change::Column::ChangedAt)
        .order_by_desc(outreach_stage_change::Column::Id)
        .all(db)
        .await?;
    let authors: HashSet<i32> = changes.iter().filter_map(|c| c.changed_by).collect();
    let names: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(authors))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(changes
        .into_iter()
        .map(|c| {
            let author = c.changed_by.and_then(|id| names.get(&id).cloned());
            (
                campaign_of
                    .get(&c.outreach_status_id)
                    .cloned()
                    .unwrap_or_default(),
                c,
                author,
            )
        })
        .collect())
}

/// Per-status fields a volunteer edits on a card.
pub async fn update_card(
    db: &impl ConnectionTrait,
    status: &outreach_status::Model,
    version: i32,
    owner_id: Option<i32>,
    priority: Priority,
    not_before: Option<NaiveDate>,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    let changes = outreach_status::ActiveModel {
        id: Set(status.id),
        owner_id: Set(owner_id),
        priority: Set(priority),
        not_before: Set(not_before),
        ..Default::default()
    };
    if update_versioned(db, changes, version).await? == Saved::Conflict {
        return Ok(false);
    }
    let after = outreach_status::Model {
        owner_id,
        priority,
        not_before,
        ..status.clone()
    };
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Update,
            entity: EntityKind::Outreach,
            entity_id: status.id,
            label: "",
            changes: audit::diff(Some(status), Some(&after)),
        },
    )
    .await?;
    Ok(true)
}

/// Where an organisation stands in a campaign, if the campaign follows it.
pub async fn status_in(
    db: &impl ConnectionTrait,
    campaign_id: i32,
    organisation_id: i32,
) -> Result<Option<outreach_status::Model>, DbErr> {
    outreach_status::Entity::find()
        .filter(outreach_status::Column::CampaignId.eq(campaign_id))
        .filter(outreach_status::Column::OrganisationId.eq(organisation_id))
        .one(db)
        .await
}
