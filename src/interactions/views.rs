//! The contact form.

use maud::{Markup, html};

use super::form::InteractionForm;
use crate::entities::*;
use crate::web::components::{
    Pick, picker, record_options, vocabulary_options, with_first, with_none,
};
use crate::web::forms::{Field, FormErrors, csrf_field, error_summary, input, select, textarea};
use crate::web::i18n::arg;
use crate::web::timeline::{TimelineEntry, TimelineKind, When};
use crate::web::{Ctx, format, layout};

/// What the form lets one choose from.
pub struct Options {
    /// The organisation the form names by its id, if any.
    pub organisation: Option<organisation::Model>,
    pub campaigns: Vec<campaign::Model>,
    /// The person the contact is with, when already chosen.
    pub person: Option<person::Model>,
    /// Other volunteers' live claims on the organisation: warned about.
    pub claims: Vec<crate::campaign::claims::LiveClaim>,
    /// The organisation's commune and its note of local context (see `geo`).
    pub local_context: Option<(commune::Model, Option<commune_note::Model>)>,
}

pub fn form(ctx: &Ctx, f: &InteractionForm, errors: &FormErrors, options: &Options) -> Markup {
    let title = ctx.t("interaction-title");
    let channels = vocabulary_options::<InteractionChannel>(ctx);
    let directions = vocabulary_options::<Direction>(ctx);
    // What each picker shows: the name typed, else the chosen record's.
    let organisation_text = match &options.organisation {
        Some(o) if f.organisation_id_name.trim().is_empty() => o.name.as_str(),
        _ => f.organisation_id_name.as_str(),
    };
    let person_text = match &options.person {
        Some(p) if f.person_id_name.trim().is_empty() => p.full_name.as_str(),
        _ => f.person_id_name.as_str(),
    };
    let campaigns = with_none(
        ctx,
        record_options(options.campaigns.iter().map(|c| (c.id, c.name.as_str()))),
    );
    let stages = with_first(
        ctx.t("interaction-stage-unchanged"),
        vocabulary_options::<Stage>(ctx),
    );
    let body = html! {
        h1 { (title) }
        (error_summary(ctx, errors))
        @if let Some(p) = options.person.as_ref().filter(|p| p.do_not_contact) {
            div role="alert" class="error-summary" {
                p { strong { (ctx.t("interaction-do-not-contact-warning")) } " " (p.full_name) }
            }
        }
        @for c in &options.claims {
            div role="status" class="claim-warning" {
                p {
                    strong { (ctx.t("claim-warning-title")) } " "
                    (ctx.t_args("claim-warning", &[
                        arg("name", c.user.clone()),
                        arg("campaign", c.campaign.clone()),
                        arg("date", format::date(ctx.locale, c.claim.until)),
                    ]))
                }
                @if let Some(note) = &c.claim.note { p class="muted" { (ctx.t("claim-note")) " " (note) } }
            }
        }
        @if let Some((commune, note)) = &options.local_context {
            (crate::web::components::local_context(ctx, commune, note.as_ref()))
        }
        form method="post" action="/interactions" {
            (csrf_field(ctx))
            div class="grid" {
                (input(Field::new("occurred_on", ctx.t("interaction-date"), &f.occurred_on).kind("date").required(), errors))
                (select(Field::new("channel", ctx.t("interaction-channel"), &f.channel).required(), &channels, errors))
                (select(Field::new("direction", ctx.t("interaction-direction"), &f.direction), &directions, errors))
            }
            div class="grid" {
                (picker(ctx, Pick::new("organisation_id", ctx.t("interaction-organisation"), "/pick/organisations").value(&f.organisation_id, organisation_text), errors))
                (picker(ctx, Pick::new("person_id", ctx.t("interaction-person"), "/pick/people").value(&f.person_id, person_text), errors))
            }
            (textarea(Field::new("summary", ctx.t("interaction-summary"), &f.summary).required(), errors))
            details open[!f.outcome.is_empty() || !f.next_step.is_empty() || !f.follow_up_on.is_empty()] {
                summary { (ctx.t("interaction-more")) }
                (textarea(Field::new("outcome", ctx.t("interaction-outcome"), &f.outcome), errors))
                (input(Field::new("next_step", ctx.t("interaction-next-step"), &f.next_step), errors))
                (input(Field::new("follow_up_on", ctx.t("interaction-follow-up"), &f.follow_up_on).kind("date"), errors))
            }
            div class="grid" {
                (select(Field::new("campaign_id", ctx.t("interaction-campaign"), &f.campaign_id), &campaigns, errors))
                (select(Field::new("new_stage", ctx.t("interaction-new-stage"), &f.new_stage), &stages, errors))
            }
            @if options.person.as_ref().is_some_and(|p| p.do_not_contact) || errors.get("confirm_do_not_contact").is_some() {
                label {
                    input type="checkbox" name="confirm_do_not_contact" value="on" aria-describedby="field-confirm_do_not_contact-error";
                    (ctx.t("interaction-do-not-contact-confirm"))
                }
                @if let Some(message) = errors.get("confirm_do_not_contact") {
                    small id="field-confirm_do_not_contact-error" class="field-error" { (message) }
                }
            }
            button type="submit" { (ctx.t("save")) }
        }
    };
    layout::page(ctx, &title, body)
}

/// A contact as a line of a record page's timeline: how and from whom,
/// what was said, what came of it and the follow-up, if any; `with` names
/// the person spoken with (id, name) where the page is not theirs.
pub fn timeline_entry(
    ctx: &Ctx,
    i: &interaction::Model,
    with: Option<(i32, &str)>,
) -> TimelineEntry {
    let title = html! { (ctx.t(&i.channel.label_key())) ", " (ctx.t(&i.direction.label_key())) " · " (i.summary) };
    let detail = html! {
        @if let Some((id, name)) = with { p { (ctx.t("timeline-with")) " " a href={ "/people/" (id) } { (name) } } }
        @if let Some(outcome) = &i.outcome { p { strong { (ctx.t("audit-field-outcome")) } " : " (outcome) } }
        @if let Some(step) = &i.next_step { p { strong { (ctx.t("audit-field-next-step")) } " : " (step) } }
        @if let Some(on) = i.follow_up_on {
            p {
                strong { (ctx.t("outreach-next-follow-up")) } " : " (format::date(ctx.locale, on))
                @if i.follow_up_done { " · " (ctx.t("audit-field-follow-up-done")) }
            }
        }
    };
    let entry = TimelineEntry::new(
        TimelineKind::Contact,
        When::Day(i.occurred_on),
        i.created_at,
        title,
    );
    match with.is_some() || i.outcome.is_some() || i.next_step.is_some() || i.follow_up_on.is_some()
    {
        true => entry.detail(detail),
        false => entry,
    }
}
