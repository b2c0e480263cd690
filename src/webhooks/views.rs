//! The webhooks page.

use maud::{Markup, html};

use super::events::{self, Listed};
use super::form::WebhookForm;
use super::store;
use crate::entities::{webhook, webhook_delivery};
use crate::web::forms::{
    Field, FormErrors, csrf_field, described_by, error_summary, field_notes, input,
};
use crate::web::i18n::arg;
use crate::web::{Ctx, format, layout};

fn status(ctx: &Ctx, d: &webhook_delivery::Model) -> String {
    if d.delivered_at.is_some() {
        ctx.t("webhooks-delivered")
    } else if d.failed_at.is_some() {
        ctx.t("webhooks-given-up")
    } else if d.attempts > 0 {
        ctx.t("webhooks-retrying")
    } else {
        ctx.t("webhooks-waiting")
    }
}

pub fn page(
    ctx: &Ctx,
    hooks: &[(webhook::Model, Vec<webhook_delivery::Model>)],
    form: &WebhookForm,
    errors: &FormErrors,
    created: Option<(&str, &str)>,
    paused: bool,
) -> Markup {
    let title = ctx.t("webhooks-title");
    let body = html! {
        h1 { (title) }
        p { (ctx.t("webhooks-intro")) }
        @if paused {
            p role="status" class="flash" { (ctx.t("webhooks-paused")) }
        }
        @if let Some((url, secret)) = created {
            div role="status" class="flash" {
                p { (ctx.locale.t_args("webhooks-created", &[arg("url", url.to_owned())])) }
                p { code class="api-token" { (secret) } }
            }
        }
        @if hooks.is_empty() {
            p class="muted" { (ctx.t("webhooks-none")) }
        }
        @for (hook, deliveries) in hooks {
            section class="card" aria-labelledby={ "webhook-" (hook.id) } {
                h2 id={ "webhook-" (hook.id) } {
                    code { (hook.url) }
                }
                @if !hook.description.is_empty() { p { (hook.description) } }
                p {
                    (ctx.t("webhooks-hears")) " "
                    @for (i, listed) in store::listed(hook).iter().enumerate() {
                        @if i > 0 { ", " }
                        @match listed {
                            Listed::Every(kind) => {
                                (ctx.locale.t_args("webhooks-every-event", &[arg("kind", ctx.t(&events::group_key(*kind)))]))
                            }
                            Listed::Event(event) => { code { (event) } }
                        }
                    }
                    " · "
                    @if hook.active { (ctx.t("webhooks-on")) } @else { strong { (ctx.t("webhooks-off")) } }
                }
                div class="actions" {
                    form method="post" action={ "/admin/webhooks/" (hook.id) "/active" } class="inline-form" {
                        (csrf_field(ctx))
                        input type="hidden" name="active" value=(if hook.active { "false" } else { "true" });
                        button type="submit" class="secondary" {
                            (ctx.t(if hook.active { "webhooks-turn-off" } else { "webhooks-turn-on" }))
                        }
                    }
                    form method="post" action={ "/admin/webhooks/" (hook.id) "/test" } class="inline-form" {
                        (csrf_field(ctx))
                        button type="submit" class="secondary" { (ctx.t("webhooks-send-test")) }
                    }
                    form method="post" action={ "/admin/webhooks/" (hook.id) "/delete" } class="inline-form" {
                        (csrf_field(ctx))
                        button type="submit" class="secondary outline" { (ctx.t("webhooks-delete")) }
                    }
                }
                @if deliveries.is_empty() {
                    p class="muted" { (ctx.t("webhooks-no-delivery")) }
                } @else {
                    div class="table-scroll" {
                        table class="striped" {
                            caption { (ctx.t("webhooks-recent")) }
                            thead { tr {
                                th scope="col" { (ctx.t("webhooks-event")) }
                                th scope="col" { (ctx.t("webhooks-when")) }
                                th scope="col" { (ctx.t("webhooks-status")) }
                                th scope="col" { (ctx.t("webhooks-attempts")) }
                            } }
                            tbody {
                                @for d in deliveries {
                                    tr {
                                        td { code { (d.event) } " #" (d.entity_id) }
                                        td { (format::date_time(ctx.locale, d.occurred_at)) }
                                        td {
                                            (status(ctx, d))
                                            @if let Some(error) = &d.last_error { br; span class="muted" { (error) } }
                                        }
                                        td { (d.attempts) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="new-webhook-title" {
            h2 id="new-webhook-title" { (ctx.t("webhooks-add")) }
            (error_summary(ctx, errors))
            form method="post" action="/admin/webhooks" {
                (csrf_field(ctx))
                (input(Field::new("url", ctx.t("webhooks-url"), &form.url).kind("url").required()
                    .hint(ctx.t("webhooks-url-hint")), errors))
                (input(Field::new("description", ctx.t("webhooks-description"), &form.description), errors))
                fieldset id="field-entities" aria-invalid=[errors.get("entities").map(|_| "true")]
                    aria-describedby=[described_by("entities", errors.get("entities").is_some(), true)] {
                    legend { (ctx.t("webhooks-entities")) }
                    small id="field-entities-hint" { (ctx.t("webhooks-entities-hint")) }
                    @for (kind, kind_events) in events::EVENTS {
                        fieldset class="webhook-events" {
                            legend { (ctx.t(&events::group_key(kind))) }
                            @for event in kind_events {
                                label {
                                    input type="checkbox" name="entities" value=(event)
                                        checked[form.entities.iter().any(|e| e == event || e == kind.as_str())];
                                    (ctx.t(&events::label_key(event))) " "
                                    code { (event) }
                                }
                            }
                        }
                    }
                    (field_notes("entities", errors.get("entities"), None))
                }
                button type="submit" { (ctx.t("webhooks-add")) }
            }
        }
        section aria-labelledby="webhook-signature-title" {
            h2 id="webhook-signature-title" { (ctx.t("webhooks-signature-title")) }
            p { (ctx.t("webhooks-signature")) }
        }
    };
    layout::page(ctx, &title, body)
}
