//! Static assets embedded in the binary, so a single file runs anywhere.
//! Pico CSS (MIT, https://picocss.com) gives accessible, responsive defaults
//! for semantic HTML; `app.css` holds the few rules of our own.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

pub const PICO_CSS: &str = "/assets/pico.min.css";
pub const APP_CSS: &str = "/assets/app.css";

const CACHE: &str = "public, max-age=86400";

pub async fn pico_css() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, CACHE),
        ],
        include_str!("../../assets/vendor/pico.min.css"),
    )
}

pub async fn app_css() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, CACHE),
        ],
        include_str!("../../assets/app.css"),
    )
}

pub const APP_JS: &str = "/assets/app.js";

pub async fn app_js() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, CACHE),
        ],
        include_str!("../../assets/app.js"),
    )
}
