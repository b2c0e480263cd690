//! What every response and every redirect owes the browser: security
//! headers, redirects only to this site's own pages, links only with
//! allowed schemes, and a panic turned into the error page.

use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, HeaderName, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use std::net::IpAddr;

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Scripts, styles and images from this site only; no inline script (the
/// app's behaviour lives in `assets/app.js`), no framing by anyone.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

/// Adds the security headers to every response (pages, assets, feeds,
/// errors), leaving any a handler set itself.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed: [(HeaderName, &'static str); 5] = [
        (CONTENT_SECURITY_POLICY, CSP),
        (X_FRAME_OPTIONS, "DENY"),
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ),
    ];
    for (name, value) in fixed {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}

/// `target` if it is a path of this site, safe to put in a `Location`
/// header. Browsers read `//host`, `/\host` and paths with tabs or line
/// breaks removed (`/\t/host`) as another site, so those are refused, as
/// is anything with a control character, a backslash or a scheme.
pub fn local_path(target: &str) -> Option<&str> {
    let mut chars = target.chars();
    let starts_local = chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'));
    let clean = target
        .chars()
        .all(|c| !c.is_control() && !c.is_whitespace() && c != '\\');
    (starts_local && clean).then_some(target)
}

/// [`local_path`], or the home page.
pub fn local_path_or_home(target: Option<&str>) -> String {
    target.and_then(local_path).unwrap_or("/").to_owned()
}

/// Schemes a link taken from the outside world may use.
const LINK_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// `url` if its scheme is allowed for a link (`http`, `https`, `mailto`,
/// `tel`): checked where data enters and again where a link is rendered.
/// Relative links are not accepted: data from outside names full addresses.
pub fn allowed_link(url: &str) -> Option<&str> {
    let url = url.trim();
    if url.chars().any(|c| c.is_control()) {
        return None;
    }
    let (scheme, rest) = url.split_once(':')?;
    let known = LINK_SCHEMES
        .iter()
        .any(|allowed| scheme.eq_ignore_ascii_case(allowed));
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    let has_host = rest.starts_with("//") && rest.len() > 2;
    (known && (!web || has_host) && !rest.is_empty()).then_some(url)
}

/// An address or a CIDR range (`10.0.0.0/8`, `::1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    pub fn parse(text: &str) -> Option<IpRange> {
        let (address, prefix) = match text.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (text.parse::<IpAddr>().ok()?, None),
        };
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(bits);
        (prefix <= bits).then_some(IpRange {
            network: address,
            prefix,
        })
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let mask = |bits: u32, width: u32| -> u128 {
            if bits == 0 {
                0
            } else {
                (u128::MAX << (width - bits)) & (u128::MAX >> (128 - width))
            }
        };
        match (self.network, canonical(address)) {
            (IpAddr::V4(net), IpAddr::V4(a)) => {
                let m = mask(u32::from(self.prefix), 32);
                u128::from(u32::from(net)) & m == u128::from(u32::from(a)) & m
            }
            (IpAddr::V6(net), IpAddr::V6(a)) => {
                let m = mask(u32::from(self.prefix), 128);
                u128::from(net) & m == u128::from(a) & m
            }
            _ => false,
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) is that IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// The client's address: the connection's, unless it comes from a trusted
/// proxy, in which case the nearest `X-Forwarded-For` entry that is not
/// itself a trusted proxy (entries further left can be forged by anyone).
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpRange]) -> IpAddr {
    let is_trusted = |a: IpAddr| trusted.iter().any(|range| range.contains(a));
    if !is_trusted(peer) {
        return canonical(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .collect();
    forwarded
        .into_iter()
        .rev()
        .find(|a| !is_trusted(*a))
        .map_or(canonical(peer), canonical)
}

/// The answer when a handler panicked: the error page (500), logged, rather
/// than a dropped connection.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = detail, "a request handler panicked");
    let mut response = super::AppError::Internal(format!("panic: {detail}")).into_response();
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_redirect_targets() {
        for good in ["/", "/organisations?q=a", "/people/3#notes", "/a//b"] {
            assert_eq!(local_path(good), Some(good), "{good:?}");
        }
        for bad in [
            "",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            "/a\\b",
            "/\u{0}",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(local_path_or_home(Some("//x")), "/");
        assert_eq!(local_path_or_home(None), "/");
    }

    #[test]
    fn links_keep_only_allowed_schemes() {
        for good in [
            "https://example.org/a",
            "HTTP://example.org",
            "mailto:contact@example.org",
            "tel:+33102030405",
            "  https://example.org  ",
        ] {
            assert!(allowed_link(good).is_some(), "{good:?}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "https:",
            "http:evil",
            "/relative",
            "example.org",
            "file:///etc/passwd",
        ] {
            assert!(allowed_link(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn the_client_address_comes_from_a_header_only_behind_a_trusted_proxy() {
        let trusted = [IpRange::parse("10.0.0.0/8").expect("range")];
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "6.6.6.6, 203.0.113.7".parse().expect("value"),
        );
        let proxy: IpAddr = "10.1.2.3".parse().expect("ip");
        let direct: IpAddr = "198.51.100.1".parse().expect("ip");
        assert_eq!(
            client_address(proxy, &headers, &trusted),
            "203.0.113.7".parse::<IpAddr>().expect("ip")
        );
        assert_eq!(client_address(direct, &headers, &trusted), direct);
        assert_eq!(client_address(proxy, &headers, &[]), proxy);
        let mapped: IpAddr = "::ffff:10.9.9.9".parse().expect("ip");
        assert!(trusted[0].contains(mapped));
        assert!(!trusted[0].contains("11.0.0.1".parse().expect("ip")));
        assert!(
            IpRange::parse("::1")
                .expect("v6")
                .contains("::1".parse().expect("ip"))
        );
        assert!(IpRange::parse("10.0.0.0/33").is_none());
    }

    #[test]
    fn a_panic_becomes_the_error_page() {
        let response = panic_response(Box::new("boom"));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn a_redirect_target_never_leaves_the_site(target in "\\PC*|[/\\\\\t\n a-z:.]{0,12}") {
            if let Some(path) = local_path(&target) {
                // What a browser does with it: strips tabs and line breaks,
                // reads backslashes as slashes; it must still be a path.
                let seen: String = path
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .map(|c| if c == '\\' { '/' } else { c })
                    .collect();
                prop_assert!(seen.starts_with('/') && !seen.starts_with("//"));
            }
        }
    }
}
