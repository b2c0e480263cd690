//! Routes that belong to no area: health, language switch, assets, 404.

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sea_orm::ConnectionTrait;
use serde::Deserialize;
use serde_json::json;

use super::context::LANG_COOKIE;
use super::error::AppError;
use super::{Locale, assets};
use crate::app::AppState;
use crate::db;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/lang/{code}", get(switch_language))
        .route(assets::PICO_CSS, get(assets::pico_css))
        .route(assets::APP_CSS, get(assets::app_css))
}

/// `GET /health`: 200 when the database answers, 503 otherwise.
async fn health(State(state): State<AppState>) -> Response {
    let backend = db::backend_name(&state.db);
    match state.db.execute_unprepared("SELECT 1").await {
        Ok(_) => {
            Json(json!({ "status": "ok", "database": { "status": "ok", "backend": backend } }))
                .into_response()
        }
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

/// Remembers the chosen language in a cookie and goes back to the page.
async fn switch_language(
    Path(code): Path<String>,
    Query(back): Query<Back>,
) -> Result<Response, AppError> {
    let locale = Locale::from_code(&code).ok_or(AppError::NotFound)?;
    // Only local paths, so the switch cannot be used to redirect elsewhere.
    let target = back
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| "/".into());
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
