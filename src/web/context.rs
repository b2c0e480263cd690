//! Per-request context: the interface language and whether the client wants
//! JSON. A middleware computes it once; handlers extract it as [`Ctx`], and
//! [`super::AppError`] reads it (through a task-local) to answer in the
//! client's language and format.

use axum::extract::{FromRequestParts, Request};
use axum::http::HeaderMap;
use axum::http::header::{ACCEPT, ACCEPT_LANGUAGE, COOKIE};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;

use super::i18n::Locale;

/// Name of the cookie remembering the language chosen with the switch.
pub const LANG_COOKIE: &str = "relais_lang";

#[derive(Debug, Clone)]
pub struct Ctx {
    pub locale: Locale,
    pub wants_json: bool,
    /// Path and query of the current page, to come back after an action.
    pub path: String,
}

impl Ctx {
    pub fn t(&self, key: &str) -> String {
        self.locale.t(key)
    }

    pub fn from_headers(headers: &HeaderMap, path: String) -> Self {
        Ctx {
            locale: locale_from_headers(headers),
            wants_json: wants_json(headers),
            path,
        }
    }
}

tokio::task_local! {
    static CURRENT: Ctx;
}

/// The context of the request being handled, or French HTML defaults.
pub fn current() -> Ctx {
    CURRENT
        .try_with(Clone::clone)
        .unwrap_or_else(|_| Ctx::from_headers(&HeaderMap::new(), "/".into()))
}

pub async fn middleware(mut request: Request, next: Next) -> Response {
    let path = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_else(|| "/".into());
    let ctx = Ctx::from_headers(request.headers(), path);
    request.extensions_mut().insert(ctx.clone());
    CURRENT.scope(ctx, next.run(request)).await
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .unwrap_or_else(|| Ctx::from_headers(&parts.headers, parts.uri.path().to_owned())))
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(|accept| {
            let accept = accept.to_ascii_lowercase();
            accept.contains("application/json") && !accept.contains("text/html")
        })
        .unwrap_or(false)
}

/// The language switch's cookie first, then Accept-Language, then French.
fn locale_from_headers(headers: &HeaderMap) -> Locale {
    let from_cookie = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Locale::from_code(value));
    from_cookie
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or_default()
}
