//! One date of a series: its form to move or rename it, and the buttons
//! to cancel or restore it.

use maud::{Markup, html};

use super::{occurrence_key, when_text};
use crate::agenda::form::OccurrenceForm;
use crate::agenda::recurrence::Occurrence;
use crate::entities::*;
use crate::web::forms::{self, Field, FormErrors, csrf_field, error_summary};
use crate::web::i18n::arg;
use crate::web::{Ctx, layout};

pub fn page(
    ctx: &Ctx,
    e: &event::Model,
    o: &Occurrence,
    values: &OccurrenceForm,
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
            // Asks first: in the browser (data-confirm, which then sets
            // `confirm`), or without JavaScript on the page `cancel_confirm`.
            form method="post" action=(action) data-confirm=(confirm_question(ctx, e, o)) {
                (csrf_field(ctx))
                input type="hidden" name="action" value="cancel";
                input type="hidden" name="confirm" value="";
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

fn confirm_question(ctx: &Ctx, e: &event::Model, o: &Occurrence) -> String {
    ctx.t_args(
        "agenda-cancel-occurrence-confirm",
        &[arg("when", when_text(ctx, e.all_day, o))],
    )
}

/// The step before a date is cancelled, for browsers without JavaScript:
/// the question, and the same form again with `confirm=yes`.
pub fn cancel_confirm(ctx: &Ctx, e: &event::Model, o: &Occurrence) -> Markup {
    let title = format!("{} – {}", e.title, when_text(ctx, e.all_day, o));
    let action = format!("/events/{}/occurrences/{}", e.id, occurrence_key(o));
    let body = html! {
        h1 { (title) }
        p { (confirm_question(ctx, e, o)) }
        form method="post" action=(action) {
            (csrf_field(ctx))
            input type="hidden" name="action" value="cancel";
            input type="hidden" name="confirm" value="yes";
            button type="submit" class="secondary" { (ctx.t("agenda-cancel-occurrence")) }
            " "
            a href=(action) { (ctx.t("agenda-keep-occurrence")) }
        }
    };
    layout::page(ctx, &title, body)
}
