//! `/api/v1/campaigns` and `/api/v1/outreach`: campaigns with their
//! objectives, the outreach board as pages of statuses (the board's
//! filters as query parameters), one status, and its stage moved as the
//! board moves a card — through the campaign's store, so the move is in
//! the stage history, the audit log and the webhooks
//! (`outreach.stage_changed`), at the version named by `If-Match`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::param;
use super::problem::Problem;
use crate::app::AppState;
use crate::campaign::store::{self, BoardFilter, Timing};
use crate::entities::{
    OrgKind, Priority, Stage, StrategicLevel, campaign, campaign_objective, outreach_status,
};
use crate::values::optional_text;
use crate::web::forms::Fields;
use crate::web::{AppError, AppResult, Ctx, editing};

/// An objective of a campaign, at one strategic level.
#[derive(Debug, Serialize, ToSchema)]
pub struct Objective {
    pub id: i32,
    pub campaign_id: i32,
    /// Strategic level, 1 to 3.
    pub level: i16,
    pub title: String,
    /// What is counted (the values are listed in the schema).
    pub metric: String,
    pub target: i32,
    pub version: i32,
}

impl Objective {
    fn of(o: campaign_objective::Model) -> Objective {
        Objective {
            id: o.id,
            campaign_id: o.campaign_id,
            level: o.level,
            title: o.title,
            metric: o.metric.as_str().to_owned(),
            target: o.target,
            version: o.version,
        }
    }
}

/// A campaign.
#[derive(Debug, Serialize, ToSchema)]
pub struct Campaign {
    pub id: i32,
    pub name: String,
    pub description: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// Present on a single campaign, absent from lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objectives: Option<Vec<Objective>>,
    /// The volunteers who own it (user ids); on a single campaign only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_ids: Option<Vec<i32>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The version, also sent as `ETag`.
    pub version: i32,
}

impl Campaign {
    fn of(c: campaign::Model) -> Campaign {
        Campaign {
            id: c.id,
            name: c.name,
            description: c.description,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            objectives: None,
            owner_ids: None,
            created_at: c.created_at,
            updated_at: c.updated_at,
            version: c.version,
        }
    }
}

/// Where an organisation stands in a campaign (a card of the board).
#[derive(Debug, Serialize, ToSchema)]
pub struct OutreachStatus {
    pub id: i32,
    pub campaign_id: i32,
    pub organisation_id: i32,
    /// Outreach stage (the values are listed in the schema).
    pub stage: String,
    /// The volunteer in charge (user id).
    pub owner_id: Option<i32>,
    pub priority: String,
    /// Strategic level, 1 to 3.
    pub level: Option<i16>,
    /// Not to be approached before this day.
    pub not_before: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The version, also sent as `ETag`; a move names it in `If-Match`.
    pub version: i32,
}

impl OutreachStatus {
    fn of(s: outreach_status::Model) -> OutreachStatus {
        OutreachStatus {
            id: s.id,
            campaign_id: s.campaign_id,
            organisation_id: s.organisation_id,
            stage: s.stage.as_str().to_owned(),
            owner_id: s.owner_id,
            priority: s.priority.as_str().to_owned(),
            level: s.level,
            not_before: s.not_before,
            created_at: s.created_at,
            updated_at: s.updated_at,
            version: s.version,
        }
    }
}

/// A stage move, as the board sends it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct StageBody {
    /// The stage to move to.
    #[schema(required = true)]
    pub stage: Option<String>,
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

/// Query of the board: its filters, a stage, then the page.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct OutreachParams {
    /// Only this stage (a column of the board).
    stage: Option<String>,
    /// Strategic level, 1 to 3.
    level: Option<String>,
    /// The volunteer in charge (user id).
    owner: Option<String>,
    /// INSEE code of the organisation's région.
    region: Option<String>,
    /// Code of the organisation's département.
    departement: Option<String>,
    /// Kind of organisation.
    kind: Option<String>,
    /// `low`, `normal` or `high`.
    priority: Option<String>,
    /// `parked` (not before a day still to come) or `ready`.
    timing: Option<String>,
    /// Statuses per page (1 to 200, default 50).
    limit: Option<String>,
    /// The `next` of the previous page.
    cursor: Option<String>,
}

/// One page of campaigns.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignPage {
    pub items: Vec<Campaign>,
    /// Cursor of the following page (pass it as `cursor`); null on the last.
    pub next: Option<String>,
}

/// A campaign's objectives.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectiveList {
    pub items: Vec<Objective>,
}

/// One page of outreach statuses.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutreachPage {
    pub items: Vec<OutreachStatus>,
    /// Cursor of the following page (pass it as `cursor`); null on the last.
    pub next: Option<String>,
}

async fn campaign_or_404(state: &AppState, id: i32) -> AppResult<campaign::Model> {
    store::get(&state.db, id).await?.ok_or(AppError::NotFound)
}

async fn status_or_404(state: &AppState, id: i32) -> AppResult<outreach_status::Model> {
    store::status(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

fn status_with_etag(s: outreach_status::Model) -> Response {
    let version = s.version;
    super::with_etag(StatusCode::OK, OutreachStatus::of(s), version)
}

/// List campaigns
///
/// In the order of creation.
#[utoipa::path(
    get,
    path = "/api/v1/campaigns",
    tag = "campaigns",
    params(PageParams),
    responses(
        (status = 200, description = "A page of campaigns", body = CampaignPage),
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
) -> AppResult<Json<CampaignPage>> {
    let mut f = Fields::new(&ctx);
    let (limit, cursor) = super::paging(&mut f, param(&params.limit), param(&params.cursor));
    f.finish().map_err(AppError::Invalid)?;
    // A handful of campaigns: the store's list, paged here.
    let mut all = store::all(&state.db).await?;
    all.sort_by_key(|c| c.id);
    let mut page: Vec<campaign::Model> = all
        .into_iter()
        .filter(|c| c.id > cursor.unwrap_or(0))
        .take(limit as usize + 1)
        .collect();
    let next = super::next_cursor(&mut page, limit, |c| c.id);
    let items = page.into_iter().map(Campaign::of).collect();
    Ok(Json(CampaignPage { items, next }))
}

/// Read a campaign
///
/// With its objectives and owners.
#[utoipa::path(
    get,
    path = "/api/v1/campaigns/{id}",
    tag = "campaigns",
    params(("id" = i32, Path, description = "Campaign id")),
    responses(
        (status = 200, description = "The campaign", body = Campaign,
            headers(("ETag" = String, description = "The version"))),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such campaign", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests for this token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn read(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    let found = campaign_or_404(&state, id).await?;
    let objectives = store::objectives(&state.db, id).await?;
    let owners = store::owner_ids(&state.db, id).await?;
    let version = found.version;
    let mut shown = Campaign::of(found);
    shown.objectives = Some(objectives.into_iter().map(Objective::of).collect());
    shown.owner_ids = Some(owners);
    Ok(super::with_etag(StatusCode::OK, shown, version))
}

/// List a campaign's objectives
///
/// By strategic level.
#[utoipa::path(
    get,
    path = "/api/v1/campaigns/{id}/objectives",
    tag = "campaigns",
    params(("id" = i32, Path, description = "Campaign id")),
    responses(
        (status = 200, description = "The objectives", body = ObjectiveList),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such campaign", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests for this token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn objectives(
    State(state): State<AppState>,
    Path(id): Path<i32>,
) -> AppResult<Json<ObjectiveList>> {
    campaign_or_404(&state, id).await?;
    let items = store::objectives(&state.db, id)
        .await?
        .into_iter()
        .map(Objective::of)
        .collect();
    Ok(Json(ObjectiveList { items }))
}

/// List a campaign's outreach statuses
///
/// The board's cards: its filters, combined, and a stage; pages in the
/// order the organisations were added.
#[utoipa::path(
    get,
    path = "/api/v1/campaigns/{id}/outreach",
    tag = "campaigns",
    params(("id" = i32, Path, description = "Campaign id"), OutreachParams),
    responses(
        (status = 200, description = "A page of outreach statuses", body = OutreachPage),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such campaign", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A filter is refused", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests for this token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn outreach(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(params): Query<OutreachParams>,
) -> AppResult<Json<OutreachPage>> {
    let mut f = Fields::new(&ctx);
    let stage = f.optional_choice::<Stage>("stage", param(&params.stage));
    let level = f
        .optional_number("level", param(&params.level), 1..=3, "error-choice-invalid")
        .and_then(|l| StrategicLevel::try_from(l as i16).ok());
    let owner_id = f.optional_number(
        "owner",
        param(&params.owner),
        1..=i32::MAX,
        "error-choice-invalid",
    );
    let kind = f.optional_choice::<OrgKind>("kind", param(&params.kind));
    let priority = f.optional_choice::<Priority>("priority", param(&params.priority));
    let timing = f.optional_choice::<Timing>("timing", param(&params.timing));
    let (limit, cursor) = super::paging(&mut f, param(&params.limit), param(&params.cursor));
    f.finish().map_err(AppError::Invalid)?;
    campaign_or_404(&state, id).await?;
    let filter = BoardFilter {
        level,
        owner_id,
        region_code: optional_text(param(&params.region)),
        departement_code: optional_text(param(&params.departement)).map(|d| d.to_uppercase()),
        kind,
        priority,
        timing,
    };
    let mut page = store::statuses_after(
        &state.db,
        id,
        &filter,
        stage,
        crate::clock::today(),
        cursor,
        limit + 1,
    )
    .await?;
    let next = super::next_cursor(&mut page, limit, |s| s.id);
    let items = page.into_iter().map(OutreachStatus::of).collect();
    Ok(Json(OutreachPage { items, next }))
}

/// Read an outreach status
#[utoipa::path(
    get,
    path = "/api/v1/outreach/{id}",
    tag = "campaigns",
    params(("id" = i32, Path, description = "Outreach status id")),
    responses(
        (status = 200, description = "The outreach status", body = OutreachStatus,
            headers(("ETag" = String, description = "The version"))),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such outreach status", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests for this token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn read_outreach(
    State(state): State<AppState>,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    Ok(status_with_etag(status_or_404(&state, id).await?))
}

/// Move to a stage
///
/// As a card moved on the board: recorded in the stage history and the
/// audit log. `If-Match` names the version read (412 with the current
/// status if it moved meanwhile).
#[utoipa::path(
    post,
    path = "/api/v1/outreach/{id}/stage",
    tag = "campaigns",
    params(
        ("id" = i32, Path, description = "Outreach status id"),
        ("If-Match" = String, Header, description = "The ETag read (the version)"),
    ),
    request_body = StageBody,
    responses(
        (status = 200, description = "Moved", body = OutreachStatus,
            headers(("ETag" = String, description = "The new version"))),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Read-only token or account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such outreach status", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed meanwhile: the current record is in `current`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused fields", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests for this token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn move_stage(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    let body: StageBody = super::read_json(&ctx, &body)?;
    let status = status_or_404(&state, id).await?;
    let mut f = Fields::new(&ctx);
    let stage = f.choice::<Stage>("stage", param(&body.stage));
    f.finish().map_err(AppError::Invalid)?;
    let Some(stage) = stage else {
        return Err(AppError::BadRequest(ctx.t("error-choice-invalid")));
    };
    // The store answers "nothing to do" for the stage it is at; a stale
    // version is refused all the same.
    if status.version != version {
        return Err(super::stale(OutreachStatus::of(status)));
    }
    let moved = editing::save_versioned(&state.db, async |txn| {
        store::move_stage(txn, &status, version, stage, ctx.actor_id()).await
    })
    .await?;
    if moved.is_none() {
        return Err(super::stale(OutreachStatus::of(
            status_or_404(&state, id).await?,
        )));
    }
    state.search.nudge();
    Ok(status_with_etag(status_or_404(&state, id).await?))
}
