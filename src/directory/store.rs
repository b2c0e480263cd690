//! Directory queries and writes.

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::{Expr, NullOrdering, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, Set,
};

use super::reach::{self, Basis, basis_of};
use crate::audit;
use crate::entities::*;
use crate::search::outbox;
use crate::versioning::{Saved, update_versioned};

/// One line of the overview: an organisation with its parent's name and its
/// département's name resolved.
#[derive(Debug, Clone)]
pub struct OrganisationLine {
    pub id: i32,
    pub name: String,
    pub acronym: Option<String>,
    pub kind: OrgKind,
    pub commune: Option<String>,
    pub departement: Option<(String, String)>,
    pub parent: Option<(i32, String)>,
    /// Its reach (see [`super::reach`]) and what the figure counts.
    pub reach: Option<(i32, Option<Basis>)>,
    pub website: Option<String>,
}

/// `id → name` of these organisations (the ones that exist).
pub async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, String>, DbErr> {
    Ok(organisation::Entity::find()
        .select_only()
        .column(organisation::Column::Id)
        .column(organisation::Column::Name)
        .filter(organisation::Column::Id.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// These organisations, in the order of `ids` (the ones that exist).
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<Vec<organisation::Model>, DbErr> {
    let mut found: HashMap<i32, organisation::Model> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// Organisations bearing exactly this name or acronym (at most `limit`):
/// how a name typed in a picker without JavaScript is resolved first.
pub async fn named(
    db: &impl ConnectionTrait,
    name: &str,
    limit: u64,
) -> Result<Vec<organisation::Model>, DbErr> {
    organisation::Entity::find()
        .filter(
            Condition::any()
                .add(organisation::Column::Name.eq(name))
                .add(organisation::Column::Acronym.eq(name)),
        )
        .order_by_asc(organisation::Column::Name)
        .order_by_asc(organisation::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

async fn lines(
    db: &impl ConnectionTrait,
    organisations: Vec<organisation::Model>,
) -> Result<Vec<OrganisationLine>, DbErr> {
    let dep_codes: HashSet<String> = organisations
        .iter()
        .filter_map(|o| o.departement_code.clone())
        .collect();
    let departements: HashMap<String, String> = departement::Entity::find()
        .filter(departement::Column::Code.is_in(dep_codes))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.code, d.name))
        .collect();
    let parent_ids: HashSet<i32> = organisations.iter().filter_map(|o| o.parent_id).collect();
    let parents = names(db, parent_ids).await?;
    Ok(organisations
        .into_iter()
        .map(|o| OrganisationLine {
            id: o.id,
            departement: o.departement_code.as_ref().map(|code| {
                (
                    code.clone(),
                    departements.get(code).cloned().unwrap_or_default(),
                )
            }),
            parent: o
                .parent_id
                .and_then(|pid| parents.get(&pid).map(|name| (pid, name.clone()))),
            reach: o
                .reach
                .map(|r| (r, basis_of(o.kind, o.reach, o.audience_estimate))),
            name: o.name,
            acronym: o.acronym,
            kind: o.kind,
            commune: o.commune,
            website: o.website,
        })
        .collect())
}

/// All organisations grouped by kind, in vocabulary order, names sorted.
pub async fn overview_by_kind(
    db: &impl ConnectionTrait,
) -> Result<Vec<(OrgKind, Vec<OrganisationLine>)>, DbErr> {
    let organisations = organisation::Entity::find()
        .order_by_asc(organisation::Column::SortName)
        .limit(5_000)
        .all(db)
        .await?;
    let all = lines(db, organisations).await?;
    let mut groups: Vec<(OrgKind, Vec<OrganisationLine>)> =
        OrgKind::ALL.iter().map(|k| (*k, Vec::new())).collect();
    for line in all {
        if let Some((_, group)) = groups.iter_mut().find(|(kind, _)| *kind == line.kind) {
            group.push(line);
        }
    }
    groups.retain(|(_, lines)| !lines.is_empty());
    Ok(groups)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Name,
    Commune,
    Departement,
    Updated,
    /// The largest reach first; organisations without one last.
    Reach,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Name,
        Sort::Commune,
        Sort::Departement,
        Sort::Updated,
        Sort::Reach,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::Commune => "commune",
            Sort::Departement => "departement",
            Sort::Updated => "updated",
            Sort::Reach => "reach",
        }
    }

    pub fn parse(s: &str) -> Sort {
        Sort::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .unwrap_or_default()
    }
}

/// The list's filters; all optional, combined.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub kind: Option<OrgKind>,
    pub region: Option<String>,
    pub departement: Option<String>,
    pub stage: Option<Stage>,
    pub tag: Option<String>,
    pub name: Option<String>,
    pub sort: Sort,
    pub page: u64,
    /// Only the organisations whose free-text commune matched no
    /// reference commune ("commune à vérifier", see `geo`).
    pub commune_to_check: bool,
    /// Only the organisations this campaign follows; with `stage`, those
    /// at that stage of this campaign.
    pub campaign: Option<i32>,
}

pub const PAGE_SIZE: u64 = 50;

/// The filter as a condition on organisations (shared by the list and
/// its exports).
pub fn condition(filter: &ListFilter) -> Condition {
    let mut condition = Condition::all();
    if let Some(kind) = filter.kind {
        condition = condition.add(organisation::Column::Kind.eq(kind));
    }
    if let Some(region) = &filter.region {
        condition = condition.add(organisation::Column::RegionCode.eq(region.as_str()));
    }
    if let Some(dep) = &filter.departement {
        condition = condition.add(organisation::Column::DepartementCode.eq(dep.as_str()));
    }
    if let Some(name) = &filter.name {
        condition = condition.add(crate::values::contains_ci(organisation::Column::Name, name));
    }
    if filter.commune_to_check {
        condition = condition
            .add(organisation::Column::CommuneCode.is_null())
            .add(organisation::Column::Commune.is_not_null());
    }
    if filter.stage.is_some() || filter.campaign.is_some() {
        let mut followed = Query::select()
            .column(outreach_status::Column::OrganisationId)
            .from(outreach_status::Entity)
            .to_owned();
        if let Some(stage) = filter.stage {
            followed.and_where(Expr::col(outreach_status::Column::Stage).eq(stage.as_str()));
        }
        if let Some(campaign) = filter.campaign {
            followed.and_where(Expr::col(outreach_status::Column::CampaignId).eq(campaign));
        }
        condition = condition.add(organisation::Column::Id.in_subquery(followed));
    }
    if let Some(tag_name) = &filter.tag {
        let tagged = Query::select()
            .column(organisation_tag::Column::OrganisationId)
            .from(organisation_tag::Entity)
            .inner_join(
                tag::Entity,
                Expr::col((tag::Entity, tag::Column::Id))
                    .equals((organisation_tag::Entity, organisation_tag::Column::TagId)),
            )
            .and_where(Expr::col((tag::Entity, tag::Column::Name)).eq(tag_name.as_str()))
            .to_owned();
        condition = condition.add(organisation::Column::Id.in_subquery(tagged));
    }
    condition
}

/// Organisations passing the filter, in the filter's order.
pub fn filtered(filter: &ListFilter) -> Select<organisation::Entity> {
    let query = organisation::Entity::find().filter(condition(filter));
    let query = match filter.sort {
        Sort::Name => query
            .order_by_asc(organisation::Column::SortName)
            .order_by_asc(organisation::Column::Name),
        Sort::Commune => query
            .order_by_asc(organisation::Column::Commune)
            .order_by_asc(organisation::Column::SortName),
        Sort::Departement => query
            .order_by_asc(organisation::Column::DepartementCode)
            .order_by_asc(organisation::Column::SortName),
        Sort::Updated => query.order_by_desc(organisation::Column::UpdatedAt),
        Sort::Reach => query
            .order_by_with_nulls(organisation::Column::Reach, Order::Desc, NullOrdering::Last)
            .order_by_asc(organisation::Column::SortName),
    };
    query.order_by_asc(organisation::Column::Id)
}

pub async fn list(
    db: &impl ConnectionTrait,
    filter: &ListFilter,
) -> Result<(Vec<OrganisationLine>, u64), DbErr> {
    let query = organisation::Entity::find().filter(condition(filter));
    // An explicit COUNT(*): the generic count wraps a select of every column.
    let total: i64 = query
        .clone()
        .select_only()
        .column_as(
            Expr::col((organisation::Entity, organisation::Column::Id)).count(),
            "n",
        )
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or(0);
    let total = total.max(0) as u64;
    let page = filtered(filter)
        .offset(filter.page * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    Ok((lines(db, page).await?, total))
}

/// A page of the organisations passing the filter, by id, after the id
/// `after` (keyset pagination: a page stays right while rows are added or
/// removed elsewhere).
pub async fn page_after(
    db: &impl ConnectionTrait,
    filter: &ListFilter,
    after: Option<i32>,
    limit: u64,
) -> Result<Vec<organisation::Model>, DbErr> {
    let mut query = organisation::Entity::find().filter(condition(filter));
    if let Some(after) = after {
        query = query.filter(organisation::Column::Id.gt(after));
    }
    query
        .order_by_asc(organisation::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// The tag names of each of these organisations, sorted.
pub async fn tags_by_organisation(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, Vec<String>>, DbErr> {
    let links = organisation_tag::Entity::find()
        .filter(organisation_tag::Column::OrganisationId.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let names: HashMap<i32, String> = tag::Entity::find()
        .filter(tag::Column::Id.is_in(links.iter().map(|l| l.tag_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut tags: HashMap<i32, Vec<String>> = HashMap::new();
    for link in links {
        if let Some(name) = names.get(&link.tag_id) {
            tags.entry(link.organisation_id)
                .or_default()
                .push(name.clone());
        }
    }
    for names in tags.values_mut() {
        names.sort();
    }
    Ok(tags)
}

/// The channels of each of these organisations, in the order entered.
pub async fn channels_by_organisation(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, Vec<channel::Model>>, DbErr> {
    let mut channels: HashMap<i32, Vec<channel::Model>> = HashMap::new();
    for c in channel::Entity::find()
        .filter(channel::Column::OrganisationId.is_in(ids.iter().copied()))
        .order_by_asc(channel::Column::Id)
        .all(db)
        .await?
    {
        channels.entry(c.organisation_id).or_default().push(c);
    }
    Ok(channels)
}

/// Whether the campaign already follows this organisation.
pub async fn in_campaign(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    campaign_id: i32,
) -> Result<bool, DbErr> {
    Ok(outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(organisation_id))
        .filter(outreach_status::Column::CampaignId.eq(campaign_id))
        .one(db)
        .await?
        .is_some())
}

pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Option<organisation::Model>, DbErr> {
    organisation::Entity::find_by_id(id).one(db).await
}

pub async fn tag_names(
    db: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<Vec<String>, DbErr> {
    let tag_ids: Vec<i32> = organisation_tag::Entity::find()
        .filter(organisation_tag::Column::OrganisationId.eq(organisation_id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.tag_id)
        .collect();
    let mut names: Vec<String> = tag::Entity::find()
        .filter(tag::Column::Id.is_in(tag_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.name)
        .collect();
    names.sort();
    Ok(names)
}

/// Whether making `parent` the parent of `child` would close a loop.
pub async fn would_cycle(
    db: &impl ConnectionTrait,
    child: i32,
    parent: i32,
) -> Result<bool, DbErr> {
    let mut current = Some(parent);
    let mut seen = HashSet::new();
    while let Some(id) = current {
        if id == child || !seen.insert(id) {
            return Ok(true);
        }
        current = get(db, id).await?.and_then(|o| o.parent_id);
    }
    Ok(false)
}

/// An organisation as validated from its form.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationInput {
    pub name: String,
    pub acronym: Option<String>,
    pub kind: OrgKind,
    pub scope: Scope,
    pub parent_id: Option<i32>,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    pub commune: Option<String>,
    /// Its commune's INSEE code (see `geo`); `None` with a `commune`
    /// means "to check".
    pub commune_code: Option<String>,
    pub postcode: Option<String>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub website: Option<String>,
    pub contact_form_url: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub description: Option<String>,
    pub governance_notes: Option<String>,
    pub workshops_offered: Option<String>,
    pub workshop_runners: Vec<WorkshopRunner>,
    pub tags: Vec<String>,
    pub channels: Vec<(ChannelKind, Option<String>, Option<String>)>,
    /// The audience estimate and its source; `None` when the form did not
    /// carry them (the API's body has no such fields): what is stored stays.
    pub audience: Option<Audience>,
    /// When its elected members' mandates end and who elects them; `None`
    /// when the form did not carry them (what is stored stays).
    pub mandates: Option<(Option<chrono::NaiveDate>, Option<String>)>,
}

/// The audience of a list or newsletter, as a volunteer estimated it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience {
    pub estimate: Option<i32>,
    pub source: Option<String>,
}

impl OrganisationInput {
    pub(crate) fn apply(&self, row: &mut organisation::ActiveModel) {
        row.name = Set(self.name.clone());
        row.sort_name = Set(Some(crate::values::sort_key(&self.name)));
        row.acronym = Set(self.acronym.clone());
        row.kind = Set(self.kind);
        row.scope = Set(self.scope);
        row.parent_id = Set(self.parent_id);
        row.region_code = Set(self.region_code.clone());
        row.departement_code = Set(self.departement_code.clone());
        row.commune = Set(self.commune.clone());
        row.commune_code = Set(self.commune_code.clone());
        row.postcode = Set(self.postcode.clone());
        row.address = Set(self.address.clone());
        row.latitude = Set(self.latitude);
        row.longitude = Set(self.longitude);
        row.website = Set(self.website.clone());
        row.contact_form_url = Set(self.contact_form_url.clone());
        row.email = Set(self.email.clone());
        row.phone = Set(self.phone.clone());
        row.description = Set(self.description.clone());
        row.governance_notes = Set(self.governance_notes.clone());
        row.workshops_offered = Set(self.workshops_offered.clone());
        row.workshop_runners = Set((!self.workshop_runners.is_empty()).then(|| {
            serde_json::Value::from(
                self.workshop_runners
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>(),
            )
        }));
        if let Some(audience) = &self.audience {
            row.audience_estimate = Set(audience.estimate);
            row.audience_source = Set(audience.source.clone());
        }
        if let Some((end, body)) = &self.mandates {
            // A new end date is acted on again (`campaign::mandates`).
            let before = match &row.mandates_end_on {
                sea_orm::ActiveValue::Set(v) | sea_orm::ActiveValue::Unchanged(v) => *v,
                sea_orm::ActiveValue::NotSet => None,
            };
            if before != *end {
                row.mandates_handled_on = Set(None);
            }
            row.mandates_end_on = Set(*end);
            row.mandates_elected_by = Set(body.clone());
        }
    }
}

pub(crate) async fn replace_tags(
    db: &impl ConnectionTrait,
    id: i32,
    tags: &[String],
) -> Result<(), DbErr> {
    organisation_tag::Entity::delete_many()
        .filter(organisation_tag::Column::OrganisationId.eq(id))
        .exec(db)
        .await?;
    let mut seen = HashSet::new();
    for name in tags {
        if !seen.insert(name.to_lowercase()) {
            continue;
        }
        let tag_id = match tag::Entity::find()
            .filter(tag::Column::Name.eq(name.as_str()))
            .one(db)
            .await?
        {
            Some(t) => t.id,
            None => {
                tag::ActiveModel {
                    name: Set(name.clone()),
                    created_at: Set(crate::clock::now()),
                    ..Default::default()
                }
                .insert(db)
                .await?
                .id
            }
        };
        organisation_tag::ActiveModel {
            organisation_id: Set(id),
            tag_id: Set(tag_id),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

async fn replace_channels(
    db: &impl ConnectionTrait,
    id: i32,
    channels: &[(ChannelKind, Option<String>, Option<String>)],
) -> Result<(), DbErr> {
    channel::Entity::delete_many()
        .filter(channel::Column::OrganisationId.eq(id))
        .exec(db)
        .await?;
    let now = crate::clock::now();
    for (kind, address, label) in channels {
        channel::ActiveModel {
            organisation_id: Set(id),
            kind: Set(*kind),
            address: Set(address.clone()),
            label: Set(label.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The audit snapshot: the row plus tags and channels, as one value.
async fn snapshot(db: &impl ConnectionTrait, id: i32) -> Result<serde_json::Value, DbErr> {
    let Some(org) = get(db, id).await? else {
        return Ok(serde_json::Value::Null);
    };
    let mut value = serde_json::to_value(&org).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        // Derived from other records: its changes are not this record's edits.
        map.remove("reach");
        map.insert(
            "tags".into(),
            serde_json::Value::from(tag_names(db, id).await?),
        );
        let channels: Vec<String> = channel::Entity::find()
            .filter(channel::Column::OrganisationId.eq(id))
            .order_by_asc(channel::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|c| {
                format!("{} {}", c.kind, c.address.unwrap_or_default())
                    .trim()
                    .to_owned()
            })
            .collect();
        map.insert("channels".into(), serde_json::Value::from(channels));
    }
    Ok(value)
}

pub async fn create(
    db: &impl ConnectionTrait,
    input: &OrganisationInput,
    actor: Option<i32>,
) -> Result<i32, DbErr> {
    let now = crate::clock::now();
    let mut row = organisation::ActiveModel {
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    };
    input.apply(&mut row);
    let created = row.insert(db).await?;
    replace_tags(db, created.id, &input.tags).await?;
    replace_channels(db, created.id, &input.channels).await?;
    let after = snapshot(db, created.id).await?;
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Create,
            entity: EntityKind::Organisation,
            entity_id: created.id,
            label: &created.name,
            changes: audit::diff(None, Some(&after)),
        },
    )
    .await?;
    outbox::enqueue(db, EntityKind::Organisation, created.id, OutboxOp::Upsert).await?;
    reach::refresh(db).await?;
    Ok(created.id)
}

/// Saves an edit made from `expected_version`; `false` when someone else
/// saved meanwhile (nothing is written then).
pub async fn update(
    db: &impl ConnectionTrait,
    id: i32,
    expected_version: i32,
    input: &OrganisationInput,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    let before = snapshot(db, id).await?;
    let mut row = organisation::ActiveModel {
        id: Set(id),
        ..Default::default()
    };
    input.apply(&mut row);
    if update_versioned(db, row, expected_version).await? == Saved::Conflict {
        return Ok(false);
    }
    replace_tags(db, id, &input.tags).await?;
    replace_channels(db, id, &input.channels).await?;
    let after = snapshot(db, id).await?;
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Update,
            entity: EntityKind::Organisation,
            entity_id: id,
            label: &input.name,
            changes: audit::diff(Some(&before), Some(&after)),
        },
    )
    .await?;
    outbox::enqueue(db, EntityKind::Organisation, id, OutboxOp::Upsert).await?;
    reach::refresh(db).await?;
    Ok(true)
}

/// What becomes of the children of a deleted organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Children {
    /// They move up to the deleted organisation's own parent.
    MoveUp,
    /// They keep existing without a parent.
    Detach,
    /// They are deleted too (their own children are detached).
    Delete,
}

pub async fn delete(
    db: &impl ConnectionTrait,
    org: &organisation::Model,
    children: Children,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    delete_tree(db, org, children, actor).await?;
    // Its libraries and memberships no longer count anywhere.
    reach::refresh(db).await?;
    Ok(())
}

async fn delete_tree(
    db: &impl ConnectionTrait,
    org: &organisation::Model,
    children: Children,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    let kids = organisation::Entity::find()
        .filter(organisation::Column::ParentId.eq(org.id))
        .all(db)
        .await?;
    for child in kids {
        match children {
            Children::MoveUp | Children::Detach => {
                let parent = if children == Children::MoveUp {
                    org.parent_id
                } else {
                    None
                };
                organisation::Entity::update_many()
                    .col_expr(organisation::Column::ParentId, Expr::value(parent))
                    .col_expr(
                        organisation::Column::Version,
                        Expr::value(child.version + 1),
                    )
                    .col_expr(
                        organisation::Column::UpdatedAt,
                        Expr::value(crate::clock::now()),
                    )
                    .filter(organisation::Column::Id.eq(child.id))
                    .exec(db)
                    .await?;
                audit::record(
                    db,
                    audit::Entry {
                        actor,
                        action: AuditAction::Update,
                        entity: EntityKind::Organisation,
                        entity_id: child.id,
                        label: &child.name,
                        changes: serde_json::json!({ "parent_id": [child.parent_id, parent] }),
                    },
                )
                .await?;
            }
            Children::Delete => {
                Box::pin(delete_tree(db, &child, Children::Detach, actor)).await?;
            }
        }
    }
    let before = snapshot(db, org.id).await?;
    organisation::Entity::delete_by_id(org.id).exec(db).await?;
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Delete,
            entity: EntityKind::Organisation,
            entity_id: org.id,
            label: &org.name,
            changes: audit::diff(Some(&before), None),
        },
    )
    .await?;
    outbox::enqueue(db, EntityKind::Organisation, org.id, OutboxOp::Delete).await
}

/// How many rows go with an organisation when it is deleted (to warn).
pub async fn dependents(db: &impl ConnectionTrait, id: i32) -> Result<(u64, u64, u64), DbErr> {
    let children = organisation::Entity::find()
        .filter(organisation::Column::ParentId.eq(id))
        .count(db)
        .await?;
    let interactions = interaction::Entity::find()
        .filter(interaction::Column::OrganisationId.eq(id))
        .count(db)
        .await?;
    let members = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(id))
        .count(db)
        .await?;
    Ok((children, interactions, members))
}

/// The organisation with exactly this name or acronym (how volunteers name
/// one in a text field).
pub async fn by_name_or_acronym(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<Option<organisation::Model>, DbErr> {
    organisation::Entity::find()
        .filter(
            Condition::any()
                .add(organisation::Column::Name.eq(name))
                .add(organisation::Column::Acronym.eq(name)),
        )
        .order_by_asc(organisation::Column::Id)
        .one(db)
        .await
}

/// Gives every organisation without one its sort key (see
/// [`crate::values::sort_key`]); a no-op once all have one.
pub async fn fill_sort_names(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let mut filled = 0;
    loop {
        let batch: Vec<(i32, String)> = organisation::Entity::find()
            .select_only()
            .column(organisation::Column::Id)
            .column(organisation::Column::Name)
            .filter(organisation::Column::SortName.is_null())
            .limit(1_000)
            .into_tuple()
            .all(db)
            .await?;
        if batch.is_empty() {
            return Ok(filled);
        }
        for (id, name) in batch {
            organisation::Entity::update_many()
                .col_expr(
                    organisation::Column::SortName,
                    Expr::value(crate::values::sort_key(&name)),
                )
                .filter(organisation::Column::Id.eq(id))
                .exec(db)
                .await?;
            filled += 1;
        }
    }
}

/// How many organisations a filter matches in each département (the map).
pub async fn counts_by_departement(
    db: &impl ConnectionTrait,
    filter: &ListFilter,
) -> Result<Vec<(String, u64)>, DbErr> {
    let rows: Vec<(Option<String>, i64)> = organisation::Entity::find()
        .filter(condition(filter))
        .select_only()
        .column(organisation::Column::DepartementCode)
        .column_as(organisation::Column::Id.count(), "n")
        .group_by(organisation::Column::DepartementCode)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(code, n)| Some((code?, n.max(0) as u64)))
        .collect())
}

/// How many organisations a filter matches in each département at each
/// stage of `campaign` (the map coloured by a campaign's stages): the
/// filter's organisations joined with their status in that campaign.
pub async fn stage_counts_by_departement(
    db: &impl ConnectionTrait,
    filter: &ListFilter,
    campaign: i32,
) -> Result<Vec<(String, Stage, u64)>, DbErr> {
    let filter = ListFilter {
        campaign: Some(campaign),
        ..filter.clone()
    };
    let mut query = organisation::Entity::find().filter(condition(&filter));
    sea_orm::QueryTrait::query(&mut query).inner_join(
        outreach_status::Entity,
        Condition::all()
            .add(
                Expr::col((
                    outreach_status::Entity,
                    outreach_status::Column::OrganisationId,
                ))
                .equals((organisation::Entity, organisation::Column::Id)),
            )
            .add(
                Expr::col((outreach_status::Entity, outreach_status::Column::CampaignId))
                    .eq(campaign),
            ),
    );
    let rows: Vec<(Option<String>, Stage, i64)> = query
        .select_only()
        .column(organisation::Column::DepartementCode)
        .column(outreach_status::Column::Stage)
        .column_as(
            Expr::col((organisation::Entity, organisation::Column::Id)).count(),
            "n",
        )
        .group_by(organisation::Column::DepartementCode)
        .group_by(outreach_status::Column::Stage)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(code, stage, n)| Some((code?, stage, n.max(0) as u64)))
        .collect())
}

/// What the list's optional columns show beyond its line (see
/// [`line_extras`]).
#[derive(Debug, Clone, Default)]
pub struct LineExtras {
    pub tags: Vec<String>,
    /// `(campaign, stage, owner's name)` of each campaign following it.
    pub stages: Vec<(String, Stage, Option<String>)>,
    pub last_contact: Option<chrono::NaiveDate>,
}

/// Which extras a page of the list needs.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExtrasWanted {
    pub tags: bool,
    pub stages: bool,
    pub last_contact: bool,
}

/// The extras of these organisations (a page of the list): only what
/// `wanted` asks for is read; `campaign` keeps the statuses of one.
pub async fn line_extras(
    db: &impl ConnectionTrait,
    ids: &[i32],
    wanted: ExtrasWanted,
    campaign: Option<i32>,
) -> Result<HashMap<i32, LineExtras>, DbErr> {
    let mut extras: HashMap<i32, LineExtras> = HashMap::new();
    if ids.is_empty() {
        return Ok(extras);
    }
    if wanted.tags {
        for (id, tags) in tags_by_organisation(db, ids).await? {
            extras.entry(id).or_default().tags = tags;
        }
    }
    if wanted.stages {
        let mut query = outreach_status::Entity::find()
            .filter(outreach_status::Column::OrganisationId.is_in(ids.iter().copied()));
        if let Some(campaign) = campaign {
            query = query.filter(outreach_status::Column::CampaignId.eq(campaign));
        }
        let statuses = query
            .order_by_asc(outreach_status::Column::CampaignId)
            .all(db)
            .await?;
        let campaigns: HashMap<i32, String> = campaign::Entity::find()
            .filter(campaign::Column::Id.is_in(statuses.iter().map(|s| s.campaign_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let owners: HashMap<i32, String> = user::Entity::find()
            .filter(user::Column::Id.is_in(statuses.iter().filter_map(|s| s.owner_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        for s in statuses {
            extras.entry(s.organisation_id).or_default().stages.push((
                campaigns.get(&s.campaign_id).cloned().unwrap_or_default(),
                s.stage,
                s.owner_id.and_then(|id| owners.get(&id).cloned()),
            ));
        }
    }
    if wanted.last_contact {
        let rows: Vec<(Option<i32>, Option<chrono::NaiveDate>)> = interaction::Entity::find()
            .select_only()
            .column(interaction::Column::OrganisationId)
            .column_as(interaction::Column::OccurredOn.max(), "last")
            .filter(interaction::Column::OrganisationId.is_in(ids.iter().copied()))
            .group_by(interaction::Column::OrganisationId)
            .into_tuple()
            .all(db)
            .await?;
        for (id, last) in rows {
            if let Some(id) = id {
                extras.entry(id).or_default().last_contact = last;
            }
        }
    }
    Ok(extras)
}
