//! The guard in front of every route: builds the request context (language,
//! user, CSRF token) and enforces access. Public routes are listed here and
//! only here; everything else needs a signed-in user, `/admin` needs an
//! administrator, viewers cannot change anything, and every state-changing
//! request must carry the CSRF token. The JSON API (`/api/…`) is not
//! behind this guard: it uses neither session cookies nor CSRF tokens and
//! authenticates each request by its bearer token (`crate::api::auth`).

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Duration;

use super::sessions::{self, CSRF_COOKIE, SESSION_COOKIE};
use super::{csrf, store, tokens};
use crate::app::AppState;
use crate::values::limits;
use crate::web::context::{self, Ctx, CurrentUser, cookie};
use crate::web::forms::CSRF_FIELD;
use crate::web::{AppError, flash, layout};

/// Routes anyone may open.
pub fn is_public(path: &str) -> bool {
    matches!(path, "/login" | "/setup" | "/health" | "/events.ics")
        || path.starts_with("/assets/")
        || path.starts_with("/lang/")
        || path.starts_with("/invitations/")
}

/// State-changing routes a viewer may still use (their own session).
pub fn viewer_may_post(path: &str) -> bool {
    // Their session, their own calendar feed address and API tokens.
    path == "/logout"
        || path == "/account/feed"
        || path == "/account/commune"
        || path.starts_with("/account/tokens")
}

/// Largest urlencoded form the guard reads to find the CSRF token.
const FORM_LIMIT: usize = 2 * 1024 * 1024;

pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // Assets are the same for everyone: no session, no context. The API
    // checks its own bearer tokens and never reads the session cookie.
    let path = request.uri().path();
    if path.starts_with("/assets/") || crate::api::is_api(path) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_else(|| path.clone());
    let mut ctx = Ctx::from_headers(&parts.headers, path_and_query.clone());

    let session_token = cookie(&parts.headers, SESSION_COOKIE);
    let signed_in = match session_token {
        Some(token) => sessions::resolve(&state.db, &state.sessions, token, state.lifetimes).await,
        None => Ok(None),
    };
    let signed_in = match signed_in {
        Ok(user) => user,
        Err(err) => {
            return context::scope(ctx, async { AppError::from(err).into_response() }).await;
        }
    };
    let user_locale = signed_in.as_ref().and_then(|u| u.locale.clone());
    let current = signed_in.map(|u| CurrentUser {
        id: u.id,
        email: u.email,
        display_name: u.display_name,
        role: u.role,
    });
    ctx = ctx.with_user(&parts.headers, current, user_locale.as_deref());

    // Bound to the session once signed in, to a random cookie before.
    let nonce = cookie(&parts.headers, CSRF_COOKIE)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_owned);
    let new_nonce = nonce.is_none();
    let nonce = nonce.unwrap_or_else(tokens::random_token);
    ctx.csrf_token = match (&ctx.user, session_token) {
        (Some(_), Some(session)) => state.csrf.token(csrf::Binding::Session(session)),
        _ => state.csrf.token(csrf::Binding::Anonymous(&nonce)),
    };

    let secure = is_https(&parts.headers, &state);
    let response = context::scope(ctx.clone(), async {
        if let Some(refusal) = refuse(&state, &parts.method, &path, &path_and_query, &ctx).await {
            return refusal;
        }
        let query = parse_fields(parts.uri.query().unwrap_or_default().as_bytes());
        let (body, form) = match read_form(&parts.headers, body).await {
            Ok(read) => read,
            Err(refusal) => return refusal,
        };
        if is_unsafe(&parts.method) {
            if csrf::from_another_site(&parts.headers) {
                return AppError::CsrfRejected.into_response();
            }
            if !csrf_matches(&parts.headers, &query, form.as_deref(), &ctx.csrf_token) {
                return AppError::CsrfRejected.into_response();
            }
        }
        let fields = query.iter().chain(form.iter().flatten());
        if let Err(message) = check_fields(fields) {
            return AppError::BadRequest(message).into_response();
        }
        parts.extensions.insert(ctx.clone());
        let writes = is_unsafe(&parts.method);
        let response = next.run(Request::from_parts(parts, body)).await;
        if writes {
            // What this instance keeps in memory is checked again at once.
            state.changes_written();
        }
        response
    })
    .await;

    let mut response = response;
    // The page that showed the one-time message clears it.
    let shown = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if ctx.flash.is_some() && shown && !response.status().is_redirection() {
        flash::clear(&mut response);
    }
    if new_nonce {
        let value = sessions::cookie(CSRF_COOKIE, &nonce, None, secure);
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether cookies must be `Secure`: the public URL or the proxy says HTTPS.
pub fn is_https(headers: &HeaderMap, state: &AppState) -> bool {
    state
        .config
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"))
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// The response refusing this request, if it is not allowed.
async fn refuse(
    state: &AppState,
    method: &Method,
    path: &str,
    path_and_query: &str,
    ctx: &Ctx,
) -> Option<Response> {
    if is_public(path) {
        return None;
    }
    let Some(user) = &ctx.user else {
        if !state.has_users().await {
            return Some(redirect("/setup"));
        }
        if *method == Method::GET && !ctx.wants_json {
            let target = format!("/login?next={}", layout::url_encode(path_and_query));
            return Some(redirect(&target));
        }
        return Some(AppError::Unauthorized.into_response());
    };
    let admin_page = path == "/admin" || path.starts_with("/admin/");
    if admin_page && user.role != crate::entities::Role::Admin {
        return Some(AppError::Forbidden.into_response());
    }
    if is_unsafe(method) && !ctx.can_write() && !viewer_may_post(path) {
        return Some(AppError::ReadOnly.into_response());
    }
    None
}

pub fn redirect(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, location.to_owned())]).into_response()
}

type Fields = Vec<(String, String)>;

/// An urlencoded form body, read so its fields can be checked; the body is
/// handed on re-assembled. Other bodies (uploads) pass untouched.
async fn read_form(headers: &HeaderMap, body: Body) -> Result<(Body, Option<Fields>), Response> {
    let is_form = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok((body, None));
    }
    let bytes = to_bytes(body, FORM_LIMIT).await.map_err(|_| {
        AppError::BadRequest(context::current().t("error-form-too-large")).into_response()
    })?;
    let fields = parse_fields(&bytes);
    Ok((Body::from(bytes), Some(fields)))
}

/// Decoded `name=value` pairs; the decoding is lossy (invalid UTF-8 is
/// replaced), so it never fails: the handlers say what is wrong.
fn parse_fields(urlencoded: &[u8]) -> Fields {
    serde_urlencoded::from_bytes::<Fields>(urlencoded).unwrap_or_default()
}

/// Whether the submitted token (header, query, or urlencoded body field)
/// is the one this session expects.
fn csrf_matches(
    headers: &HeaderMap,
    query: &Fields,
    form: Option<&[(String, String)]>,
    expected: &str,
) -> bool {
    let field = |fields: &[(String, String)]| {
        fields
            .iter()
            .find(|(key, _)| key == CSRF_FIELD)
            .map(|(_, value)| value.clone())
    };
    let submitted = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| field(query))
        .or_else(|| form.and_then(field));
    submitted.is_some_and(|token| tokens::constant_time_eq(&token, expected))
}

/// Every query parameter and form field within its length limit and free
/// of control characters, whichever handler reads it: refused with a
/// message naming the field rather than stored (or failing in PostgreSQL).
fn check_fields<'a>(fields: impl Iterator<Item = &'a (String, String)>) -> Result<(), String> {
    for (name, value) in fields {
        check_field(name, value)?;
    }
    Ok(())
}

/// One field within its length limit and free of control characters (the
/// API checks the strings of its JSON bodies with it too).
pub fn check_field(name: &str, value: &str) -> Result<(), String> {
    let ctx = context::current();
    let shown_name = name.chars().take(40).collect::<String>();
    if name
        .chars()
        .chain(value.chars())
        .any(limits::is_forbidden_char)
    {
        return Err(ctx.locale.t_args(
            "error-control-character",
            &[crate::web::i18n::arg("field", shown_name)],
        ));
    }
    let max = limits::for_field(name);
    let length = value.chars().count();
    if length > max || name.chars().count() > limits::NAME {
        return Err(ctx.locale.t_args(
            "error-field-too-long",
            &[
                crate::web::i18n::arg("field", shown_name),
                crate::web::i18n::arg("max", max),
                crate::web::i18n::arg("length", length),
            ],
        ));
    }
    Ok(())
}

/// Cookie lifetime of a new session.
pub fn session_cookie(token: &str, state: &AppState, headers: &HeaderMap) -> String {
    sessions::cookie(
        SESSION_COOKIE,
        token,
        Some(state.lifetimes.absolute),
        is_https(headers, state),
    )
}

pub fn clear_session_cookie(state: &AppState, headers: &HeaderMap) -> String {
    sessions::cookie(
        SESSION_COOKIE,
        "",
        Some(Duration::zero()),
        is_https(headers, state),
    )
}

/// Whether any user exists (cached once true: users are never all deleted).
pub async fn any_user(state: &AppState) -> bool {
    store::count(&state.db)
        .await
        .map(|n| n > 0)
        .unwrap_or(false)
}
