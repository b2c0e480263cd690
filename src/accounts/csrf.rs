//! CSRF protection: the token a form carries is an HMAC, under a server
//! secret, of the session it belongs to (or, before login, of a random
//! cookie). An attacker who plants a cookie cannot compute the matching
//! token; a new session (login) means a new token. State-changing requests
//! a browser says come from another site are refused before any token is
//! looked at.

use axum::http::HeaderMap;
use hmac::{Hmac, Mac};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};
use sha2::Sha256;

use super::tokens;
use crate::entities::setting;

/// The settings row holding the secret, shared by every instance.
const SECRET_KEY: &str = "csrf_secret";

#[derive(Clone)]
pub struct CsrfKey(Vec<u8>);

impl std::fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfKey(…)")
    }
}

/// What a token is bound to.
pub enum Binding<'a> {
    /// The signed-in session's cookie token.
    Session(&'a str),
    /// Before login: the random `relais_csrf` cookie.
    Anonymous(&'a str),
}

impl CsrfKey {
    /// The instances' shared secret: created by whichever instance starts
    /// first (a concurrent start keeps the row already written).
    pub async fn load_or_create(db: &impl ConnectionTrait) -> Result<CsrfKey, DbErr> {
        let candidate = setting::ActiveModel {
            key: Set(SECRET_KEY.to_owned()),
            value: Set(tokens::random_token()),
            updated_at: Set(crate::clock::now()),
        };
        setting::Entity::insert(candidate)
            .on_conflict(
                OnConflict::column(setting::Column::Key)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        let stored = setting::Entity::find_by_id(SECRET_KEY.to_owned())
            .one(db)
            .await?
            .ok_or_else(|| DbErr::RecordNotFound(SECRET_KEY.into()))?;
        Ok(CsrfKey(stored.value.into_bytes()))
    }

    #[cfg(test)]
    fn fixed(secret: &str) -> CsrfKey {
        CsrfKey(secret.as_bytes().to_vec())
    }

    pub fn token(&self, binding: Binding<'_>) -> String {
        let (kind, value) = match binding {
            Binding::Session(token) => ("session", token),
            Binding::Anonymous(nonce) => ("anonymous", nonce),
        };
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            // HMAC takes keys of any length; this branch cannot be reached.
            return tokens::random_token();
        };
        mac.update(kind.as_bytes());
        mac.update(b":");
        mac.update(value.as_bytes());
        tokens::hex(&mac.finalize().into_bytes())
    }
}

/// Whether the browser says this request comes from another site: a
/// `Sec-Fetch-Site` other than same-origin (or `none`, typed by the user),
/// or an `Origin` whose host is not the one the request was sent to.
pub fn from_another_site(headers: &HeaderMap) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site")
        && !matches!(site, "same-origin" | "none")
    {
        return true;
    }
    let Some(origin) = header("origin") else {
        return false;
    };
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest.trim_end_matches('/'));
    let host = header("x-forwarded-host").or(header("host"));
    match (origin_host, host) {
        (Some(origin_host), Some(host)) => !origin_host.eq_ignore_ascii_case(host),
        // `Origin: null` (sandboxed frames, some redirects) or no host to compare.
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_depend_on_the_secret_and_the_binding() {
        let key = CsrfKey::fixed("secret");
        let a = key.token(Binding::Session("abc"));
        assert_eq!(a.len(), 64);
        assert_eq!(a, key.token(Binding::Session("abc")));
        assert_ne!(a, key.token(Binding::Session("abd")));
        assert_ne!(a, key.token(Binding::Anonymous("abc")));
        assert_ne!(a, CsrfKey::fixed("other").token(Binding::Session("abc")));
    }

    #[test]
    fn requests_from_another_site_are_recognised() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(*k, v.parse().expect("value"));
            }
            h
        };
        assert!(!from_another_site(&headers(&[("host", "relais.test")])));
        assert!(!from_another_site(&headers(&[
            ("host", "relais.test"),
            ("origin", "https://relais.test"),
            ("sec-fetch-site", "same-origin"),
        ])));
        assert!(from_another_site(&headers(&[
            ("host", "relais.test"),
            ("sec-fetch-site", "cross-site"),
        ])));
        assert!(from_another_site(&headers(&[
            ("host", "relais.test"),
            ("sec-fetch-site", "same-site"),
        ])));
        assert!(from_another_site(&headers(&[
            ("host", "relais.test"),
            ("origin", "https://evil.example"),
        ])));
        assert!(from_another_site(&headers(&[
            ("host", "relais.test"),
            ("origin", "null"),
        ])));
    }
}
