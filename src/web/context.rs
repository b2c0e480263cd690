//! Per-request context: language, JSON or HTML, the signed-in user and the
//! CSRF token. The accounts guard builds it once per request; handlers
//! extract it as [`Ctx`], and [`super::AppError`] reads it (through a
//! task-local) to answer in the client's language and format.

use std::future::Future;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::{ACCEPT, ACCEPT_LANGUAGE, COOKIE};
use axum::http::request::Parts;

use super::error::AppError;
use super::i18n::Locale;
use crate::entities::Role;

/// Cookie remembering the language chosen with the switch.
pub const LANG_COOKIE: &str = "relais_lang";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

#[derive(Debug, Clone)]
pub struct Ctx {
    pub locale: Locale,
    pub wants_json: bool,
    /// Path and query of the current page, to come back after an action.
    pub path: String,
    pub user: Option<CurrentUser>,
    /// Token that state-changing forms must send back (`_csrf`).
    pub csrf_token: String,
    /// Key of the one-time message to show (see [`super::flash`]).
    pub flash: Option<String>,
}

impl Ctx {
    pub fn t(&self, key: &str) -> String {
        self.locale.t(key)
    }

    /// The translation of `key` with `{ $name }` arguments.
    pub fn t_args(
        &self,
        key: &str,
        args: &[(
            &'static str,
            fluent_templates::fluent_bundle::FluentValue<'static>,
        )],
    ) -> String {
        self.locale.t_args(key, args)
    }

    /// A context from headers alone (no user yet).
    pub fn from_headers(headers: &HeaderMap, path: String) -> Self {
        Ctx {
            locale: locale_from_headers(headers, None),
            wants_json: wants_json(headers),
            path,
            user: None,
            csrf_token: String::new(),
            flash: super::flash::pending(headers),
        }
    }

    /// Re-resolves the language once the user (and their preference) is known.
    pub fn with_user(
        mut self,
        headers: &HeaderMap,
        user: Option<CurrentUser>,
        user_locale: Option<&str>,
    ) -> Self {
        self.locale = locale_from_headers(headers, user_locale);
        self.user = user;
        self
    }

    /// The signed-in user, or 403 for handlers reached without one.
    pub fn user(&self) -> Result<&CurrentUser, AppError> {
        self.user.as_ref().ok_or(AppError::Forbidden)
    }

    /// Id of the signed-in user, recorded as the author of changes.
    pub fn actor_id(&self) -> Option<i32> {
        self.user.as_ref().map(|u| u.id)
    }

    pub fn can_write(&self) -> bool {
        matches!(
            self.user.as_ref().map(|u| u.role),
            Some(Role::Admin | Role::Volunteer)
        )
    }

    pub fn is_admin(&self) -> bool {
        matches!(self.user.as_ref().map(|u| u.role), Some(Role::Admin))
    }

    pub fn require_admin(&self) -> Result<&CurrentUser, AppError> {
        match &self.user {
            Some(user) if user.role == Role::Admin => Ok(user),
            _ => Err(AppError::Forbidden),
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

/// Runs `future` with `ctx` as the current context.
pub async fn scope<F: Future>(ctx: Ctx, future: F) -> F::Output {
    CURRENT.scope(ctx, future).await
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

/// Value of a cookie in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

/// The language switch's cookie, then the user's saved preference, then
/// Accept-Language, then French.
fn locale_from_headers(headers: &HeaderMap, user_locale: Option<&str>) -> Locale {
    cookie(headers, LANG_COOKIE)
        .and_then(Locale::from_code)
        .or_else(|| user_locale.and_then(Locale::from_code))
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or_default()
}
