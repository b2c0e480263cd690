//! One-time messages after an action ("Organisation enregistrée."): the
//! redirect sets a short-lived cookie naming the message, the next page
//! shows it and the guard clears the cookie. Only a message key travels,
//! never text, so the cookie cannot carry markup.

use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::context::cookie;

pub const FLASH_COOKIE: &str = "relais_flash";

/// A 303 to `location` that shows `message` (a `flash-…` key) there.
pub fn redirect_with(location: &str, message: &'static str) -> Response {
    debug_assert!(is_message_key(message), "{message} is not a flash key");
    let cookie = format!("{FLASH_COOKIE}={message}; Path=/; Max-Age=60; SameSite=Lax; HttpOnly");
    (
        StatusCode::SEE_OTHER,
        [(LOCATION, location.to_owned()), (SET_COOKIE, cookie)],
    )
        .into_response()
}

/// The message waiting for this request, if any.
pub fn pending(headers: &HeaderMap) -> Option<String> {
    cookie(headers, FLASH_COOKIE)
        .filter(|key| is_message_key(key))
        .map(str::to_owned)
}

/// Removes the message once a page has shown it.
pub fn clear(response: &mut Response) {
    let value = format!("{FLASH_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly");
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().append(SET_COOKIE, value);
    }
}

fn is_message_key(key: &str) -> bool {
    key.starts_with("flash-") && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
}
