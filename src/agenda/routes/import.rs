//! A calendar file uploaded (or pasted), imported at once.

use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};
use maud::Markup;

use crate::agenda::import::{self, ImportError};
use crate::agenda::views;
use crate::app::AppState;
use crate::web::editing;
use crate::web::{AppError, AppResult, Ctx};

pub(super) async fn page(ctx: Ctx) -> Markup {
    views::import::page(&ctx, None, None)
}

/// Reads the uploaded `.ics` (a `file` field, or `text` pasted).
async fn uploaded_text(ctx: &Ctx, mut multipart: Multipart) -> AppResult<String> {
    let bad = |key: &str| AppError::BadRequest(ctx.t(key));
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        if matches!(field.name(), Some("file") | Some("text")) {
            let bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::BadRequest(e.body_text()))?;
            if bytes.is_empty() {
                return Err(bad("agenda-import-empty"));
            }
            return String::from_utf8(bytes.to_vec()).map_err(|_| bad("agenda-import-not-text"));
        }
    }
    Err(bad("agenda-import-empty"))
}

pub(super) async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    multipart: Multipart,
) -> AppResult<Response> {
    let text = uploaded_text(&ctx, multipart).await?;
    match import::import(&state.db, &text, None, None, ctx.actor_id()).await {
        Ok(report) => {
            state.search.nudge();
            if ctx.wants_json {
                return Ok(axum::Json(views::import::json(&ctx, &report)).into_response());
            }
            Ok(views::import::page(&ctx, Some(&report), None).into_response())
        }
        Err(ImportError::Invalid(error)) => {
            let error = error.render(ctx.locale);
            if ctx.wants_json {
                return Err(AppError::BadRequest(error));
            }
            let page = views::import::page(&ctx, None, Some(&error));
            Ok(editing::refused(page))
        }
        Err(ImportError::Database(err)) => Err(err.into()),
    }
}
