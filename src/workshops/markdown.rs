//! Kit steps are Markdown typed by volunteers and shared between
//! associations, so they are untrusted: raw HTML is shown as text, links
//! keep only web and mail schemes, and images become plain links — an
//! embedded image would tell a third-party server who reads the kit.

use maud::PreEscaped;
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

/// Schemes a link may use; anything else (`javascript:`, `data:`…) is dropped.
const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Whether `url` is safe as an `href`: relative, or with an allowed scheme.
fn safe_url(url: &str) -> bool {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    // A scheme is what comes before the first ':' when no '/', '?' or '#'
    // comes earlier; otherwise the URL is relative.
    match url.find([':', '/', '?', '#']) {
        Some(i) if url.as_bytes()[i] == b':' => {
            ALLOWED_SCHEMES.contains(&url[..i].to_ascii_lowercase().as_str())
        }
        _ => !url.starts_with("//"),
    }
}

/// Renders Markdown to HTML that cannot run script or load third-party content.
pub fn render(markdown: &str) -> PreEscaped<String> {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    // For each open link or image: whether an `<a>` was written for it.
    // An unsafe link keeps its text only; so does an image inside a link
    // (it would otherwise become a link inside a link).
    let mut anchors: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let keep = safe_url(&dest_url);
            anchors.push(keep);
            keep.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::Start(Tag::Image { dest_url, .. }) => {
            let keep = safe_url(&dest_url) && !anchors.contains(&true);
            anchors.push(keep);
            keep.then_some(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }))
        }
        Event::End(TagEnd::Link | TagEnd::Image) => anchors
            .pop()
            .unwrap_or(false)
            .then_some(Event::End(TagEnd::Link)),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    PreEscaped(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_checked() {
        for ok in [
            "https://exodus-privacy.eu.org",
            "http://example.org/a:b",
            "mailto:atelier@example.org",
            "/workshops/kits/1",
            "fiche.pdf",
            "#etape-2",
            "?q=a:b",
        ] {
            assert!(safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox",
            "//evil.example/x",
        ] {
            assert!(!safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn markdown_renders_lists_and_emphasis() {
        let html = render("1. **Accueil** : tour de table\n2. *Analyse*").0;
        assert!(html.contains("<ol>"), "{html}");
        assert!(html.contains("<strong>Accueil</strong>"), "{html}");
        assert!(html.contains("<em>Analyse</em>"), "{html}");
    }

    #[test]
    fn an_image_inside_a_link_leaves_one_link() {
        let html = render("[![logo](https://example.org/l.png)](https://example.org)").0;
        assert_eq!(html.matches("<a ").count(), 1, "{html}");
        assert!(
            html.contains(r#"<a href="https://example.org">logo</a>"#),
            "{html}"
        );
    }

    #[test]
    fn images_become_links() {
        let html = render("![pisteurs](https://example.org/p.png)").0;
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.org/p.png">pisteurs</a>"#),
            "{html}"
        );
    }
}
