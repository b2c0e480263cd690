//! The one error type of the web layer. Each variant maps to a status and a
//! message from the translation files, rendered as an HTML page or as JSON
//! according to what the client accepts — or, on the API (`/api/…`), as an
//! RFC 9457 problem (`application/problem+json`, see [`crate::api::problem`]).
//! Database details are logged, never shown.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde_json::json;

use super::context;
use super::forms::FormErrors;
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
    /// Fields refused by a form's reader; each message already translated.
    #[error("invalid fields")]
    Invalid(FormErrors),
    /// A change asked with an API token made for reading only.
    #[error("read-only token")]
    TokenReadOnly,
    /// An API change without `If-Match` (the version it starts from).
    #[error("version required")]
    VersionRequired,
    /// An API change from a version that is no longer the record's: the
    /// current record goes back with the refusal.
    #[error("stale version")]
    Stale(Box<serde_json::Value>),
    /// Too many API requests; try again in this many seconds.
    #[error("rate limited")]
    RateLimited(i64),
    /// A service the answer needs is down (the search engine); message
    /// already translated.
    #[error("unavailable: {0}")]
    Unavailable(String),
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) | AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::VersionRequired => StatusCode::PRECONDITION_REQUIRED,
            AppError::Stale(_) => StatusCode::PRECONDITION_FAILED,
            AppError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Forbidden
            | AppError::ReadOnly
            | AppError::CsrfRejected
            | AppError::TokenReadOnly => StatusCode::FORBIDDEN,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
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
            AppError::Invalid(_) => (ctx.t("error-bad-request-title"), ctx.t("form-has-errors")),
            AppError::TokenReadOnly => {
                (ctx.t("error-forbidden-title"), ctx.t("api-token-read-only"))
            }
            AppError::VersionRequired => (
                ctx.t("error-bad-request-title"),
                ctx.t("api-version-required"),
            ),
            AppError::Stale(_) => (ctx.t("error-conflict-title"), ctx.t("api-stale-version")),
            AppError::RateLimited(seconds) => (
                ctx.t("error-too-many-title"),
                ctx.t_args("api-rate-limited", &[super::i18n::arg("seconds", *seconds)]),
            ),
            AppError::Unavailable(message) => (ctx.t("error-unavailable-title"), message.clone()),
            AppError::Database(_) | AppError::Internal(_) => {
                (ctx.t("error-internal-title"), ctx.t("error-internal"))
            }
        };
        if crate::api::is_api(&ctx.path) {
            // A script has no login page: it is told what to send instead.
            let (title, message) = match &self {
                AppError::Unauthorized => (ctx.t("api-token-title"), ctx.t("api-token-required")),
                _ => (title, message),
            };
            let mut problem = crate::api::problem::Problem::new(status, title, message);
            match self {
                AppError::Invalid(errors) => problem = problem.with_errors(&errors),
                AppError::Stale(current) => problem.current = Some(*current),
                AppError::RateLimited(seconds) => problem.retry_after = Some(seconds),
                _ => {}
            }
            return problem.into_response();
        }
        if ctx.wants_json {
            let body = json!({ "error": { "status": status.as_u16(), "title": title, "message": message } });
            return (status, Json(body)).into_response();
        }
        let errors = match &self {
            AppError::Invalid(errors) => errors.iter().map(|(_, m)| m.clone()).collect(),
            _ => Vec::new(),
        };
        let body = html! {
            h1 { (title) }
            p role="alert" { (message) }
            @if !errors.is_empty() {
                ul { @for error in &errors { li { (error) } } }
            }
            p { a href="/" { (ctx.t("error-back-home")) } }
        };
        (status, layout::page(&ctx, &title, body)).into_response()
    }
}
