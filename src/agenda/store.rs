//! Event queries and writes. Every write records its audit entry and its
//! search outbox row on the caller's connection, so inside a transaction
//! they commit together with the change.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Set,
};

use super::recurrence::{self, Occurrence, day_start, duration_of, zone_of};
use super::time::to_instant;
use crate::audit;
use crate::entities::*;
use crate::search::outbox;
use crate::search::text::words;
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

pub fn edited_fields_of(e: &event::Model) -> HashSet<String> {
    e.edited_fields
        .as_ref()
        .and_then(|v| serde_json::from_value::<Vec<String>>(v.clone()).ok())
        .unwrap_or_default()
        .into_iter()
        .collect()
}

pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Option<event::Model>, DbErr> {
    event::Entity::find_by_id(id).one(db).await
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

/// Organiser names per event, for lists and feeds.
/// `id → version` of the organisations that organise an event (a few
/// hundred at most): the feed's entries show their names.
pub async fn organiser_versions(db: &impl ConnectionTrait) -> Result<HashMap<i32, i32>, DbErr> {
    Ok(organisation::Entity::find()
        .select_only()
        .column(organisation::Column::Id)
        .column(organisation::Column::Version)
        .filter(
            organisation::Column::Id.in_subquery(
                Query::select()
                    .column(event_organiser::Column::OrganisationId)
                    .from(event_organiser::Entity)
                    .to_owned(),
            ),
        )
        .into_tuple::<(i32, i32)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

pub async fn organiser_names(
    db: &impl ConnectionTrait,
    event_ids: &[i32],
) -> Result<HashMap<i32, Vec<(i32, String)>>, DbErr> {
    let links = rows_of_events::<event_organiser::Entity>(
        db,
        event_organiser::Column::EventId,
        event_ids,
        |l| l.event_id,
    )
    .await?;
    let organisation_ids: HashSet<i32> = links.iter().map(|l| l.organisation_id).collect();
    let names = crate::directory::store::names(db, organisation_ids).await?;
    let mut by_event: HashMap<i32, Vec<(i32, String)>> = HashMap::new();
    for link in links {
        if let Some(name) = names.get(&link.organisation_id) {
            by_event
                .entry(link.event_id)
                .or_default()
                .push((link.organisation_id, name.clone()));
        }
    }
    Ok(by_event)
}

pub async fn overrides(
    db: &impl ConnectionTrait,
    event_ids: &[i32],
) -> Result<HashMap<i32, Vec<event_override::Model>>, DbErr> {
    let mut by_event: HashMap<i32, Vec<event_override::Model>> = HashMap::new();
    let rows = rows_of_events::<event_override::Entity>(
        db,
        event_override::Column::EventId,
        event_ids,
        |o| o.event_id,
    )
    .await?;
    for o in rows {
        by_event.entry(o.event_id).or_default().push(o);
    }
    Ok(by_event)
}

/// Rows of a per-event table (or of events) for these events. A long list reads the
/// (small) table whole instead: an `IN` of thousands of values is slower,
/// and past 32,766 values SQLite refuses it.
async fn rows_of_events<E: EntityTrait>(
    db: &impl ConnectionTrait,
    event_column: E::Column,
    event_ids: &[i32],
    event_of: impl Fn(&E::Model) -> i32,
) -> Result<Vec<E::Model>, DbErr> {
    if event_ids.len() <= 500 {
        return E::find()
            .filter(event_column.is_in(event_ids.iter().copied()))
            .all(db)
            .await;
    }
    let wanted: HashSet<i32> = event_ids.iter().copied().collect();
    let mut rows = E::find().all(db).await?;
    rows.retain(|row| wanted.contains(&event_of(row)));
    Ok(rows)
}

/// What the agenda shows: a window and filters that combine.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgendaFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub region: Option<String>,
    pub departement: Option<String>,
    pub kind: Option<EventKind>,
    pub theme: Option<String>,
    pub organiser: Option<i32>,
    pub participation: Option<Participation>,
}

/// One occurrence with the event it belongs to.
#[derive(Debug, Clone)]
pub struct Listed {
    pub occurrence: Occurrence,
    pub event: event::Model,
}

impl Listed {
    pub fn title(&self) -> &str {
        self.occurrence
            .title
            .as_deref()
            .unwrap_or(&self.event.title)
    }
}

/// Events that may have an occurrence in the window and pass the filters.
pub async fn candidates(
    db: &impl ConnectionTrait,
    filter: &AgendaFilter,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<event::Model>, DbErr> {
    let mut events = candidate_query(filter, from, to).all(db).await?;
    if let Some(theme) = filter.theme.as_deref().map(words) {
        events.retain(|e| has_theme(e.themes.as_ref(), &theme));
    }
    Ok(events)
}

/// The ids and versions of [`candidates`], in the same order: enough to
/// tell which rendered feed entries are still current.
pub async fn candidate_versions(
    db: &impl ConnectionTrait,
    filter: &AgendaFilter,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(i32, i32)>, DbErr> {
    // Themes are only read (and their JSON decoded) when filtering on one.
    let Some(theme) = filter.theme.as_deref().map(words) else {
        return packed_versions(db, candidate_query(filter, from, to)).await;
    };
    let rows: Vec<(i32, i32, Option<serde_json::Value>)> = candidate_query(filter, from, to)
        .select_only()
        .column(event::Column::Id)
        .column(event::Column::Version)
        .column(event::Column::Themes)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, themes)| has_theme(themes.as_ref(), &theme))
        .map(|(id, version, _)| (id, version))
        .collect())
}

/// `(id, version)` of the events `query` selects, packed by the database
/// into one `id:version,…` text: ten thousand rows each decoded by the
/// driver cost more than the query itself.
async fn packed_versions(
    db: &impl ConnectionTrait,
    query: Select<event::Entity>,
) -> Result<Vec<(i32, i32)>, DbErr> {
    let packed = match db.get_database_backend() {
        DbBackend::Postgres => {
            r#"string_agg("events"."id"::text || ':' || "events"."version"::text, ',')"#
        }
        _ => r#"group_concat("events"."id" || ':' || "events"."version", ',')"#,
    };
    let mut query = query.select_only().expr(Expr::cust(packed));
    // An aggregate has no order (PostgreSQL refuses one on other columns).
    QueryTrait::query(&mut query).clear_order_by();
    let text: Option<Option<String>> = query.into_tuple().one(db).await?;
    text.flatten()
        .unwrap_or_default()
        .split(',')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            pair.split_once(':')
                .and_then(|(id, version)| Some((id.parse().ok()?, version.parse().ok()?)))
                .ok_or_else(|| DbErr::Custom(format!("packed event versions: {pair:?}")))
        })
        .collect()
}

/// Events that may have an occurrence in `[from, to)` and pass the
/// filters done in SQL (the theme is compared accent-insensitively after).
fn candidate_query(
    filter: &AgendaFilter,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Select<event::Entity> {
    let single_in_window = Condition::all().add(event::Column::StartsAt.lt(to)).add(
        Condition::any()
            .add(event::Column::EndsAt.gte(from))
            .add(event::Column::StartsAt.gte(from)),
    );
    let mut query = event::Entity::find().filter(
        Condition::any()
            .add(event::Column::Rrule.is_not_null())
            .add(event::Column::Rdates.is_not_null())
            .add(single_in_window),
    );
    if let Some(region) = &filter.region {
        query = query.filter(event::Column::RegionCode.eq(region.as_str()));
    }
    if let Some(departement) = &filter.departement {
        query = query.filter(event::Column::DepartementCode.eq(departement.as_str()));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(event::Column::Kind.eq(kind));
    }
    if let Some(participation) = filter.participation {
        query = query.filter(event::Column::Participation.eq(participation));
    }
    if let Some(organiser) = filter.organiser {
        query = query.filter(
            event::Column::Id.in_subquery(
                Query::select()
                    .column(event_organiser::Column::EventId)
                    .from(event_organiser::Entity)
                    .and_where(event_organiser::Column::OrganisationId.eq(organiser))
                    .to_owned(),
            ),
        );
    }
    query.order_by_asc(event::Column::StartsAt)
}

/// Accent- and case-insensitive: "Numérique" finds "numerique".
fn has_theme(themes: Option<&serde_json::Value>, theme_words: &[String]) -> bool {
    themes_in(themes).iter().any(|t| words(t) == theme_words)
}

/// Events by id (any order).
pub async fn by_ids(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Vec<event::Model>, DbErr> {
    rows_of_events::<event::Entity>(db, event::Column::Id, ids, |e| e.id).await
}

/// Occurrences in `[from, to)` of the events passing the filter, by start;
/// cancelled occurrences are left out.
pub async fn occurrences(
    db: &impl ConnectionTrait,
    filter: &AgendaFilter,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Listed>, DbErr> {
    let events = candidates(db, filter, from, to).await?;
    let ids: Vec<i32> = events.iter().map(|e| e.id).collect();
    let overrides = overrides(db, &ids).await?;
    let mut listed: Vec<Listed> = events
        .into_iter()
        .flat_map(|event| {
            let changes = overrides.get(&event.id).map(Vec::as_slice).unwrap_or(&[]);
            recurrence::expand(&event, changes, from, to)
                .into_iter()
                .filter(|o| !o.cancelled)
                .map(|occurrence| Listed {
                    occurrence,
                    event: event.clone(),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    listed.sort_by_key(|l| (l.occurrence.starts_at, l.event.id));
    Ok(listed)
}

/// The next occurrences from today on (the dashboard's list).
pub async fn upcoming(db: &impl ConnectionTrait, limit: usize) -> Result<Vec<Listed>, DbErr> {
    let from = day_start(crate::clock::today());
    let mut listed = occurrences(
        db,
        &AgendaFilter::default(),
        from,
        from + Duration::days(400),
    )
    .await?;
    listed.truncate(limit);
    Ok(listed)
}

/// Calls for proposals closing between `today` and `today + weeks`.
pub async fn closing_calls(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    weeks: i64,
) -> Result<Vec<event::Model>, DbErr> {
    event::Entity::find()
        .filter(event::Column::CfpDeadline.gte(today))
        .filter(event::Column::CfpDeadline.lte(today + Duration::weeks(weeks)))
        .order_by_asc(event::Column::CfpDeadline)
        .all(db)
        .await
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

/// Where an imported event comes from.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub external_uid: Option<String>,
    pub feed_id: Option<i32>,
}

pub async fn create(
    db: &impl ConnectionTrait,
    input: &EventInput,
    origin: Origin,
    actor: Option<i32>,
) -> Result<i32, DbErr> {
    let now = crate::clock::now();
    let mut row = event::ActiveModel {
        external_uid: Set(origin.external_uid),
        feed_id: Set(origin.feed_id),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    };
    input.apply(&mut row);
    let created = row.insert(db).await?;
    replace_organisers(db, created.id, &input.organisers).await?;
    let after = snapshot(db, created.id).await?;
    record(
        db,
        actor,
        AuditAction::Create,
        created.id,
        &input.title,
        None,
        Some(&after),
    )
    .await?;
    Ok(created.id)
}

/// Creates many events at once (a file import): the same rows, audit
/// entries and outbox rows as [`create`], in a few multi-row statements.
pub async fn create_many(
    db: &impl ConnectionTrait,
    items: Vec<(EventInput, Origin)>,
    actor: Option<i32>,
) -> Result<Vec<i32>, DbErr> {
    let now = crate::clock::now();
    let mut ids = Vec::with_capacity(items.len());
    // ~30 columns a row: 500 rows stay under every bind-parameter limit.
    for chunk in items.chunks(500) {
        let rows = chunk.iter().map(|(input, origin)| {
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
        for (e, (input, _)) in created.iter().zip(chunk) {
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

/// Saves an edit made from `expected_version`; `false` when someone else
/// saved meanwhile (nothing is written then). For imported events, the
/// fields the volunteer changed are remembered so re-imports keep them.
pub async fn update(
    db: &impl ConnectionTrait,
    current: &event::Model,
    expected_version: i32,
    input: &EventInput,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    let before = snapshot(db, current.id).await?;
    let mut row = event::ActiveModel {
        id: Set(current.id),
        ..Default::default()
    };
    input.apply(&mut row);
    if current.external_uid.is_some() {
        let previous = EventInput::from_model(current, organiser_ids(db, current.id).await?);
        let mut edited = edited_fields_of(current);
        edited.extend(
            changed_fields(&previous, input)
                .into_iter()
                .map(String::from),
        );
        let mut edited: Vec<String> = edited.into_iter().collect();
        edited.sort();
        row.edited_fields = Set(Some(serde_json::Value::from(edited)));
    }
    if update_versioned(db, row, expected_version).await? == Saved::Conflict {
        return Ok(false);
    }
    replace_organisers(db, current.id, &input.organisers).await?;
    let after = snapshot(db, current.id).await?;
    record(
        db,
        actor,
        AuditAction::Update,
        current.id,
        &input.title,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(true)
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
    let before = snapshot(db, current.id).await?;
    let mut row = event::ActiveModel {
        id: Set(current.id),
        ..Default::default()
    };
    merged.apply(&mut row);
    if update_versioned(db, row, current.version).await? == Saved::Conflict {
        return Err(DbErr::Custom("event changed during import".into()));
    }
    replace_organisers(db, current.id, &merged.organisers).await?;
    let after = snapshot(db, current.id).await?;
    record(
        db,
        None,
        AuditAction::Update,
        current.id,
        &merged.title,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(true)
}

pub async fn delete(
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
    event::Entity::delete_by_id(e.id).exec(db).await?;
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

/// A change to one occurrence of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct OccurrenceChange {
    pub recurrence_local: NaiveDateTime,
    pub cancelled: bool,
    pub start_local: Option<NaiveDateTime>,
    pub end_local: Option<NaiveDateTime>,
    pub title: Option<String>,
    pub note: Option<String>,
}

/// Records (or replaces) the change of one occurrence; the series itself
/// is untouched apart from its version, so feeds announce the change.
pub async fn change_occurrence(
    db: &impl ConnectionTrait,
    e: &event::Model,
    change: &OccurrenceChange,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    let before = snapshot(db, e.id).await?;
    event_override::Entity::delete_many()
        .filter(event_override::Column::EventId.eq(e.id))
        .filter(event_override::Column::RecurrenceLocal.eq(change.recurrence_local))
        .exec(db)
        .await?;
    let now = crate::clock::now();
    event_override::ActiveModel {
        event_id: Set(e.id),
        recurrence_local: Set(change.recurrence_local),
        cancelled: Set(change.cancelled),
        start_local: Set(change.start_local),
        end_local: Set(change.end_local),
        title: Set(change.title.clone()),
        note: Set(change.note.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let mut after = before.clone();
    if let Some(map) = after.as_object_mut() {
        map.insert(
            format!("occurrence {}", change.recurrence_local),
            serde_json::Value::from(if change.cancelled {
                "annulée".to_owned()
            } else {
                format!("{}", change.start_local.unwrap_or(change.recurrence_local))
            }),
        );
    }
    touch(db, e).await?;
    record(
        db,
        actor,
        AuditAction::Update,
        e.id,
        &e.title,
        Some(&before),
        Some(&after),
    )
    .await
}

/// Restores an occurrence to what the series says.
pub async fn restore_occurrence(
    db: &impl ConnectionTrait,
    e: &event::Model,
    recurrence_local: NaiveDateTime,
) -> Result<(), DbErr> {
    event_override::Entity::delete_many()
        .filter(event_override::Column::EventId.eq(e.id))
        .filter(event_override::Column::RecurrenceLocal.eq(recurrence_local))
        .exec(db)
        .await?;
    touch(db, e).await
}

/// Bumps the version (and SEQUENCE in feeds) after an occurrence change.
async fn touch(db: &impl ConnectionTrait, e: &event::Model) -> Result<(), DbErr> {
    event::ActiveModel {
        id: Set(e.id),
        version: Set(e.version + 1),
        updated_at: Set(crate::clock::now()),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
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
