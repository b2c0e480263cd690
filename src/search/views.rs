//! The search page.

use maud::{Markup, html};

use super::routes::{Names, PAGE_SIZE, UrlQuery};
use super::{DocKind, Facet, Fragment, SearchResults};
use crate::web::components::{filters, pagination};
use crate::web::i18n::arg;
use crate::web::{Ctx, layout};

fn fragments(parts: &[Fragment]) -> Markup {
    html! {
        @for part in parts {
            @if part.matched { mark { (part.text) } } @else { (part.text) }
        }
    }
}

pub(crate) fn kind_label(ctx: &Ctx, kind: DocKind) -> String {
    ctx.t(&format!("search-type-{}", kind.as_str()))
}

/// A readable label for a facet value.
fn value_label(ctx: &Ctx, names: &Names, facet: Facet, value: &str) -> String {
    let key_value = value.replace('_', "-");
    match facet {
        Facet::Type => DocKind::parse(value)
            .map(|k| kind_label(ctx, k))
            .unwrap_or_else(|| value.to_owned()),
        Facet::Kind => ["org-kind", "event-kind"]
            .iter()
            .map(|prefix| format!("{prefix}-{key_value}"))
            .find(|key| ctx.locale.has(key))
            .map(|key| ctx.t(&key))
            .unwrap_or_else(|| value.to_owned()),
        Facet::Region => names
            .regions
            .get(value)
            .cloned()
            .unwrap_or_else(|| value.to_owned()),
        Facet::Departement => names
            .departements
            .get(value)
            .map(|n| format!("{n} ({value})"))
            .unwrap_or_else(|| value.to_owned()),
        Facet::Stage => ctx.t(&format!("stage-{key_value}")),
        Facet::When => ctx.t(&format!("search-when-{value}")),
        Facet::Tag => value.to_owned(),
    }
}

pub fn page(ctx: &Ctx, query: &UrlQuery, results: Option<&SearchResults>, names: &Names) -> Markup {
    let title = ctx.t("search-title");
    let body = html! {
        h1 { (title) }
        form method="get" action="/search" role="search" id="search-form" {
            label for="search-q" { (ctx.t("search-label")) }
            input type="search" id="search-q" name="q" value=(query.text) autofocus autocomplete="off"
                aria-describedby="search-help" aria-controls="search-results";
            small id="search-help" { (ctx.t("search-help")) }
            @for (facet, value) in &query.filters {
                input type="hidden" name=(facet.as_str()) value=(value);
            }
        }
        @match results {
            None => p role="alert" class="field-error" { (ctx.t("search-unavailable")) },
            Some(results) => {
                div class="search-layout" {
                    aside aria-labelledby="facets-title" {
                        h2 id="facets-title" class="visually-hidden" { (ctx.t("search-facets")) }
                        (filters(ctx, query.filters.len(), html! {
                        @for facet in &results.facets {
                            @if !facet.values.is_empty() {
                                section class="facet" {
                                    h3 { (ctx.t(&format!("search-facet-{}", facet.facet.as_str()))) }
                                    ul {
                                        @for (value, count) in facet.values.iter().take(12) {
                                            @let active = query.is_active(facet.facet, value);
                                            li {
                                                a href=(query.toggled(facet.facet, value)) aria-current=[active.then_some("true")] class=[active.then_some("active-facet")] {
                                                    @if active { "✓ " }
                                                    (value_label(ctx, names, facet.facet, value))
                                                }
                                                " " span class="count" { "(" (count) ")" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        }))
                    }
                    // The kinds' labels, for the hits app.js draws as one types.
                    @let kinds: serde_json::Map<String, serde_json::Value> = DocKind::ALL
                        .iter()
                        .map(|k| (k.as_str().to_owned(), kind_label(ctx, *k).into()))
                        .collect();
                    section id="search-results" aria-live="polite" data-kind-labels=(serde_json::Value::Object(kinds)) {
                        p class="search-total" { (ctx.locale.t_args("search-total", &[arg("count", results.total)])) }
                        ol class="hits" {
                            @for hit in &results.hits {
                                li {
                                    a href=(hit.url) { (fragments(&hit.title_highlighted)) }
                                    " " span class="badge" data-vocabulary="doc-kind" data-value=(hit.kind.as_str()) { (kind_label(ctx, hit.kind)) }
                                    @if let Some(c) = &hit.commune { " " span class="muted" { (c) } }
                                    @if !hit.snippet.is_empty() { br; small { (fragments(&hit.snippet)) } }
                                }
                            }
                        }
                        (pagination(ctx, query.page as u64, results.total.div_ceil(PAGE_SIZE) as u64, |page| query.with_page(page as usize)))
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}
