//! The one error type of the web layer. Each variant maps to a status and a
//! message from the translation files, rendered as an HTML page or as JSON
//! according to what the client accepts. Database details are logged, never
//! shown.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde_json::json;

use super::context;
use super::layout;

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Input the user can correct; the message is already translated.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Someone else saved the record meanwhile; message already translated.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("forbidden")]
    Forbidden,
    /// A viewer tried to change something.
    #[error("read-only account")]
    ReadOnly,
    #[error("login required")]
    Unauthorized,
    #[error("missing or wrong CSRF token")]
    CsrfRejected,
    /// Too many attempts; message already translated (says when to retry).
    #[error("too many requests: {0}")]
    TooManyRequests(String),
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Forbidden | AppError::ReadOnly | AppError::CsrfRejected => {
                StatusCode::FORBIDDEN
            }
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Database(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let ctx = context::current();
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let (title, message) = match &self {
            AppError::NotFound => (ctx.t("error-not-found-title"), ctx.t("error-not-found")),
            AppError::BadRequest(message) => (ctx.t("error-bad-request-title"), message.clone()),
            AppError::Conflict(message) => (ctx.t("error-conflict-title"), message.clone()),
            AppError::Forbidden => (ctx.t("error-forbidden-title"), ctx.t("error-forbidden")),
            AppError::ReadOnly => (ctx.t("error-forbidden-title"), ctx.t("error-read-only")),
            AppError::CsrfRejected => (ctx.t("error-forbidden-title"), ctx.t("error-csrf")),
            AppError::Unauthorized => (
                ctx.t("error-unauthorized-title"),
                ctx.t("error-unauthorized"),
            ),
            AppError::TooManyRequests(message) => (ctx.t("error-too-many-title"), message.clone()),
            AppError::Database(_) | AppError::Internal(_) => {
                (ctx.t("error-internal-title"), ctx.t("error-internal"))
            }
        };
        if ctx.wants_json {
            let body = json!({ "error": { "status": status.as_u16(), "title": title, "message": message } });
            return (status, Json(body)).into_response();
        }
        let body = html! {
            h1 { (title) }
            p role="alert" { (message) }
            p { a href="/" { (ctx.t("error-back-home")) } }
        };
        (status, layout::page(&ctx, &title, body)).into_response()
    }
}
