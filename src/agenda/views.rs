//! Agenda pages: the upcoming list and month view, calls for proposals,
//! an event, its form, one occurrence, imports, subscriptions and the
//! personal feed address.

use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};

use super::form::{EventForm, REPEATS};
use super::import::ImportReport;
use super::recurrence::Occurrence;
use super::store::{AgendaFilter, Listed, themes_of};
use super::time::{add_days, next_month, previous_month};
use crate::audit::store::AuditLine;
use crate::directory::views::{Choices, departement_options, region_options, with_all};
use crate::entities::*;
use crate::web::forms::{self, Field, FormErrors, csrf_field, error_summary};
use crate::web::layout::{self, url_encode};
use crate::web::security::allowed_link;
use crate::web::{Ctx, format};

/// Which way the agenda is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaView {
    List,
    Month(NaiveDate),
}

fn vocabulary_options<T: Copy>(
    ctx: &Ctx,
    all: &[T],
    value: impl Fn(T) -> &'static str,
    key: impl Fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (value(*v).to_owned(), ctx.t(&key(*v))))
        .collect()
}

fn kind_options(ctx: &Ctx) -> Vec<(String, String)> {
    vocabulary_options(ctx, EventKind::ALL, |k| k.as_str(), |k| k.label_key())
}

fn participation_options(ctx: &Ctx) -> Vec<(String, String)> {
    vocabulary_options(ctx, Participation::ALL, |p| p.as_str(), |p| p.label_key())
}

/// The filter as query pairs (for links that keep it).
pub fn filter_pairs(filter: &AgendaFilter) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    if let Some(d) = filter.from {
        pairs.push(("from", d.to_string()));
    }
    if let Some(d) = filter.to {
        pairs.push(("to", d.to_string()));
    }
    if let Some(r) = &filter.region {
        pairs.push(("region", r.clone()));
    }
    if let Some(d) = &filter.departement {
        pairs.push(("departement", d.clone()));
    }
    if let Some(k) = filter.kind {
        pairs.push(("kind", k.as_str().to_owned()));
    }
    if let Some(t) = &filter.theme {
        pairs.push(("theme", t.clone()));
    }
    if let Some(o) = filter.organiser {
        pairs.push(("organiser", o.to_string()));
    }
    if let Some(p) = filter.participation {
        pairs.push(("participation", p.as_str().to_owned()));
    }
    pairs
}

pub fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// "24 nov. 2026, 09:30–17:00" or "10 juin 2027 – 12 juin 2027".
pub fn when_text(ctx: &Ctx, all_day: bool, o: &Occurrence) -> String {
    let start = format::date(ctx.locale, o.start_local.date());
    match (all_day, o.end_local) {
        (true, Some(end)) if end.date() != o.start_local.date() => {
            format!("{start} – {}", format::date(ctx.locale, end.date()))
        }
        (true, _) => format!("{start} ({})", ctx.t("agenda-all-day")),
        (false, Some(end)) if end.date() == o.start_local.date() => format!(
            "{start}, {}–{}",
            o.start_local.format("%H:%M"),
            end.format("%H:%M")
        ),
        (false, Some(end)) => format!(
            "{start}, {} – {}, {}",
            o.start_local.format("%H:%M"),
            format::date(ctx.locale, end.date()),
            end.format("%H:%M")
        ),
        (false, None) => format!("{start}, {}", o.start_local.format("%H:%M")),
    }
}

fn zone_note(e: &event::Model) -> Option<String> {
    (!e.all_day && e.time_zone != super::time::DEFAULT_TZ.name())
        .then(|| format!("({})", e.time_zone))
}

fn filters(ctx: &Ctx, filter: &AgendaFilter, choices: &Choices, view: AgendaView) -> Markup {
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
                    (forms::select(Field::new("region", ctx.t("filter-region"), &region), &with_all(ctx, region_options(choices)), &none))
                    (forms::select(Field::new("departement", ctx.t("filter-departement"), &departement), &with_all(ctx, departement_options(choices)), &none))
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

fn occurrence_line(ctx: &Ctx, l: &Listed, organisers: &[(i32, String)]) -> Markup {
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
                    @for (i, (id, name)) in organisers.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href={ "/organisations/" (id) } { (name) }
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

pub struct AgendaPage<'a> {
    pub filter: &'a AgendaFilter,
    pub view: AgendaView,
    pub items: &'a [Listed],
    pub organisers: &'a std::collections::HashMap<i32, Vec<(i32, String)>>,
    pub choices: &'a Choices,
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

pub fn agenda(ctx: &Ctx, p: AgendaPage<'_>) -> Markup {
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
        (filters(ctx, p.filter, p.choices, p.view))
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
                @if p.items.is_empty() { p class="muted" { (ctx.t("agenda-empty")) } }
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

pub fn calls(ctx: &Ctx, weeks: i64, events: &[event::Model]) -> Markup {
    let title = ctx.t("agenda-calls-title");
    let body = html! {
        h1 { (title) }
        form method="get" action="/agenda/calls" class="inline" {
            label for="weeks" { (ctx.t("agenda-calls-within")) }
            input id="weeks" type="number" name="weeks" min="1" max="104" value=(weeks);
            button type="submit" { (ctx.t("filter-apply")) }
        }
        @if events.is_empty() { p class="muted" { (ctx.t("dashboard-no-calls")) } }
        div class="table-scroll" {
            table {
                thead { tr {
                    th scope="col" { (ctx.t("agenda-cfp-deadline")) }
                    th scope="col" { (ctx.t("agenda-event")) }
                    th scope="col" { (ctx.t("agenda-participation")) }
                } }
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

pub struct EventPage<'a> {
    pub event: &'a event::Model,
    pub organisers: &'a [(i32, String)],
    pub next: &'a [Occurrence],
    pub changed: &'a [event_override::Model],
    pub feed_name: Option<String>,
    pub history: &'a [AuditLine],
}

pub fn occurrence_key(o: &Occurrence) -> String {
    o.recurrence_local.format("%Y-%m-%dT%H:%M:%S").to_string()
}

pub fn show(ctx: &Ctx, p: EventPage<'_>) -> Markup {
    let e = p.event;
    let themes = themes_of(e);
    let body = html! {
        h1 { (e.title) }
        p { (ctx.t(&e.kind.label_key())) " · " mark { (ctx.t(&e.participation.label_key())) } }
        @if ctx.can_write() {
            p class="actions" {
                a href={ "/events/" (e.id) "/edit" } role="button" { (ctx.t("directory-edit")) } " "
                a href={ "/events/" (e.id) "/delete" } role="button" class="secondary" { (ctx.t("directory-delete")) }
            }
        }
        dl class="facts" {
            dt { (ctx.t("agenda-when")) }
            dd {
                @if let Some(first) = p.next.first() { (when_text(ctx, e.all_day, first)) } @else { (format::date(ctx.locale, e.start_local.date())) }
                @if let Some(zone) = zone_note(e) { " " (zone) }
            }
            @if let Some(rule) = &e.rrule { dt { (ctx.t("agenda-recurrence")) } dd { code { (rule) } } }
            dt { (ctx.t("agenda-place")) }
            dd {
                @if e.online { (ctx.t("agenda-online")) " " }
                (layout::or_dash([e.place.clone(), e.commune.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ").as_str().into()))
            }
            @if !p.organisers.is_empty() {
                dt { (ctx.t("agenda-organisers")) }
                dd { @for (i, (id, name)) in p.organisers.iter().enumerate() { @if i > 0 { ", " } a href={ "/organisations/" (id) } { (name) } } }
            }
            @if !themes.is_empty() {
                dt { (ctx.t("agenda-themes")) }
                dd { @for t in &themes { a href={ "/agenda?theme=" (url_encode(t)) } class="tag" { (t) } " " } }
            }
            @if let Some(url) = &e.url {
                dt { (ctx.t("agenda-url")) }
                // Checked again here: a link stored before the checks existed.
                dd { @if let Some(link) = allowed_link(url) { a href=(link) rel="noopener" { (link) } } @else { (url) } }
            }
            @if let Some(d) = e.cfp_deadline {
                dt { (ctx.t("agenda-cfp-deadline")) }
                dd { (format::date(ctx.locale, d)) @if let Some(u) = e.cfp_url.as_deref().and_then(allowed_link) { " · " a href=(u) rel="noopener" { (ctx.t("agenda-cfp-link")) } } }
            }
            @if let Some(who) = &e.participants { dt { (ctx.t("agenda-participants")) } dd { (who) } }
            @if let Some(feed) = &p.feed_name { dt { (ctx.t("agenda-source")) } dd { (feed) } }
            @else if e.external_uid.is_some() { dt { (ctx.t("agenda-source")) } dd { (ctx.t("agenda-source-import")) } }
        }
        @if let Some(d) = &e.description { section { h2 { (ctx.t("agenda-description")) } p class="prewrap" { (d) } } }
        @if p.next.len() > 1 || e.rrule.is_some() {
            section aria-labelledby="occurrences" {
                h2 id="occurrences" { (ctx.t("agenda-next-occurrences")) }
                ul {
                    @for o in p.next {
                        li {
                            @if o.cancelled { del { (when_text(ctx, e.all_day, o)) } " " (ctx.t("agenda-cancelled")) }
                            @else { (when_text(ctx, e.all_day, o)) @if let Some(t) = &o.title { " · " (t) } }
                            @if ctx.can_write() {
                                " " a href={ "/events/" (e.id) "/occurrences/" (occurrence_key(o)) } { (ctx.t("agenda-change-occurrence")) }
                            }
                        }
                    }
                }
                @if !p.changed.is_empty() { p class="muted" { (ctx.t("agenda-changed-count")) " " (p.changed.len()) } }
            }
        }
        (crate::audit::views::history(ctx, p.history))
    };
    layout::page(ctx, &e.title, body)
}

pub fn form(
    ctx: &Ctx,
    current: Option<&event::Model>,
    f: &EventForm,
    errors: &FormErrors,
    choices: &Choices,
    theirs: Option<&event::Model>,
) -> Markup {
    let title = match current {
        Some(e) => format!("{} – {}", ctx.t("directory-edit"), e.title),
        None => ctx.t("agenda-new"),
    };
    let action = match current {
        Some(e) => format!("/events/{}", e.id),
        None => "/events".into(),
    };
    let repeats: Vec<(String, String)> = REPEATS
        .iter()
        .map(|(v, k)| ((*v).to_owned(), ctx.t(k)))
        .collect();
    let body = html! {
        h1 { (title) }
        @if let Some(theirs) = theirs {
            div role="alert" class="conflict" {
                p { strong { (ctx.t("conflict-explanation")) } }
                dl {
                    dt { (ctx.t("agenda-title-field")) } dd { (theirs.title) }
                    dt { (ctx.t("agenda-when")) } dd { (theirs.start_local) }
                    dt { (ctx.t("agenda-participation")) } dd { (ctx.t(&theirs.participation.label_key())) }
                    dt { (ctx.t("agenda-place")) } dd { (layout::or_dash(theirs.place.as_deref())) }
                }
                p { (ctx.t("conflict-your-input")) }
            }
        }
        (error_summary(ctx, errors))
        form method="post" action=(action) novalidate {
            (csrf_field(ctx))
            input type="hidden" name="version" value=(f.version);
            (forms::input(Field::new("title", ctx.t("agenda-title-field"), &f.title).required(), errors))
            div class="grid" {
                (forms::select(Field::new("kind", ctx.t("agenda-kind"), &f.kind), &kind_options(ctx), errors))
                (forms::select(Field::new("participation", ctx.t("agenda-participation"), &f.participation), &participation_options(ctx), errors))
            }
            (forms::input(Field::new("participants", ctx.t("agenda-participants"), &f.participants).hint(ctx.t("agenda-participants-hint")), errors))
            fieldset {
                legend { (ctx.t("agenda-when")) }
                (forms::checkbox("all_day", ctx.t("agenda-all-day"), f.all_day))
                div class="grid" {
                    (forms::input(Field::new("start_date", ctx.t("agenda-start-date"), &f.start_date).kind("date").required(), errors))
                    (forms::input(Field::new("start_time", ctx.t("agenda-start-time"), &f.start_time).kind("time"), errors))
                    (forms::input(Field::new("end_date", ctx.t("agenda-end-date"), &f.end_date).kind("date"), errors))
                    (forms::input(Field::new("end_time", ctx.t("agenda-end-time"), &f.end_time).kind("time"), errors))
                }
                (forms::input(Field::new("time_zone", ctx.t("agenda-time-zone"), &f.time_zone).hint(ctx.t("agenda-time-zone-hint")), errors))
                div class="grid" {
                    (forms::select(Field::new("repeat", ctx.t("agenda-repeat"), &f.repeat), &repeats, errors))
                    (forms::input(Field::new("rrule", ctx.t("agenda-rrule"), &f.rrule).hint(ctx.t("agenda-rrule-hint")), errors))
                }
                (forms::input(Field::new("rdates", ctx.t("agenda-rdates"), &f.rdates).hint(ctx.t("agenda-rdates-hint")), errors))
                (forms::input(Field::new("exdates", ctx.t("agenda-exdates"), &f.exdates).hint(ctx.t("agenda-exdates-hint")), errors))
            }
            fieldset {
                legend { (ctx.t("agenda-place")) }
                (forms::checkbox("online", ctx.t("agenda-online"), f.online))
                div class="grid" {
                    (forms::input(Field::new("place", ctx.t("agenda-place-name"), &f.place), errors))
                    (forms::input(Field::new("commune", ctx.t("directory-commune"), &f.commune), errors))
                }
                div class="grid" {
                    (forms::select(Field::new("region_code", ctx.t("filter-region"), &f.region_code), &with_all(ctx, region_options(choices)), errors))
                    (forms::select(Field::new("departement_code", ctx.t("filter-departement"), &f.departement_code), &with_all(ctx, departement_options(choices)), errors))
                }
            }
            (forms::input(Field::new("organisers", ctx.t("agenda-organisers"), &f.organisers).hint(ctx.t("agenda-organisers-hint")), errors))
            (forms::input(Field::new("themes", ctx.t("agenda-themes"), &f.themes).hint(ctx.t("agenda-themes-hint")), errors))
            (forms::input(Field::new("url", ctx.t("agenda-url"), &f.url).kind("url"), errors))
            div class="grid" {
                (forms::input(Field::new("cfp_deadline", ctx.t("agenda-cfp-deadline"), &f.cfp_deadline).kind("date"), errors))
                (forms::input(Field::new("cfp_url", ctx.t("agenda-cfp-link"), &f.cfp_url).kind("url"), errors))
            }
            (forms::textarea(Field::new("description", ctx.t("agenda-description"), &f.description), errors))
            button type="submit" { (ctx.t("save")) }
        }
    };
    layout::page(ctx, &title, body)
}

pub fn delete_confirmation(ctx: &Ctx, e: &event::Model) -> Markup {
    let title = format!("{} – {}", ctx.t("directory-delete"), e.title);
    let body = html! {
        h1 { (title) }
        p { (ctx.t("agenda-delete-explain")) }
        form method="post" action={ "/events/" (e.id) "/delete" } {
            (csrf_field(ctx))
            button type="submit" class="secondary" { (ctx.t("directory-delete")) }
            " " a href={ "/events/" (e.id) } { (ctx.t("cancel")) }
        }
    };
    layout::page(ctx, &title, body)
}

pub struct OccurrenceFormValues {
    pub start_date: String,
    pub start_time: String,
    pub end_time: String,
    pub title: String,
    pub note: String,
}

pub fn occurrence(
    ctx: &Ctx,
    e: &event::Model,
    o: &Occurrence,
    values: &OccurrenceFormValues,
    errors: &FormErrors,
) -> Markup {
    let title = format!("{} – {}", e.title, when_text(ctx, e.all_day, o));
    let action = format!("/events/{}/occurrences/{}", e.id, occurrence_key(o));
    let body = html! {
        h1 { (title) }
        p { (ctx.t("agenda-occurrence-explain")) }
        (error_summary(ctx, errors))
        form method="post" action=(action) {
            (csrf_field(ctx))
            input type="hidden" name="action" value="move";
            div class="grid" {
                (forms::input(Field::new("start_date", ctx.t("agenda-start-date"), &values.start_date).kind("date").required(), errors))
                @if !e.all_day {
                    (forms::input(Field::new("start_time", ctx.t("agenda-start-time"), &values.start_time).kind("time"), errors))
                    (forms::input(Field::new("end_time", ctx.t("agenda-end-time"), &values.end_time).kind("time"), errors))
                }
            }
            (forms::input(Field::new("title", ctx.t("agenda-title-field"), &values.title), errors))
            (forms::input(Field::new("note", ctx.t("agenda-note"), &values.note), errors))
            button type="submit" { (ctx.t("agenda-save-occurrence")) }
        }
        div class="grid" {
            form method="post" action=(action) {
                (csrf_field(ctx))
                input type="hidden" name="action" value="cancel";
                button type="submit" class="secondary" { (ctx.t("agenda-cancel-occurrence")) }
            }
            form method="post" action=(action) {
                (csrf_field(ctx))
                input type="hidden" name="action" value="restore";
                button type="submit" class="outline" { (ctx.t("agenda-restore-occurrence")) }
            }
        }
        p { a href={ "/events/" (e.id) } { "← " (e.title) } }
    };
    layout::page(ctx, &title, body)
}

pub fn import_page(ctx: &Ctx, report: Option<&ImportReport>, error: Option<&str>) -> Markup {
    let title = ctx.t("agenda-import-title");
    let body = html! {
        h1 { (title) }
        @if let Some(error) = error {
            div role="alert" class="error-summary" { p { strong { (ctx.t("agenda-import-refused")) } } p { (error) } }
        }
        @if let Some(r) = report {
            div role="status" class="flash" {
                p { strong { (ctx.t("agenda-import-done")) } " " (r.created) " " (ctx.t("agenda-import-created")) ", " (r.updated) " " (ctx.t("agenda-import-updated")) ", " (r.unchanged) " " (ctx.t("agenda-import-unchanged")) "." }
                @if !r.skipped.is_empty() || !r.warnings.is_empty() { ul { @for s in r.skipped.iter().chain(&r.warnings) { li { (s) } } } }
            }
        }
        p { (ctx.t("agenda-import-explain")) }
        // The guard cannot read a multipart body: the CSRF token rides in the URL.
        form method="post" action={ "/agenda/import?_csrf=" (ctx.csrf_token) } enctype="multipart/form-data" {
            (csrf_field(ctx))
            label for="field-file" { (ctx.t("agenda-import-file")) input id="field-file" type="file" name="file" accept=".ics,text/calendar" required; }
            button type="submit" { (ctx.t("agenda-import-submit")) }
        }
        p { a href="/agenda" { "← " (ctx.t("agenda-title")) } }
    };
    layout::page(ctx, &title, body)
}

pub fn feeds_page(
    ctx: &Ctx,
    feeds: &[(event_feed::Model, Option<String>)],
    values: &[(&str, String)],
    errors: &FormErrors,
) -> Markup {
    let title = ctx.t("agenda-feeds-title");
    let value = |name: &str| {
        values
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (name, url, organiser) = (value("name"), value("url"), value("organiser"));
    let body = html! {
        h1 { (title) }
        p { (ctx.t("agenda-feeds-explain")) }
        @if feeds.is_empty() { p class="muted" { (ctx.t("agenda-feeds-empty")) } }
        div class="table-scroll" {
            table {
                thead { tr {
                    th scope="col" { (ctx.t("agenda-feed-name")) }
                    th scope="col" { (ctx.t("agenda-feed-status")) }
                    th scope="col" { span class="visually-hidden" { (ctx.t("agenda-feed-actions")) } }
                } }
                tbody { @for (feed, organiser) in feeds { tr {
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
                (forms::input(Field::new("name", ctx.t("agenda-feed-name"), &name).required(), errors))
                (forms::input(Field::new("url", ctx.t("agenda-feed-url"), &url).kind("url").required(), errors))
                (forms::input(Field::new("organiser", ctx.t("agenda-feed-organiser"), &organiser).hint(ctx.t("agenda-organisers-hint")), errors))
                button type="submit" { (ctx.t("agenda-feed-add")) }
            }
        }
    };
    layout::page(ctx, &title, body)
}

pub fn feed_token_page(ctx: &Ctx, feed_url: Option<&str>, has_token: bool) -> Markup {
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
