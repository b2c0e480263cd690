//! Events from calendar files and feeds: many created at once, re-imports
//! that keep what volunteers edited. These write on the import's own
//! transaction (see [`crate::agenda::import::apply`]).

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use super::{EventInput, organiser_ids, overwrite, snapshot_of};
use crate::audit;
use crate::entities::*;
use crate::search::outbox;

/// Where an imported event comes from.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub external_uid: Option<String>,
    pub feed_id: Option<i32>,
}

/// An event read from a file, and where it comes from.
#[derive(Debug, Clone)]
pub struct ImportedEvent {
    pub input: EventInput,
    pub origin: Origin,
}

/// The fields a volunteer changed on an imported event.
pub fn edited_fields_of(e: &event::Model) -> HashSet<String> {
    e.edited_fields
        .as_ref()
        .and_then(|v| serde_json::from_value::<Vec<String>>(v.clone()).ok())
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// Creates many events at once (a file import): the same rows, audit
/// entries and outbox rows as [`create`](super::create), in a few
/// multi-row statements.
pub async fn create_many(
    db: &impl ConnectionTrait,
    items: Vec<ImportedEvent>,
    actor: Option<i32>,
) -> Result<Vec<i32>, DbErr> {
    let now = crate::clock::now();
    let mut ids = Vec::with_capacity(items.len());
    // ~30 columns a row: 500 rows stay under every bind-parameter limit.
    for chunk in items.chunks(500) {
        let rows = chunk.iter().map(|ImportedEvent { input, origin }| {
            let mut row = event::ActiveModel {
                external_uid: Set(origin.external_uid.clone()),
                feed_id: Set(origin.feed_id),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            };
            input.apply(&mut row);
            row
        });
        let mut created = event::Entity::insert_many(rows)
            .exec_with_returning_many(db)
            .await?;
        // Ids are handed out in the order of the rows.
        created.sort_by_key(|e| e.id);
        let mut links = Vec::new();
        let mut entries = Vec::with_capacity(created.len());
        for (e, ImportedEvent { input, .. }) in created.iter().zip(chunk) {
            let mut organisers: Vec<i32> = input.organisers.clone();
            organisers.sort_unstable();
            organisers.dedup();
            links.extend(organisers.iter().map(|o| event_organiser::ActiveModel {
                event_id: Set(e.id),
                organisation_id: Set(*o),
            }));
            let after = snapshot_of(e, organisers);
            entries.push((e.id, &input.title, audit::diff(None, Some(&after))));
            ids.push(e.id);
        }
        if !links.is_empty() {
            event_organiser::Entity::insert_many(links)
                .exec_without_returning(db)
                .await?;
        }
        audit::record_many(
            db,
            entries
                .into_iter()
                .map(|(id, title, changes)| audit::Entry {
                    actor,
                    action: AuditAction::Create,
                    entity: EntityKind::Event,
                    entity_id: id,
                    label: title,
                    changes,
                }),
        )
        .await?;
    }
    outbox::enqueue_many(db, EntityKind::Event, &ids, OutboxOp::Upsert).await?;
    Ok(ids)
}

/// Names of the fields that differ between two inputs (for imported
/// events: what a volunteer changed, which re-imports must then keep).
pub fn changed_fields(before: &EventInput, after: &EventInput) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let mut check = |name: &'static str, differs: bool| {
        if differs {
            fields.push(name);
        }
    };
    check("title", before.title != after.title);
    check("kind", before.kind != after.kind);
    check("description", before.description != after.description);
    check(
        "dates",
        before.start_local != after.start_local
            || before.end_local != after.end_local
            || before.all_day != after.all_day
            || before.time_zone != after.time_zone,
    );
    check(
        "recurrence",
        before.rrule != after.rrule
            || before.rdates != after.rdates
            || before.exdates != after.exdates,
    );
    check(
        "place",
        before.place != after.place
            || before.commune != after.commune
            || before.online != after.online,
    );
    check(
        "area",
        before.region_code != after.region_code
            || before.departement_code != after.departement_code,
    );
    check("themes", before.themes != after.themes);
    check("url", before.url != after.url);
    check(
        "cfp",
        before.cfp_deadline != after.cfp_deadline || before.cfp_url != after.cfp_url,
    );
    check("organisers", before.organisers != after.organisers);
    fields
}

/// Applies an import to an existing event: fields a volunteer edited, and
/// our participation, are kept.
pub async fn update_from_import(
    db: &impl ConnectionTrait,
    current: &event::Model,
    imported: &EventInput,
) -> Result<bool, DbErr> {
    let organisers = organiser_ids(db, current.id).await?;
    let previous = EventInput::from_model(current, organisers.clone());
    let edited = edited_fields_of(current);
    let mut merged = imported.clone();
    merged.participation = previous.participation;
    merged.participants = previous.participants.clone();
    let keep = |name: &str| edited.contains(name);
    if keep("title") {
        merged.title = previous.title.clone();
    }
    if keep("kind") {
        merged.kind = previous.kind;
    }
    if keep("description") {
        merged.description = previous.description.clone();
    }
    if keep("dates") {
        merged.start_local = previous.start_local;
        merged.end_local = previous.end_local;
        merged.all_day = previous.all_day;
        merged.time_zone = previous.time_zone.clone();
    }
    if keep("recurrence") {
        merged.rrule = previous.rrule.clone();
        merged.rdates = previous.rdates.clone();
        merged.exdates = previous.exdates.clone();
    }
    if keep("place") {
        merged.place = previous.place.clone();
        merged.commune = previous.commune.clone();
        merged.online = previous.online;
    }
    // Région, département, themes, CFP and organisers are ours to fill in
    // unless the file says something.
    if keep("area") || (merged.region_code.is_none() && merged.departement_code.is_none()) {
        merged.region_code = previous.region_code.clone();
        merged.departement_code = previous.departement_code.clone();
    }
    if keep("themes") || merged.themes.is_empty() {
        merged.themes = previous.themes.clone();
    }
    if keep("url") || merged.url.is_none() {
        merged.url = previous.url.clone();
    }
    if keep("cfp") || merged.cfp_deadline.is_none() {
        merged.cfp_deadline = previous.cfp_deadline;
        merged.cfp_url = previous.cfp_url.clone();
    }
    if keep("organisers") || merged.organisers.is_empty() {
        merged.organisers = organisers;
    }
    if merged == previous {
        return Ok(false);
    }
    if !overwrite(db, current.id, current.version, &merged, None, None).await? {
        return Err(DbErr::Custom("event changed during import".into()));
    }
    Ok(true)
}

/// Events whose external UID is one of `uids` (for imports).
pub async fn by_external_uid(
    db: &impl ConnectionTrait,
    uids: &[String],
) -> Result<HashMap<String, event::Model>, DbErr> {
    let mut found = HashMap::new();
    for chunk in uids.chunks(500) {
        for e in event::Entity::find()
            .filter(event::Column::ExternalUid.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            if let Some(uid) = e.external_uid.clone() {
                found.insert(uid, e);
            }
        }
    }
    Ok(found)
}
