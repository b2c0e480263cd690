//! Errors of the API as RFC 9457 problems (`application/problem+json`):
//! `type`, `title`, `status`, `detail`, and for refused input `errors`
//! naming each field. Built by [`crate::web::AppError`] on API paths, so
//! the API has no error type of its own; texts come translated.

use axum::http::header::{CONTENT_LANGUAGE, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::web::context;
use crate::web::forms::FormErrors;

pub const CONTENT_TYPE_PROBLEM: &str = "application/problem+json";

/// One refused field: its name as in the request body or query, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldError {
    /// The field, e.g. `name`, `latitude` or `channels[0].kind`.
    pub field: String,
    /// Why it is refused, in the language asked for.
    pub message: String,
    /// When a name matched several records (a commune and its
    /// namesakes): the ones to choose from; send back the `id` chosen.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
}

/// A record offered for a refused, ambiguous name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Choice {
    pub id: i32,
    pub label: String,
    /// What tells it from the others (postcode, département…).
    pub detail: String,
}

/// An RFC 9457 problem.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem (`about:blank` when the
    /// status says it all).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The refused fields (validation problems only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
    /// The record as it is now (a stale `If-Match` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub current: Option<serde_json::Value>,
    /// Seconds to wait (also in the `Retry-After` header); rate limit only.
    #[serde(skip)]
    pub retry_after: Option<i64>,
}

impl Problem {
    pub fn new(status: StatusCode, title: String, detail: String) -> Self {
        let kind = match status {
            StatusCode::UNPROCESSABLE_ENTITY => "/api/v1/problems/invalid",
            StatusCode::PRECONDITION_FAILED => "/api/v1/problems/stale-version",
            StatusCode::PRECONDITION_REQUIRED => "/api/v1/problems/version-required",
            StatusCode::TOO_MANY_REQUESTS => "/api/v1/problems/rate-limited",
            _ => "about:blank",
        };
        Problem {
            kind: kind.to_owned(),
            title,
            status: status.as_u16(),
            detail,
            errors: None,
            current: None,
            retry_after: None,
        }
    }

    /// A problem for a bare status (axum's own refusals: unknown route,
    /// wrong method, unreadable path or query), titled in the request's
    /// language where the app has a title for it.
    pub fn for_status(status: StatusCode, detail: String) -> Self {
        let key = match status {
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => {
                Some("error-bad-request-title")
            }
            StatusCode::NOT_FOUND => Some("error-not-found-title"),
            StatusCode::FORBIDDEN => Some("error-forbidden-title"),
            _ if status.is_server_error() => Some("error-internal-title"),
            _ => None,
        };
        let title = match key {
            Some(key) => context::current().t(key),
            None => status.canonical_reason().unwrap_or("Error").to_owned(),
        };
        Problem::new(status, title, detail)
    }

    /// The form reader's errors, field by field.
    pub fn with_errors(mut self, errors: &FormErrors) -> Self {
        self.errors = Some(
            errors
                .iter()
                .map(|(field, message)| FieldError {
                    field: api_field_name(field),
                    message: message.clone(),
                    choices: errors
                        .candidates(field)
                        .iter()
                        .map(|c| Choice {
                            id: c.id,
                            label: c.label.clone(),
                            detail: c.detail.clone(),
                        })
                        .collect(),
                })
                .collect(),
        );
        self
    }
}

/// The form's name of a field as the API names it: the rows of a form
/// (`channel-2-kind`, `objective-0-title`) are arrays in JSON
/// (`channels[2].kind`, `objectives[0].title`).
pub fn api_field_name(form_field: &str) -> String {
    for (row, array) in [("channel-", "channels"), ("objective-", "objectives")] {
        if let Some(rest) = form_field.strip_prefix(row)
            && let Some((index, field)) = rest.split_once('-')
            && index.parse::<usize>().is_ok()
        {
            return format!("{array}[{index}].{field}");
        }
    }
    form_field.to_owned()
}

/// The refusals a read may answer, declared once for every reading
/// operation of the document (each adds its own others).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Only its declaration is used: by the document.
pub enum ReadRefused {
    #[response(
        status = 400,
        description = "Malformed request",
        content_type = "application/problem+json"
    )]
    Malformed(Problem),
    #[response(
        status = 401,
        description = "No valid token",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    #[response(
        status = 404,
        description = "No such record (or an erased person)",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    #[response(
        status = 422,
        description = "A parameter is refused, each named",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
    #[response(
        status = 429,
        description = "Too many requests for this token",
        content_type = "application/problem+json"
    )]
    RateLimited(Problem),
}

/// The refusals a change may answer, declared once for every writing
/// operation of the document (each adds its own `409` where it has one).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Only its declaration is used: by the document.
pub enum ChangeRefused {
    #[response(
        status = 400,
        description = "Malformed request",
        content_type = "application/problem+json"
    )]
    Malformed(Problem),
    #[response(
        status = 401,
        description = "No valid token",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "Read-only token or account",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(
        status = 404,
        description = "No such record",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    #[response(
        status = 412,
        description = "Changed meanwhile: the current record is in `current`",
        content_type = "application/problem+json"
    )]
    Stale(Problem),
    #[response(
        status = 422,
        description = "Refused fields, each named",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
    #[response(
        status = 428,
        description = "No If-Match",
        content_type = "application/problem+json"
    )]
    VersionRequired(Problem),
    #[response(
        status = 429,
        description = "Too many requests for this token",
        content_type = "application/problem+json"
    )]
    RateLimited(Problem),
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = self.retry_after;
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE_PROBLEM));
        headers.insert(
            CONTENT_LANGUAGE,
            HeaderValue::from_static(context::current().locale.code()),
        );
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            headers.insert(RETRY_AFTER, value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_rows_are_named_as_json_array_items() {
        assert_eq!(api_field_name("channel-2-kind"), "channels[2].kind");
        assert_eq!(api_field_name("name"), "name");
        assert_eq!(api_field_name("region_code"), "region_code");
        assert_eq!(api_field_name("objective-0-title"), "objectives[0].title");
        assert_eq!(api_field_name("objective-x"), "objective-x");
    }
}
