//! The JSON API under `/api/v1`: personal API tokens (bearer
//! authentication, rate limit), errors as RFC 9457 problems, the
//! operations on records (one module per resource, calling the areas'
//! forms and stores — never the ORM — so validation, roles, audit entries
//! and search updates are those of the pages), and the OpenAPI document
//! generated from those handlers. Owns the `api_tokens` and
//! `api_rate_windows` tables. Uses no session cookie and no CSRF token.

pub mod auth;
pub mod docs;
pub mod organisations;
pub mod people;
pub mod problem;
mod routes;
pub mod search;
pub mod tokens;

pub use routes::routes;

/// Whether a path belongs to the API (and so to its own authentication).
pub fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// `body` as JSON with `version` as its `ETag`.
pub(crate) fn with_etag(
    status: axum::http::StatusCode,
    body: impl serde::Serialize,
    version: i32,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut response = (status, axum::Json(body)).into_response();
    if let Ok(value) = axum::http::HeaderValue::from_str(&format!("\"{version}\"")) {
        response
            .headers_mut()
            .insert(axum::http::header::ETAG, value);
    }
    response
}
