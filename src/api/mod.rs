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
pub mod problem;
mod routes;
pub mod tokens;

pub use routes::routes;

/// Whether a path belongs to the API (and so to its own authentication).
pub fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}
