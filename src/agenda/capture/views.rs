//! Capture pages: the one-screen form used on a phone at the stand (no
//! script needed), the event's triage queue, all queues, and the triage
//! of one entry. Views never query the database.

use chrono::{DateTime, Utc};
use maud::{Markup, html};

use super::form::{CaptureForm, TriageForm, limits};
use super::store::{FLAG_DAYS, Waiting, captured_on, is_flagged};
use crate::entities::*;
use crate::web::components::{Pick, empty_state, picker, vocabulary_options};
use crate::web::forms::{
    self, Field, FormErrors, csrf_field, described_by, error_summary, field_notes,
};
use crate::web::i18n::arg;
use crate::web::{Ctx, format, layout};

/// A text field of the capture form: its limit shown to the browser too,
/// and the keyboard a phone should offer.
fn short_field(
    name: &str,
    label: String,
    value: &str,
    max: usize,
    attrs: (&str, &str, &str),
    errors: &FormErrors,
) -> Markup {
    let (kind, inputmode, autocomplete) = attrs;
    let error = errors.get(name);
    html! {
        label for={ "field-" (name) } {
            (label)
            input type=(kind) id={ "field-" (name) } name=(name) value=(value) maxlength=(max)
                inputmode=(inputmode) autocomplete=(autocomplete)
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[described_by(name, error.is_some(), false)];
            (field_notes(name, error, None))
        }
    }
}

/// "Saisie sur le stand": name, organisation, role, e-mail or phone, what
/// they asked, follow-up wanted — one screen, one button.
pub fn capture_page(
    ctx: &Ctx,
    e: &event::Model,
    form: &CaptureForm,
    errors: &FormErrors,
    waiting: &Waiting,
) -> Markup {
    let title = ctx.t("capture-title");
    let asked_error = errors.get("asked");
    let body = html! {
        h1 { (title) }
        p class="muted" {
            a href={ "/events/" (e.id) } { (e.title) } " · " (format::date(ctx.locale, e.start_local.date()))
        }
        (error_summary(ctx, errors))
        form method="post" action={ "/events/" (e.id) "/capture" } class="capture-form" novalidate {
            (csrf_field(ctx))
            label for="field-full_name" {
                (ctx.t("capture-full-name")) " " span aria-hidden="true" { "*" }
                input type="text" id="field-full_name" name="full_name" value=(form.full_name)
                    maxlength=(limits::NAME) autocomplete="off" required autofocus
                    aria-invalid=[errors.get("full_name").map(|_| "true")]
                    aria-describedby=[described_by("full_name", errors.get("full_name").is_some(), false)];
                (field_notes("full_name", errors.get("full_name"), None))
            }
            (short_field("organisation", ctx.t("capture-organisation"), &form.organisation, limits::ORGANISATION, ("text", "text", "off"), errors))
            (short_field("role", ctx.t("capture-role"), &form.role, limits::ROLE, ("text", "text", "off"), errors))
            (short_field("contact", ctx.t("capture-contact"), &form.contact, limits::CONTACT, ("text", "email", "off"), errors))
            label for="field-asked" {
                (ctx.t("capture-asked"))
                textarea id="field-asked" name="asked" rows="2" maxlength=(limits::ASKED)
                    aria-invalid=[asked_error.map(|_| "true")]
                    aria-describedby=[described_by("asked", asked_error.is_some(), false)] { (form.asked) }
                (field_notes("asked", asked_error, None))
            }
            (forms::checkbox("follow_up", ctx.t("capture-follow-up"), form.follow_up))
            button type="submit" { (ctx.t("capture-save")) }
        }
        p {
            a href={ "/events/" (e.id) "/captures" } { (ctx.t_args("capture-queue-link", &[arg("count", waiting.count)])) }
        }
    };
    layout::page(ctx, &title, body)
}

/// On the event's page: entries waiting for triage, and a warning when
/// some wait longer than [`FLAG_DAYS`].
pub fn waiting_note(ctx: &Ctx, event_id: i32, waiting: &Waiting) -> Markup {
    html! {
        @if waiting.count > 0 {
            p class="capture-waiting" {
                a href={ "/events/" (event_id) "/captures" } { (ctx.t_args("capture-queue-link", &[arg("count", waiting.count)])) }
                @if waiting.flagged > 0 {
                    " " strong class="capture-flag" { "⚠ " (ctx.t_args("capture-flagged-count", &[arg("count", waiting.flagged), arg("days", FLAG_DAYS)])) }
                }
            }
        }
    }
}

fn flag(ctx: &Ctx) -> Markup {
    html! {
        strong class="capture-flag" role="note" { "⚠ " (ctx.t_args("capture-flagged", &[arg("days", FLAG_DAYS)])) }
    }
}

/// What was typed, as a definition list.
fn typed(ctx: &Ctx, entry: &capture_entry::Model) -> Markup {
    let row = |key: &str, value: &Option<String>| {
        html! {
            @if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
                div { dt { (ctx.t(key)) } dd class="prewrap" { (v) } }
            }
        }
    };
    html! {
        dl class="facts" {
            (row("capture-full-name", &entry.full_name))
            (row("capture-organisation", &entry.organisation_name))
            (row("capture-role", &entry.role))
            (row("capture-contact", &entry.contact))
            (row("capture-asked", &entry.asked))
            div { dt { (ctx.t("capture-follow-up")) } dd { (ctx.t(if entry.follow_up { "yes" } else { "no" })) } }
            div { dt { (ctx.t("capture-captured-at")) } dd { (format::date_time(ctx.locale, entry.created_at)) } }
        }
    }
}

/// An event's triage queue, oldest entry first.
pub fn queue_page(
    ctx: &Ctx,
    e: &event::Model,
    entries: &[capture_entry::Model],
    waiting: &Waiting,
    now: DateTime<Utc>,
) -> Markup {
    let title = ctx.t_args("capture-queue-title", &[arg("event", e.title.clone())]);
    let body = html! {
        h1 { (title) }
        p class="actions" {
            a href={ "/events/" (e.id) "/capture" } role="button" { (ctx.t("capture-open")) }
            " "
            a href={ "/events/" (e.id) } { (ctx.t("capture-back-to-event")) }
        }
        p class="muted" { (ctx.t("capture-queue-explain")) }
        @if entries.is_empty() { (empty_state(ctx, "capture-queue-empty")) }
        ol class="record-list capture-queue" {
            @for entry in entries {
                li {
                    h2 class="capture-entry-title" {
                        (entry.full_name.as_deref().unwrap_or_default())
                        @if let Some(o) = entry.organisation_name.as_deref() { " · " small { (o) } }
                    }
                    @if is_flagged(entry, now) { p { (flag(ctx)) } }
                    (typed(ctx, entry))
                    a href={ "/captures/" (entry.id) } role="button" { (ctx.t("capture-triage")) }
                }
            }
        }
        @if waiting.triaged > 0 {
            p class="muted" { (ctx.t_args("capture-triaged-count", &[arg("count", waiting.triaged)])) }
        }
    };
    layout::page(ctx, &title, body)
}

/// Every event with entries waiting, the oldest waiting first.
pub fn queues_page(ctx: &Ctx, queues: &[(event::Model, Waiting)]) -> Markup {
    let title = ctx.t("capture-queues-title");
    let body = html! {
        h1 { (title) }
        @if queues.is_empty() { (empty_state(ctx, "capture-queues-empty")) }
        ul class="record-list" {
            @for (e, w) in queues {
                li {
                    a href={ "/events/" (e.id) "/captures" } { (e.title) }
                    " · " (format::date(ctx.locale, e.start_local.date()))
                    " · " (ctx.t_args("capture-waiting", &[arg("count", w.count)]))
                    @if w.flagged > 0 {
                        " " strong class="capture-flag" { "⚠ " (ctx.t_args("capture-flagged-count", &[arg("count", w.flagged), arg("days", FLAG_DAYS)])) }
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}

/// A radio button of a choice, with its label.
fn radio(name: &str, value: &str, chosen: &str, label: Markup) -> Markup {
    let id = format!("field-{name}-{value}");
    html! {
        label for=(id) {
            input type="radio" id=(id) name=(name) value=(value) checked[chosen.trim() == value];
            (label)
        }
    }
}

/// What the triage page shows.
pub struct TriagePage<'a> {
    pub entry: &'a capture_entry::Model,
    pub event: &'a event::Model,
    pub form: &'a TriageForm,
    pub errors: &'a FormErrors,
    /// People who may be the one met, with one of their roles.
    pub people: &'a [(person::Model, Option<(String, String)>)],
    pub organisations: &'a [organisation::Model],
    pub now: DateTime<Utc>,
}

/// The triage of one entry: what was typed, then who they are (a match
/// or someone new), where they work, the lawful basis and the follow-up.
pub fn triage_page(ctx: &Ctx, p: &TriagePage<'_>) -> Markup {
    let (entry, f, errors) = (p.entry, p.form, p.errors);
    let title = ctx.t_args(
        "capture-triage-title",
        &[arg("name", entry.full_name.clone().unwrap_or_default())],
    );
    let group_error = |name: &str| {
        html! { @if let Some(e) = errors.get(name) { small id={ "field-" (name) "-error" } class="field-error" { (e) } } }
    };
    let bases = vocabulary_options::<LawfulBasis>(ctx);
    let kinds = vocabulary_options::<OrgKind>(ctx);
    let body = html! {
        h1 { (title) }
        p class="muted" {
            a href={ "/events/" (p.event.id) "/captures" } { (ctx.t_args("capture-queue-title", &[arg("event", p.event.title.clone())])) }
            " · " (ctx.t("capture-captured-on")) " " (format::date(ctx.locale, captured_on(entry)))
        }
        @if is_flagged(entry, p.now) { p { (flag(ctx)) } }
        section aria-labelledby="typed" {
            h2 id="typed" { (ctx.t("capture-typed")) }
            (typed(ctx, entry))
        }
        (error_summary(ctx, errors))
        form method="post" action={ "/captures/" (entry.id) } novalidate {
            (csrf_field(ctx))
            fieldset id="field-person" {
                legend { (ctx.t("capture-who")) }
                (group_error("person"))
                @for (person, role) in p.people {
                    (radio("person", &person.id.to_string(), &f.person, html! {
                        (ctx.t("capture-existing-person")) " " a href={ "/people/" (person.id) } { (person.full_name) }
                        @if let Some(email) = &person.email { " " small class="muted" { "· " (email) } }
                        @if let Some((role, organisation)) = role { " " small class="muted" { "· " (role) ", " (organisation) } }
                    }))
                }
                (radio("person", "pick", &f.person, html! { (ctx.t("capture-other-person")) }))
                (picker(ctx, Pick::new("person_id", ctx.t("capture-person-pick"), "/pick/people").value(&f.person_id, &f.person_id_name), errors))
                (radio("person", "new", &f.person, html! { (ctx.t("capture-new-person")) }))
                (forms::input(Field::new("full_name", ctx.t("capture-full-name"), &f.full_name), errors))
                div class="grid" {
                    (forms::input(Field::new("email", ctx.t("capture-email"), &f.email).kind("email").hint(ctx.t("capture-merge-hint")), errors))
                    (forms::input(Field::new("phone", ctx.t("capture-phone"), &f.phone).kind("tel"), errors))
                }
            }
            fieldset id="field-organisation" {
                legend { (ctx.t("capture-where")) }
                (group_error("organisation"))
                @for o in p.organisations {
                    (radio("organisation", &o.id.to_string(), &f.organisation, html! {
                        (ctx.t("capture-existing-organisation")) " " a href={ "/organisations/" (o.id) } { (o.name) }
                        @if let Some(c) = &o.commune { " " small class="muted" { "· " (c) } }
                    }))
                }
                (radio("organisation", "pick", &f.organisation, html! { (ctx.t("capture-other-organisation")) }))
                (picker(ctx, Pick::new("organisation_id", ctx.t("capture-organisation-pick"), "/pick/organisations").value(&f.organisation_id, &f.organisation_id_name), errors))
                (radio("organisation", "new", &f.organisation, html! { (ctx.t("capture-new-organisation")) }))
                div class="grid" {
                    (forms::input(Field::new("organisation_name", ctx.t("capture-organisation-name"), &f.organisation_name), errors))
                    (forms::select(Field::new("organisation_kind", ctx.t("capture-organisation-kind"), &f.organisation_kind), &kinds, errors))
                }
                (radio("organisation", "none", &f.organisation, html! { (ctx.t("capture-no-organisation")) }))
                (forms::input(Field::new("role", ctx.t("capture-role"), &f.role).hint(ctx.t("capture-role-hint")), errors))
            }
            fieldset {
                legend { (ctx.t("capture-privacy")) }
                div class="grid" {
                    (forms::select(Field::new("lawful_basis", ctx.t("capture-lawful-basis"), &f.lawful_basis).required(), &bases, errors))
                    (forms::input(Field::new("source", ctx.t("capture-source-field"), &f.source).required(), errors))
                }
            }
            fieldset {
                legend { (ctx.t("capture-contact-logged")) }
                (forms::textarea(Field::new("summary", ctx.t("capture-summary"), &f.summary).required(), errors))
                (forms::input(Field::new("follow_up_on", ctx.t("capture-follow-up-on"), &f.follow_up_on).kind("date").hint(ctx.t("capture-follow-up-hint")), errors))
            }
            p class="muted" { (ctx.t("capture-cleared-after")) }
            button type="submit" { (ctx.t("capture-triage-save")) }
        }
        form method="post" action={ "/captures/" (entry.id) "/discard" } {
            (csrf_field(ctx))
            button type="submit" class="secondary outline" { (ctx.t("capture-discard")) }
        }
    };
    layout::page(ctx, &title, body)
}
