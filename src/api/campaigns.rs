//! `/api/v1/campaigns` and `/api/v1/outreach`: campaigns with their
//! objectives (created and replaced as a whole, as the campaign form does,
//! read by its own reader [`CampaignForm`]), the outreach board as pages
//! of statuses (the board's filters as query parameters), an organisation
//! added to a campaign as its page adds it, one status, its card's owner,
//! priority and "not before" edited and its stage moved as the board does
//! — through the campaign's store, so each change is in the stage history,
//! the audit log and the webhooks, at the version named by `If-Match`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::SqlErr;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problem::{ChangeRefused, Problem, ReadRefused};
use super::{number_field, param, text_field};
use crate::app::AppState;
use crate::campaign::CampaignForm;
use crate::campaign::store::{self, BoardFilter, CampaignInput, Timing};
use crate::db;
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

/// An objective as sent with its campaign.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ObjectiveBody {
    /// Strategic level, 1 to 3.
    #[schema(required = true, minimum = 1, maximum = 3)]
    pub level: Option<i16>,
    #[schema(required = true)]
    pub title: Option<String>,
    /// What is counted (the values are listed in the schema).
    #[schema(required = true)]
    pub metric: Option<String>,
    #[schema(required = true, minimum = 1, maximum = 100000)]
    pub target: Option<i32>,
}

/// The most objectives a campaign form carries.
const MAX_OBJECTIVES: usize = 50;

/// A campaign as sent to create or replace one, with its owners and
/// objectives (both replaced as a whole, as the form does).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CampaignBody {
    #[schema(required = true)]
    pub name: Option<String>,
    pub description: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub starts_on: Option<String>,
    /// Not before `starts_on`.
    #[schema(value_type = Option<String>, format = Date)]
    pub ends_on: Option<String>,
    /// The volunteers who own it (user ids).
    pub owner_ids: Vec<i32>,
    #[schema(max_items = 50)]
    pub objectives: Vec<ObjectiveBody>,
}

impl CampaignBody {
    /// The fields the campaign form would post.
    fn form_fields(&self) -> Vec<(String, String)> {
        let mut fields = vec![
            text_field("name", &self.name),
            text_field("description", &self.description),
            text_field("starts_on", &self.starts_on),
            text_field("ends_on", &self.ends_on),
        ];
        let mut owners = self.owner_ids.clone();
        // A box is ticked once.
        owners.sort_unstable();
        owners.dedup();
        fields.extend(owners.iter().map(|id| ("owner".to_owned(), id.to_string())));
        for (i, o) in self.objectives.iter().enumerate() {
            let row = |name: &str| format!("objective-{i}-{name}");
            fields.extend([
                number_field(&row("level"), o.level),
                text_field(&row("title"), &o.title),
                text_field(&row("metric"), &o.metric),
                number_field(&row("target"), o.target),
            ]);
        }
        fields
    }
}

/// An organisation added to a campaign.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct OutreachBody {
    #[schema(required = true)]
    pub organisation_id: Option<i32>,
    /// Its first stage (default `to_research`, as from its page).
    pub stage: Option<String>,
    /// Strategic level, 1 to 3.
    #[schema(minimum = 1, maximum = 3)]
    pub level: Option<i16>,
}

/// A card's fields, as the board's card form sends them.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CardBody {
    /// The volunteer in charge (user id); none when left out.
    pub owner_id: Option<i32>,
    #[schema(required = true)]
    pub priority: Option<String>,
    /// Not to be approached before this day; none when left out.
    #[schema(value_type = Option<String>, format = Date)]
    pub not_before: Option<String>,
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
        ReadRefused,
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
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn read(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    let shown = whole(&state, id).await?;
    let version = shown.version;
    Ok(super::with_etag(StatusCode::OK, shown, version))
}

/// The campaign with its objectives and owners.
async fn whole(state: &AppState, id: i32) -> AppResult<Campaign> {
    let found = campaign_or_404(state, id).await?;
    let objectives = store::objectives(&state.db, id).await?;
    let owners = store::owner_ids(&state.db, id).await?;
    let mut shown = Campaign::of(found);
    shown.objectives = Some(objectives.into_iter().map(Objective::of).collect());
    shown.owner_ids = Some(owners);
    Ok(shown)
}

/// A body read with the campaign form's reader.
async fn validated(state: &AppState, ctx: &Ctx, bytes: &[u8]) -> AppResult<CampaignInput> {
    let body: CampaignBody = super::read_json(ctx, bytes)?;
    if body.objectives.len() > MAX_OBJECTIVES {
        let mut errors = crate::web::forms::FormErrors::default();
        errors.add("objectives", ctx.t("api-objectives-too-many"));
        return Err(AppError::Invalid(errors));
    }
    let fields = super::checked_fields(body.form_fields())?;
    CampaignForm::from_fields(&fields)
        .parse_with_owners(ctx, &state.db)
        .await?
        .map_err(|errors| AppError::Invalid(super::renamed(errors, "owner", "owner_ids")))
}

/// Create a campaign
///
/// With its owners and objectives, validated like the campaign form;
/// written with its audit entry.
#[utoipa::path(
    post,
    path = "/api/v1/campaigns",
    tag = "campaigns",
    request_body = CampaignBody,
    responses(
        (status = 201, description = "Created", body = Campaign,
            headers(("ETag" = String, description = "The version"), ("Location" = String, description = "Its address"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> AppResult<Response> {
    let input = validated(&state, &ctx, &body).await?;
    let id = db::transaction(&state.db, async |txn| {
        store::save(txn, None, &input, ctx.actor_id()).await
    })
    .await?
    .ok_or_else(|| AppError::Internal("campaign not created".into()))?;
    let created = whole(&state, id).await?;
    let version = created.version;
    Ok(super::created(
        created,
        version,
        &format!("/api/v1/campaigns/{id}"),
    ))
}

/// Replace a campaign
///
/// The whole campaign, owners and objectives included, as the edit form
/// sends it; `If-Match` names the version read (412 with the current
/// campaign if it changed).
#[utoipa::path(
    put,
    path = "/api/v1/campaigns/{id}",
    tag = "campaigns",
    params(
        ("id" = i32, Path, description = "Campaign id"),
        ("If-Match" = String, Header, description = "The ETag read (the version)"),
    ),
    request_body = CampaignBody,
    responses(
        (status = 200, description = "Saved", body = Campaign,
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
    let campaign = campaign_or_404(&state, id).await?;
    let input = validated(&state, &ctx, &body).await?;
    let saved = editing::save_versioned(&state.db, async |txn| {
        store::save(txn, Some((&campaign, version)), &input, ctx.actor_id()).await
    })
    .await?;
    if saved.is_none() {
        return Err(super::stale(whole(&state, id).await?));
    }
    let shown = whole(&state, id).await?;
    let version = shown.version;
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
        ReadRefused,
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
        ReadRefused,
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

/// Add an organisation to a campaign
///
/// As the organisation's page adds it (at `to_research` unless `stage`
/// says otherwise, followed by the token's user): its first stage and the
/// audit entry are written with it.
#[utoipa::path(
    post,
    path = "/api/v1/campaigns/{id}/outreach",
    tag = "campaigns",
    params(("id" = i32, Path, description = "Campaign id")),
    request_body = OutreachBody,
    responses(
        (status = 201, description = "Added", body = OutreachStatus,
            headers(("ETag" = String, description = "The version"), ("Location" = String, description = "Its address"))),
        (status = 409, description = "Added meanwhile", body = Problem, content_type = "application/problem+json"),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn add_outreach(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<Response> {
    let body: OutreachBody = super::read_json(&ctx, &body)?;
    campaign_or_404(&state, id).await?;
    let mut f = Fields::new(&ctx);
    let stage = match param(&body.stage) {
        "" => Some(Stage::ToResearch),
        stage => f.choice::<Stage>("stage", stage),
    };
    let level = body.level.and_then(|l| {
        let level = StrategicLevel::try_from(l).ok();
        if level.is_none() {
            f.error("level", "error-choice-invalid");
        }
        level
    });
    let organisation = match body.organisation_id {
        Some(oid) => crate::directory::store::get(&state.db, oid).await?,
        None => None,
    };
    match &organisation {
        None => f.error("organisation_id", "api-organisation-invalid"),
        Some(o) if store::status_in(&state.db, id, o.id).await?.is_some() => {
            f.error("organisation_id", "record-already-in-campaign")
        }
        Some(_) => {}
    }
    f.finish().map_err(AppError::Invalid)?;
    let (Some(organisation), Some(stage)) = (organisation, stage) else {
        return Err(AppError::BadRequest(ctx.t("error-choice-invalid")));
    };
    let added = db::transaction(&state.db, async |txn| {
        store::add_organisation(txn, id, &organisation, stage, level, ctx.actor_id()).await
    })
    .await;
    match added {
        // Added by someone else since it was checked.
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(AppError::Conflict(ctx.t("record-already-in-campaign")));
        }
        added => added?,
    }
    state.search.nudge();
    let added = store::status_in(&state.db, id, organisation.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (status_id, version) = (added.id, added.version);
    Ok(super::created(
        OutreachStatus::of(added),
        version,
        &format!("/api/v1/outreach/{status_id}"),
    ))
}

/// Edit an outreach card
///
/// Its owner, priority and "not before" day, as the board's card form
/// does (the three together). `If-Match` names the version read (412 with
/// the current status if it changed meanwhile).
#[utoipa::path(
    put,
    path = "/api/v1/outreach/{id}",
    tag = "campaigns",
    params(
        ("id" = i32, Path, description = "Outreach status id"),
        ("If-Match" = String, Header, description = "The ETag read (the version)"),
    ),
    request_body = CardBody,
    responses(
        (status = 200, description = "Saved", body = OutreachStatus,
            headers(("ETag" = String, description = "The new version"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn update_outreach(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    let body: CardBody = super::read_json(&ctx, &body)?;
    let status = status_or_404(&state, id).await?;
    let mut f = Fields::new(&ctx);
    let priority = f.choice::<Priority>("priority", param(&body.priority));
    let not_before = f.optional_date("not_before", param(&body.not_before));
    if let Some(owner) = body.owner_id
        && crate::accounts::store::get(&state.db, owner)
            .await?
            .is_none()
    {
        f.error("owner_id", "error-choice-invalid");
    }
    f.finish().map_err(AppError::Invalid)?;
    let Some(priority) = priority else {
        return Err(AppError::BadRequest(ctx.t("error-choice-invalid")));
    };
    let applied = editing::save_versioned(&state.db, async |txn| {
        store::update_card(
            txn,
            &status,
            version,
            body.owner_id,
            priority,
            not_before,
            ctx.actor_id(),
        )
        .await
    })
    .await?;
    if !applied {
        return Err(super::stale(OutreachStatus::of(
            status_or_404(&state, id).await?,
        )));
    }
    Ok(status_with_etag(status_or_404(&state, id).await?))
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
        ReadRefused,
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
        ChangeRefused,
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
