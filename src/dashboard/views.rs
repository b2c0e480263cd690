//! The dashboard page.

use chrono::NaiveDate;
use maud::{Markup, html};

use crate::agenda::store::Listed;
use crate::entities::{event, organisation, outreach_status};
use crate::interactions::store::FollowUp;
use crate::web::components::{empty_state, stat_card};
use crate::web::forms::csrf_field;
use crate::web::{Ctx, format, layout};

/// The figures on the cards at the top.
pub struct Counts {
    pub my_overdue: u64,
    pub my_week: u64,
    /// Event occurrences in the next 30 days.
    pub events: u64,
}

pub struct Dashboard {
    pub today: NaiveDate,
    pub counts: Counts,
    pub mine_overdue: Vec<FollowUp>,
    pub team_overdue: Vec<FollowUp>,
    /// The next open follow-ups from today on, whatever their date.
    pub next: Vec<FollowUp>,
    pub ready: Vec<(outreach_status::Model, organisation::Model)>,
    pub recent: Vec<FollowUp>,
    pub events: Vec<Listed>,
    pub calls: Vec<event::Model>,
    /// Stand captures waiting for triage too long.
    pub captures_flagged: u64,
}

/// A section of follow-ups (`with_done`: show the next step and a "done"
/// button) or of recent activity (the summary).
fn follow_up_section(
    ctx: &Ctx,
    id: &str,
    title_key: &str,
    items: &[FollowUp],
    empty_key: &str,
    with_done: bool,
) -> Markup {
    html! {
        section aria-labelledby=(id) class="panel" {
            h2 id=(id) { (ctx.t(title_key)) }
            @if items.is_empty() { (empty_state(ctx, empty_key)) }
            ul class="item-list" {
                @for f in items {
                    li {
                        @if !with_done {
                            strong { (format::date(ctx.locale, f.interaction.occurred_on)) } " · "
                        } @else if let Some(d) = f.interaction.follow_up_on {
                            strong { (format::date(ctx.locale, d)) } " · "
                        }
                        @if let Some((id, name)) = &f.organisation { a href={ "/organisations/" (id) } { (name) } " · " }
                        @if let Some((id, name)) = &f.person { a href={ "/people/" (id) } { (name) } " · " }
                        @if with_done {
                            (f.interaction.next_step.clone().unwrap_or_else(|| f.interaction.summary.clone()))
                        } @else {
                            (f.interaction.summary)
                        }
                        @if let Some(owner) = &f.owner { " " span class="muted" { "(" (owner) ")" } }
                        @if with_done {
                            " " small class="muted" { (ctx.t("follow-ups-contact-on")) " " (format::date(ctx.locale, f.interaction.occurred_on)) }
                        }
                        @if with_done && ctx.can_write() {
                            form method="post" action={ "/interactions/" (f.interaction.id) "/done" } class="inline-form" {
                                (csrf_field(ctx))
                                input type="hidden" name="version" value=(f.interaction.version);
                                button type="submit" class="secondary outline" { (ctx.t("dashboard-done")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The cards: each count links to the page listing what it counts.
fn cards(ctx: &Ctx, d: &Dashboard) -> Markup {
    // Ready organisations of a single campaign open its "ready" page.
    let mut campaigns: Vec<i32> = d.ready.iter().map(|(s, _)| s.campaign_id).collect();
    campaigns.dedup();
    let ready_href = match campaigns.as_slice() {
        [one] => format!("/campaigns/{one}/ready"),
        _ => "/campaigns".to_owned(),
    };
    let tone = |count: u64, alert: &'static str| if count > 0 { alert } else { "calm" };
    html! {
        section aria-labelledby="at-a-glance" class="stat-grid" {
            h2 id="at-a-glance" class="visually-hidden" { (ctx.t("dashboard-at-a-glance")) }
            (stat_card(&ctx.t("dashboard-my-overdue"), d.counts.my_overdue, "/follow-ups", tone(d.counts.my_overdue, "alert"), html! {}))
            (stat_card(&ctx.t("dashboard-card-week"), d.counts.my_week, "/follow-ups", tone(d.counts.my_week, "info"), html! {}))
            (stat_card(&ctx.t("campaign-ready"), d.ready.len() as u64, &ready_href, tone(d.ready.len() as u64, "ok"), html! {}))
            (stat_card(&ctx.t("dashboard-card-calls"), d.calls.len() as u64, "/agenda/calls", tone(d.calls.len() as u64, "warn"), html! {}))
            (stat_card(&ctx.t("dashboard-card-events"), d.counts.events, "/agenda", tone(d.counts.events, "info"), html! {}))
        }
    }
}

pub fn page(ctx: &Ctx, d: &Dashboard) -> Markup {
    let title = ctx.t("nav-dashboard");
    let body = html! {
        div class="page-head" {
            h1 { (title) }
            p class="muted" { (format::date(ctx.locale, d.today)) }
        }
        (cards(ctx, d))
        @if d.captures_flagged > 0 && ctx.can_write() {
            p class="callout capture-flag" role="note" {
                "⚠ " a href="/captures" { (ctx.t_args("capture-dashboard-flagged", &[crate::web::i18n::arg("count", d.captures_flagged), crate::web::i18n::arg("days", crate::agenda::capture::store::FLAG_DAYS)])) }
            }
        }
        div class="dash-grid" {
            (follow_up_section(ctx, "mine", "dashboard-my-overdue", &d.mine_overdue, "dashboard-nothing-overdue", true))
            (follow_up_section(ctx, "week", "dashboard-next", &d.next, "dashboard-nothing-next", true))
            (follow_up_section(ctx, "team", "dashboard-team-overdue", &d.team_overdue, "dashboard-nothing-overdue", true))
            section aria-labelledby="ready" class="panel" {
                h2 id="ready" { (ctx.t("campaign-ready")) }
                @if d.ready.is_empty() { (empty_state(ctx, "campaign-ready-empty")) }
                ul class="item-list" {
                    @for (s, o) in &d.ready {
                        li {
                            a href={ "/organisations/" (o.id) } { (o.name) }
                            @if let Some(nb) = s.not_before { " · " span class="muted" { (ctx.locale.t_args("outreach-ready-since", &[crate::web::i18n::arg("date", format::date(ctx.locale, nb))])) } }
                        }
                    }
                }
            }
            section aria-labelledby="events" class="panel" {
                h2 id="events" { (ctx.t("dashboard-events")) }
                @if d.events.is_empty() { (empty_state(ctx, "directory-no-events")) }
                ul class="item-list" { @for l in &d.events { li { strong { (format::date(ctx.locale, l.occurrence.start_local.date())) } " · " a href={ "/events/" (l.event.id) } { (l.title()) } } } }
                p class="panel-more" { a href="/agenda" { (ctx.t("agenda-open")) } }
            }
            section aria-labelledby="calls" class="panel" {
                h2 id="calls" { (ctx.t("dashboard-calls")) }
                @if d.calls.is_empty() { (empty_state(ctx, "dashboard-no-calls")) }
                ul class="item-list" {
                    @for e in &d.calls {
                        li { @if let Some(cfp) = e.cfp_deadline { strong { (format::date(ctx.locale, cfp)) } " · " } a href={ "/events/" (e.id) } { (e.title) } }
                    }
                }
            }
        }
        p class="panel-more" { a href="/follow-ups" { (ctx.t("dashboard-all-follow-ups")) } " · " a href="/interactions" { (ctx.t("contact-log-title")) } }
        (follow_up_section(ctx, "recent", "dashboard-recent", &d.recent, "directory-no-interactions", false))
    };
    layout::page(ctx, &title, body)
}
