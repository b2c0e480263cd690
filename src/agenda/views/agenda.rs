//! The agenda: upcoming occurrences as a list (by month) or a month grid,
//! with filters and the calls for proposals closing soon; also as JSON.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};

use super::{
    AgendaView, departement_choices, filter_pairs, kind_options, participation_options,
    query_string, region_choices, when_text, zone_note,
};
use crate::agenda::store::{AgendaFilter, Listed, Organiser};
use crate::agenda::time::{add_days, next_month, previous_month};
use crate::entities::*;
use crate::geography::Geography;
use crate::web::components::{empty_state, with_all};
use crate::web::forms::{self, Field, FormErrors};
use crate::web::{Ctx, format, layout};

fn filters(ctx: &Ctx, filter: &AgendaFilter, geography: &Geography, view: AgendaView) -> Markup {
    let none = FormErrors::default();
    let from = filter.from.map(|d| d.to_string()).unwrap_or_default();
    let to = filter.to.map(|d| d.to_string()).unwrap_or_default();
    let region = filter.region.clone().unwrap_or_default();
    let departement = filter.departement.clone().unwrap_or_default();
    let kind = filter
        .kind
        .map(|k| k.as_str().to_owned())
        .unwrap_or_default();
    let participation = filter
        .participation
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let theme = filter.theme.clone().unwrap_or_default();
    html! {
        details open[filter != &AgendaFilter::default()] {
            summary { (ctx.t("agenda-filters")) }
            form method="get" action="/agenda" class="filters" {
                @if let AgendaView::Month(month) = view {
                    input type="hidden" name="view" value="month";
                    input type="hidden" name="month" value=(month.format("%Y-%m"));
                }
                @if let Some(o) = filter.organiser { input type="hidden" name="organiser" value=(o); }
                div class="grid" {
                    (forms::input(Field::new("from", ctx.t("agenda-from"), &from).kind("date"), &none))
                    (forms::input(Field::new("to", ctx.t("agenda-to"), &to).kind("date"), &none))
                    (forms::select(Field::new("kind", ctx.t("agenda-kind"), &kind), &with_all(ctx, kind_options(ctx)), &none))
                }
                div class="grid" {
                    (forms::select(Field::new("region", ctx.t("filter-region"), &region), &region_choices(ctx, geography), &none))
                    (forms::select(Field::new("departement", ctx.t("filter-departement"), &departement), &departement_choices(ctx, geography), &none))
                    (forms::input(Field::new("theme", ctx.t("agenda-theme"), &theme), &none))
                    (forms::select(Field::new("participation", ctx.t("agenda-participation"), &participation), &with_all(ctx, participation_options(ctx)), &none))
                }
                button type="submit" { (ctx.t("filter-apply")) }
                " "
                a href="/agenda" { (ctx.t("agenda-filter-reset")) }
            }
        }
    }
}

fn occurrence_line(ctx: &Ctx, l: &Listed, organisers: &[Organiser]) -> Markup {
    let e = &l.event;
    html! {
        li class="agenda-item" {
            strong { (when_text(ctx, e.all_day, &l.occurrence)) }
            @if let Some(zone) = zone_note(e) { " " small { (zone) } }
            " · "
            a href={ "/events/" (e.id) } { (l.title()) }
            " "
            small class="muted" { (ctx.t(&e.kind.label_key())) }
            @if l.occurrence.in_series { " " small title=(ctx.t("agenda-recurring")) { "↻" } }
            br;
            small {
                @if e.online { (ctx.t("agenda-online")) " " }
                @for part in [e.place.as_deref(), e.commune.as_deref()].into_iter().flatten() { (part) " " }
                @if !organisers.is_empty() {
                    "· "
                    @for (i, o) in organisers.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href={ "/organisations/" (o.id) } { (o.name) }
                    }
                }
                @if e.participation != Participation::None {
                    " · " mark { (ctx.t(&e.participation.label_key())) }
                }
                @if let Some(cfp) = e.cfp_deadline {
                    " · " (ctx.t("agenda-cfp-until")) " " (format::date(ctx.locale, cfp))
                }
            }
        }
    }
}

/// What the agenda page shows.
pub struct AgendaPage<'a> {
    pub filter: &'a AgendaFilter,
    pub view: AgendaView,
    pub items: &'a [Listed],
    /// By event id.
    pub organisers: &'a HashMap<i32, Vec<Organiser>>,
    pub geography: &'a Geography,
    /// Calls for proposals closing soon.
    pub calls: &'a [event::Model],
}

fn month_nav(ctx: &Ctx, filter: &AgendaFilter, month: NaiveDate) -> Markup {
    let (previous, next) = (previous_month(month), next_month(month));
    let mut pairs = filter_pairs(filter);
    pairs.retain(|(k, _)| *k != "from" && *k != "to");
    let link = |m: NaiveDate| {
        let mut p = pairs.clone();
        p.push(("view", "month".into()));
        p.push(("month", m.format("%Y-%m").to_string()));
        format!("/agenda?{}", query_string(&p))
    };
    html! {
        nav aria-label=(ctx.t("agenda-month-nav")) class="month-nav" {
            a href=(link(previous)) rel="prev" { "← " (format::month(ctx.locale, previous)) }
            h2 { (format::month(ctx.locale, month)) }
            a href=(link(next)) rel="next" { (format::month(ctx.locale, next)) " →" }
        }
    }
}

fn month_grid(ctx: &Ctx, month: NaiveDate, items: &[Listed]) -> Markup {
    let first = month.with_day(1).unwrap_or(month);
    let offset = first.weekday().num_days_from_monday() as i64;
    let grid_start = add_days(first, -offset);
    let weeks: Vec<Vec<NaiveDate>> = (0..6)
        .map(|w| (0..7).map(|d| add_days(grid_start, w * 7 + d)).collect())
        .filter(|week: &Vec<NaiveDate>| week.iter().any(|d| d.month() == first.month()))
        .collect();
    let on = |day: NaiveDate| -> Vec<&Listed> {
        items
            .iter()
            .filter(|l| {
                let start = l.occurrence.start_local.date();
                let end = l.occurrence.end_local.map(|e| e.date()).unwrap_or(start);
                start <= day && day <= end
            })
            .collect()
    };
    html! {
        div class="table-scroll" {
            table class="month" {
                caption class="visually-hidden" { (format::month(ctx.locale, first)) }
                thead { tr { @for key in ["day-mon", "day-tue", "day-wed", "day-thu", "day-fri", "day-sat", "day-sun"] { th scope="col" { (ctx.t(key)) } } } }
                tbody {
                    @for week in &weeks {
                        tr {
                            @for day in week {
                                td class=[(day.month() != first.month()).then_some("other-month")] {
                                    span class="day-number" { (day.day()) }
                                    @for l in on(*day) {
                                        a class="month-event" href={ "/events/" (l.event.id) } {
                                            @if !l.event.all_day { (l.occurrence.start_local.format("%H:%M")) " " }
                                            (l.title())
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Occurrences grouped by the month they start in, in order.
fn by_month(items: &[Listed]) -> Vec<(NaiveDate, Vec<&Listed>)> {
    let mut groups: Vec<(NaiveDate, Vec<&Listed>)> = Vec::new();
    for l in items {
        let month = l
            .occurrence
            .start_local
            .date()
            .with_day(1)
            .unwrap_or_default();
        match groups.last_mut() {
            Some((m, group)) if *m == month => group.push(l),
            _ => groups.push((month, vec![l])),
        }
    }
    groups
}

/// The occurrences as JSON, one object each.
pub fn json(items: &[Listed]) -> serde_json::Value {
    items
        .iter()
        .map(|l| {
            serde_json::json!({
                "event_id": l.event.id,
                "title": l.title(),
                "kind": l.event.kind.as_str(),
                "start": l.occurrence.start_local,
                "end": l.occurrence.end_local,
                "all_day": l.event.all_day,
                "time_zone": l.event.time_zone,
                "starts_at": l.occurrence.starts_at,
                "url": format!("/events/{}", l.event.id),
            })
        })
        .collect()
}

pub fn page(ctx: &Ctx, p: AgendaPage<'_>) -> Markup {
    let title = ctx.t("agenda-title");
    let pairs = filter_pairs(p.filter);
    let ics = format!("/events.ics?{}", query_string(&pairs));
    let list_link = format!("/agenda?{}", query_string(&pairs));
    let month_link = {
        let mut m = pairs.clone();
        m.retain(|(k, _)| *k != "from" && *k != "to");
        m.push(("view", "month".into()));
        format!("/agenda?{}", query_string(&m))
    };
    let body = html! {
        h1 { (title) }
        p class="actions" {
            @if ctx.can_write() { a href="/events/new" role="button" { (ctx.t("agenda-new")) } " " }
            a href="/agenda/calls" { (ctx.t("agenda-calls-title")) } " · "
            a href=(ics) { (ctx.t("agenda-download-ics")) } " · "
            a href="/account/feed" { (ctx.t("agenda-subscribe")) } " · "
            @if ctx.can_write() {
                a href="/agenda/import" { (ctx.t("agenda-import-title")) } " · "
            }
            a href="/agenda/feeds" { (ctx.t("agenda-feeds-title")) }
        }
        @if !p.calls.is_empty() {
            section aria-labelledby="closing" class="callout" {
                h2 id="closing" { (ctx.t("agenda-calls-closing")) }
                ul { @for e in p.calls {
                    li { strong { @if let Some(d) = e.cfp_deadline { (format::date(ctx.locale, d)) } } " · " a href={ "/events/" (e.id) } { (e.title) } }
                } }
            }
        }
        (filters(ctx, p.filter, p.geography, p.view))
        nav aria-label=(ctx.t("agenda-views")) class="view-switch" {
            a href=(list_link) aria-current=[(p.view == AgendaView::List).then_some("page")] { (ctx.t("agenda-view-list")) }
            " · "
            a href=(month_link) aria-current=[matches!(p.view, AgendaView::Month(_)).then_some("page")] { (ctx.t("agenda-view-month")) }
        }
        @match p.view {
            AgendaView::Month(month) => {
                (month_nav(ctx, p.filter, month))
                (month_grid(ctx, month, p.items))
            }
            AgendaView::List => {
                @if p.items.is_empty() { (empty_state(ctx, "agenda-empty")) }
                @for (month, items) in by_month(p.items) {
                    section {
                        h2 class="month-heading" { (format::month(ctx.locale, month)) }
                        ul class="agenda" {
                            @for l in items {
                                (occurrence_line(ctx, l, p.organisers.get(&l.event.id).map(Vec::as_slice).unwrap_or(&[])))
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}
