//! `/api/v1/workshop-kits` and `/api/v1/workshop-sessions`: the workshop
//! library (the latest version of each kit, with what its sessions say)
//! and the sessions run with the kits. Kits and sessions are created and
//! edited as on their pages: a body becomes the fields the kit and
//! session forms post, read by their own readers ([`KitForm`],
//! [`SessionForm`]), and written by the workshops' store (audit entry,
//! search update, webhooks) at the version `If-Match` names. A session is
//! confirmed held, as on its page, by recording its attendance. A
//! facilitator whose data was erased is not named (as on the pages).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problem::{ChangeRefused, ReadRefused};
use super::{number_field, param, text_field};
use crate::app::AppState;
use crate::db;
use crate::entities::workshop_kit;
use crate::web::forms::Fields;
use crate::web::{AppError, AppResult, Ctx, editing};
use crate::workshops::form::{KitForm, SessionForm};
use crate::workshops::store::{self, KitInput, SessionFilter, SessionInput, SessionLine};

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

/// A kit as sent to create or edit one. Left out, `licence` is
/// `CC BY-SA 4.0` and `kit_version` `1.0`, as the form proposes.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct KitBody {
    #[schema(required = true)]
    pub title: Option<String>,
    #[schema(required = true)]
    pub goal: Option<String>,
    #[schema(required = true)]
    pub audience: Option<String>,
    /// 1 to 1,440 minutes.
    #[schema(minimum = 1, maximum = 1440)]
    pub duration_minutes: Option<i32>,
    pub materials: Option<String>,
    pub prerequisites: Option<String>,
    /// The steps, in Markdown.
    #[schema(required = true)]
    pub steps_md: Option<String>,
    pub licence: Option<String>,
    /// The kit's own version label (`1.2`).
    pub kit_version: Option<String>,
}

impl KitBody {
    fn form_fields(&self) -> Vec<(String, String)> {
        let blank = KitForm::blank();
        let or = |v: &Option<String>, default: String| {
            v.clone()
                .filter(|v| !v.trim().is_empty())
                .unwrap_or(default)
        };
        vec![
            text_field("title", &self.title),
            text_field("goal", &self.goal),
            text_field("audience", &self.audience),
            number_field("duration_minutes", self.duration_minutes),
            text_field("materials", &self.materials),
            text_field("prerequisites", &self.prerequisites),
            text_field("steps_md", &self.steps_md),
            ("licence".to_owned(), or(&self.licence, blank.licence)),
            (
                "kit_version".to_owned(),
                or(&self.kit_version, blank.kit_version),
            ),
        ]
    }
}

/// A session as sent to plan or record one: the session form's fields.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SessionBody {
    /// The kit (any of its versions).
    #[schema(required = true)]
    pub kit_id: Option<i32>,
    #[schema(required = true, value_type = Option<String>, format = Date)]
    pub held_on: Option<String>,
    /// The organisation where it is held.
    #[schema(required = true)]
    pub venue_id: Option<i32>,
    /// The person who runs it (never an erased one).
    pub facilitator_id: Option<i32>,
    /// Our part: `none` (a mediator runs it without us), `attending` or
    /// `running`; default `none`.
    pub our_role: Option<String>,
    /// How many came: recording it confirms the session was held (not
    /// before its day).
    #[schema(minimum = 0, maximum = 10000)]
    pub attendance: Option<i32>,
    pub feedback: Option<String>,
    pub campaign_id: Option<i32>,
}

impl SessionBody {
    fn form_fields(&self) -> Vec<(String, String)> {
        let role = self
            .our_role
            .clone()
            .filter(|r| !r.trim().is_empty())
            .unwrap_or_else(|| crate::workshops::form::OurRole::None.as_str().to_owned());
        vec![
            number_field("kit_id", self.kit_id),
            text_field("held_on", &self.held_on),
            number_field("venue_id", self.venue_id),
            number_field("facilitator_id", self.facilitator_id),
            ("our_role".to_owned(), role),
            number_field("attendance", self.attendance),
            text_field("feedback", &self.feedback),
            number_field("campaign_id", self.campaign_id),
        ]
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
        ReadRefused,
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
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn kit(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    let shown = whole_kit(&state, id).await?;
    let version = shown.version;
    Ok(super::with_etag(StatusCode::OK, shown, version))
}

async fn kit_or_404(state: &AppState, id: i32) -> AppResult<workshop_kit::Model> {
    store::kit(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// The kit with the ids of all its versions.
async fn whole_kit(state: &AppState, id: i32) -> AppResult<Kit> {
    let found = kit_or_404(state, id).await?;
    let versions = store::lineage(&state.db, &found).await?;
    let mut shown = Kit::of(found);
    shown.versions = Some(versions.iter().map(|k| k.id).collect());
    Ok(shown)
}

/// A body read with the kit form's reader.
fn validated_kit(ctx: &Ctx, bytes: &[u8]) -> AppResult<KitInput> {
    let body: KitBody = super::read_json(ctx, bytes)?;
    let fields = super::checked_fields(body.form_fields())?;
    super::form_of::<KitForm>(&fields)
        .parse(ctx)
        .map_err(AppError::Invalid)
}

/// Create a workshop kit
///
/// A new kit (a line of versions of its own), validated like the kit
/// form; written with its audit entry.
#[utoipa::path(
    post,
    path = "/api/v1/workshop-kits",
    tag = "workshops",
    request_body = KitBody,
    responses(
        (status = 201, description = "Created", body = Kit,
            headers(("ETag" = String, description = "The version"), ("Location" = String, description = "Its address"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn create_kit(
    State(state): State<AppState>,
    ctx: Ctx,
    body: Bytes,
) -> AppResult<Response> {
    let input = validated_kit(&ctx, &body)?;
    // Without a previous version the store never refuses.
    let created = db::transaction(&state.db, async |txn| {
        store::create_kit(txn, &input, None, ctx.actor_id()).await
    })
    .await?
    .ok_or_else(|| AppError::Internal("kit not created".into()))?;
    state.search.nudge();
    let id = created.id;
    let shown = whole_kit(&state, id).await?;
    let version = shown.version;
    Ok(super::created(
        shown,
        version,
        &format!("/api/v1/workshop-kits/{id}"),
    ))
}

/// Edit a workshop kit
///
/// This version of it, as the kit form does; `If-Match` names the version
/// read (412 with the current kit if it changed).
#[utoipa::path(
    put,
    path = "/api/v1/workshop-kits/{id}",
    tag = "workshops",
    params(
        ("id" = i32, Path, description = "Kit id"),
        ("If-Match" = String, Header, description = "The ETag read (the version)"),
    ),
    request_body = KitBody,
    responses(
        (status = 200, description = "Saved", body = Kit,
            headers(("ETag" = String, description = "The new version"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn update_kit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    let kit = kit_or_404(&state, id).await?;
    let input = validated_kit(&ctx, &body)?;
    let applied = editing::save_versioned(&state.db, async |txn| {
        store::update_kit(txn, &kit, version, &input, ctx.actor_id()).await
    })
    .await?;
    if !applied {
        return Err(super::stale(whole_kit(&state, id).await?));
    }
    state.search.nudge();
    let shown = whole_kit(&state, id).await?;
    let version = shown.version;
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
        ReadRefused,
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
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn session(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    let shown = whole_session(&state, id).await?;
    let version = shown.version;
    Ok(super::with_etag(StatusCode::OK, shown, version))
}

async fn session_or_404(
    state: &AppState,
    id: i32,
) -> AppResult<crate::entities::workshop_session::Model> {
    store::session(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The session with its kit and facilitator named.
async fn whole_session(state: &AppState, id: i32) -> AppResult<Session> {
    let found = session_or_404(state, id).await?;
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
    Ok(Session::of(line))
}

/// A body read with the session form's reader (what it points to must
/// exist; attendance only once the day has come).
async fn validated_session(state: &AppState, ctx: &Ctx, bytes: &[u8]) -> AppResult<SessionInput> {
    let body: SessionBody = super::read_json(ctx, bytes)?;
    let fields = super::checked_fields(body.form_fields())?;
    super::form_of::<SessionForm>(&fields)
        .parse(ctx, state, crate::clock::today())
        .await?
        .map_err(AppError::Invalid)
}

/// Create a workshop session
///
/// Planned, or recorded with its attendance once held; validated like the
/// session form and written with its audit entry.
#[utoipa::path(
    post,
    path = "/api/v1/workshop-sessions",
    tag = "workshops",
    request_body = SessionBody,
    responses(
        (status = 201, description = "Created", body = Session,
            headers(("ETag" = String, description = "The version"), ("Location" = String, description = "Its address"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn create_session(
    State(state): State<AppState>,
    ctx: Ctx,
    body: Bytes,
) -> AppResult<Response> {
    let input = validated_session(&state, &ctx, &body).await?;
    let created = db::transaction(&state.db, async |txn| {
        store::create_session(txn, &input, ctx.actor_id()).await
    })
    .await?;
    let id = created.id;
    let shown = whole_session(&state, id).await?;
    let version = shown.version;
    Ok(super::created(
        shown,
        version,
        &format!("/api/v1/workshop-sessions/{id}"),
    ))
}

/// Edit a workshop session
///
/// The whole session, as its form sends it; recording `attendance` marks
/// it held (the workshop library then counts it). `If-Match` names the
/// version read (412 with the current session if it changed).
#[utoipa::path(
    put,
    path = "/api/v1/workshop-sessions/{id}",
    tag = "workshops",
    params(
        ("id" = i32, Path, description = "Session id"),
        ("If-Match" = String, Header, description = "The ETag read (the version)"),
    ),
    request_body = SessionBody,
    responses(
        (status = 200, description = "Saved", body = Session,
            headers(("ETag" = String, description = "The new version"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn update_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    let session = session_or_404(&state, id).await?;
    let input = validated_session(&state, &ctx, &body).await?;
    let applied = editing::save_versioned(&state.db, async |txn| {
        store::update_session(txn, &session, version, &input, ctx.actor_id()).await
    })
    .await?;
    if !applied {
        return Err(super::stale(whole_session(&state, id).await?));
    }
    let shown = whole_session(&state, id).await?;
    let version = shown.version;
    Ok(super::with_etag(StatusCode::OK, shown, version))
}
