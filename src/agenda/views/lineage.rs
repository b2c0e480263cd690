//! An event's lineage on its page: the editions with what we did at each,
//! the next edition's probable date, and the forms that link or unlink
//! it; and an expected edition as the agenda lists it.

use chrono::{Datelike, NaiveDate, Weekday};
use maud::{Markup, html};

use crate::agenda::lineage::Pattern;
use crate::agenda::store::lineages::{Expected, ExpectedEdition, LineageDetails};
use crate::entities::*;
use crate::web::components::badge;
use crate::web::forms::csrf_field;
use crate::web::i18n::arg;
use crate::web::{Ctx, format};

fn weekday_key(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "agenda-weekday-mo",
        Weekday::Tue => "agenda-weekday-tu",
        Weekday::Wed => "agenda-weekday-we",
        Weekday::Thu => "agenda-weekday-th",
        Weekday::Fri => "agenda-weekday-fr",
        Weekday::Sat => "agenda-weekday-sa",
        Weekday::Sun => "agenda-weekday-su",
    }
}

/// "jeudi 10 juin 2027".
pub fn long_date(ctx: &Ctx, day: NaiveDate) -> String {
    format!(
        "{} {}",
        ctx.t(weekday_key(day.weekday())),
        format::date(ctx.locale, day)
    )
}

/// The rule the probable date follows, in words.
pub fn rule_text(ctx: &Ctx, pattern: Pattern) -> String {
    match pattern {
        Pattern::FixedDay { day, .. } => ctx.t_args("lineage-rule-fixed-day", &[arg("day", day)]),
        Pattern::Weekday {
            weekday,
            rank: Some(rank),
            ..
        } => ctx.t_args(
            "lineage-rule-weekday",
            &[
                arg("nth", ctx.t_args("agenda-rrule-nth", &[arg("n", rank)])),
                arg("weekday", ctx.t(weekday_key(weekday))),
            ],
        ),
        Pattern::Weekday {
            weekday,
            rank: None,
            ..
        } => ctx.t_args(
            "lineage-rule-last-weekday",
            &[arg("weekday", ctx.t(weekday_key(weekday)))],
        ),
    }
}

/// The expected edition: its probable date, the rule, its probable call.
fn expected_block(ctx: &Ctx, x: &Expected) -> Markup {
    html! {
        div class="callout lineage-next" {
            p {
                strong { (ctx.t("lineage-next")) " — " (ctx.t("lineage-probable-date")) " : " }
                time datetime=(x.probable.date.to_string()) { (long_date(ctx, x.probable.date)) }
            }
            p class="muted" { small { (rule_text(ctx, x.probable.pattern)) } }
            @if let Some(call) = x.call {
                p {
                    (ctx.t("lineage-probable-call")) " : "
                    time datetime=(call.to_string()) { (format::date(ctx.locale, call)) }
                }
            }
        }
    }
}

/// What we did at an edition, in words ("présentation · 3 contacts notés").
fn what_we_did(ctx: &Ctx, e: &event::Model, contacts: u64, captured: u64) -> Markup {
    html! {
        @if e.participation != Participation::None { " " (badge(ctx, e.participation)) }
        @if let Some(who) = e.participants.as_deref().filter(|p| !p.trim().is_empty()) {
            " · " (who)
        }
        " · " (ctx.t_args("lineage-contacts", &[arg("count", contacts)]))
        @if captured > 0 {
            " · " (ctx.t_args("lineage-captured", &[arg("count", captured)]))
        }
    }
}

/// The lineage section of event `e`'s page: its editions and the next one
/// expected, or the forms that link it to one (`choices`: the lineages to
/// join).
pub fn section(
    ctx: &Ctx,
    e: &event::Model,
    details: Option<&LineageDetails>,
    choices: &[event_lineage::Model],
) -> Markup {
    let action = format!("/events/{}/lineage", e.id);
    // A button alone fits on a line; the choice of a lineage takes the
    // width (a phone's too).
    let change_form = |what: &str, label: String, class: &str, extra: Markup| {
        let form_class = if what == "join" {
            "lineage-join"
        } else {
            "inline-form"
        };
        html! {
            form method="post" action=(action) class=(form_class) {
                (csrf_field(ctx))
                input type="hidden" name="version" value=(e.version);
                input type="hidden" name="action" value=(what);
                (extra)
                button type="submit" class=(class) { (label) }
            }
        }
    };
    html! {
        section id="lineage" aria-labelledby="lineage-title" {
            h2 id="lineage-title" { (ctx.t("lineage-title")) }
            @if let Some(d) = details {
                p { (ctx.t_args("lineage-part-of", &[arg("name", d.lineage.name.clone())])) }
                @if let Some(x) = &d.expected { (expected_block(ctx, x)) }
                ul class="record-list lineage-editions" {
                    @for ed in &d.editions {
                        li aria-current=[(ed.event.id == e.id).then_some("true")] {
                            time datetime=(ed.event.start_local.date().to_string()) { strong { (format::date(ctx.locale, ed.event.start_local.date())) } }
                            " · "
                            @if ed.event.id == e.id { (ed.event.title) " " small class="muted" { "(" (ctx.t("lineage-this-edition")) ")" } }
                            @else { a href={ "/events/" (ed.event.id) } { (ed.event.title) } }
                            (what_we_did(ctx, &ed.event, ed.contacts, ed.captured))
                        }
                    }
                }
                @if ctx.can_write() {
                    (change_form("leave", ctx.t("lineage-leave"), "secondary outline", html! {}))
                }
            } @else {
                p class="muted" { (ctx.t("lineage-none")) }
                @if ctx.can_write() {
                    @if !choices.is_empty() {
                        (change_form("join", ctx.t("lineage-join"), "", html! {
                            label for="lineage-choice" {
                                (ctx.t("lineage-choose"))
                                select id="lineage-choice" name="lineage_id" {
                                    @for l in choices { option value=(l.id) { (l.name) } }
                                }
                            }
                        }))
                    }
                    (change_form("start", ctx.t("lineage-start"), "secondary", html! {}))
                }
            }
        }
    }
}

/// An expected edition in the agenda's list: its probable date, marked so.
pub fn agenda_line(ctx: &Ctx, x: &ExpectedEdition) -> Markup {
    let date = x.expected.probable.date;
    html! {
        li class="agenda-item agenda-probable" {
            strong { (long_date(ctx, date)) }
            " · "
            a href={ "/events/" (x.last.id) "#lineage" } { (x.lineage.name) }
            " "
            span class="badge" data-probable="true" { (ctx.t("lineage-probable-date")) }
            br;
            small {
                (ctx.t("lineage-last-edition")) " " (format::date(ctx.locale, x.last.start_local.date()))
                @if let Some(call) = x.expected.call {
                    " · " (ctx.t("lineage-probable-call")) " " (format::date(ctx.locale, call))
                }
            }
        }
    }
}

/// An expected edition in a day of the month or week grid.
pub fn grid_entry(ctx: &Ctx, x: &ExpectedEdition) -> Markup {
    html! {
        li {
            a class="month-event month-probable" href={ "/events/" (x.last.id) "#lineage" } {
                span class="month-title" { (x.lineage.name) " (" (ctx.t("lineage-probable-date")) ")" }
            }
        }
    }
}
