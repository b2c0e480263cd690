//! Reading a followed feed over HTTP without letting its address reach
//! into the server's own network (SSRF): a feed URL is typed by a
//! volunteer and redirects are chosen by a remote server, so either could
//! point at `127.0.0.1`, a router's admin page or a cloud metadata service.
//!
//! The check applies to the address actually connected: literal addresses
//! are checked before each request, names by the resolver the HTTP client
//! connects through (it hands over only allowed addresses), and redirects
//! are followed by hand so every hop is checked again. Proxies are not
//! used: through one, the address checked would be the proxy's. A read
//! also has a deadline and a size limit. Errors say what went wrong, never
//! what the server answered.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::LOCATION;

use super::message::Message;
use crate::config::Config;

/// Where followed feeds may be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Public internet addresses only (the default).
    Public,
    /// Any address, private networks included (`feeds_allow_private`: an
    /// intranet agenda, or tests serving feeds on 127.0.0.1).
    Anywhere,
}

impl Reach {
    pub fn of(config: &Config) -> Reach {
        if config.feeds_allow_private {
            Reach::Anywhere
        } else {
            Reach::Public
        }
    }

    fn rule(self) -> fn(IpAddr) -> bool {
        match self {
            Reach::Public => is_public,
            Reach::Anywhere => |_| true,
        }
    }
}

/// Limits of one read.
struct Limits {
    /// Largest body accepted (OpenAgenda exports of a busy organiser fit).
    max_bytes: usize,
    /// For the whole read: connections, redirects and body.
    deadline: Duration,
    max_redirects: usize,
}

const LIMITS: Limits = Limits {
    max_bytes: 20 * 1024 * 1024,
    deadline: Duration::from_secs(20),
    max_redirects: 5,
};

/// Why a read failed; said by [`FetchError::message`] (in French when
/// displayed).
#[derive(Debug)]
pub enum FetchError {
    InvalidUrl,
    Private(IpAddr),
    /// The innermost cause, never the server's answer.
    Connect(String),
    Status(reqwest::StatusCode),
    BadRedirect,
    TooManyRedirects(usize),
    /// After this many seconds.
    Timeout(u64),
    /// Over this many megabytes.
    TooLarge(usize),
    NotText,
}

impl FetchError {
    pub fn message(&self) -> Message {
        match self {
            FetchError::InvalidUrl => Message::new("agenda-fetch-invalid-url"),
            FetchError::Private(ip) => Message::new("agenda-fetch-private").with("address", ip),
            FetchError::Connect(reason) => {
                Message::new("agenda-fetch-connect").with("reason", reason)
            }
            FetchError::Status(status) => {
                Message::new("agenda-fetch-status").with("status", status)
            }
            FetchError::BadRedirect => Message::new("agenda-fetch-bad-redirect"),
            FetchError::TooManyRedirects(max) => {
                Message::new("agenda-fetch-too-many-redirects").with("max", max)
            }
            FetchError::Timeout(seconds) => {
                Message::new("agenda-fetch-timeout").with("seconds", seconds)
            }
            FetchError::TooLarge(megabytes) => {
                Message::new("agenda-fetch-too-large").with("megabytes", megabytes)
            }
            FetchError::NotText => Message::new("agenda-fetch-not-text"),
        }
    }
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for FetchError {}

/// Whether `ip` is on the public internet: not loopback, private, link-local,
/// shared (CGNAT), multicast, unspecified, reserved or documentation space,
/// nor an IPv6 address standing for such an IPv4 one.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let special = a == 0 // "this network", 0.0.0.0
        || a == 10
        || a == 127
        || a >= 224 // multicast, reserved, broadcast
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 169 && b == 254)
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 168)
        || (a == 192 && b == 0 && (c == 0 || c == 2)) // IETF, documentation
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113);
    !special
}

/// The IPv4 address an IPv6 one leads to: mapped (`::ffff:a.b.c.d`),
/// compatible (`::a.b.c.d`, which also covers `::` and `::1`), NAT64
/// (`64:ff9b::a.b.c.d`) and 6to4 (`2002:aabb:ccdd::`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let from = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    match s {
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => Some(from(hi, lo)),
        [0x2002, hi, lo, ..] => Some(from(hi, lo)),
        _ => ip.to_ipv4(),
    }
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    let special = (first & 0xff00) == 0xff00 // multicast
        || (first & 0xfe00) == 0xfc00 // unique local fc00::/7
        || (first & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (first & 0xffc0) == 0xfec0 // old site-local fec0::/10
        || (first == 0x2001 && ip.segments()[1] == 0x0db8); // documentation
    !special
}

/// The host of `url` when it is an address written out (`127.0.0.1`,
/// `[::1]`); the URL parser has already turned `0x7f.1` or `2130706433`
/// into `127.0.0.1`.
fn literal_address(url: &Url) -> Option<IpAddr> {
    let host = url.host_str()?;
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

/// Whether `url` names a non-public host on its face: a private address
/// written out, or `localhost`. The feed form refuses these at once;
/// names that resolve to private addresses are refused when read.
pub fn names_private_host(url: &str) -> bool {
    let Ok(url) = Url::parse(url.trim()) else {
        return false;
    };
    if let Some(ip) = literal_address(&url) {
        return !is_public(ip);
    }
    url.host_str().is_some_and(|host| {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        host == "localhost" || host.ends_with(".localhost")
    })
}

/// Reads the feed at `url` (`http` or `https`) as text.
pub async fn download(url: &str, reach: Reach) -> Result<String, FetchError> {
    get(url, reach.rule(), &LIMITS).await
}

async fn get(
    url: &str,
    allowed: fn(IpAddr) -> bool,
    limits: &Limits,
) -> Result<String, FetchError> {
    tokio::time::timeout(limits.deadline, follow(url, allowed, limits))
        .await
        .unwrap_or(Err(FetchError::Timeout(limits.deadline.as_secs())))
}

async fn follow(
    url: &str,
    allowed: fn(IpAddr) -> bool,
    limits: &Limits,
) -> Result<String, FetchError> {
    let client = guarded_client(allowed)?;
    let mut url = Url::parse(url.trim()).map_err(|_| FetchError::InvalidUrl)?;
    for _ in 0..=limits.max_redirects {
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(FetchError::InvalidUrl);
        }
        if let Some(ip) = literal_address(&url).filter(|ip| !allowed(*ip)) {
            return Err(FetchError::Private(ip));
        }
        let response = client
            .get(url.clone())
            .send()
            .await
            .map_err(request_error)?;
        let status = response.status();
        if status.is_redirection() {
            url = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| response.url().join(l).ok())
                .ok_or(FetchError::BadRedirect)?;
            continue;
        }
        if !status.is_success() {
            return Err(FetchError::Status(status));
        }
        return read_body(response, limits.max_bytes).await;
    }
    Err(FetchError::TooManyRedirects(limits.max_redirects))
}

/// A client that connects only to addresses `allowed` accepts, follows no
/// redirect by itself and uses no proxy.
fn guarded_client(allowed: fn(IpAddr) -> bool) -> Result<reqwest::Client, FetchError> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .dns_resolver(Arc::new(Guarded { allowed }))
        .user_agent(concat!("relais/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| FetchError::Connect(innermost(&e)))
}

/// POSTs `body` (JSON) to `url` under the same guard as a read, within
/// `deadline`, and returns the status answered. A redirect is not followed:
/// it is the answer (a webhook receiver that moved must be registered again).
pub async fn post_json(
    url: &str,
    body: Vec<u8>,
    headers: reqwest::header::HeaderMap,
    reach: Reach,
    deadline: Duration,
) -> Result<reqwest::StatusCode, FetchError> {
    let allowed = reach.rule();
    let url = Url::parse(url.trim()).map_err(|_| FetchError::InvalidUrl)?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(FetchError::InvalidUrl);
    }
    if let Some(ip) = literal_address(&url).filter(|ip| !allowed(*ip)) {
        return Err(FetchError::Private(ip));
    }
    let client = guarded_client(allowed)?;
    let send = client
        .post(url)
        .headers(headers)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body)
        .send();
    match tokio::time::timeout(deadline, send).await {
        Ok(Ok(response)) => Ok(response.status()),
        Ok(Err(err)) => Err(request_error(err)),
        Err(_) => Err(FetchError::Timeout(deadline.as_secs())),
    }
}

async fn read_body(
    mut response: reqwest::Response,
    max_bytes: usize,
) -> Result<String, FetchError> {
    let too_large = FetchError::TooLarge(max_bytes / 1024 / 1024);
    if response
        .content_length()
        .is_some_and(|n| n > max_bytes as u64)
    {
        return Err(too_large);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(request_error)? {
        if body.len() + chunk.len() > max_bytes {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    String::from_utf8(body).map_err(|_| FetchError::NotText)
}

/// A request's failure, said without the server's answer: a refused
/// address found by the resolver, or the innermost cause.
fn request_error(err: reqwest::Error) -> FetchError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&err);
    while let Some(e) = source {
        if let Some(Refused(ip)) = e.downcast_ref::<Refused>() {
            return FetchError::Private(*ip);
        }
        source = e.source();
    }
    FetchError::Connect(innermost(&err))
}

fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut inner = err;
    while let Some(source) = inner.source() {
        inner = source;
    }
    inner.to_string()
}

/// The resolver's answer when a name has only refused addresses (turned
/// into [`FetchError::Private`], never shown as is).
#[derive(Debug, thiserror::Error)]
#[error("address {0} refused")]
struct Refused(IpAddr);

/// Resolves names with the system's resolver and hands the HTTP client
/// only the addresses `allowed` accepts, so it cannot connect elsewhere.
struct Guarded {
    allowed: fn(IpAddr) -> bool,
}

impl Resolve for Guarded {
    fn resolve(&self, name: Name) -> Resolving {
        let (allowed, host) = (self.allowed, name.as_str().to_owned());
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let (kept, refused): (Vec<SocketAddr>, Vec<SocketAddr>) =
                found.into_iter().partition(|a| allowed(a.ip()));
            match refused.first() {
                Some(first) if kept.is_empty() => Err(Refused(first.ip()).into()),
                _ => Ok(Box::new(kept.into_iter()) as Addrs),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("test address")
    }

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for private in [
            "127.0.0.1",
            "127.255.0.9",
            "0.0.0.0",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.10",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "febf::1",
            "ff02::1",
            "2001:db8::1",
            // IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms.
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::ffff:169.254.169.254",
            "::ffff:192.168.0.1",
            "::127.0.0.1",
            "64:ff9b::10.0.0.1",
            "2002:c0a8:0101::1",
        ] {
            assert!(!is_public(ip(private)), "{private}");
        }
        for public in [
            "1.1.1.1",
            "93.184.216.34",
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "169.253.0.1",
            "192.169.0.1",
            "2606:4700:4700::1111",
            "2a01:e0a::1",
            "::ffff:1.1.1.1",
            "64:ff9b::1.1.1.1",
        ] {
            assert!(is_public(ip(public)), "{public}");
        }
    }

    #[test]
    fn private_hosts_are_seen_without_a_lookup() {
        for private in [
            "http://127.0.0.1:8080/x.ics",
            "http://10.0.0.1/agenda.ics",
            "https://[::1]/x.ics",
            "https://[::ffff:192.168.0.1]/x.ics",
            "http://2130706433/x.ics",
            "http://0x7f.1/x.ics",
            "http://localhost/x.ics",
            "http://LOCALHOST./x.ics",
            "http://agenda.localhost/x.ics",
        ] {
            assert!(names_private_host(private), "{private}");
        }
        for public in [
            "https://openagenda.com/agendas/1/events.ics",
            "http://93.184.216.34/x.ics",
            "https://localhost.example.org/x.ics",
        ] {
            assert!(!names_private_host(public), "{public}");
        }
    }

    /// A server on 127.0.0.1 with `routes`.
    async fn serve(routes: axum::Router) -> SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, routes).await });
        address
    }

    fn only_127_0_0_1(ip: IpAddr) -> bool {
        ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
    }

    const SMALL: Limits = Limits {
        max_bytes: 1024,
        deadline: Duration::from_secs(2),
        max_redirects: 2,
    };

    #[tokio::test]
    async fn every_redirect_is_checked_and_bodies_are_limited() {
        use axum::response::Redirect;
        use axum::routing::get as route;
        let port = std::sync::Arc::new(std::sync::OnceLock::<u16>::new());
        let (p1, p2) = (port.clone(), port.clone());
        let address = serve(
            axum::Router::new()
                .route("/ok.ics", route(|| async { "BEGIN:VCALENDAR" }))
                .route("/hop", route(|| async { Redirect::temporary("/ok.ics") }))
                .route(
                    "/to-loopback",
                    route(move || async move {
                        // Another loopback address: refused by the rule of
                        // this test before any connection is tried.
                        let port = p1.get().copied().unwrap_or_default();
                        Redirect::temporary(&format!("http://127.0.0.2:{port}/ok.ics"))
                    }),
                )
                .route(
                    "/to-name",
                    route(move || async move {
                        let port = p2.get().copied().unwrap_or_default();
                        Redirect::temporary(&format!("http://localhost:{port}/ok.ics"))
                    }),
                )
                .route("/loop", route(|| async { Redirect::temporary("/loop") }))
                .route("/big", route(|| async { "x".repeat(4096) }))
                .route(
                    "/slow",
                    route(|| async {
                        tokio::time::sleep(Duration::from_secs(10)).await;
                        "late"
                    }),
                ),
        )
        .await;
        port.set(address.port()).expect("port set once");
        let url = |path: &str| format!("http://{address}{path}");

        let read = get(&url("/hop"), only_127_0_0_1, &SMALL).await;
        assert_eq!(read.expect("followed"), "BEGIN:VCALENDAR");
        let hop = get(&url("/to-loopback"), only_127_0_0_1, &SMALL).await;
        assert!(
            matches!(hop, Err(FetchError::Private(ip)) if ip == IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2))),
            "{hop:?}"
        );
        // `localhost` may resolve to ::1 as well: only 127.0.0.1 is used.
        let named = get(&url("/to-name"), only_127_0_0_1, &SMALL).await;
        assert_eq!(named.expect("resolved to 127.0.0.1"), "BEGIN:VCALENDAR");
        let port = address.port();
        let refused_name = get(
            &format!("http://localhost:{port}/ok.ics"),
            is_public,
            &SMALL,
        )
        .await;
        assert!(
            matches!(refused_name, Err(FetchError::Private(_))),
            "{refused_name:?}"
        );
        assert!(matches!(
            get(&url("/loop"), only_127_0_0_1, &SMALL).await,
            Err(FetchError::TooManyRedirects(2))
        ));
        assert!(matches!(
            get(&url("/big"), only_127_0_0_1, &SMALL).await,
            Err(FetchError::TooLarge(_))
        ));
        assert!(matches!(
            get(&url("/slow"), only_127_0_0_1, &SMALL).await,
            Err(FetchError::Timeout(2))
        ));
        assert!(matches!(
            get("file:///etc/passwd", only_127_0_0_1, &SMALL).await,
            Err(FetchError::InvalidUrl)
        ));
    }
}
