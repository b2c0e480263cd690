//! Calls for proposals closing within some weeks.

use maud::{Markup, html};

use crate::entities::*;
use crate::web::components::{empty_state, table_head};
use crate::web::security::allowed_link;
use crate::web::{Ctx, format, layout};

pub fn page(ctx: &Ctx, weeks: i64, events: &[event::Model]) -> Markup {
    let title = ctx.t("agenda-calls-title");
    let body = html! {
        h1 { (title) }
        form method="get" action="/agenda/calls" class="inline" {
            label for="weeks" { (ctx.t("agenda-calls-within")) }
            input id="weeks" type="number" name="weeks" min="1" max="104" value=(weeks);
            button type="submit" { (ctx.t("filter-apply")) }
        }
        @if events.is_empty() { (empty_state(ctx, "dashboard-no-calls")) }
        div class="table-scroll" {
            table {
                (table_head(ctx, &["agenda-cfp-deadline", "agenda-event", "agenda-participation"]))
                tbody { @for e in events { tr {
                    td { @if let Some(d) = e.cfp_deadline { (format::date(ctx.locale, d)) } }
                    td {
                        a href={ "/events/" (e.id) } { (e.title) }
                        @if let Some(url) = e.cfp_url.as_deref().or(e.url.as_deref()).and_then(allowed_link) { " · " a href=(url) rel="noopener" { (ctx.t("agenda-cfp-link")) } }
                    }
                    td { (ctx.t(&e.participation.label_key())) }
                } } }
            }
        }
    };
    layout::page(ctx, &title, body)
}
