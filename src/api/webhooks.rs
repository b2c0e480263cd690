//! `/api/v1/webhooks`: administrators subscribe other tools to events,
//! list and remove subscriptions, read each one's latest deliveries and
//! send it a test — what the webhooks page does, through its form reader
//! ([`WebhookForm`]) and store. The secret is in the answer to the
//! creation only, as the page shows it once.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::problem::{ChangeRefused, ReadRefused};
use crate::app::AppState;
use crate::entities::{webhook, webhook_delivery};
use crate::web::{AppError, AppResult, Ctx};
use crate::webhooks::form::{self, WebhookForm};
use crate::webhooks::store;

/// Deliveries listed with a webhook.
const RECENT: u64 = 20;

/// A webhook subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct Webhook {
    pub id: i32,
    pub url: String,
    pub description: String,
    /// Event names (`organisation.created`), or a kind of record alone
    /// (`organisation`) for every event of that kind.
    pub events: Vec<String>,
    /// Turned off, it hears nothing (a test still goes).
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// Its latest deliveries, newest first; on a single webhook only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deliveries: Option<Vec<Delivery>>,
}

impl Webhook {
    fn of(hook: webhook::Model) -> Webhook {
        Webhook {
            id: hook.id,
            events: hook
                .entities
                .split(',')
                .filter(|e| !e.is_empty())
                .map(str::to_owned)
                .collect(),
            url: hook.url,
            description: hook.description,
            active: hook.active,
            created_at: hook.created_at,
            deliveries: None,
        }
    }
}

/// A new webhook, with the secret its receiver checks signatures with.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// HMAC-SHA256 key of the `relais-signature` header; given this once.
    pub secret: String,
}

/// One delivery of a webhook and how it went.
#[derive(Debug, Serialize, ToSchema)]
pub struct Delivery {
    pub id: i32,
    pub event: String,
    /// The kind of record and its id.
    pub entity: String,
    pub entity_id: i32,
    pub occurred_at: DateTime<Utc>,
    pub attempts: i32,
    /// `waiting`, `retrying`, `delivered` or `failed` (given up).
    pub state: String,
    /// The receiver's last HTTP status, if it answered.
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
}

impl Delivery {
    fn of(d: webhook_delivery::Model) -> Delivery {
        let state = if d.delivered_at.is_some() {
            "delivered"
        } else if d.failed_at.is_some() {
            "failed"
        } else if d.attempts > 0 {
            "retrying"
        } else {
            "waiting"
        };
        Delivery {
            id: d.id,
            event: d.event,
            entity: d.entity,
            entity_id: d.entity_id,
            occurred_at: d.occurred_at,
            attempts: d.attempts,
            state: state.to_owned(),
            last_status: d.last_status,
            last_error: d.last_error,
            delivered_at: d.delivered_at,
        }
    }
}

/// A webhook as sent to subscribe one.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct WebhookBody {
    /// An `http(s)` address on the internet that accepts a JSON `POST`.
    #[schema(required = true, example = "https://chat.example.org/hooks/relais")]
    pub url: Option<String>,
    pub description: Option<String>,
    /// Event names, or kinds of record alone (every event of the kind);
    /// at least one.
    #[schema(required = true, example = json!(["interaction.created", "outreach.stage_changed"]))]
    pub events: Vec<String>,
}

/// A queued test delivery.
#[derive(Debug, Serialize, ToSchema)]
pub struct TestQueued {
    /// The delivery, listed with the webhook's others.
    pub delivery_id: i32,
}

/// List the webhooks
///
/// Every subscription, in the order of creation (administrators only).
#[utoipa::path(
    get,
    path = "/api/v1/webhooks",
    tag = "webhooks",
    responses(
        (status = 200, description = "The webhooks", body = Vec<Webhook>),
        (status = 403, description = "Not an administrator", content_type = "application/problem+json", body = super::problem::Problem),
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<Vec<Webhook>>> {
    ctx.require_admin()?;
    let hooks = store::all(&state.db).await?;
    Ok(Json(hooks.into_iter().map(Webhook::of).collect()))
}

/// Subscribe a webhook
///
/// Validated like the webhooks page's form (address, events); the answer
/// carries the secret, given this once (administrators only).
#[utoipa::path(
    post,
    path = "/api/v1/webhooks",
    tag = "webhooks",
    request_body = WebhookBody,
    responses(
        (status = 201, description = "Subscribed", body = CreatedWebhook,
            headers(("Location" = String, description = "Its address"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> AppResult<Response> {
    let admin = ctx.require_admin()?.id;
    let body: WebhookBody = super::read_json(&ctx, &body)?;
    let fields = super::checked_fields(
        [
            super::text_field("url", &body.url),
            super::text_field("description", &body.description),
        ]
        .into_iter()
        .chain(
            body.events
                .iter()
                .map(|e| ("entities".to_owned(), e.clone())),
        )
        .collect(),
    )?;
    let form = WebhookForm::from_pairs(fields);
    let allow_private = state.config.webhooks_allow_private;
    let created = form::register(&state.db, &ctx, &form, allow_private, admin)
        .await?
        .map_err(|errors| AppError::Invalid(super::renamed(errors, "entities", "events")))?;
    let location = format!("/api/v1/webhooks/{}", created.id);
    let secret = created.secret.clone();
    let mut response = (
        StatusCode::CREATED,
        Json(CreatedWebhook {
            webhook: Webhook::of(created),
            secret,
        }),
    )
        .into_response();
    if let Ok(value) = axum::http::HeaderValue::from_str(&location) {
        response
            .headers_mut()
            .insert(axum::http::header::LOCATION, value);
    }
    Ok(response)
}

async fn hook_or_404(state: &AppState, id: i32) -> AppResult<webhook::Model> {
    store::find(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// Read a webhook
///
/// With its latest deliveries and how each went (administrators only).
#[utoipa::path(
    get,
    path = "/api/v1/webhooks/{id}",
    tag = "webhooks",
    params(("id" = i32, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "The webhook", body = Webhook),
        (status = 403, description = "Not an administrator", content_type = "application/problem+json", body = super::problem::Problem),
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn read(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Json<Webhook>> {
    ctx.require_admin()?;
    let hook = hook_or_404(&state, id).await?;
    let recent = store::recent(&state.db, id, RECENT).await?;
    let mut shown = Webhook::of(hook);
    shown.deliveries = Some(recent.into_iter().map(Delivery::of).collect());
    Ok(Json(shown))
}

/// Remove a webhook
///
/// With its deliveries, sent or not (administrators only).
#[utoipa::path(
    delete,
    path = "/api/v1/webhooks/{id}",
    tag = "webhooks",
    params(("id" = i32, Path, description = "Webhook id")),
    responses(
        (status = 204, description = "Removed"),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<StatusCode> {
    let admin = ctx.require_admin()?.id;
    if !store::delete(&state.db, id, admin).await? {
        return Err(AppError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Send a test delivery
///
/// A signed `webhook.test` delivery to this webhook, sent at once like
/// any other, even while it is turned off (administrators only).
#[utoipa::path(
    post,
    path = "/api/v1/webhooks/{id}/test",
    tag = "webhooks",
    params(("id" = i32, Path, description = "Webhook id")),
    responses(
        (status = 202, description = "Queued", body = TestQueued),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn test(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let admin = ctx.require_admin()?.id;
    let delivery_id = store::queue_test(&state.db, id, admin)
        .await?
        .ok_or(AppError::NotFound)?;
    state.webhooks.notify_one();
    Ok((StatusCode::ACCEPTED, Json(TestQueued { delivery_id })).into_response())
}
