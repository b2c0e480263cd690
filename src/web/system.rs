//! Routes that belong to no area: health, language switch, assets, 404.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::context::LANG_COOKIE;
use super::error::AppError;
use super::{Ctx, Locale, Routes, assets};
use crate::app::AppState;
use crate::db;

pub fn routes() -> Routes {
    Routes::new()
        .get("/health", health)
        .get("/lang/{code}", switch_language)
        .get(assets::ROUTE, assets::serve)
}

/// `GET /health`: 200 when the database answers, 503 otherwise.
async fn health(State(state): State<AppState>) -> Response {
    let backend = db::backend_name(&state.db);
    let consumer = state.search.engine.consumer();
    match crate::search::worker::backlog(&state.db, &consumer).await {
        Ok(backlog) => Json(json!({
            "status": "ok",
            "database": { "status": "ok", "backend": backend },
            "search": { "engine": state.search.engine.name(), "backlog": backlog },
        }))
        .into_response(),
        Err(err) => {
            tracing::error!(%err, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "error", "database": { "status": "unreachable", "backend": backend } })),
            )
                .into_response()
        }
    }
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// Remembers the chosen language (a cookie, and the signed-in user's
/// preference) and goes back to the page.
async fn switch_language(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(back): Query<Back>,
) -> Result<Response, AppError> {
    let locale = Locale::from_code(&code).ok_or(AppError::NotFound)?;
    if let Some(user) = &ctx.user {
        crate::accounts::store::set_locale(&state.db, user.id, locale.code()).await?;
        // A GET that writes: the guard only expires stamps after POSTs.
        state.sessions.expire();
    }
    // Only local paths, so the switch cannot be used to redirect elsewhere.
    let target = super::security::local_path_or_home(back.back.as_deref());
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        locale.code()
    );
    Ok((
        StatusCode::SEE_OTHER,
        [(LOCATION, target), (SET_COOKIE, cookie)],
    )
        .into_response())
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}
