//! Static assets embedded in the binary, so a single file runs anywhere.
//! Pico CSS (MIT, https://picocss.com) gives accessible, responsive defaults
//! for semantic HTML; `app.css` and `records.css` hold our own rules.
//!
//! Each asset is addressed by a URL carrying a hash of its content
//! (`/assets/app-1a2b3c4d5e6f.css`) and served as immutable: browsers keep
//! it for a year and ask again only when a new release changes the hash.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The route every asset is served under.
pub const ROUTE: &str = "/assets/{file}";

struct Asset {
    /// Logical name, e.g. `app.css`.
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
    /// File name with the content hash, e.g. `app-1a2b3c4d5e6f.css`.
    hashed: String,
    url: String,
}

impl Asset {
    fn new(name: &'static str, content_type: &'static str, body: &'static str) -> Asset {
        let digest = Sha256::digest(body.as_bytes());
        let hash: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
        let hashed = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}-{hash}.{ext}"),
            None => format!("{name}-{hash}"),
        };
        let url = format!("/assets/{hashed}");
        Asset {
            name,
            content_type,
            body,
            hashed,
            url,
        }
    }
}

const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    vec![
        Asset::new(
            "pico.min.css",
            CSS,
            include_str!("../../assets/vendor/pico.min.css"),
        ),
        Asset::new(
            "app.css",
            CSS,
            concat!(
                include_str!("../../assets/app.css"),
                include_str!("../../assets/records.css"),
                include_str!("../../assets/places.css")
            ),
        ),
        Asset::new("app.js", JS, include_str!("../../assets/app.js")),
    ]
});

/// The URL to link an asset by its logical name (`app.css`).
///
/// # Panics
/// On a name that is not embedded: a programming error, caught by any test
/// that renders a page.
pub fn url(name: &str) -> &'static str {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(asset) => &asset.url,
        None => panic!("no embedded asset named {name}"),
    }
}

/// `GET /assets/{file}`: the hashed name is cached for a year; the plain
/// name (a page rendered by an older release) for a few minutes.
pub async fn serve(Path(file): Path<String>) -> Response {
    let found = ASSETS.iter().find_map(|a| {
        if a.hashed == file {
            Some((a, "public, max-age=31536000, immutable"))
        } else if a.name == file {
            Some((a, "public, max-age=300"))
        } else {
            None
        }
    });
    match found {
        Some((asset, cache)) => (
            [(CONTENT_TYPE, asset.content_type), (CACHE_CONTROL, cache)],
            asset.body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
