//! `/admin/webhooks`: administrators register, turn off and remove
//! webhooks, and see their latest deliveries.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::Markup;

use super::form::{self, WebhookForm};
use super::store;
use super::views;
use crate::app::AppState;
use crate::web::forms::FormErrors;
use crate::web::{AppError, AppResult, Ctx, Routes, flash};

pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/webhooks", page)
        .post("/admin/webhooks", create)
        .post("/admin/webhooks/{id}/active", set_active)
        .post("/admin/webhooks/{id}/test", send_test)
        .post("/admin/webhooks/{id}/delete", delete)
}

/// Deliveries shown per webhook.
const RECENT: u64 = 10;

async fn render(
    state: &AppState,
    ctx: &Ctx,
    form: &WebhookForm,
    errors: &FormErrors,
    created: Option<(&str, &str)>,
) -> AppResult<Markup> {
    let hooks = store::all(&state.db).await?;
    let mut listed = Vec::with_capacity(hooks.len());
    for hook in hooks {
        let recent = store::recent(&state.db, hook.id, RECENT).await?;
        listed.push((hook, recent));
    }
    let paused = state.config.webhooks_paused;
    Ok(views::page(ctx, &listed, form, errors, created, paused))
}

async fn page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    ctx.require_admin()?;
    render(
        &state,
        &ctx,
        &WebhookForm::default(),
        &FormErrors::default(),
        None,
    )
    .await
}

async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> AppResult<Response> {
    let admin = ctx.require_admin()?.id;
    let form = WebhookForm::parse(&body);
    let allow_private = state.config.webhooks_allow_private;
    let created = match form::register(&state.db, &ctx, &form, allow_private, admin).await? {
        Ok(created) => created,
        Err(errors) => {
            let page = render(&state, &ctx, &form, &errors, None).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let page = render(
        &state,
        &ctx,
        &WebhookForm::default(),
        &FormErrors::default(),
        Some((&created.url, &created.secret)),
    )
    .await?;
    Ok(page.into_response())
}

/// "Envoyer un test": a signed `webhook.test` delivery, sent at once and
/// listed with the others, so the receiver can be checked before any
/// change happens (even while the webhook is turned off).
async fn send_test(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let admin = ctx.require_admin()?.id;
    if store::queue_test(&state.db, id, admin).await?.is_none() {
        return Err(AppError::NotFound);
    }
    state.webhooks.notify_one();
    Ok(flash::redirect_with(
        "/admin/webhooks",
        "flash-webhook-test-queued",
    ))
}

#[derive(Debug, serde::Deserialize)]
struct ActiveForm {
    #[serde(default)]
    active: String,
}

async fn set_active(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    axum::Form(form): axum::Form<ActiveForm>,
) -> AppResult<Response> {
    let admin = ctx.require_admin()?.id;
    let active = match form.active.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::BadRequest(ctx.t("webhooks-active-invalid"))),
    };
    if !store::set_active(&state.db, id, active, admin).await? {
        return Err(AppError::NotFound);
    }
    Ok(flash::redirect_with("/admin/webhooks", "flash-saved"))
}

async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let admin = ctx.require_admin()?.id;
    if !store::delete(&state.db, id, admin).await? {
        return Err(AppError::NotFound);
    }
    Ok(flash::redirect_with("/admin/webhooks", "flash-deleted"))
}
