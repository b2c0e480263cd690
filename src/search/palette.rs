//! The command palette (Ctrl+K / ⌘K, or the "Aller à…" button): jump to
//! any organisation, person, event or kit, to a page or a saved view, or
//! start a common action, by typing. `GET /go?q=…` answers JSON for the
//! palette's script and a plain page of links without it; records come
//! from the search engine, pages and actions from their translated names.

use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::{Deserialize, Serialize};

use super::{SearchQuery, text};
use crate::app::AppState;
use crate::web::{AppResult, Ctx, Routes, layout};

pub fn routes() -> Routes {
    Routes::new().get("/go", go)
}

/// Records offered, at most, after the pages and actions.
const RECORDS: usize = 8;
/// Longest text looked up (as on the search page).
const TEXT_MAX: usize = 200;

/// Actions anyone who may write can start: (translation key, path).
const ACTIONS: &[(&str, &str)] = &[
    ("directory-log-interaction", "/interactions/new"),
    ("palette-new-organisation", "/organisations/new"),
    ("palette-new-person", "/people/new"),
    ("palette-new-event", "/events/new"),
    ("palette-new-session", "/workshops/sessions/new"),
];

/// Pages beyond the navigation's: (translation key, path).
const PAGES: &[(&str, &str)] = &[
    ("nav-around", "/around"),
    ("duplicates-title", "/organisations/duplicates"),
    ("map-page-title", "/organisations/map"),
    ("import-title", "/imports"),
    ("tokens-title", "/account/tokens"),
];

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Item {
    pub label: String,
    pub detail: String,
    pub href: String,
    /// `action`, `page`, or the kind of record.
    pub group: &'static str,
}

#[derive(Deserialize)]
struct GoQuery {
    #[serde(default)]
    q: String,
}

async fn go(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<GoQuery>,
) -> AppResult<Response> {
    let typed: String = query.q.trim().chars().take(TEXT_MAX).collect();
    let items = items(&state, &ctx, &typed).await;
    if ctx.wants_json {
        return Ok(Json(items).into_response());
    }
    Ok(page(&ctx, &typed, &items).into_response())
}

/// Pages and actions with a word starting with each word typed ("nouv
/// év" finds "Nouvel événement"), then the records the engine finds. An
/// engine outage leaves the pages and actions.
async fn items(state: &AppState, ctx: &Ctx, typed: &str) -> Vec<Item> {
    let typed_words = text::words(typed);
    let matches = |label: &str| {
        let label_words = text::words(label);
        typed_words
            .iter()
            .all(|w| label_words.iter().any(|l| l.starts_with(w.as_str())))
    };
    let mut items = Vec::new();
    if ctx.can_write() {
        for (key, href) in ACTIONS {
            let label = ctx.t(key);
            if matches(&label) {
                items.push(Item {
                    label,
                    detail: ctx.t("palette-group-action"),
                    href: (*href).to_owned(),
                    group: "action",
                });
            }
        }
    }
    for (key, href) in layout::NAV.iter().chain(PAGES) {
        let label = ctx.t(key);
        if matches(&label) {
            items.push(Item {
                label,
                detail: ctx.t("palette-group-page"),
                href: (*href).to_owned(),
                group: "page",
            });
        }
    }
    if let Some(user) = ctx.actor_id() {
        match crate::saved_views::store::visible_to(&state.db, user).await {
            Ok(views) => {
                items.extend(
                    views
                        .into_iter()
                        .filter(|v| matches(&v.name))
                        .map(|v| Item {
                            label: v.name,
                            detail: ctx.t("palette-group-view"),
                            href: format!("/views/{}", v.id),
                            group: "view",
                        }),
                )
            }
            Err(err) => tracing::warn!(%err, "saved views unavailable to the palette"),
        }
    }
    if typed.is_empty() {
        return items;
    }
    let query = SearchQuery {
        text: typed.to_owned(),
        filters: Vec::new(),
        include_people: ctx.user.is_some(),
        today: crate::clock::today(),
        limit: RECORDS,
        offset: 0,
        facets: false,
    };
    match state.search.engine.search(&query).await {
        Ok(results) => items.extend(results.hits.into_iter().map(|hit| Item {
            detail: match &hit.commune {
                Some(commune) => format!("{} · {commune}", super::views::kind_label(ctx, hit.kind)),
                None => super::views::kind_label(ctx, hit.kind),
            },
            label: hit.title,
            href: hit.url,
            group: hit.kind.as_str(),
        })),
        Err(err) => {
            tracing::warn!(%err, "search engine unavailable: the palette offers pages only")
        }
    }
    items
}

fn page(ctx: &Ctx, typed: &str, items: &[Item]) -> Markup {
    let title = ctx.t("palette-title");
    let body = html! {
        h1 { (title) }
        (form(ctx, typed))
        @if items.is_empty() {
            p { (ctx.t("pick-no-match")) }
        } @else {
            ul class="palette-results" {
                @for item in items {
                    li { a href=(item.href) { (item.label) } " " small class="muted" { "· " (item.detail) } }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}

/// The palette's field: a plain search form leading to `/go`, which the
/// script turns into a combobox (in the layout's dialog and on `/go`).
pub fn form(ctx: &Ctx, typed: &str) -> Markup {
    html! {
        form method="get" action="/go" role="search" class="palette-form" data-palette-form {
            label for="palette-q" { (ctx.t("palette-label")) }
            input type="search" id="palette-q" name="q" value=(typed) autocomplete="off" spellcheck="false"
                role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="palette-list"
                aria-describedby="palette-hint";
            small id="palette-hint" class="muted" { (ctx.t("palette-hint")) }
            ul id="palette-list" role="listbox" aria-label=(ctx.t("palette-label")) class="picker-list palette-list" hidden {}
        }
    }
}
