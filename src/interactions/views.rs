//! The contact form.

use chrono::NaiveDate;
use maud::{Markup, html};
use serde::Deserialize;

use crate::entities::*;
use crate::web::forms::{Field, FormErrors, csrf_field, error_summary, input, select, textarea};
use crate::web::{Ctx, layout};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct InteractionForm {
    #[serde(default)]
    pub occurred_on: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub direction: String,
    #[serde(default)]
    pub organisation_id: String,
    #[serde(default)]
    pub person_id: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub next_step: String,
    #[serde(default)]
    pub follow_up_on: String,
    #[serde(default)]
    pub campaign_id: String,
    #[serde(default)]
    pub new_stage: String,
    #[serde(default)]
    pub confirm_do_not_contact: Option<String>,
}

impl InteractionForm {
    pub fn blank(today: NaiveDate) -> Self {
        InteractionForm {
            occurred_on: today.to_string(),
            channel: InteractionChannel::Email.as_str().into(),
            direction: Direction::Outbound.as_str().into(),
            ..Default::default()
        }
    }
}

/// What the form lets one choose from.
pub struct Options {
    pub organisations: Vec<(i32, String)>,
    pub campaigns: Vec<campaign::Model>,
    /// The person the contact is with, when already chosen.
    pub person: Option<person::Model>,
}

pub fn form(ctx: &Ctx, f: &InteractionForm, errors: &FormErrors, options: &Options) -> Markup {
    let title = ctx.t("interaction-title");
    let channels: Vec<(String, String)> = InteractionChannel::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), ctx.t(&c.label_key())))
        .collect();
    let directions: Vec<(String, String)> = Direction::ALL
        .iter()
        .map(|d| (d.as_str().to_owned(), ctx.t(&d.label_key())))
        .collect();
    let mut organisations = vec![(String::new(), ctx.t("filter-none"))];
    organisations.extend(
        options
            .organisations
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone())),
    );
    let mut campaigns = vec![(String::new(), ctx.t("filter-none"))];
    campaigns.extend(
        options
            .campaigns
            .iter()
            .map(|c| (c.id.to_string(), c.name.clone())),
    );
    let mut stages = vec![(String::new(), ctx.t("interaction-stage-unchanged"))];
    stages.extend(
        Stage::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), ctx.t(&s.label_key()))),
    );
    let body = html! {
        h1 { (title) }
        (error_summary(ctx, errors))
        @if let Some(p) = options.person.as_ref().filter(|p| p.do_not_contact) {
            div role="alert" class="error-summary" {
                p { strong { (ctx.t("interaction-do-not-contact-warning")) } " " (p.full_name) }
            }
        }
        form method="post" action="/interactions" {
            (csrf_field(ctx))
            div class="grid" {
                (input(Field::new("occurred_on", ctx.t("interaction-date"), &f.occurred_on).kind("date").required(), errors))
                (select(Field::new("channel", ctx.t("interaction-channel"), &f.channel).required(), &channels, errors))
                (select(Field::new("direction", ctx.t("interaction-direction"), &f.direction), &directions, errors))
            }
            div class="grid" {
                (select(Field::new("organisation_id", ctx.t("interaction-organisation"), &f.organisation_id), &organisations, errors))
                @match &options.person {
                    Some(p) => {
                        input type="hidden" name="person_id" value=(p.id);
                        p { (ctx.t("interaction-person")) " : " strong { (p.full_name) } }
                    }
                    None => (input(Field::new("person_id", ctx.t("interaction-person-id"), &f.person_id).hint(ctx.t("interaction-person-hint")), errors)),
                }
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
