//! The agenda: upcoming occurrences as a list (by month) or a month grid,
//! with filters and the calls for proposals closing soon; also as JSON.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};

use super::lineage;
use super::{
    AgendaView, filter_pairs, kind_options, participation_options, query_string, when_text,
    zone_note,
};
use crate::agenda::recurrence::describe;
use crate::agenda::store::lineages::ExpectedEdition;
use crate::agenda::store::{AgendaFilter, Listed, Organiser};
use crate::agenda::time::{add_days, next_month, previous_month};
use crate::entities::*;
use crate::geography::Geography;
use crate::web::components::{badge, empty_state, with_all};
use crate::web::forms::{self, Field, FormErrors};
use crate::web::{Ctx, format, layout};

fn filters(ctx: &Ctx, filter: &AgendaFilter, geography: &Geography, view: AgendaView) -> Markup {
    let none = FormErrors::default();
    let from = filter.from.map(|d| d.to_string()).unwrap_or_default();
    let to = filter.to.map(|d| d.to_string()).unwrap_or_default();
    let kinds: Vec<String> = filter.kind.iter().map(|k| k.as_str().to_owned()).collect();
    let participation = filter
        .participation
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let theme = filter.theme.join(", ");
    html! {
        // Folded unless a filter is set, on every screen: they are long.
        details class="filters-panel always-toggle" open[filter != &AgendaFilter::default()] {
            summary { (ctx.t("agenda-filters")) }
            form method="get" action="/agenda" class="filters" {
                @if let AgendaView::Month(month) = view {
                    input type="hidden" name="view" value="month";
                    input type="hidden" name="month" value=(month.format("%Y-%m"));
                }
                @if let AgendaView::Week(monday) = view {
                    input type="hidden" name="view" value="week";
                    input type="hidden" name="week" value=(monday);
                }
                @if let Some(o) = filter.organiser { input type="hidden" name="organiser" value=(o); }
                div class="grid" {
                    (forms::input(Field::new("from", ctx.t("agenda-from"), &from).kind("date"), &none))
                    (forms::input(Field::new("to", ctx.t("agenda-to"), &to).kind("date"), &none))
                    (forms::input(Field::new("theme", ctx.t("agenda-themes"), &theme).hint(ctx.t("agenda-themes-hint")), &none))
                }
                (checkboxes("kind", &ctx.t("agenda-kind"), &kind_options(ctx), &kinds))
                div class="grid" {
                    (multi_select(ctx, "region", &ctx.t("filter-region"), &geography.region_options(), &filter.region))
                    (multi_select(ctx, "departement", &ctx.t("filter-departement"), &geography.departement_options(), &filter.departement))
                    (forms::select(Field::new("participation", ctx.t("agenda-participation"), &participation), &with_all(ctx, participation_options(ctx)), &none))
                }
                button type="submit" { (ctx.t("filter-apply")) }
                " "
                a href="/agenda" { (ctx.t("agenda-filter-reset")) }
            }
        }
    }
}

/// A `<select multiple>` with its label and a hint on choosing several;
/// nothing chosen means all.
fn multi_select(
    ctx: &Ctx,
    name: &str,
    label: &str,
    options: &[(String, String)],
    chosen: &[String],
) -> Markup {
    html! {
        label for={ "field-" (name) } {
            (label)
            select id={ "field-" (name) } name=(name) multiple size="6"
                aria-describedby={ "field-" (name) "-hint" } {
                @for (value, text) in options {
                    option value=(value) selected[chosen.contains(value)] { (text) }
                }
            }
            small id={ "field-" (name) "-hint" } { (ctx.t("agenda-filter-several")) }
        }
    }
}

/// Checkboxes sharing one name, in a fieldset; none ticked means all.
fn checkboxes(name: &str, legend: &str, options: &[(String, String)], chosen: &[String]) -> Markup {
    html! {
        fieldset class="agenda-choices" {
            legend { (legend) }
            @for (value, text) in options {
                label for={ "field-" (name) "-" (value) } {
                    input type="checkbox" id={ "field-" (name) "-" (value) } name=(name) value=(value)
                        checked[chosen.contains(value)];
                    (text)
                }
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
            (badge(ctx, e.kind))
            @if l.occurrence.in_series {
                " "
                small class="agenda-repeats" {
                    span aria-hidden="true" { "↻ " }
                    @if let Some(rule) = e.rrule.as_deref().filter(|r| !r.trim().is_empty()) {
                        (describe(rule, ctx.locale))
                    } @else {
                        (ctx.t("agenda-recurring"))
                    }
                }
            }
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
                    " " (badge(ctx, e.participation))
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
    /// Editions of yearly events expected in the window ("date probable").
    pub expected: &'a [ExpectedEdition],
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

fn month_grid(
    ctx: &Ctx,
    month: NaiveDate,
    items: &[Listed],
    expected: &[ExpectedEdition],
) -> Markup {
    let first = month.with_day(1).unwrap_or(month);
    let offset = first.weekday().num_days_from_monday() as i64;
    let grid_start = add_days(first, -offset);
    let weeks: Vec<Vec<NaiveDate>> = (0..6)
        .map(|w| (0..7).map(|d| add_days(grid_start, w * 7 + d)).collect())
        .filter(|week: &Vec<NaiveDate>| week.iter().any(|d| d.month() == first.month()))
        .collect();
    let days: Vec<NaiveDate> = weeks.into_iter().flatten().collect();
    let label = format::month(ctx.locale, first);
    days_grid(
        ctx,
        &label,
        &days,
        |day| day.month() != first.month(),
        items,
        expected,
    )
}

/// The week starting on `monday`, with links to the weeks around it.
fn week_nav(ctx: &Ctx, filter: &AgendaFilter, monday: NaiveDate) -> Markup {
    let mut pairs = filter_pairs(filter);
    pairs.retain(|(k, _)| *k != "from" && *k != "to");
    let link = |m: NaiveDate| {
        let mut p = pairs.clone();
        p.push(("view", "week".into()));
        p.push(("week", m.to_string()));
        format!("/agenda?{}", query_string(&p))
    };
    let (previous, next) = (add_days(monday, -7), add_days(monday, 7));
    let heading = ctx.t_args(
        "agenda-week-of",
        &[crate::web::i18n::arg(
            "date",
            format::date(ctx.locale, monday),
        )],
    );
    html! {
        nav aria-label=(ctx.t("agenda-week-nav")) class="month-nav" {
            a href=(link(previous)) rel="prev" { "← " (format::date(ctx.locale, previous)) }
            h2 { (heading) }
            a href=(link(next)) rel="next" { (format::date(ctx.locale, next)) " →" }
        }
    }
}

/// Days in seven equal columns (a stack of days on a phone): each day a
/// heading, each entry its own line, time apart from title.
fn days_grid(
    ctx: &Ctx,
    label: &str,
    days: &[NaiveDate],
    outside: impl Fn(NaiveDate) -> bool,
    items: &[Listed],
    expected: &[ExpectedEdition],
) -> Markup {
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
    let weekdays = [
        "day-mon", "day-tue", "day-wed", "day-thu", "day-fri", "day-sat", "day-sun",
    ];
    html! {
        section class="month-grid" aria-label=(label) {
            div class="month-weekdays" aria-hidden="true" {
                @for key in weekdays { div { (ctx.t(key)) } }
            }
            ol class="month-days" {
                @for day in days {
                    @let entries = on(*day);
                    @let probable: Vec<&ExpectedEdition> = expected.iter().filter(|x| x.expected.probable.date == *day).collect();
                    @let other = outside(*day);
                    li class={
                        "month-day"
                        @if other { " other-month" }
                        @if entries.is_empty() && probable.is_empty() { " empty" }
                        @if *day == crate::clock::today() { " today" }
                    } {
                        h3 class="month-day-head" {
                            span class="day-number" aria-hidden="true" { (day.day()) }
                            span class="day-full" {
                                (ctx.t(weekdays[day.weekday().num_days_from_monday() as usize])) " "
                                (format::date(ctx.locale, *day))
                            }
                        }
                        @if !entries.is_empty() || !probable.is_empty() {
                            ul class="month-entries" {
                                @for x in &probable { (lineage::grid_entry(ctx, x)) }
                                @for l in entries {
                                    li {
                                        a class="month-event" href={ "/events/" (l.event.id) } {
                                            @if !l.event.all_day {
                                                time class="month-time" { (l.occurrence.start_local.format("%H:%M")) }
                                                " "
                                            }
                                            span class="month-title" { (l.title()) }
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

/// A line of the list: an occurrence, or an edition expected that day.
enum Line<'a> {
    Held(&'a Listed),
    Expected(&'a ExpectedEdition),
}

/// Occurrences and expected editions grouped by the month they start in,
/// in order (on one day, occurrences first).
fn by_month<'a>(
    items: &'a [Listed],
    expected: &'a [ExpectedEdition],
) -> Vec<(NaiveDate, Vec<Line<'a>>)> {
    let mut lines: Vec<(NaiveDate, u8, Line<'a>)> = items
        .iter()
        .map(|l| (l.occurrence.start_local.date(), 0, Line::Held(l)))
        .chain(
            expected
                .iter()
                .map(|x| (x.expected.probable.date, 1, Line::Expected(x))),
        )
        .collect();
    // Stable: occurrences keep the order of their starts.
    lines.sort_by_key(|(day, rank, _)| (*day, *rank));
    let mut groups: Vec<(NaiveDate, Vec<Line<'a>>)> = Vec::new();
    for (day, _, line) in lines {
        let month = day.with_day(1).unwrap_or_default();
        match groups.last_mut() {
            Some((m, group)) if *m == month => group.push(line),
            _ => groups.push((month, vec![line])),
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
    let week_link = {
        let mut w = pairs.clone();
        w.retain(|(k, _)| *k != "from" && *k != "to");
        w.push(("view", "week".into()));
        format!("/agenda?{}", query_string(&w))
    };
    let body = html! {
        h1 { (title) }
        p class="actions agenda-actions" {
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
            ul {
                li { a href=(list_link) aria-current=[(p.view == AgendaView::List).then_some("page")] { (ctx.t("agenda-view-list")) } }
                li { a href=(month_link) aria-current=[matches!(p.view, AgendaView::Month(_)).then_some("page")] { (ctx.t("agenda-view-month")) } }
                li { a href=(week_link) aria-current=[matches!(p.view, AgendaView::Week(_)).then_some("page")] { (ctx.t("agenda-view-week")) } }
            }
        }
        @match p.view {
            AgendaView::Month(month) => {
                (month_nav(ctx, p.filter, month))
                (month_grid(ctx, month, p.items, p.expected))
            }
            AgendaView::Week(monday) => {
                (week_nav(ctx, p.filter, monday))
                (days_grid(ctx, &format::date(ctx.locale, monday), &(0..7).map(|d| add_days(monday, d)).collect::<Vec<_>>(), |_| false, p.items, p.expected))
            }
            AgendaView::List => {
                @if p.items.is_empty() && p.expected.is_empty() { (empty_state(ctx, "agenda-empty")) }
                @for (month, lines) in by_month(p.items, p.expected) {
                    section {
                        h2 class="month-heading" { (format::month(ctx.locale, month)) }
                        ul class="agenda" {
                            @for line in &lines {
                                @match line {
                                    Line::Held(l) => (occurrence_line(ctx, l, p.organisers.get(&l.event.id).map(Vec::as_slice).unwrap_or(&[]))),
                                    Line::Expected(x) => (lineage::agenda_line(ctx, x)),
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}
