//! Storing imported rows: new records in batches of multi-row inserts
//! (with their audit entries and search-outbox rows), known records
//! completed one by one through the versioned update.

use std::collections::{HashMap, HashSet};

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};
use serde_json::Value;

use super::Disagreement;
use super::rows::{OrganisationRow, PersonRow};
use crate::audit;
use crate::entities::{
    AuditAction, EntityKind, OutboxOp, membership, organisation, organisation_tag, person, tag,
};
use crate::search::outbox;
use crate::versioning::{Saved, update_versioned};

/// Rows written per insert statement (~30 columns each: under every
/// bind-parameter limit of SQLite and PostgreSQL).
pub const BATCH: usize = 400;
/// Role of an imported person in their organisation when the file names none.
pub const DEFAULT_ROLE: &str = "contact";

/// Rows waiting to be inserted, with their line.
#[derive(Default)]
pub struct Pending {
    pub organisations: Vec<(u64, OrganisationRow)>,
    /// With the id of the organisation they belong to.
    pub people: Vec<(u64, PersonRow, Option<i32>)>,
}

impl Pending {
    pub fn len(&self) -> usize {
        self.organisations.len() + self.people.len()
    }
}

/// Inserts the pending rows; returns the id made for each line.
pub async fn insert(
    db: &impl ConnectionTrait,
    pending: Pending,
    actor: Option<i32>,
) -> Result<Vec<(u64, i32)>, DbErr> {
    let mut made = Vec::with_capacity(pending.len());
    if !pending.organisations.is_empty() {
        made.extend(insert_organisations(db, pending.organisations, actor).await?);
    }
    if !pending.people.is_empty() {
        made.extend(insert_people(db, pending.people, actor).await?);
    }
    Ok(made)
}

async fn insert_organisations(
    db: &impl ConnectionTrait,
    rows: Vec<(u64, OrganisationRow)>,
    actor: Option<i32>,
) -> Result<Vec<(u64, i32)>, DbErr> {
    let now = crate::clock::now();
    let models = rows.iter().map(|(_, row)| {
        let mut model = organisation::ActiveModel {
            external_id: Set(row.external_id.clone()),
            extra: Set((!row.extra.is_empty()).then(|| Value::Object(row.extra.clone()))),
            commune_population: Set(row.commune_population),
            weekly_opening_hours: Set(row.weekly_opening_hours),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        };
        row.input.apply(&mut model);
        model
    });
    let mut created = organisation::Entity::insert_many(models)
        .exec_with_returning_many(db)
        .await?;
    // Ids are handed out in the order of the rows.
    created.sort_by_key(|o| o.id);
    let tagged: Vec<(i32, &[String])> = created
        .iter()
        .zip(&rows)
        .filter(|(_, (_, row))| !row.input.tags.is_empty())
        .map(|(o, (_, row))| (o.id, row.input.tags.as_slice()))
        .collect();
    add_tags(db, &tagged).await?;
    record_creation(
        db,
        EntityKind::Organisation,
        created
            .iter()
            .map(|o| (o.id, o.name.as_str(), serde_json::to_value(o))),
        actor,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|(line, _)| line)
        .zip(created.iter().map(|o| o.id))
        .collect())
}

async fn insert_people(
    db: &impl ConnectionTrait,
    rows: Vec<(u64, PersonRow, Option<i32>)>,
    actor: Option<i32>,
) -> Result<Vec<(u64, i32)>, DbErr> {
    let now = crate::clock::now();
    let models = rows.iter().map(|(_, row, _)| {
        let mut model = person::ActiveModel {
            external_id: Set(row.external_id.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        };
        row.input.apply(&mut model);
        model
    });
    let mut created = person::Entity::insert_many(models)
        .exec_with_returning_many(db)
        .await?;
    created.sort_by_key(|p| p.id);
    let memberships: Vec<membership::ActiveModel> = created
        .iter()
        .zip(&rows)
        .filter_map(|(p, (_, row, organisation))| {
            Some(membership::ActiveModel {
                person_id: Set(p.id),
                organisation_id: Set((*organisation)?),
                role: Set(row.role.clone().unwrap_or_else(|| DEFAULT_ROLE.to_owned())),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            })
        })
        .collect();
    if !memberships.is_empty() {
        membership::Entity::insert_many(memberships)
            .exec_without_returning(db)
            .await?;
    }
    record_creation(
        db,
        EntityKind::Person,
        created
            .iter()
            .map(|p| (p.id, p.full_name.as_str(), serde_json::to_value(p))),
        actor,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|(line, _, _)| line)
        .zip(created.iter().map(|p| p.id))
        .collect())
}

/// Audit entries and search-outbox rows for new records.
async fn record_creation<'a>(
    db: &impl ConnectionTrait,
    entity: EntityKind,
    records: impl Iterator<Item = (i32, &'a str, serde_json::Result<Value>)>,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    let records: Vec<(i32, &str, Value)> = records
        .map(|(id, label, value)| (id, label, value.unwrap_or_default()))
        .collect();
    audit::record_many(
        db,
        records.iter().map(|(id, label, after)| audit::Entry {
            actor,
            action: AuditAction::Create,
            entity,
            entity_id: *id,
            label,
            changes: audit::diff(None, Some(after)),
        }),
    )
    .await?;
    let ids: Vec<i32> = records.iter().map(|(id, _, _)| *id).collect();
    outbox::enqueue_many(db, entity, &ids, OutboxOp::Upsert).await
}

/// Links organisations to tags by name, creating the tags not yet known.
async fn add_tags(db: &impl ConnectionTrait, tagged: &[(i32, &[String])]) -> Result<(), DbErr> {
    if tagged.is_empty() {
        return Ok(());
    }
    let names: HashSet<&str> = tagged
        .iter()
        .flat_map(|(_, tags)| tags.iter().map(String::as_str))
        .collect();
    let mut ids: HashMap<String, i32> = tag::Entity::find()
        .filter(tag::Column::Name.is_in(names.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.name, t.id))
        .collect();
    for name in names {
        if !ids.contains_key(name) {
            let created = tag::ActiveModel {
                name: Set(name.to_owned()),
                created_at: Set(crate::clock::now()),
                ..Default::default()
            }
            .insert(db)
            .await?;
            ids.insert(created.name, created.id);
        }
    }
    let mut links = HashSet::new();
    for (organisation, tags) in tagged {
        for name in *tags {
            links.insert((*organisation, ids[name.as_str()]));
        }
    }
    organisation_tag::Entity::insert_many(links.into_iter().map(|(o, t)| {
        organisation_tag::ActiveModel {
            organisation_id: Set(o),
            tag_id: Set(t),
        }
    }))
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// How a row comes into a record already known.
#[derive(Debug, Clone, Copy)]
pub enum MergeMode<'a> {
    /// The same record of the same source, read again: the row's values
    /// win where it has one, what it leaves empty stays as it was.
    Refresh,
    /// A likely duplicate the volunteer chose to complete: the row fills
    /// only what the known record leaves empty. Where both have a value and
    /// they differ, the known one stays — unless the field is in `take`.
    Complete { take: &'a [String] },
}

/// Applies a row's values field by field, noting disagreements.
struct Merger<'a> {
    mode: MergeMode<'a>,
    disagreements: Vec<Disagreement>,
}

impl Merger<'_> {
    fn field<T: Clone + PartialEq + std::fmt::Display>(
        &mut self,
        name: &'static str,
        slot: &mut Option<T>,
        value: &Option<T>,
    ) {
        let Some(value) = value else { return };
        match (self.mode, slot.as_ref()) {
            (MergeMode::Refresh, _) | (MergeMode::Complete { .. }, None) => {
                *slot = Some(value.clone())
            }
            (MergeMode::Complete { take }, Some(known)) if known != value => {
                let taken = take.iter().any(|f| f == name);
                self.disagreements.push(Disagreement {
                    field: name.into(),
                    known: known.to_string(),
                    row: value.to_string(),
                    taken,
                });
                if taken {
                    *slot = Some(value.clone());
                }
            }
            (MergeMode::Complete { .. }, Some(_)) => {}
        }
    }

    /// A field every record has (a name): the same rules.
    fn required(&mut self, name: &'static str, slot: &mut String, value: &str) {
        let mut known = Some(slot.clone());
        self.field(name, &mut known, &Some(value.to_owned()));
        if let Some(known) = known {
            *slot = known;
        }
    }
}

/// The stored organisation with a row's values brought in (see
/// [`MergeMode`]), and the fields on which they disagreed.
pub fn merged_organisation(
    before: &organisation::Model,
    row: &OrganisationRow,
    mode: MergeMode<'_>,
) -> (organisation::Model, Vec<Disagreement>) {
    let mut after = before.clone();
    let mut m = Merger {
        mode,
        disagreements: Vec::new(),
    };
    let input = &row.input;
    m.required("name", &mut after.name, &input.name);
    after.sort_name = Some(crate::values::sort_key(&after.name));
    // The kind a file names is a guess from its columns: it refreshes a
    // record of the same source, never a record a volunteer filed.
    if let (Some(kind), MergeMode::Refresh) = (row.given_kind, mode) {
        after.kind = kind;
        after.scope = input.scope;
    }
    m.field("acronym", &mut after.acronym, &input.acronym);
    m.field("region", &mut after.region_code, &input.region_code);
    m.field(
        "departement",
        &mut after.departement_code,
        &input.departement_code,
    );
    m.field("commune", &mut after.commune, &input.commune);
    m.field("commune_code", &mut after.commune_code, &input.commune_code);
    m.field(
        "weekly_opening_hours",
        &mut after.weekly_opening_hours,
        &row.weekly_opening_hours,
    );
    m.field("postcode", &mut after.postcode, &input.postcode);
    m.field("address", &mut after.address, &input.address);
    m.field("latitude", &mut after.latitude, &input.latitude);
    m.field("longitude", &mut after.longitude, &input.longitude);
    m.field(
        "commune_population",
        &mut after.commune_population,
        &row.commune_population,
    );
    m.field("website", &mut after.website, &input.website);
    m.field("email", &mut after.email, &input.email);
    m.field("phone", &mut after.phone, &input.phone);
    m.field("description", &mut after.description, &input.description);
    if after.external_id.is_none() {
        after.external_id.clone_from(&row.external_id);
    }
    if !row.extra.is_empty() {
        let mut extra = match &before.extra {
            Some(Value::Object(map)) => map.clone(),
            _ => serde_json::Map::new(),
        };
        for (key, value) in &row.extra {
            if matches!(mode, MergeMode::Refresh) || !extra.contains_key(key) {
                extra.insert(key.clone(), value.clone());
            }
        }
        after.extra = Some(Value::Object(extra));
    }
    (after, m.disagreements)
}

/// The stored person with a row's values brought in (lawful basis and
/// source stay), and the fields on which they disagreed.
pub fn merged_person(
    before: &person::Model,
    row: &PersonRow,
    mode: MergeMode<'_>,
) -> (person::Model, Vec<Disagreement>) {
    let mut after = before.clone();
    let mut m = Merger {
        mode,
        disagreements: Vec::new(),
    };
    m.required("full_name", &mut after.full_name, &row.input.full_name);
    m.field("email", &mut after.email, &row.input.email);
    m.field("phone", &mut after.phone, &row.input.phone);
    m.field("notes", &mut after.notes, &row.input.notes);
    if after.external_id.is_none() {
        after.external_id.clone_from(&row.external_id);
    }
    (after, m.disagreements)
}

pub async fn is_member(
    db: &impl ConnectionTrait,
    person_id: i32,
    organisation_id: i32,
) -> Result<bool, DbErr> {
    Ok(membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person_id))
        .filter(membership::Column::OrganisationId.eq(organisation_id))
        .count(db)
        .await?
        > 0)
}

pub async fn update_organisation(
    db: &impl ConnectionTrait,
    before: &organisation::Model,
    after: &organisation::Model,
    actor: Option<i32>,
) -> Result<organisation::Model, DbErr> {
    let saved = save(
        db,
        before.version,
        organisation::ActiveModel::from(after.clone()),
    )
    .await?;
    record_update(
        db,
        EntityKind::Organisation,
        before.id,
        &after.name,
        before,
        after,
        actor,
    )
    .await?;
    Ok(organisation::Model {
        version: saved,
        ..after.clone()
    })
}

pub async fn update_person(
    db: &impl ConnectionTrait,
    before: &person::Model,
    after: &person::Model,
    actor: Option<i32>,
) -> Result<person::Model, DbErr> {
    let saved = save(db, before.version, person::ActiveModel::from(after.clone())).await?;
    record_update(
        db,
        EntityKind::Person,
        before.id,
        &after.full_name,
        before,
        after,
        actor,
    )
    .await?;
    Ok(person::Model {
        version: saved,
        ..after.clone()
    })
}

/// Writes every field through the versioned update; someone saving the
/// record during the import stops it (the transaction is then undone).
async fn save<A: ActiveModelTrait + Send>(
    db: &impl ConnectionTrait,
    version: i32,
    row: A,
) -> Result<i32, DbErr> {
    match update_versioned(db, row.reset_all(), version).await? {
        Saved::Applied(version) => Ok(version),
        Saved::Conflict => Err(DbErr::Custom(
            "une fiche a été modifiée pendant l'import ; rien n'a été enregistré".into(),
        )),
    }
}

async fn record_update<T: serde::Serialize>(
    db: &impl ConnectionTrait,
    entity: EntityKind,
    id: i32,
    label: &str,
    before: &T,
    after: &T,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Update,
            entity,
            entity_id: id,
            label,
            changes: audit::diff(Some(before), Some(after)),
        },
    )
    .await?;
    outbox::enqueue(db, entity, id, OutboxOp::Upsert).await
}
