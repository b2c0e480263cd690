//! `/follow-ups`: open follow-ups grouped by when they fall due, with what
//! can be done to each (done, snooze, hand over). Views never query.

use maud::{Markup, html};

use super::store::{DueGroups, FollowUp};
use crate::entities::user;
use crate::web::components::{empty_state, table_head, url_with_query};
use crate::web::forms::csrf_field;
use crate::web::{Ctx, format, layout};

/// Whose follow-ups the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    Mine,
    Team,
    Volunteer(i32),
}

impl Whose {
    /// The `who` of the address: `mine` (or nothing), `team`, or a user id.
    pub fn parse(text: &str) -> Whose {
        match text.trim() {
            "team" => Whose::Team,
            other => other.parse().map_or(Whose::Mine, Whose::Volunteer),
        }
    }

    pub fn value(self) -> String {
        match self {
            Whose::Mine => "mine".into(),
            Whose::Team => "team".into(),
            Whose::Volunteer(id) => id.to_string(),
        }
    }
}

pub struct FollowUpsPage {
    pub whose: Whose,
    /// How many are shown (the soonest due), and how many are open in all.
    pub shown: u64,
    pub total: u64,
    pub groups: DueGroups,
    /// Everyone a follow-up can be handed over to, and chosen by.
    pub users: Vec<user::Model>,
}

pub fn page(ctx: &Ctx, p: &FollowUpsPage) -> Markup {
    let title = ctx.t("follow-ups-title");
    let back = url_with_query("/follow-ups", &[("who", p.whose.value())]);
    let sections = [
        ("overdue", "follow-ups-overdue", &p.groups.overdue),
        ("next-week", "follow-ups-next-week", &p.groups.next_week),
        ("next-month", "follow-ups-next-month", &p.groups.next_month),
        ("later", "follow-ups-later", &p.groups.later),
    ];
    let body = html! {
        h1 { (title) }
        form method="get" action="/follow-ups" class="filters whose-filter" {
            label for="follow-ups-who" { (ctx.t("follow-ups-whose")) }
            div class="inline-form" {
                select id="follow-ups-who" name="who" {
                    option value="mine" selected[p.whose == Whose::Mine] { (ctx.t("follow-ups-mine")) }
                    option value="team" selected[p.whose == Whose::Team] { (ctx.t("follow-ups-team")) }
                    @for u in &p.users {
                        option value=(u.id) selected[p.whose == Whose::Volunteer(u.id)] { (u.display_name) }
                    }
                }
                button type="submit" class="secondary" { (ctx.t("filter-apply")) }
            }
        }
        p { a href="/interactions" { (ctx.t("contact-log-title")) } }
        @if p.total > p.shown {
            p class="muted" {
                (ctx.t_args("follow-ups-shown-of", &[
                    crate::web::i18n::arg("shown", p.shown),
                    crate::web::i18n::arg("total", p.total),
                ]))
            }
        }
        @if p.groups.is_empty() { (empty_state(ctx, "follow-ups-none")) }
        // Four empty sections under "no open follow-up" would say it five times.
        @for (id, key, items) in sections.into_iter().filter(|_| !p.groups.is_empty()) {
            section aria-labelledby=(id) {
                h2 id=(id) { (ctx.t(key)) " (" (items.len()) ")" }
                @if items.is_empty() {
                    (empty_state(ctx, "follow-ups-group-empty"))
                } @else {
                    div class="table-scroll" {
                        table class="striped dense" {
                            (table_head(ctx, &["follow-ups-date", "follow-ups-about", "interaction-summary", "follow-ups-owner", "follow-ups-actions"]))
                            tbody { @for f in items.iter() { (line(ctx, f, &p.users, &back)) } }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}

/// Who or what the contact was with: links to the organisation and person.
pub fn about(f: &FollowUp) -> Markup {
    html! {
        @if let Some((id, name)) = &f.organisation { a href={ "/organisations/" (id) } { (name) } }
        @if f.organisation.is_some() && f.person.is_some() { " · " }
        @if let Some((id, name)) = &f.person { a href={ "/people/" (id) } { (name) } }
        @if f.organisation.is_none() && f.person.is_none() { (layout::or_dash(None)) }
    }
}

fn line(ctx: &Ctx, f: &FollowUp, users: &[user::Model], back: &str) -> Markup {
    let i = &f.interaction;
    let id = i.id;
    html! {
        tr {
            td {
                @if let Some(d) = i.follow_up_on { strong { (format::date(ctx.locale, d)) } }
                br;
                small class="muted" { (ctx.t("follow-ups-contact-on")) " " (format::date(ctx.locale, i.occurred_on)) }
            }
            td { (about(f)) }
            td {
                (i.next_step.as_deref().unwrap_or(&i.summary))
                @if i.next_step.is_some() { br; small class="muted" { (i.summary) } }
            }
            td { (layout::or_dash(f.owner.as_deref())) }
            td {
                @if ctx.can_write() {
                    form method="post" action={ "/interactions/" (id) "/done" } class="inline-form" {
                        (csrf_field(ctx))
                        input type="hidden" name="version" value=(i.version);
                        input type="hidden" name="back" value=(back);
                        button type="submit" class="secondary outline" { (ctx.t("dashboard-done")) }
                    }
                    form method="post" action={ "/interactions/" (id) "/snooze" } class="inline-form" {
                        (csrf_field(ctx))
                        input type="hidden" name="version" value=(i.version);
                        input type="hidden" name="back" value=(back);
                        button type="submit" name="by" value="week" class="secondary outline" { (ctx.t("follow-ups-snooze-week")) }
                        button type="submit" name="by" value="month" class="secondary outline" { (ctx.t("follow-ups-snooze-month")) }
                        label for={ "snooze-on-" (id) } class="visually-hidden" { (ctx.t("follow-ups-snooze-on")) }
                        input type="date" id={ "snooze-on-" (id) } name="on";
                        button type="submit" name="by" value="date" class="secondary outline" { (ctx.t("follow-ups-snooze-to-date")) }
                    }
                    form method="post" action={ "/interactions/" (id) "/hand-over" } class="inline-form" {
                        (csrf_field(ctx))
                        input type="hidden" name="version" value=(i.version);
                        input type="hidden" name="back" value=(back);
                        label for={ "hand-over-" (id) } class="visually-hidden" { (ctx.t("follow-ups-hand-over-to")) }
                        select id={ "hand-over-" (id) } name="to" {
                            @for u in users.iter().filter(|u| super::store::may_hold_follow_ups(u)) {
                                option value=(u.id) selected[i.user_id == Some(u.id)] { (u.display_name) }
                            }
                        }
                        button type="submit" class="secondary outline" { (ctx.t("follow-ups-hand-over")) }
                    }
                }
            }
        }
    }
}
