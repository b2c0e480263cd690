//! The page layout every page is rendered in (header, navigation, flash,
//! language switch); the pieces pages share are in [`super::components`].

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::assets;
use super::components::url_with_query;
use super::context::Ctx;
use super::i18n::Locale;

/// Navigation: (translation key, path).
const NAV: &[(&str, &str)] = &[
    ("nav-dashboard", "/"),
    ("nav-directory", "/organisations"),
    ("nav-people", "/people"),
    ("nav-follow-ups", "/follow-ups"),
    ("nav-contact-log", "/interactions"),
    ("nav-agenda", "/agenda"),
    ("nav-campaign", "/campaigns"),
    ("nav-workshops", "/workshops"),
];

/// A full HTML page around `body`.
pub fn page(ctx: &Ctx, title: &str, body: Markup) -> Markup {
    let current_path = ctx.path.split('?').next().unwrap_or("/");
    html! {
        (DOCTYPE)
        html lang=(ctx.locale.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · relais" }
                link rel="stylesheet" href=(assets::url("pico.min.css"));
                link rel="stylesheet" href=(assets::url("app.css"));
                script src=(assets::url("app.js")) defer {}
            }
            body {
                a class="skip-link" href="#main" { (ctx.t("skip-to-content")) }
                header class="container" {
                    nav aria-label=(ctx.t("nav-label")) {
                        ul {
                            li { a href="/" class="brand" { strong { "relais" } } }
                        }
                        @if ctx.user.is_some() {
                        ul class="nav-links" {
                            @for (key, href) in NAV {
                                @let active = if *href == "/" { current_path == "/" } else { current_path.starts_with(href) };
                                li {
                                    a href=(href) aria-current=[active.then_some("page")] { (ctx.t(key)) }
                                }
                            }
                        }
                        }
                    }
                    @if let Some(user) = &ctx.user {
                        div class="session-bar" {
                            @if ctx.can_write() {
                                a href="/interactions/new" class="log-contact" { (ctx.t("directory-log-interaction")) }
                            }
                            span { (user.display_name) " · " (ctx.t(&user.role.label_key())) }
                            @if user.role == crate::entities::Role::Admin {
                                a href="/admin/users" { (ctx.t("nav-admin-users")) }
                                a href="/admin/audit" { (ctx.t("nav-admin-audit")) }
                                a href="/admin/settings" { (ctx.t("settings-title")) }
                            }
                            form method="post" action="/logout" class="inline-form" {
                                (super::forms::csrf_field(ctx))
                                button type="submit" class="outline secondary" { (ctx.t("logout")) }
                            }
                        }
                    }
                    @if ctx.user.is_some() {
                    form role="search" method="get" action="/search" class="site-search" {
                        label for="site-search-q" class="visually-hidden" { (ctx.t("search-label")) }
                        input type="search" id="site-search-q" name="q" placeholder=(ctx.t("search-placeholder")) autocomplete="off";
                        button type="submit" { (ctx.t("search-submit")) }
                    }
                    }
                }
                main id="main" class="container" tabindex="-1" {
                    @if let Some(message) = &ctx.flash {
                        div role="status" class="flash" { (ctx.t(message)) }
                    }
                    (body)
                }
                footer class="container" {
                    (language_switch(ctx))
                }
            }
        }
    }
}

fn language_switch(ctx: &Ctx) -> Markup {
    html! {
        nav aria-label=(ctx.t("language-switch")) class="language-switch" {
            ul {
                @for locale in Locale::ALL {
                    li {
                        @if locale == ctx.locale {
                            span aria-current="true" lang=(locale.code()) { (locale.t("language-name")) }
                        } @else {
                            a href=(url_with_query(&format!("/lang/{}", locale.code()), &[("back", ctx.path.clone())])) lang=(locale.code()) hreflang=(locale.code()) {
                                (locale.t("language-name"))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Percent-encodes a string for use in a query parameter, keeping `/`
/// readable (the login page's `next=/…`). Links built from several
/// parameters use [`super::components::url_with_query`].
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Text that may be absent: shows a muted dash instead.
pub fn or_dash(value: Option<&str>) -> Markup {
    match value.filter(|v| !v.trim().is_empty()) {
        Some(v) => html! { (v) },
        None => html! { span class="muted" { (PreEscaped("&mdash;")) } },
    }
}
