//! Feeds: the followed ones (status, read now, unfollow, follow another)
//! and the personal address calendar applications subscribe to.

use maud::{Markup, html};

use crate::agenda::form::FeedForm;
use crate::agenda::subscriptions::Followed;
use crate::entities::*;
use crate::web::components::empty_state;
use crate::web::forms::{self, Field, FormErrors, csrf_field, error_summary};
use crate::web::{Ctx, format, layout};

/// The followed feeds, and the form to follow another (`values` as typed).
pub fn followed_page(
    ctx: &Ctx,
    feeds: &[Followed],
    values: &FeedForm,
    errors: &FormErrors,
) -> Markup {
    let title = ctx.t("agenda-feeds-title");
    let FeedForm {
        name,
        url,
        organiser,
    } = values;
    let body = html! {
        h1 { (title) }
        p { (ctx.t("agenda-feeds-explain")) }
        @if feeds.is_empty() { (empty_state(ctx, "agenda-feeds-empty")) }
        div class="table-scroll" {
            table {
                thead { tr {
                    th scope="col" { (ctx.t("agenda-feed-name")) }
                    th scope="col" { (ctx.t("agenda-feed-status")) }
                    th scope="col" { span class="visually-hidden" { (ctx.t("agenda-feed-actions")) } }
                } }
                tbody { @for Followed { feed, organiser } in feeds { tr {
                    td { strong { (feed.name) } br; small { (feed.url) } @if let Some(o) = organiser { br; small { (o) } } }
                    td {
                        @match (feed.last_refresh_at, feed.last_status) {
                            (Some(at), Some(FeedStatus::Ok)) => { "✓ " (format::date_time(ctx.locale, at)) }
                            (Some(at), _) => { strong { "⚠ " (format::date_time(ctx.locale, at)) } br; small { (feed.last_error.clone().unwrap_or_default()) } }
                            (None, _) => { (ctx.t("agenda-feed-never")) }
                        }
                    }
                    td {
                        @if ctx.can_write() {
                            form method="post" action={ "/agenda/feeds/" (feed.id) "/refresh" } class="inline" {
                                (csrf_field(ctx)) button type="submit" class="outline" { (ctx.t("agenda-feed-refresh")) }
                            }
                            form method="post" action={ "/agenda/feeds/" (feed.id) "/delete" } class="inline" {
                                (csrf_field(ctx)) button type="submit" class="secondary outline" { (ctx.t("directory-delete")) }
                            }
                        }
                    }
                } } }
            }
        }
        @if ctx.can_write() {
            h2 { (ctx.t("agenda-feed-add")) }
            (error_summary(ctx, errors))
            form method="post" action="/agenda/feeds" {
                (csrf_field(ctx))
                (forms::input(Field::new("name", ctx.t("agenda-feed-name"), name).required(), errors))
                (forms::input(Field::new("url", ctx.t("agenda-feed-url"), url).kind("url").required(), errors))
                (forms::input(Field::new("organiser", ctx.t("agenda-feed-organiser"), organiser).hint(ctx.t("agenda-organisers-hint")), errors))
                button type="submit" { (ctx.t("agenda-feed-add")) }
            }
        }
    };
    layout::page(ctx, &title, body)
}

/// The personal feed address: shown once when made, then only replaced.
pub fn token_page(ctx: &Ctx, feed_url: Option<&str>, has_token: bool) -> Markup {
    let title = ctx.t("agenda-subscribe");
    let body = html! {
        h1 { (title) }
        p { (ctx.t("agenda-subscribe-explain")) }
        @if let Some(url) = feed_url {
            div role="status" class="flash" {
                p { strong { (ctx.t("agenda-subscribe-new")) } }
                p { input type="text" readonly value=(url) aria-label=(ctx.t("agenda-subscribe-address")) onfocus="this.select()"; }
                p { a href=(url.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1)) { (ctx.t("agenda-subscribe-open")) } }
            }
        } @else if has_token {
            p { (ctx.t("agenda-subscribe-existing")) }
        }
        form method="post" action="/account/feed" {
            (csrf_field(ctx))
            button type="submit" { @if has_token { (ctx.t("agenda-subscribe-regenerate")) } @else { (ctx.t("agenda-subscribe-create")) } }
        }
    };
    layout::page(ctx, &title, body)
}
