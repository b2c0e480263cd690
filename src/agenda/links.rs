//! An event's links (its page, its call for proposals) are typed in the
//! form or read from iCalendar files written by others. The scheme check
//! is the site's one, [`allowed_link`]; an event keeps web links only.
//! Pages check again with [`allowed_link`] when rendering, so a link
//! stored before these checks is still never an `href="javascript:…"`.

use crate::web::security::allowed_link;

/// `url` trimmed, when it is an `http`/`https` link (any case): what an
/// event may store. `javascript:`, `data:`, `mailto:`, relative… are `None`.
pub fn web_link(url: &str) -> Option<&str> {
    allowed_link(url).filter(|link| {
        let scheme = link.split_once(':').map(|(s, _)| s).unwrap_or_default();
        scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_keep_web_links_only() {
        for ok in [
            "https://exodus-privacy.eu.org",
            "http://example.org/a:b?c=d#e",
            "HTTPS://EXAMPLE.ORG",
            "  https://example.org/appel  ",
        ] {
            assert_eq!(web_link(ok), Some(ok.trim()), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \t javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "mailto:cfp@example.org",
            "//evil.example/x",
            "/events/1",
            "https:",
            "",
        ] {
            assert_eq!(web_link(bad), None, "{bad:?}");
        }
    }
}
