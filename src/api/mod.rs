//! The JSON API under `/api/v1`: personal API tokens (bearer
//! authentication, rate limit), errors as RFC 9457 problems, the
//! operations on records (one module per resource, calling the areas'
//! forms and stores — never the ORM — so validation, roles, audit entries
//! and search updates are those of the pages), and the OpenAPI document
//! generated from those handlers. Owns the `api_tokens` and
//! `api_rate_windows` tables. Uses no session cookie and no CSRF token.

pub mod auth;
pub mod campaigns;
pub mod docs;
pub mod events;
pub mod interactions;
pub mod organisations;
pub mod people;
pub mod problem;
mod routes;
pub mod search;
pub mod tokens;
pub mod webhooks;
pub mod workshops;

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

/// The version named by `If-Match` (`"3"`, `W/"3"` or `3`): required on
/// every change of a versioned record.
pub(crate) fn if_match(headers: &axum::http::HeaderMap) -> crate::web::AppResult<i32> {
    use crate::web::AppError;
    let value = headers
        .get(axum::http::header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .ok_or(AppError::VersionRequired)?;
    let first = value.split(',').next().unwrap_or_default().trim();
    let first = first.strip_prefix("W/").unwrap_or(first);
    first
        .trim_matches('"')
        .parse::<i32>()
        .map_err(|_| AppError::VersionRequired)
}

/// The refusal of a change made from an old version, with the record as
/// it is now (`412`).
pub(crate) fn stale(current: impl serde::Serialize) -> crate::web::AppError {
    crate::web::AppError::Stale(Box::new(serde_json::to_value(current).unwrap_or_default()))
}

/// `201 Created` with the record, its version as `ETag` and its address.
pub(crate) fn created(
    body: impl serde::Serialize,
    version: i32,
    location: &str,
) -> axum::response::Response {
    let mut response = with_etag(axum::http::StatusCode::CREATED, body, version);
    if let Ok(value) = axum::http::HeaderValue::from_str(location) {
        response
            .headers_mut()
            .insert(axum::http::header::LOCATION, value);
    }
    response
}

/// A JSON body read into `T`; a value of the wrong type is refused naming
/// its field (`422`), an unreadable body as a whole (`400`-like problem).
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(
    ctx: &crate::web::Ctx,
    bytes: &[u8],
) -> crate::web::AppResult<T> {
    use crate::web::AppError;
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|err| {
        let field = err.path().to_string();
        let inner = err.into_inner();
        if field == "." || inner.is_syntax() || inner.is_eof() {
            return AppError::BadRequest(ctx.t("api-body-unreadable"));
        }
        let mut errors = crate::web::forms::FormErrors::default();
        errors.add(&field, ctx.t("api-field-wrong-type"));
        AppError::Invalid(errors)
    })
}

/// The fields a body stands for, held to the limits every form field is
/// held to by the request guard (length, control characters).
pub(crate) fn checked_fields(
    fields: Vec<(String, String)>,
) -> crate::web::AppResult<Vec<(String, String)>> {
    let mut errors = crate::web::forms::FormErrors::default();
    for (name, value) in &fields {
        if let Err(message) = crate::accounts::guard::check_field(name, value) {
            errors.add(name, message);
        }
    }
    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(crate::web::AppError::Invalid(errors))
    }
}

/// The page's form read from these fields, exactly as the HTML form's
/// posted fields are read (`Form<…>`): so the form's reader, and its
/// rules, serve the API too.
pub(crate) fn form_of<F: serde::de::DeserializeOwned + Default>(fields: &[(String, String)]) -> F {
    serde_urlencoded::to_string(fields)
        .ok()
        .and_then(|q| serde_urlencoded::from_str(&q).ok())
        .unwrap_or_default()
}

/// `(name, value)` of an optional text, blank when absent.
pub(crate) fn text_field(name: &str, value: &Option<String>) -> (String, String) {
    (name.to_owned(), value.clone().unwrap_or_default())
}

/// `(name, value)` of an optional id or number, blank when absent.
pub(crate) fn number_field(name: &str, value: Option<impl ToString>) -> (String, String) {
    (
        name.to_owned(),
        value.map(|v| v.to_string()).unwrap_or_default(),
    )
}

/// `(name, "on")` for a ticked box, nothing otherwise: how a form posts it.
pub(crate) fn flag_field(name: &str, on: bool) -> Option<(String, String)> {
    on.then(|| (name.to_owned(), "on".to_owned()))
}

/// A form's errors with the field `from` named `to`, as the API names it.
pub(crate) fn renamed(
    errors: crate::web::forms::FormErrors,
    from: &str,
    to: &str,
) -> crate::web::forms::FormErrors {
    let mut named = crate::web::forms::FormErrors::default();
    for (field, message) in errors.iter() {
        named.add(if field == from { to } else { field }, message.clone());
    }
    named
}

/// The text of an optional query parameter.
pub(crate) fn param(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue, header::IF_MATCH};

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(IF_MATCH, HeaderValue::from_str(value).expect("header"));
        headers
    }

    #[test]
    fn if_match_names_the_version_in_any_usual_spelling() {
        use crate::web::AppError;
        assert_eq!(if_match(&headers("\"3\"")).ok(), Some(3));
        assert_eq!(if_match(&headers("W/\"4\"")).ok(), Some(4));
        assert_eq!(if_match(&headers("5")).ok(), Some(5));
        assert_eq!(if_match(&headers("\"6\", \"7\"")).ok(), Some(6));
        assert!(matches!(
            if_match(&headers("*")),
            Err(AppError::VersionRequired)
        ));
        assert!(matches!(
            if_match(&HeaderMap::new()),
            Err(AppError::VersionRequired)
        ));
    }
}
