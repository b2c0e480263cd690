//! Pieces of the record pages (organisation, person, event, kit) laid out
//! by `assets/records.css`: a fact of the header or side panel, shown only
//! when it has a value, so that no page lists rows of dashes.

use maud::{Markup, html};

/// A fact (`dt`/`dd` wrapped in a `div`, inside a `dl`), left out when it
/// has no value.
pub fn fact(label: String, value: Option<Markup>) -> Markup {
    html! { @if let Some(value) = value { div { dt { (label) } dd { (value) } } } }
}

/// Text that may be absent or blank, as a fact's value.
pub fn text(value: Option<&str>) -> Option<Markup> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| html! { (v) })
}
