//! Event queries and writes. Every write records its audit entry and its
//! search outbox row together with the change: what a request does whole
//! (create, edit, delete an event, change one of its dates) runs in a
//! transaction of its own here; what an import assembles
//! (`imports`) writes on the import's transaction.
//!
//! - `listing`: the agenda's queries (filters, windows,
//!   occurrences, organisers' names, calls for proposals);
//! - `occurrences`: one date of a series changed,
//!   cancelled or restored;
//! - `imports`: many events at once, re-imports that keep
//!   what volunteers edited;
//! - `lineages`: the editions of a yearly event and the next one expected.

mod imports;
pub mod lineages;
mod listing;
mod occurrences;

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Set,
};

pub use imports::{
    ImportedEvent, Origin, by_external_uid, changed_fields, create_many, edited_fields_of,
    update_from_import,
};
pub use listing::{
    AgendaFilter, EventDetails, Listed, Organiser, RowVersion, by_ids, candidate_versions,
    candidates, closing_calls, details, occurrences, organiser_names, organiser_versions,
    overrides, upcoming, upcoming_by_departement,
};
pub use occurrences::{
    OccurrenceAction, OccurrenceChange, change_occurrence, edit_occurrence,
    edit_occurrence_at_version, occurrence_named,
};

use super::recurrence::{duration_of, zone_of};
use super::time::to_instant;
use crate::audit;
use crate::entities::*;
use crate::search::outbox;
use crate::versioning::{Saved, update_versioned};

/// Fields of an event a volunteer edits (or an import brings).
#[derive(Debug, Clone, PartialEq)]
pub struct EventInput {
    pub title: String,
    pub kind: EventKind,
    pub description: Option<String>,
    pub all_day: bool,
    pub start_local: NaiveDateTime,
    pub end_local: Option<NaiveDateTime>,
    pub time_zone: String,
    pub rrule: Option<String>,
    pub rdates: Option<String>,
    pub exdates: Option<String>,
    pub place: Option<String>,
    pub commune: Option<String>,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    pub online: bool,
    pub themes: Vec<String>,
    pub url: Option<String>,
    pub cfp_deadline: Option<NaiveDate>,
    pub cfp_url: Option<String>,
    pub participation: Participation,
    pub participants: Option<String>,
    pub organisers: Vec<i32>,
}

impl EventInput {
    /// The input that reproduces a stored event.
    pub fn from_model(e: &event::Model, organisers: Vec<i32>) -> Self {
        EventInput {
            title: e.title.clone(),
            kind: e.kind,
            description: e.description.clone(),
            all_day: e.all_day,
            start_local: e.start_local,
            end_local: e.end_local,
            time_zone: e.time_zone.clone(),
            rrule: e.rrule.clone(),
            rdates: e.rdates.clone(),
            exdates: e.exdates.clone(),
            place: e.place.clone(),
            commune: e.commune.clone(),
            region_code: e.region_code.clone(),
            departement_code: e.departement_code.clone(),
            online: e.online,
            themes: themes_of(e),
            url: e.url.clone(),
            cfp_deadline: e.cfp_deadline,
            cfp_url: e.cfp_url.clone(),
            participation: e.participation,
            participants: e.participants.clone(),
            organisers,
        }
    }

    fn apply(&self, row: &mut event::ActiveModel) {
        let probe = self.as_model();
        let tz = zone_of(&probe);
        row.title = Set(self.title.clone());
        row.kind = Set(self.kind);
        row.description = Set(self.description.clone());
        row.all_day = Set(self.all_day);
        row.start_local = Set(self.start_local);
        row.end_local = Set(self.end_local);
        row.time_zone = Set(self.time_zone.clone());
        row.starts_at = Set(to_instant(self.start_local, tz));
        // Inputs are within four-digit years; checked all the same.
        let end = self.start_local.checked_add_signed(duration_of(&probe));
        row.ends_at = Set(Some(to_instant(end.unwrap_or(self.start_local), tz)));
        row.rrule = Set(self.rrule.clone());
        row.rdates = Set(self.rdates.clone());
        row.exdates = Set(self.exdates.clone());
        row.place = Set(self.place.clone());
        row.commune = Set(self.commune.clone());
        row.region_code = Set(self.region_code.clone());
        row.departement_code = Set(self.departement_code.clone());
        row.online = Set(self.online);
        row.themes = Set(Some(serde_json::Value::from(self.themes.clone())));
        row.url = Set(self.url.clone());
        row.cfp_deadline = Set(self.cfp_deadline);
        row.cfp_url = Set(self.cfp_url.clone());
        row.participation = Set(self.participation);
        row.participants = Set(self.participants.clone());
    }

    /// A transient model (id 0) for computing durations and zones.
    fn as_model(&self) -> event::Model {
        let now = crate::clock::now();
        event::Model {
            id: 0,
            title: self.title.clone(),
            kind: self.kind,
            description: None,
            all_day: self.all_day,
            start_local: self.start_local,
            end_local: self.end_local,
            time_zone: self.time_zone.clone(),
            starts_at: now,
            ends_at: None,
            rrule: None,
            rdates: None,
            exdates: None,
            place: None,
            commune: None,
            region_code: None,
            departement_code: None,
            online: false,
            themes: None,
            url: None,
            cfp_deadline: None,
            cfp_url: None,
            participation: self.participation,
            participants: None,
            external_uid: None,
            feed_id: None,
            edited_fields: None,
            seed_key: None,
            lineage_id: None,
            created_at: now,
            updated_at: now,
            version: 0,
        }
    }
}

pub fn themes_of(e: &event::Model) -> Vec<String> {
    themes_in(e.themes.as_ref())
}

fn themes_in(themes: Option<&serde_json::Value>) -> Vec<String> {
    themes
        .and_then(|v| v.as_array())
        .map(|themes| {
            themes
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Option<event::Model>, DbErr> {
    event::Entity::find_by_id(id).one(db).await
}

/// Up to `limit` events after the id `cursor`, in the order of creation
/// (the API's pages).
pub(crate) async fn page_after(
    db: &impl ConnectionTrait,
    cursor: Option<i32>,
    limit: u64,
) -> Result<Vec<event::Model>, DbErr> {
    use sea_orm::{QueryOrder, QuerySelect};
    event::Entity::find()
        .filter(event::Column::Id.gt(cursor.unwrap_or(0)))
        .order_by_asc(event::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

pub async fn organiser_ids(db: &impl ConnectionTrait, event_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(event_organiser::Entity::find()
        .filter(event_organiser::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.organisation_id)
        .collect())
}

/// The names of an event's organisers, for its form.
pub async fn organiser_display_names(
    db: &impl ConnectionTrait,
    event_id: i32,
) -> Result<Vec<String>, DbErr> {
    Ok(organiser_names(db, &[event_id])
        .await?
        .remove(&event_id)
        .unwrap_or_default()
        .into_iter()
        .map(|o| o.name)
        .collect())
}

async fn snapshot(db: &impl ConnectionTrait, id: i32) -> Result<serde_json::Value, DbErr> {
    let Some(e) = get(db, id).await? else {
        return Ok(serde_json::Value::Null);
    };
    let organisers = organiser_ids(db, id).await?;
    Ok(snapshot_of(&e, organisers))
}

/// What the audit log keeps of an event: its fields and organisers.
fn snapshot_of(e: &event::Model, organisers: Vec<i32>) -> serde_json::Value {
    let mut value = serde_json::to_value(e).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.insert("organisers".into(), serde_json::Value::from(organisers));
        map.remove("starts_at");
        map.remove("ends_at");
    }
    value
}

async fn replace_organisers(
    db: &impl ConnectionTrait,
    event_id: i32,
    organisers: &[i32],
) -> Result<(), DbErr> {
    event_organiser::Entity::delete_many()
        .filter(event_organiser::Column::EventId.eq(event_id))
        .exec(db)
        .await?;
    let unique: HashSet<i32> = organisers.iter().copied().collect();
    for organisation_id in unique {
        event_organiser::ActiveModel {
            event_id: Set(event_id),
            organisation_id: Set(organisation_id),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

async fn record(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    action: AuditAction,
    id: i32,
    label: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<(), DbErr> {
    audit::record(
        db,
        audit::Entry {
            actor,
            action,
            entity: EntityKind::Event,
            entity_id: id,
            label,
            changes: audit::diff(before, after),
        },
    )
    .await?;
    let op = if action == AuditAction::Delete {
        OutboxOp::Delete
    } else {
        OutboxOp::Upsert
    };
    outbox::enqueue(db, EntityKind::Event, id, op).await
}

/// Creates an event typed in the form, in one transaction.
pub async fn create(
    db: &DatabaseConnection,
    input: &EventInput,
    actor: Option<i32>,
) -> Result<i32, DbErr> {
    crate::db::transaction(db, async |txn| {
        let now = crate::clock::now();
        let mut row = event::ActiveModel {
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        };
        input.apply(&mut row);
        let created = row.insert(txn).await?;
        replace_organisers(txn, created.id, &input.organisers).await?;
        let after = snapshot(txn, created.id).await?;
        record(
            txn,
            actor,
            AuditAction::Create,
            created.id,
            &input.title,
            None,
            Some(&after),
        )
        .await?;
        Ok(created.id)
    })
    .await
}

/// Saves an edit made from `expected_version`, in one transaction; `false`
/// when someone else saved meanwhile (nothing is written then). For
/// imported events, the fields the volunteer changed are remembered so
/// re-imports keep them.
pub async fn update(
    db: &DatabaseConnection,
    current: &event::Model,
    expected_version: i32,
    input: &EventInput,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    crate::db::transaction(db, async |txn| {
        update_on(txn, current, expected_version, input, actor).await
    })
    .await
}

async fn update_on(
    db: &impl ConnectionTrait,
    current: &event::Model,
    expected_version: i32,
    input: &EventInput,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    let edited = match current.external_uid {
        Some(_) => {
            let previous = EventInput::from_model(current, organiser_ids(db, current.id).await?);
            let mut edited = edited_fields_of(current);
            edited.extend(
                changed_fields(&previous, input)
                    .into_iter()
                    .map(String::from),
            );
            let mut edited: Vec<String> = edited.into_iter().collect();
            edited.sort();
            Some(edited)
        }
        None => None,
    };
    overwrite(db, current.id, expected_version, input, edited, actor).await
}

/// Writes `input` over event `id` if it is still at `expected_version`
/// (`false`, and nothing written, otherwise), with its organisers, the
/// fields a volunteer edited (when given) and the audit entry.
async fn overwrite(
    db: &impl ConnectionTrait,
    id: i32,
    expected_version: i32,
    input: &EventInput,
    edited_fields: Option<Vec<String>>,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    let before = snapshot(db, id).await?;
    let mut row = event::ActiveModel {
        id: Set(id),
        ..Default::default()
    };
    input.apply(&mut row);
    if let Some(edited) = edited_fields {
        row.edited_fields = Set(Some(serde_json::Value::from(edited)));
    }
    if update_versioned(db, row, expected_version).await? == Saved::Conflict {
        return Ok(false);
    }
    replace_organisers(db, id, &input.organisers).await?;
    let after = snapshot(db, id).await?;
    record(
        db,
        actor,
        AuditAction::Update,
        id,
        &input.title,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(true)
}

/// Deletes an event with its organisers and changed dates, in one
/// transaction.
pub async fn delete(
    db: &DatabaseConnection,
    e: &event::Model,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    crate::db::transaction(db, async |txn| delete_on(txn, e, actor).await).await
}

async fn delete_on(
    db: &impl ConnectionTrait,
    e: &event::Model,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    let before = snapshot(db, e.id).await?;
    event_organiser::Entity::delete_many()
        .filter(event_organiser::Column::EventId.eq(e.id))
        .exec(db)
        .await?;
    event_override::Entity::delete_many()
        .filter(event_override::Column::EventId.eq(e.id))
        .exec(db)
        .await?;
    capture_entry::Entity::delete_many()
        .filter(capture_entry::Column::EventId.eq(e.id))
        .exec(db)
        .await?;
    event::Entity::delete_by_id(e.id).exec(db).await?;
    if let Some(lineage) = e.lineage_id {
        lineages::drop_if_empty(db, lineage).await?;
    }
    record(
        db,
        actor,
        AuditAction::Delete,
        e.id,
        &e.title,
        Some(&before),
        None,
    )
    .await
}

/// Deletes an event as [`delete`] does if it is still at
/// `expected_version` (the API names the version it read); `false`, and
/// nothing deleted, otherwise.
pub async fn delete_at_version(
    db: &DatabaseConnection,
    id: i32,
    expected_version: i32,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    crate::db::transaction(db, async |txn| {
        // Read again inside: a save may have come in since the caller read it.
        match get(txn, id).await? {
            Some(e) if e.version == expected_version => {
                delete_on(txn, &e, actor).await?;
                Ok(true)
            }
            _ => Ok(false),
        }
    })
    .await
}
