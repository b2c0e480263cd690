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

/// Records per page of a list unless `limit` says otherwise, and at most.
pub(crate) const DEFAULT_LIMIT: u64 = 50;
pub(crate) const MAX_LIMIT: u64 = 200;

/// A list's `limit` and `cursor` (the last id of the previous page), read
/// with the list's other parameters; refused ones are named in `f`.
pub(crate) fn paging(
    f: &mut crate::web::forms::Fields<'_>,
    limit: &str,
    cursor: &str,
) -> (u64, Option<i32>) {
    let limit = f.optional_number("limit", limit, 1..=MAX_LIMIT as i32, "api-limit-invalid");
    let cursor = f.optional_number("cursor", cursor, 0..=i32::MAX, "api-cursor-invalid");
    (limit.map_or(DEFAULT_LIMIT, |l| l as u64), cursor)
}

/// Cuts a page fetched with one record more than `limit` and returns the
/// cursor of the next page (the last id kept), `None` on the last page.
pub(crate) fn next_cursor<T>(
    page: &mut Vec<T>,
    limit: u64,
    id: impl Fn(&T) -> i32,
) -> Option<String> {
    (page.len() as u64 > limit).then(|| {
        page.truncate(limit as usize);
        page.last().map(|r| id(r).to_string()).unwrap_or_default()
    })
}
