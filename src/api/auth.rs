//! The API's own guard, in front of every `/api/…` request (the accounts
//! guard lets them through): the request context from `Accept-Language`
//! alone, `Authorization: Bearer …` resolved to a live token of an active
//! user, the per-token rate limit, and the token's and role's right to
//! write. Whatever answers with an error that is not already a problem
//! (axum's refusals of a path or a body) is turned into one.

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT_LANGUAGE, AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::problem::{CONTENT_TYPE_PROBLEM, Problem};
use super::{is_api, tokens};
use crate::app::AppState;
use crate::web::context::{self, Ctx, CurrentUser};
use crate::web::{AppError, Locale};

/// Paths of the API anyone may read: the description of the interface.
pub fn is_public(path: &str) -> bool {
    path == super::docs::DOCUMENT_PATH
}

pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !is_api(request.uri().path()) {
        return next.run(request).await;
    }
    let ctx = context_of(request.headers(), request.uri());
    let writes = is_unsafe(request.method());
    context::scope(ctx.clone(), async move {
        let response = match authenticate(&state, ctx, request).await {
            Ok(request) => {
                let response = next.run(request).await;
                if writes {
                    // As the accounts guard does after a write: what this
                    // instance keeps in memory is checked again at once.
                    state.changes_written();
                }
                response
            }
            Err(error) => error.into_response(),
        };
        as_problem(response).await
    })
    .await
}

/// The context of an API request: its language from `Accept-Language`
/// only (no cookie), JSON answers, no user yet.
fn context_of(headers: &HeaderMap, uri: &axum::http::Uri) -> Ctx {
    let path = uri
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_else(|| uri.path().to_owned());
    let mut ctx = Ctx::from_headers(&HeaderMap::new(), path);
    ctx.locale = headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_accept_language)
        .unwrap_or_default();
    ctx.wants_json = true;
    ctx
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The request with its context (the token's user) attached, or why not.
async fn authenticate(
    state: &AppState,
    mut ctx: Ctx,
    mut request: Request,
) -> Result<Request, AppError> {
    let query: Vec<(String, String)> =
        serde_urlencoded::from_str(request.uri().query().unwrap_or_default()).unwrap_or_default();
    for (name, value) in &query {
        crate::accounts::guard::check_field(name, value).map_err(AppError::BadRequest)?;
    }
    if is_public(request.uri().path()) {
        request.extensions_mut().insert(ctx);
        return Ok(request);
    }
    let secret = bearer(request.headers()).ok_or(AppError::Unauthorized)?;
    let (token, user) = tokens::resolve(&state.db, secret)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if let Err(seconds) =
        tokens::count_request(&state.db, token.id, state.config.api_requests_per_minute).await?
    {
        return Err(AppError::RateLimited(seconds));
    }
    ctx.user = Some(CurrentUser {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        role: user.role,
    });
    if is_unsafe(request.method()) {
        if !ctx.can_write() {
            return Err(AppError::ReadOnly);
        }
        if !token.can_write {
            return Err(AppError::TokenReadOnly);
        }
    }
    request.extensions_mut().insert(ctx.clone());
    // Handlers and errors further on see the user too.
    Ok(request)
}

/// An error answer that is not a problem yet (axum's own: unknown path,
/// method not allowed, unreadable JSON) becomes one, its text as detail.
async fn as_problem(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(CONTENT_TYPE_PROBLEM));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = to_bytes(body, 64 * 1024).await.unwrap_or_default();
    let detail = String::from_utf8_lossy(&text).trim().to_owned();
    let mut answer = Problem::for_status(status, detail).into_response();
    if let Some(allow) = parts.headers.get(axum::http::header::ALLOW) {
        answer
            .headers_mut()
            .insert(axum::http::header::ALLOW, allow.clone());
    }
    answer
}
