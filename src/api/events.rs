//! `/api/v1/events` and `/api/v1/occurrences`: the agenda, read only for
//! now — events with their recurrence (RRULE, extra and excluded dates),
//! their next occurrences and their changed or cancelled dates
//! (overrides), and the occurrences of every event in a window, expanded
//! by the agenda's own recurrence code. Writes go through the pages.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::param;
use super::problem::Problem;
use crate::agenda::recurrence::{Occurrence as Expanded, day_start};
use crate::agenda::store::{self, AgendaFilter};
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
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A parameter is refused", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests for this token", body = Problem, content_type = "application/problem+json"),
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
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests for this token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn read(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    let details = store::details(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let version = details.event.version;
    let mut shown = Event::of(details.event);
    shown.organiser_ids = Some(details.organisers.iter().map(|o| o.id).collect());
    shown.occurrences = Some(details.next.into_iter().map(Occurrence::of).collect());
    shown.overrides = Some(details.changed.into_iter().map(Override::of).collect());
    Ok(super::with_etag(StatusCode::OK, shown, version))
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
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A parameter is refused", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests for this token", body = Problem, content_type = "application/problem+json"),
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
