//! `/api/v1/events` and `/api/v1/occurrences`: the agenda — events with
//! their recurrence (RRULE, extra and excluded dates), their next
//! occurrences and their changed or cancelled dates (overrides), and the
//! occurrences of every event in a window, expanded by the agenda's own
//! recurrence code. Events are created, replaced and deleted as on their
//! pages, and one date of a series moved, cancelled or restored as on the
//! date's page: a body becomes the fields those forms post, read by the
//! forms' own readers ([`EventForm`], [`OccurrenceForm`]), and written by
//! the agenda's store (audit entry, search update, webhooks), at the
//! version `If-Match` names.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problem::{ChangeRefused, ReadRefused};
use super::{flag_field, param, text_field};
use crate::agenda::form::{EventForm, OccurrenceForm};
use crate::agenda::recurrence::{Occurrence as Expanded, day_start, parse_local};
use crate::agenda::store::{self, AgendaFilter, EventInput, OccurrenceAction};
use crate::app::AppState;
use crate::entities::{event, event_override};
use crate::web::forms::Fields;
use crate::web::{AppError, AppResult, Ctx};

/// One date of an event (its only one, or one of its series). Its
/// wall-clock times (`…_local`, without a zone) are in the event's
/// `time_zone`; `starts_at` is the instant, in RFC 3339.
#[derive(Debug, Serialize, ToSchema)]
pub struct Occurrence {
    pub event_id: i32,
    /// The wall-clock start the rule gave: names the occurrence.
    #[schema(value_type = String, pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$")]
    pub recurrence_local: NaiveDateTime,
    /// Its wall-clock start (in the event's `time_zone`), as changed.
    #[schema(value_type = String, pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$")]
    pub start_local: NaiveDateTime,
    #[schema(value_type = Option<String>, pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$")]
    pub end_local: Option<NaiveDateTime>,
    /// Its start as an instant.
    pub starts_at: DateTime<Utc>,
    /// A title of its own, if changed.
    pub title: Option<String>,
    pub note: Option<String>,
    pub cancelled: bool,
    /// One of several (the event has a rule or extra dates).
    pub in_series: bool,
}

impl Occurrence {
    fn of(o: Expanded) -> Occurrence {
        Occurrence {
            event_id: o.event_id,
            recurrence_local: o.recurrence_local,
            start_local: o.start_local,
            end_local: o.end_local,
            starts_at: o.starts_at,
            title: o.title,
            note: o.note,
            cancelled: o.cancelled,
            in_series: o.in_series,
        }
    }
}

/// A date of a series changed or cancelled.
#[derive(Debug, Serialize, ToSchema)]
pub struct Override {
    pub id: i32,
    /// The wall-clock start the rule gives the date changed.
    #[schema(value_type = String, pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$")]
    pub recurrence_local: NaiveDateTime,
    pub cancelled: bool,
    #[schema(value_type = Option<String>, pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$")]
    pub start_local: Option<NaiveDateTime>,
    #[schema(value_type = Option<String>, pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$")]
    pub end_local: Option<NaiveDateTime>,
    pub title: Option<String>,
    pub note: Option<String>,
    pub version: i32,
}

impl Override {
    fn of(o: event_override::Model) -> Override {
        Override {
            id: o.id,
            recurrence_local: o.recurrence_local,
            cancelled: o.cancelled,
            start_local: o.start_local,
            end_local: o.end_local,
            title: o.title,
            note: o.note,
            version: o.version,
        }
    }
}

/// An event of the agenda.
#[derive(Debug, Serialize, ToSchema)]
pub struct Event {
    pub id: i32,
    pub title: String,
    /// Kind of event (the values are listed in the schema).
    pub kind: String,
    pub description: Option<String>,
    pub all_day: bool,
    /// Wall-clock start in `time_zone` (midnight for an all-day event).
    #[schema(value_type = String, pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$")]
    pub start_local: NaiveDateTime,
    #[schema(value_type = Option<String>, pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$")]
    pub end_local: Option<NaiveDateTime>,
    /// IANA zone name (`Europe/Paris`).
    pub time_zone: String,
    /// First start as an instant.
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    /// RFC 5545 RRULE value (`FREQ=YEARLY;BYMONTH=6`).
    pub rrule: Option<String>,
    /// Extra dates of the series (RFC 5545 RDATE values).
    pub rdates: Option<String>,
    /// Dates taken out of the series (RFC 5545 EXDATE values).
    pub exdates: Option<String>,
    pub place: Option<String>,
    pub commune: Option<String>,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    pub online: bool,
    pub themes: Vec<String>,
    pub url: Option<String>,
    /// Closing day of its call for proposals.
    pub cfp_deadline: Option<NaiveDate>,
    pub cfp_url: Option<String>,
    /// Where we stand (the values are listed in the schema).
    pub participation: String,
    pub participants: Option<String>,
    /// The lineage of a yearly event's editions.
    pub lineage_id: Option<i32>,
    /// Organising organisations (ids); on a single event only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organiser_ids: Option<Vec<i32>>,
    /// Its next dates (a dozen at most; a past event's own); on a single
    /// event only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurrences: Option<Vec<Occurrence>>,
    /// Its dates changed or cancelled; on a single event only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overrides: Option<Vec<Override>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The version, also sent as `ETag`.
    pub version: i32,
}

impl Event {
    fn of(e: event::Model) -> Event {
        let themes = store::themes_of(&e);
        Event {
            id: e.id,
            title: e.title,
            kind: e.kind.as_str().to_owned(),
            description: e.description,
            all_day: e.all_day,
            start_local: e.start_local,
            end_local: e.end_local,
            time_zone: e.time_zone,
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            rrule: e.rrule,
            rdates: e.rdates,
            exdates: e.exdates,
            place: e.place,
            commune: e.commune,
            region_code: e.region_code,
            departement_code: e.departement_code,
            online: e.online,
            themes,
            url: e.url,
            cfp_deadline: e.cfp_deadline,
            cfp_url: e.cfp_url,
            participation: e.participation.as_str().to_owned(),
            participants: e.participants,
            lineage_id: e.lineage_id,
            organiser_ids: None,
            occurrences: None,
            overrides: None,
            created_at: e.created_at,
            updated_at: e.updated_at,
            version: e.version,
        }
    }
}

/// An event as sent to create or replace one: the event form's fields.
/// Left out, `kind` is `professional_day`, `time_zone` `Europe/Paris` and
/// `participation` `none`, as the form proposes.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct EventBody {
    #[schema(required = true)]
    pub title: Option<String>,
    /// Kind of event (the values are listed in the schema).
    pub kind: Option<String>,
    pub description: Option<String>,
    /// A day (or days) without times.
    pub all_day: bool,
    /// First day (`YYYY-MM-DD`), in `time_zone`.
    #[schema(required = true, value_type = Option<String>, format = Date)]
    pub start_date: Option<String>,
    /// `HH:MM`; required unless `all_day`.
    #[schema(pattern = r"^\d{2}:\d{2}(:\d{2})?$")]
    pub start_time: Option<String>,
    /// Last day (`YYYY-MM-DD`), if not the first.
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<String>,
    /// `HH:MM`; alone, on the first day.
    #[schema(pattern = r"^\d{2}:\d{2}(:\d{2})?$")]
    pub end_time: Option<String>,
    /// IANA zone name (default `Europe/Paris`).
    pub time_zone: Option<String>,
    /// RFC 5545 RRULE value (`FREQ=YEARLY;BYMONTH=6`).
    pub rrule: Option<String>,
    /// Extra dates, space-separated (`2027-06-10` or `2027-06-10T09:30`).
    pub rdates: Option<String>,
    /// Dates taken out of the series, space-separated.
    pub exdates: Option<String>,
    pub place: Option<String>,
    pub commune: Option<String>,
    /// INSEE code of the région.
    pub region_code: Option<String>,
    /// Code of the département (in the région, if both are given).
    pub departement_code: Option<String>,
    pub online: bool,
    pub themes: Vec<String>,
    pub url: Option<String>,
    /// Closing day of its call for proposals (`YYYY-MM-DD`).
    #[schema(value_type = Option<String>, format = Date)]
    pub cfp_deadline: Option<String>,
    pub cfp_url: Option<String>,
    /// Where we stand (the values are listed in the schema).
    pub participation: Option<String>,
    pub participants: Option<String>,
    /// Organising organisations (ids).
    pub organiser_ids: Vec<i32>,
}

impl EventBody {
    /// The fields the event form would post, its defaults filled in; the
    /// organisers, named by id here and by name on the form, are checked
    /// apart.
    fn form_fields(&self) -> Vec<(String, String)> {
        let blank = EventForm::blank();
        let or = |v: &Option<String>, default: String| {
            v.clone()
                .filter(|v| !v.trim().is_empty())
                .unwrap_or(default)
        };
        let mut fields = vec![
            text_field("title", &self.title),
            ("kind".to_owned(), or(&self.kind, blank.kind)),
            text_field("description", &self.description),
            text_field("start_date", &self.start_date),
            text_field("start_time", &self.start_time),
            text_field("end_date", &self.end_date),
            text_field("end_time", &self.end_time),
            ("time_zone".to_owned(), or(&self.time_zone, blank.time_zone)),
            text_field("rrule", &self.rrule),
            text_field("rdates", &self.rdates),
            text_field("exdates", &self.exdates),
            text_field("place", &self.place),
            text_field("commune", &self.commune),
            text_field("region_code", &self.region_code),
            text_field("departement_code", &self.departement_code),
            ("themes".to_owned(), self.themes.join(", ")),
            text_field("url", &self.url),
            text_field("cfp_deadline", &self.cfp_deadline),
            text_field("cfp_url", &self.cfp_url),
            (
                "participation".to_owned(),
                or(&self.participation, blank.participation),
            ),
            text_field("participants", &self.participants),
        ];
        fields.extend(flag_field("all_day", self.all_day));
        fields.extend(flag_field("online", self.online));
        fields
    }
}

/// One date of a series moved or renamed: the date form's fields.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct OccurrenceBody {
    /// Its day (`YYYY-MM-DD`).
    #[schema(required = true, value_type = Option<String>, format = Date)]
    pub start_date: Option<String>,
    /// `HH:MM` (the series' time when left out; ignored all day).
    #[schema(pattern = r"^\d{2}:\d{2}$")]
    pub start_time: Option<String>,
    /// `HH:MM`, after the start.
    #[schema(pattern = r"^\d{2}:\d{2}$")]
    pub end_time: Option<String>,
    /// A title of its own.
    pub title: Option<String>,
    pub note: Option<String>,
}

/// One date of a series cancelled, with a note.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CancellationBody {
    pub note: Option<String>,
}

/// Query of a list: the page.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct PageParams {
    /// Events per page (1 to 200, default 50).
    limit: Option<String>,
    /// The `next` of the previous page.
    cursor: Option<String>,
}

/// Query of the occurrences: the window, then the page.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct OccurrenceParams {
    /// First day (`YYYY-MM-DD`, default today).
    from: Option<String>,
    /// Last day (`YYYY-MM-DD`, default 90 days after `from`; a year and a
    /// month after it at most).
    to: Option<String>,
    /// Occurrences per page (1 to 200, default 50).
    limit: Option<String>,
    /// The `next` of the previous page.
    cursor: Option<String>,
}

/// One page of events.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventPage {
    pub items: Vec<Event>,
    /// Cursor of the following page (pass it as `cursor`); null on the last.
    pub next: Option<String>,
}

/// One page of occurrences, by start.
#[derive(Debug, Serialize, ToSchema)]
pub struct OccurrencePage {
    pub items: Vec<Occurrence>,
    /// Cursor of the following page (pass it as `cursor` with the same
    /// window); null on the last.
    pub next: Option<String>,
}

/// The longest window of occurrences, in days.
const WINDOW_DAYS: i64 = 400;

/// List events
///
/// In the order of creation; each with its recurrence as stored.
#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "events",
    params(PageParams),
    responses(
        (status = 200, description = "A page of events", body = EventPage),
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<PageParams>,
) -> AppResult<Json<EventPage>> {
    let mut f = Fields::new(&ctx);
    let (limit, cursor) = super::paging(&mut f, param(&params.limit), param(&params.cursor));
    f.finish().map_err(AppError::Invalid)?;
    let mut page = store::page_after(&state.db, cursor, limit + 1).await?;
    let next = super::next_cursor(&mut page, limit, |e| e.id);
    let items = page.into_iter().map(Event::of).collect();
    Ok(Json(EventPage { items, next }))
}

/// Read an event
///
/// With its organisers, its next occurrences and its changed dates.
#[utoipa::path(
    get,
    path = "/api/v1/events/{id}",
    tag = "events",
    params(("id" = i32, Path, description = "Event id")),
    responses(
        (status = 200, description = "The event", body = Event,
            headers(("ETag" = String, description = "The version"))),
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn read(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    shown(&state, StatusCode::OK, id).await
}

/// The event as read, with what its page shows.
async fn whole(state: &AppState, id: i32) -> AppResult<Event> {
    let details = store::details(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut shown = Event::of(details.event);
    shown.organiser_ids = Some(details.organisers.iter().map(|o| o.id).collect());
    shown.occurrences = Some(details.next.into_iter().map(Occurrence::of).collect());
    shown.overrides = Some(details.changed.into_iter().map(Override::of).collect());
    Ok(shown)
}

/// The event with its version as `ETag`.
async fn shown(state: &AppState, status: StatusCode, id: i32) -> AppResult<Response> {
    let shown = whole(state, id).await?;
    let version = shown.version;
    Ok(super::with_etag(status, shown, version))
}

/// The refusal of a change made from an old version, with the event now.
async fn stale(state: &AppState, id: i32) -> AppError {
    match whole(state, id).await {
        Ok(current) => super::stale(current),
        Err(err) => err,
    }
}

async fn event_or_404(state: &AppState, id: i32) -> AppResult<event::Model> {
    store::get(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// A body read with the event form's reader; the organisers named by id
/// must be in the directory.
async fn validated(state: &AppState, ctx: &Ctx, bytes: &[u8]) -> AppResult<EventInput> {
    let body: EventBody = super::read_json(ctx, bytes)?;
    let fields = super::checked_fields(body.form_fields())?;
    let parsed = EventForm::from_fields(&fields)
        .parse(ctx, &state.db)
        .await?;
    let mut unknown = false;
    for id in &body.organiser_ids {
        unknown |= crate::directory::store::get(&state.db, *id)
            .await?
            .is_none();
    }
    match parsed {
        Ok(input) if !unknown => Ok(EventInput {
            organisers: body.organiser_ids,
            ..input
        }),
        parsed => {
            let mut errors = parsed.err().unwrap_or_default();
            if unknown {
                errors.add("organiser_ids", ctx.t("api-organisation-invalid"));
            }
            Err(AppError::Invalid(errors))
        }
    }
}

/// Create an event
///
/// Validated like the event form (dates, times, zone, recurrence rule,
/// région and département, links); written with its audit entry.
#[utoipa::path(
    post,
    path = "/api/v1/events",
    tag = "events",
    request_body = EventBody,
    responses(
        (status = 201, description = "Created", body = Event,
            headers(("ETag" = String, description = "The version"), ("Location" = String, description = "Its address"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> AppResult<Response> {
    let input = validated(&state, &ctx, &body).await?;
    let id = store::create(&state.db, &input, ctx.actor_id()).await?;
    state.search.nudge();
    let created = whole(&state, id).await?;
    let version = created.version;
    Ok(super::created(
        created,
        version,
        &format!("/api/v1/events/{id}"),
    ))
}

/// Replace an event
///
/// The whole event, as the edit form sends it; `If-Match` names the
/// version it was read at (412 with the current event if it changed).
#[utoipa::path(
    put,
    path = "/api/v1/events/{id}",
    tag = "events",
    params(
        ("id" = i32, Path, description = "Event id"),
        ("If-Match" = String, Header, description = "The ETag read (the version)"),
    ),
    request_body = EventBody,
    responses(
        (status = 200, description = "Saved", body = Event,
            headers(("ETag" = String, description = "The new version"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    let current = event_or_404(&state, id).await?;
    let input = validated(&state, &ctx, &body).await?;
    if !store::update(&state.db, &current, version, &input, ctx.actor_id()).await? {
        return Err(stale(&state, id).await);
    }
    state.search.nudge();
    shown(&state, StatusCode::OK, id).await
}

/// Delete an event
///
/// As its page's "delete" button: with its organisers and changed dates.
/// `If-Match` names the version read.
#[utoipa::path(
    delete,
    path = "/api/v1/events/{id}",
    tag = "events",
    params(
        ("id" = i32, Path, description = "Event id"),
        ("If-Match" = String, Header, description = "The ETag read (the version)"),
    ),
    responses((status = 204, description = "Deleted"), ChangeRefused),
    security(("bearer" = []))
)]
pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    event_or_404(&state, id).await?;
    if !store::delete_at_version(&state.db, id, version, ctx.actor_id()).await? {
        return Err(stale(&state, id).await);
    }
    state.search.nudge();
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The event and its date the series gives at `start` (as in the address,
/// `YYYY-MM-DDTHH:MM:SS`): `404` when it is not one of its dates.
async fn occurrence_of(
    state: &AppState,
    id: i32,
    start: &str,
) -> AppResult<(event::Model, Expanded)> {
    let e = event_or_404(state, id).await?;
    let original = parse_local(start).ok_or(AppError::NotFound)?;
    let o = store::occurrence_named(&state.db, &e, original)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((e, o))
}

/// Applies a date's change at the version `If-Match` named; the event
/// as it is then.
async fn change_date(
    state: &AppState,
    ctx: &Ctx,
    e: &event::Model,
    version: i32,
    action: OccurrenceAction,
) -> AppResult<Response> {
    let applied =
        store::edit_occurrence_at_version(&state.db, e, version, &action, ctx.actor_id()).await?;
    if !applied {
        return Err(stale(state, e.id).await);
    }
    state.search.nudge();
    shown(state, StatusCode::OK, e.id).await
}

/// Move or rename one date of a series
///
/// As the date's page does: the rest of the series is untouched. The
/// event's version (`If-Match`) is that of the whole series.
#[utoipa::path(
    put,
    path = "/api/v1/events/{id}/occurrences/{start}",
    tag = "events",
    params(
        ("id" = i32, Path, description = "Event id"),
        ("start" = String, Path, description = "The start the series gives the date (`recurrence_local`)",
            pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"),
        ("If-Match" = String, Header, description = "The event's ETag read (the version)"),
    ),
    request_body = OccurrenceBody,
    responses(
        (status = 200, description = "Changed: the event", body = Event,
            headers(("ETag" = String, description = "The event's new version"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn change_occurrence(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, start)): Path<(i32, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    let body: OccurrenceBody = super::read_json(&ctx, &body)?;
    let fields: HashMap<String, String> = super::checked_fields(vec![
        text_field("start_date", &body.start_date),
        text_field("start_time", &body.start_time),
        text_field("end_time", &body.end_time),
        text_field("title", &body.title),
        text_field("note", &body.note),
    ])?
    .into_iter()
    .collect();
    let (e, o) = occurrence_of(&state, id, &start).await?;
    let change = OccurrenceForm::from_fields(&fields)
        .parse(&ctx, &e, &o)
        .map_err(AppError::Invalid)?;
    change_date(&state, &ctx, &e, version, OccurrenceAction::Change(change)).await
}

/// Cancel one date of a series
///
/// As the date's page does, with a note if given.
#[utoipa::path(
    post,
    path = "/api/v1/events/{id}/occurrences/{start}/cancel",
    tag = "events",
    params(
        ("id" = i32, Path, description = "Event id"),
        ("start" = String, Path, description = "The start the series gives the date (`recurrence_local`)",
            pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"),
        ("If-Match" = String, Header, description = "The event's ETag read (the version)"),
    ),
    request_body = CancellationBody,
    responses(
        (status = 200, description = "Cancelled: the event", body = Event,
            headers(("ETag" = String, description = "The event's new version"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn cancel_occurrence(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, start)): Path<(i32, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    let body: CancellationBody = super::read_json(&ctx, &body)?;
    let fields: HashMap<String, String> =
        super::checked_fields(vec![text_field("note", &body.note)])?
            .into_iter()
            .collect();
    let (e, o) = occurrence_of(&state, id, &start).await?;
    let change = OccurrenceForm::from_fields(&fields).cancellation(&o);
    change_date(&state, &ctx, &e, version, OccurrenceAction::Change(change)).await
}

/// Restore one date of a series
///
/// Undoes its change or cancellation: back to what the series says.
#[utoipa::path(
    delete,
    path = "/api/v1/events/{id}/occurrences/{start}",
    tag = "events",
    params(
        ("id" = i32, Path, description = "Event id"),
        ("start" = String, Path, description = "The start the series gives the date (`recurrence_local`)",
            pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"),
        ("If-Match" = String, Header, description = "The event's ETag read (the version)"),
    ),
    responses(
        (status = 200, description = "Restored: the event", body = Event,
            headers(("ETag" = String, description = "The event's new version"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn restore_occurrence(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, start)): Path<(i32, String)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    let (e, o) = occurrence_of(&state, id, &start).await?;
    change_date(
        &state,
        &ctx,
        &e,
        version,
        OccurrenceAction::Restore(o.recurrence_local),
    )
    .await
}

/// List occurrences
///
/// Every event's dates in a window, by start, series expanded and changed
/// dates applied; cancelled ones left out, as on the agenda.
#[utoipa::path(
    get,
    path = "/api/v1/occurrences",
    tag = "events",
    params(OccurrenceParams),
    responses(
        (status = 200, description = "A page of occurrences", body = OccurrencePage),
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn occurrences(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<OccurrenceParams>,
) -> AppResult<Json<OccurrencePage>> {
    let mut f = Fields::new(&ctx);
    let from = f
        .optional_date("from", param(&params.from))
        .unwrap_or_else(crate::clock::today);
    let to = f.optional_date("to", param(&params.to));
    let to = f.not_before("to", to, Some(from), "campaign-end-before-start");
    let (limit, cursor) = super::paging(&mut f, param(&params.limit), param(&params.cursor));
    let to = to.unwrap_or(from + Duration::days(90));
    if (to - from).num_days() > WINDOW_DAYS {
        f.error("to", "api-window-too-long");
    }
    f.finish().map_err(AppError::Invalid)?;
    let listed = store::occurrences(
        &state.db,
        &AgendaFilter::default(),
        day_start(from),
        day_start(to) + Duration::days(1),
    )
    .await?;
    // The window's list is the same from one page to the next: the cursor
    // is a position in it.
    let skip = cursor.unwrap_or(0) as usize;
    let mut page: Vec<(usize, Expanded)> = listed
        .into_iter()
        .map(|l| l.occurrence)
        .enumerate()
        .skip(skip)
        .take(limit as usize + 1)
        .map(|(i, o)| (i + 1, o))
        .collect();
    let next = super::next_cursor(&mut page, limit, |(i, _)| *i as i32);
    let items = page.into_iter().map(|(_, o)| Occurrence::of(o)).collect();
    Ok(Json(OccurrencePage { items, next }))
}
