//! The agenda's queries: events passing filters in a window, their
//! occurrences, organisers and changed dates, calls for proposals.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select,
};

use super::themes_in;
use crate::agenda::recurrence::{self, Occurrence, day_around, day_start};
use crate::entities::*;
use crate::search::text::words;

/// An organisation organising an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organiser {
    pub id: i32,
    pub name: String,
}

/// The id and version of a row: enough to tell whether what was rendered
/// from it is still current.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RowVersion {
    pub id: i32,
    pub version: i32,
}

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

/// The organisers of each of these events, for lists, pages and feeds.
pub async fn organiser_names(
    db: &impl ConnectionTrait,
    event_ids: &[i32],
) -> Result<HashMap<i32, Vec<Organiser>>, DbErr> {
    let links = rows_of_events::<event_organiser::Entity>(
        db,
        event_organiser::Column::EventId,
        event_ids,
        |l| l.event_id,
    )
    .await?;
    let organisation_ids: HashSet<i32> = links.iter().map(|l| l.organisation_id).collect();
    let names = crate::directory::store::names(db, organisation_ids).await?;
    let mut by_event: HashMap<i32, Vec<Organiser>> = HashMap::new();
    for link in links {
        if let Some(name) = names.get(&link.organisation_id) {
            by_event.entry(link.event_id).or_default().push(Organiser {
                id: link.organisation_id,
                name: name.clone(),
            });
        }
    }
    Ok(by_event)
}

/// The changed dates of each of these events.
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

/// Rows of a per-event table (or of events) for these events. A long list
/// reads the (small) table whole instead: an `IN` of thousands of values
/// is slower, and past 32,766 values SQLite refuses it.
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

/// What the agenda shows: a window and filters that combine. A list
/// keeps an event with any of its values (OR within a facet), an empty
/// list keeps all; facets combine (AND across facets).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgendaFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub region: Vec<String>,
    pub departement: Vec<String>,
    pub kind: Vec<EventKind>,
    pub theme: Vec<String>,
    pub organiser: Option<i32>,
    pub participation: Option<Participation>,
}

impl AgendaFilter {
    /// Each list sorted and without repeats, so that the same choice
    /// always reads (and caches) the same way.
    pub fn normalise(&mut self) {
        fn tidy<T: Ord>(values: &mut Vec<T>) {
            values.sort();
            values.dedup();
        }
        tidy(&mut self.region);
        tidy(&mut self.departement);
        self.kind.sort_by_key(|k| k.as_str());
        self.kind.dedup();
        tidy(&mut self.theme);
    }
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
    if let Some(themes) = theme_words(filter) {
        events.retain(|e| has_theme(e.themes.as_ref(), &themes));
    }
    Ok(events)
}

/// The ids and versions of [`candidates`]: enough to tell which rendered
/// feed entries are still current. Without a theme to filter on they come
/// from one aggregate, in the database's order rather than by start.
pub async fn candidate_versions(
    db: &impl ConnectionTrait,
    filter: &AgendaFilter,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<RowVersion>, DbErr> {
    // Themes are only read (and their JSON decoded) when filtering on one.
    let Some(themes) = theme_words(filter) else {
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
        .filter(|(_, _, event_themes)| has_theme(event_themes.as_ref(), &themes))
        .map(|(id, version, _)| RowVersion { id, version })
        .collect())
}

/// `(id, version)` of the events `query` selects, packed by the database
/// into one `id:version,…` text: ten thousand rows each decoded by the
/// driver cost more than the query itself.
async fn packed_versions(
    db: &impl ConnectionTrait,
    query: Select<event::Entity>,
) -> Result<Vec<RowVersion>, DbErr> {
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
                .and_then(|(id, version)| {
                    Some(RowVersion {
                        id: id.parse().ok()?,
                        version: version.parse().ok()?,
                    })
                })
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
    if !filter.region.is_empty() {
        query = query.filter(event::Column::RegionCode.is_in(filter.region.iter().cloned()));
    }
    if !filter.departement.is_empty() {
        query =
            query.filter(event::Column::DepartementCode.is_in(filter.departement.iter().cloned()));
    }
    if !filter.kind.is_empty() {
        query = query.filter(event::Column::Kind.is_in(filter.kind.iter().copied()));
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

/// The filter's themes as words, or `None` when it has none.
pub(super) fn theme_words(filter: &AgendaFilter) -> Option<Vec<Vec<String>>> {
    (!filter.theme.is_empty()).then(|| filter.theme.iter().map(|t| words(t)).collect())
}

/// Accent- and case-insensitive: "Numérique" finds "numerique"; any of
/// `wanted` will do.
pub(super) fn has_theme(themes: Option<&serde_json::Value>, wanted: &[Vec<String>]) -> bool {
    themes_in(themes).iter().any(|t| wanted.contains(&words(t)))
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

/// How many events have an occurrence over the year from `today` on —
/// the agenda's list as it opens (see `agenda::routes::events`) — in
/// each département: the map of events to come. An event counts once
/// however many of its dates fall in the year.
pub async fn upcoming_by_departement(
    db: &impl ConnectionTrait,
    filter: &AgendaFilter,
    today: NaiveDate,
) -> Result<Vec<(String, u64)>, DbErr> {
    let from = day_start(today);
    let to = day_start(crate::agenda::time::add_days(today, 365));
    let mut seen = HashSet::new();
    let mut counts: HashMap<String, u64> = HashMap::new();
    for listed in occurrences(db, filter, from, to).await? {
        if seen.insert(listed.event.id)
            && let Some(code) = &listed.event.departement_code
        {
            *counts.entry(code.clone()).or_default() += 1;
        }
    }
    Ok(counts.into_iter().collect())
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

/// An event with what its page shows.
#[derive(Debug, Clone)]
pub struct EventDetails {
    pub event: event::Model,
    /// Its next dates (a dozen at most); a past event's own dates.
    pub next: Vec<Occurrence>,
    /// Its dates changed or cancelled.
    pub changed: Vec<event_override::Model>,
    pub organisers: Vec<Organiser>,
    /// The followed feed it comes from, if any.
    pub feed_name: Option<String>,
}

pub async fn details(db: &impl ConnectionTrait, id: i32) -> Result<Option<EventDetails>, DbErr> {
    let Some(event) = super::get(db, id).await? else {
        return Ok(None);
    };
    let changed = overrides(db, &[id]).await?.remove(&id).unwrap_or_default();
    let from = day_start(crate::clock::today());
    let mut next = recurrence::expand(&event, &changed, from, from + Duration::days(3 * 365));
    next.truncate(12);
    if next.is_empty() {
        // A past event: its own dates.
        let (from, to) = day_around(event.starts_at);
        next = recurrence::expand(&event, &changed, from, to);
    }
    let organisers = organiser_names(db, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let feed_name = match event.feed_id {
        Some(feed) => crate::agenda::subscriptions::get(db, feed)
            .await?
            .map(|f| f.name),
        None => None,
    };
    Ok(Some(EventDetails {
        event,
        next,
        changed,
        organisers,
        feed_name,
    }))
}
