//! The page layout every page is rendered in (header, navigation, flash,
//! language switch); the pieces pages share are in [`super::components`].

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::assets;
use super::components::url_with_query;
use super::context::Ctx;
use super::i18n::Locale;

/// Navigation: (translation key, path).
pub(crate) const NAV: &[(&str, &str)] = &[
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
                header class="app-header" {
                    div class="app-bar" {
                        a href="/" class="brand" { "relais" }
                        @if let Some(user) = &ctx.user {
                            // On a phone the sections fold behind this button
                            // (app.js shows it); without the script they wrap.
                            button type="button" class="menu-toggle" aria-controls="site-nav" aria-expanded="false" hidden {
                                span aria-hidden="true" class="menu-icon" {}
                                span class="menu-text" { (ctx.t("menu-sections")) }
                            }
                            nav id="site-nav" class="site-nav" aria-label=(ctx.t("nav-label")) {
                                ul class="nav-links" {
                                    @for (key, href) in NAV {
                                        @let active = if *href == "/" { current_path == "/" } else { current_path.starts_with(href) };
                                        li {
                                            a href=(href) aria-current=[active.then_some("page")] { (ctx.t(key)) }
                                        }
                                    }
                                }
                            }
                            form role="search" method="get" action="/search" class="site-search" {
                                label for="site-search-q" class="visually-hidden" { (ctx.t("search-label")) }
                                input type="search" id="site-search-q" name="q" placeholder=(ctx.t("search-placeholder")) autocomplete="off";
                                button type="submit" { (ctx.t("search-submit")) }
                            }
                            // The command palette: the page /go without script,
                            // a dialog opened by this button or Ctrl+K with it.
                            a href="/go" class="palette-open" data-palette-open aria-keyshortcuts="Control+K Meta+K" {
                                span class="palette-text" { (ctx.t("palette-open")) } " " kbd aria-hidden="true" { "Ctrl K" }
                            }
                            @if ctx.can_write() {
                                a href="/interactions/new" class="log-contact" role="button" { (ctx.t("directory-log-interaction")) }
                            }
                            (user_menu(ctx, user))
                        }
                    }
                }
                @if ctx.user.is_some() {
                    dialog id="palette" class="palette" aria-label=(ctx.t("palette-title")) {
                        (crate::search::palette::form(ctx, ""))
                    }
                }
                main id="main" class="container" tabindex="-1" {
                    @if let Some(message) = &ctx.flash {
                        div role="status" class="flash" { (ctx.t(message)) }
                    }
                    (body)
                    @if ctx.can_write() && crate::saved_views::savable(current_path) {
                        (crate::saved_views::save_form(ctx, current_path, ctx.path.split_once('?').map_or("", |(_, q)| q)))
                    }
                }
                footer class="container" {
                    (language_switch(ctx))
                }
            }
        }
    }
}

/// The signed-in person's menu: who they are, the admin pages, their
/// calendar feed and logout. A `<details>`, so it opens without script.
fn user_menu(ctx: &Ctx, user: &super::context::CurrentUser) -> Markup {
    html! {
        details class="user-menu" {
            summary aria-label=(ctx.t_args("menu-user", &[super::i18n::arg("name", user.display_name.clone())])) {
                span class="avatar" aria-hidden="true" { (initial(&user.display_name)) }
                span class="user-name" { (user.display_name) }
            }
            div class="menu-panel" {
                p class="menu-who" {
                    strong { (user.display_name) } br;
                    span class="muted" { (user.email) " · " (ctx.t(&user.role.label_key())) }
                }
                ul {
                    li { a href="/views" { (ctx.t("saved-views-title")) } }
                    li { a href="/account/feed" { (ctx.t("agenda-subscribe")) } }
                    li { a href="/account/tokens" { (ctx.t("tokens-title")) } }
                    li { a href="/around" { (ctx.t("nav-around")) } }
                    li { a href="/tours" { (ctx.t("geo-tours-title")) } }
                    li { a href="/account/commune" { (ctx.t("geo-my-commune-title")) } }
                    @if user.role == crate::entities::Role::Admin {
                        li { a href="/admin/users" { (ctx.t("nav-admin-users")) } }
                        li { a href="/admin/audit" { (ctx.t("nav-admin-audit")) } }
                        li { a href="/admin/settings" { (ctx.t("settings-title")) } }
                        li { a href="/admin/api" { (ctx.t("api-reference-title")) } }
                        li { a href="/admin/webhooks" { (ctx.t("webhooks-title")) } }
                    }
                }
                form method="post" action="/logout" class="logout-form" {
                    (super::forms::csrf_field(ctx))
                    button type="submit" class="outline secondary" { (ctx.t("logout")) }
                }
            }
        }
    }
}

/// The first letter of a name, for the menu's round badge.
fn initial(name: &str) -> String {
    name.chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "?".to_owned())
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

#[cfg(test)]
mod tests {
    use axum::http::HeaderMap;

    use super::*;
    use crate::entities::Role;
    use crate::web::context::CurrentUser;

    fn page_for(role: Option<Role>, path: &str) -> String {
        let ctx = Ctx::from_headers(&HeaderMap::new(), path.into()).with_user(
            &HeaderMap::new(),
            role.map(|role| CurrentUser {
                id: 1,
                email: "camille@example.org".into(),
                display_name: "Camille".into(),
                role,
            }),
            None,
        );
        page(&ctx, "Titre", html! { h1 { "Titre" } }).into_string()
    }

    #[test]
    fn the_bar_holds_the_sections_search_and_the_user_menu_with_logout() {
        let admin = page_for(Some(Role::Admin), "/organisations/3");
        for part in [
            r##"<a class="skip-link" href="#main">"##,
            r#"<nav id="site-nav" class="site-nav" aria-label="Navigation principale">"#,
            r#"<a href="/organisations" aria-current="page">"#,
            r#"<label for="site-search-q" class="visually-hidden">"#,
            r#"href="/interactions/new" class="log-contact""#,
            r#"<details class="user-menu">"#,
            r#"href="/admin/users""#,
            r#"<form method="post" action="/logout" class="logout-form"><input type="hidden" name="_csrf""#,
        ] {
            assert!(admin.contains(part), "{part} in the admin's bar");
        }
        // The skip link comes before everything else one can focus.
        assert!(admin.find("skip-link") < admin.find("class=\"brand\""));
        let viewer = page_for(Some(Role::Viewer), "/");
        assert!(
            !viewer.contains("/admin/users"),
            "admin links for admins only"
        );
        assert!(
            !viewer.contains("class=\"log-contact\""),
            "no writing for viewers"
        );
        assert!(viewer.contains(r#"<a href="/" aria-current="page">"#));
        let guest = page_for(None, "/login");
        assert!(!guest.contains("site-nav") && !guest.contains("/logout"));
    }
}
