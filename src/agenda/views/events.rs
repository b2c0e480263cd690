//! An event: its page (or JSON), its form (new, edit, conflict) and the
//! confirmation of its deletion.

use maud::{Markup, html};

use super::{
    departement_choices, kind_options, occurrence_key, participation_options, region_choices,
    when_text, zone_note,
};
use crate::agenda::capture::store::Waiting;
use crate::agenda::form::{EventForm, REPEATS};
use crate::agenda::recurrence::describe;
use crate::agenda::store::lineages::LineageDetails;
use crate::agenda::store::{EventDetails, themes_of};
use crate::audit::store::AuditLine;
use crate::entities::*;
use crate::geography::Geography;
use crate::web::components::{badge, conflict_notice};
use crate::web::forms::{self, Field, FormErrors, csrf_field, error_summary};
use crate::web::layout::{self, url_encode};
use crate::web::record::{fact, text};
use crate::web::security::allowed_link;
use crate::web::timeline::{TimelineKind, timeline};
use crate::web::{Ctx, format};

/// The event and its next dates as JSON.
pub fn json(p: &EventDetails) -> serde_json::Value {
    serde_json::json!({
        "event": p.event,
        "next": p.next.iter().map(|o| serde_json::json!({
            "start": o.start_local, "end": o.end_local, "cancelled": o.cancelled, "title": o.title,
        })).collect::<Vec<_>>(),
    })
}

/// What the event page shows beside the event itself.
pub struct Extras<'a> {
    /// Its lineage, editions and the next one expected.
    pub lineage: Option<&'a LineageDetails>,
    /// The lineages it may join (for those who may write).
    pub lineages: &'a [event_lineage::Model],
    /// Its stand captures waiting for triage.
    pub captures: &'a Waiting,
}

/// The event page: a header (title, kind, participation, when and where,
/// the main actions), its description, next dates, editions and the
/// timeline of its edits in the centre, and a side panel with the facts
/// that have a value.
pub fn show(
    ctx: &Ctx,
    p: &EventDetails,
    history: &[AuditLine],
    show: Option<TimelineKind>,
    extras: &Extras<'_>,
) -> Markup {
    let e = &p.event;
    let path = format!("/events/{}", e.id);
    let themes = themes_of(e);
    let when = html! {
        @if let Some(first) = p.next.first() { (when_text(ctx, e.all_day, first)) } @else { (format::date(ctx.locale, e.start_local.date())) }
        @if let Some(zone) = zone_note(e) { " " (zone) }
    };
    let place: Vec<String> = [e.place.clone(), e.commune.clone()]
        .into_iter()
        .flatten()
        .filter(|v| !v.trim().is_empty())
        .collect();
    let place = (e.online || !place.is_empty()).then(|| {
        html! { @if e.online { (ctx.t("agenda-online")) @if !place.is_empty() { " · " } } (place.join(", ")) }
    });
    let body = html! {
        div class="record" {
            header class="record-head" {
                h1 { (e.title) }
                ul class="record-badges" aria-label=(ctx.t("record-status")) {
                    li { (badge(ctx, e.kind)) }
                    li { (badge(ctx, e.participation)) }
                }
                dl class="record-meta" {
                    (fact(ctx.t("agenda-when"), Some(when)))
                    (fact(ctx.t("agenda-place"), place))
                }
                @if ctx.can_write() {
                    div class="record-actions" {
                        a href={ (path) "/edit" } role="button" { (ctx.t("directory-edit")) }
                        a href={ (path) "/capture" } role="button" class="secondary" { (ctx.t("capture-open")) }
                        a href={ (path) "/delete" } role="button" class="secondary outline" { (ctx.t("directory-delete")) }
                    }
                    (crate::agenda::capture::views::waiting_note(ctx, e.id, extras.captures))
                }
            }
            div class="record-main" {
                @if let Some(d) = &e.description { section aria-labelledby="description" { h2 id="description" { (ctx.t("agenda-description")) } p class="prewrap" { (d) } } }
                @if p.next.len() > 1 || e.rrule.is_some() {
                    section aria-labelledby="occurrences" {
                        h2 id="occurrences" { (ctx.t("agenda-next-occurrences")) }
                        ul class="record-list" {
                            @for o in &p.next {
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
                (super::lineage::section(ctx, e, extras.lineage, extras.lineages))
                (timeline(ctx, &path, crate::audit::views::timeline_entries(ctx, history), show))
            }
            aside class="record-side" aria-label=(ctx.t("record-side")) {
                section aria-labelledby="event-facts" {
                    h2 id="event-facts" { (ctx.t("directory-identity")) }
                    dl class="facts" {
                        @if let Some(rule) = e.rrule.as_deref().filter(|r| !r.trim().is_empty()) {
                            (fact(ctx.t("agenda-recurrence"), Some(html! { (describe(rule, ctx.locale)) " " small class="muted" { code { (rule) } } })))
                        }
                        @if !p.organisers.is_empty() {
                            (fact(ctx.t("agenda-organisers"), Some(html! { @for (i, o) in p.organisers.iter().enumerate() { @if i > 0 { ", " } a href={ "/organisations/" (o.id) } { (o.name) } } })))
                        }
                        @if !themes.is_empty() {
                            (fact(ctx.t("agenda-themes"), Some(html! { @for t in &themes { a href={ "/agenda?theme=" (url_encode(t)) } class="tag" { (t) } " " } })))
                        }
                        // Checked again here: a link stored before the checks existed.
                        (fact(ctx.t("agenda-url"), e.url.as_ref().map(|url| html! { @if let Some(link) = allowed_link(url) { a href=(link) rel="noopener" { (link) } } @else { (url) } })))
                        (fact(ctx.t("agenda-cfp-deadline"), e.cfp_deadline.map(|d| html! { (format::date(ctx.locale, d)) @if let Some(u) = e.cfp_url.as_deref().and_then(allowed_link) { " · " a href=(u) rel="noopener" { (ctx.t("agenda-cfp-link")) } } })))
                        (fact(ctx.t("agenda-participants"), text(e.participants.as_deref())))
                        @if let Some(feed) = &p.feed_name { (fact(ctx.t("agenda-source"), Some(html! { (feed) }))) }
                        @else if e.external_uid.is_some() { (fact(ctx.t("agenda-source"), Some(html! { (ctx.t("agenda-source-import")) }))) }
                    }
                }
            }
        }
    };
    layout::page(ctx, &e.title, body)
}

/// The event form as typed, and what surrounds it.
pub struct FormPage<'a> {
    pub form: &'a EventForm,
    /// The event edited (none for a new one).
    pub current: Option<&'a event::Model>,
    pub errors: Option<&'a FormErrors>,
    /// The version someone saved meanwhile, shown above the form.
    pub theirs: Option<&'a event::Model>,
}

impl<'a> FormPage<'a> {
    pub fn new(form: &'a EventForm) -> Self {
        FormPage {
            form,
            current: None,
            errors: None,
            theirs: None,
        }
    }

    pub fn editing(self, current: &'a event::Model) -> Self {
        FormPage {
            current: Some(current),
            ..self
        }
    }

    pub fn errors(self, errors: &'a FormErrors) -> Self {
        FormPage {
            errors: Some(errors),
            ..self
        }
    }

    pub fn beside(self, theirs: &'a event::Model) -> Self {
        FormPage {
            theirs: Some(theirs),
            ..self
        }
    }
}

pub fn form(ctx: &Ctx, p: &FormPage<'_>, geography: &Geography) -> Markup {
    let (f, current) = (p.form, p.current);
    let none = FormErrors::default();
    let errors = p.errors.unwrap_or(&none);
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
        @if let Some(theirs) = p.theirs {
            (conflict_notice(ctx, html! {
                dl {
                    dt { (ctx.t("agenda-title-field")) } dd { (theirs.title) }
                    dt { (ctx.t("agenda-when")) } dd { (theirs.start_local) }
                    dt { (ctx.t("agenda-participation")) } dd { (ctx.t(&theirs.participation.label_key())) }
                    dt { (ctx.t("agenda-place")) } dd { (layout::or_dash(theirs.place.as_deref())) }
                }
            }))
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
                    (forms::select(Field::new("region_code", ctx.t("filter-region"), &f.region_code), &region_choices(ctx, geography), errors))
                    (forms::select(Field::new("departement_code", ctx.t("filter-departement"), &f.departement_code), &departement_choices(ctx, geography), errors))
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
