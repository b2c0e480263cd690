//! `/api/v1/workshop-kits` and `/api/v1/workshop-sessions`: the workshop
//! library (the latest version of each kit, with what its sessions say)
//! and the sessions run with the kits, read only for now. A facilitator
//! whose data was erased is not named (as on the pages).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::param;
use super::problem::Problem;
use crate::app::AppState;
use crate::entities::workshop_kit;
use crate::web::forms::Fields;
use crate::web::{AppError, AppResult, Ctx};
use crate::workshops::store::{self, SessionFilter, SessionLine};

/// A workshop kit (one version of it).
#[derive(Debug, Serialize, ToSchema)]
pub struct Kit {
    pub id: i32,
    pub title: String,
    pub goal: String,
    pub audience: String,
    pub duration_minutes: Option<i32>,
    pub materials: Option<String>,
    pub prerequisites: Option<String>,
    /// The steps, in Markdown.
    pub steps_md: String,
    pub licence: String,
    /// The kit's own version label (`1.2`).
    pub kit_version: String,
    /// The version it replaced.
    pub previous_version_id: Option<i32>,
    /// Ids of all its versions, oldest first; on a single kit only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versions: Option<Vec<i32>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The record's version, also sent as `ETag`.
    pub version: i32,
}

impl Kit {
    fn of(k: workshop_kit::Model) -> Kit {
        Kit {
            id: k.id,
            title: k.title,
            goal: k.goal,
            audience: k.audience,
            duration_minutes: k.duration_minutes,
            materials: k.materials,
            prerequisites: k.prerequisites,
            steps_md: k.steps_md,
            licence: k.licence,
            kit_version: k.kit_version,
            previous_version_id: k.previous_version_id,
            versions: None,
            created_at: k.created_at,
            updated_at: k.updated_at,
            version: k.version,
        }
    }
}

/// A kit of the library with its figures (over all its versions).
#[derive(Debug, Serialize, ToSchema)]
pub struct LibraryKit {
    pub kit: Kit,
    /// How many versions of it there are.
    pub versions: i64,
    /// Sessions held (attendance recorded).
    pub held: i64,
    /// Of those, run without any of us.
    pub held_without_us: i64,
    /// Sessions to come.
    pub planned: i64,
    /// Past sessions nobody confirmed yet.
    pub to_confirm: i64,
}

/// A session run with a kit.
#[derive(Debug, Serialize, ToSchema)]
pub struct Session {
    pub id: i32,
    pub kit_id: i32,
    pub kit_title: String,
    pub kit_version: String,
    pub venue_organisation_id: Option<i32>,
    /// The person who ran it (absent if their data was erased).
    pub facilitator_person_id: Option<i32>,
    pub run_by_us: bool,
    pub we_attend: bool,
    pub held_on: NaiveDate,
    /// Recorded once it took place.
    pub attendance: Option<i32>,
    pub feedback: Option<String>,
    pub campaign_id: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The version, also sent as `ETag`.
    pub version: i32,
}

impl Session {
    fn of(line: SessionLine) -> Session {
        let s = line.session;
        Session {
            id: s.id,
            kit_id: s.kit_id,
            kit_title: line.kit_title,
            kit_version: line.kit_version,
            venue_organisation_id: s.venue_organisation_id,
            facilitator_person_id: line.facilitator.map(|(id, _)| id),
            run_by_us: s.run_by_us,
            we_attend: s.we_attend,
            held_on: s.held_on,
            attendance: s.attendance,
            feedback: s.feedback,
            campaign_id: s.campaign_id,
            created_at: s.created_at,
            updated_at: s.updated_at,
            version: s.version,
        }
    }
}

/// Query of a list: the page.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct PageParams {
    /// Records per page (1 to 200, default 50).
    limit: Option<String>,
    /// The `next` of the previous page.
    cursor: Option<String>,
}

/// Query of the sessions: the sessions page's filters, then the page.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct SessionParams {
    /// Sessions of this kit (any of its versions are separate kits).
    kit: Option<String>,
    /// Sessions at this organisation.
    venue: Option<String>,
    /// Held on or after this day (`YYYY-MM-DD`).
    from: Option<String>,
    /// Held on or before this day (`YYYY-MM-DD`).
    to: Option<String>,
    /// Sessions per page (1 to 200, default 50).
    limit: Option<String>,
    /// The `next` of the previous page.
    cursor: Option<String>,
}

/// One page of the library.
#[derive(Debug, Serialize, ToSchema)]
pub struct KitPage {
    pub items: Vec<LibraryKit>,
    /// Cursor of the following page (pass it as `cursor`); null on the last.
    pub next: Option<String>,
}

/// One page of sessions.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionPage {
    pub items: Vec<Session>,
    /// Cursor of the following page (pass it as `cursor`); null on the last.
    pub next: Option<String>,
}

/// The sessions a filter keeps, after `cursor` in the order of creation.
async fn sessions_after(
    state: &AppState,
    filter: &SessionFilter,
    cursor: Option<i32>,
    limit: u64,
) -> AppResult<(Vec<Session>, Option<String>)> {
    // A few hundred sessions: the sessions page's query, paged here.
    let mut lines: Vec<SessionLine> = store::sessions(&state.db, filter)
        .await?
        .into_iter()
        .filter(|l| l.session.id > cursor.unwrap_or(0))
        .collect();
    lines.sort_by_key(|l| l.session.id);
    lines.truncate(limit as usize + 1);
    let next = super::next_cursor(&mut lines, limit, |l| l.session.id);
    Ok((lines.into_iter().map(Session::of).collect(), next))
}

/// List the workshop library
///
/// The latest version of each kit, with its figures; in the order of
/// creation.
#[utoipa::path(
    get,
    path = "/api/v1/workshop-kits",
    tag = "workshops",
    params(PageParams),
    responses(
        (status = 200, description = "A page of the library", body = KitPage),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A parameter is refused", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests for this token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn kits(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<PageParams>,
) -> AppResult<Json<KitPage>> {
    let mut f = Fields::new(&ctx);
    let (limit, cursor) = super::paging(&mut f, param(&params.limit), param(&params.cursor));
    f.finish().map_err(AppError::Invalid)?;
    let mut library: Vec<_> = store::library(&state.db, crate::clock::today())
        .await?
        .into_iter()
        .filter(|k| k.kit.id > cursor.unwrap_or(0))
        .collect();
    library.sort_by_key(|k| k.kit.id);
    library.truncate(limit as usize + 1);
    let next = super::next_cursor(&mut library, limit, |k| k.kit.id);
    let items = library
        .into_iter()
        .map(|k| LibraryKit {
            versions: k.versions as i64,
            held: k.reproducibility.held as i64,
            held_without_us: k.reproducibility.without_us as i64,
            planned: k.planned as i64,
            to_confirm: k.to_confirm as i64,
            kit: Kit::of(k.kit),
        })
        .collect();
    Ok(Json(KitPage { items, next }))
}

/// Read a workshop kit
///
/// Any version, with the ids of all its versions.
#[utoipa::path(
    get,
    path = "/api/v1/workshop-kits/{id}",
    tag = "workshops",
    params(("id" = i32, Path, description = "Kit id")),
    responses(
        (status = 200, description = "The kit", body = Kit,
            headers(("ETag" = String, description = "The version"))),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such kit", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests for this token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn kit(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    let found = store::kit(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let versions = store::lineage(&state.db, &found).await?;
    let version = found.version;
    let mut shown = Kit::of(found);
    shown.versions = Some(versions.iter().map(|k| k.id).collect());
    Ok(super::with_etag(StatusCode::OK, shown, version))
}

/// List workshop sessions
///
/// The sessions page's filters, combined; pages in the order of creation.
#[utoipa::path(
    get,
    path = "/api/v1/workshop-sessions",
    tag = "workshops",
    params(SessionParams),
    responses(
        (status = 200, description = "A page of sessions", body = SessionPage),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A filter is refused", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests for this token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn sessions(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<SessionParams>,
) -> AppResult<Json<SessionPage>> {
    let mut f = Fields::new(&ctx);
    let kit = f.optional_number(
        "kit",
        param(&params.kit),
        1..=i32::MAX,
        "error-choice-invalid",
    );
    let venue = f.optional_number(
        "venue",
        param(&params.venue),
        1..=i32::MAX,
        "api-organisation-invalid",
    );
    let from = f.optional_date("from", param(&params.from));
    let to = f.optional_date("to", param(&params.to));
    let (limit, cursor) = super::paging(&mut f, param(&params.limit), param(&params.cursor));
    f.finish().map_err(AppError::Invalid)?;
    let filter = SessionFilter {
        kit_ids: kit.map(|k| vec![k]),
        venue_id: venue,
        from,
        to,
        ..Default::default()
    };
    let (items, next) = sessions_after(&state, &filter, cursor, limit).await?;
    Ok(Json(SessionPage { items, next }))
}

/// Read a workshop session
#[utoipa::path(
    get,
    path = "/api/v1/workshop-sessions/{id}",
    tag = "workshops",
    params(("id" = i32, Path, description = "Session id")),
    responses(
        (status = 200, description = "The session", body = Session,
            headers(("ETag" = String, description = "The version"))),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests for this token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn session(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    let found = store::session(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // The sessions page's query names the kit and the facilitator.
    let filter = SessionFilter {
        kit_ids: Some(vec![found.kit_id]),
        ..Default::default()
    };
    let line = store::sessions(&state.db, &filter)
        .await?
        .into_iter()
        .find(|l| l.session.id == id)
        .ok_or(AppError::NotFound)?;
    let version = line.session.version;
    Ok(super::with_etag(StatusCode::OK, Session::of(line), version))
}
