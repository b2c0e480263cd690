//! `/admin/webhooks`: administrators register, turn off and remove
//! webhooks, and see their latest deliveries.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::Markup;

use super::store::{self, NewWebhook};
use super::views::{self, WebhookForm};
use crate::app::AppState;
use crate::values::limits;
use crate::web::forms::{Fields, FormErrors};
use crate::web::{AppError, AppResult, Ctx, Routes, flash};

pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/webhooks", page)
        .post("/admin/webhooks", create)
        .post("/admin/webhooks/{id}/active", set_active)
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
    Ok(views::page(ctx, &listed, form, errors, created))
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

/// Reads the form: an `http(s)` address that is not private (unless the
/// configuration allows it), a description, at least one event (or a kind
/// of record: every event of that kind).
fn read(ctx: &Ctx, form: &WebhookForm, allow_private: bool) -> Result<NewWebhook, FormErrors> {
    let mut f = Fields::new(ctx);
    let url = f.required_text("url", &form.url, limits::URL);
    let description = f.optional_text("description", &form.description, limits::NAME);
    if let Some(url) = &url {
        let web = url.to_ascii_lowercase();
        if crate::web::security::allowed_link(url).is_none()
            || !(web.starts_with("http://") || web.starts_with("https://"))
            || url.contains(char::is_whitespace)
        {
            f.error("url", "webhooks-url-invalid");
        } else if !allow_private && crate::agenda::fetch::names_private_host(url) {
            f.error("url", "webhooks-url-private");
        }
    }
    let entities = super::events::choose(&form.entities);
    if entities.is_empty() {
        f.error("entities", "webhooks-entities-required");
    }
    f.finish()?;
    Ok(NewWebhook {
        url: url.unwrap_or_default(),
        description: description.unwrap_or_default(),
        entities,
    })
}

async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> AppResult<Response> {
    let admin = ctx.require_admin()?.id;
    let form = WebhookForm::parse(&body);
    let new = match read(&ctx, &form, state.config.webhooks_allow_private) {
        Ok(new) => new,
        Err(errors) => {
            let page = render(&state, &ctx, &form, &errors, None).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let created = store::create(&state.db, new, admin).await?;
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
