//! The dashboard page.

use chrono::NaiveDate;
use maud::{Markup, html};

use crate::agenda::store::Listed;
use crate::entities::{event, organisation, outreach_status};
use crate::interactions::store::FollowUp;
use crate::web::components::empty_state;
use crate::web::forms::csrf_field;
use crate::web::{Ctx, format, layout};

pub struct Dashboard {
    pub today: NaiveDate,
    pub mine_overdue: Vec<FollowUp>,
    pub team_overdue: Vec<FollowUp>,
    /// The next open follow-ups from today on, whatever their date.
    pub next: Vec<FollowUp>,
    pub ready: Vec<(outreach_status::Model, organisation::Model)>,
    pub recent: Vec<FollowUp>,
    pub events: Vec<Listed>,
    pub calls: Vec<event::Model>,
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
        section aria-labelledby=(id) {
            h2 id=(id) { (ctx.t(title_key)) }
            @if items.is_empty() { (empty_state(ctx, empty_key)) }
            ul {
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

pub fn page(ctx: &Ctx, d: &Dashboard) -> Markup {
    let title = ctx.t("nav-dashboard");
    let body = html! {
        h1 { (title) }
        p class="muted" { (format::date(ctx.locale, d.today)) }
        @if ctx.can_write() { p { a href="/interactions/new" role="button" { (ctx.t("directory-log-interaction")) } } }
        div class="grid dashboard" {
            (follow_up_section(ctx, "mine", "dashboard-my-overdue", &d.mine_overdue, "dashboard-nothing-overdue", true))
            (follow_up_section(ctx, "week", "dashboard-next", &d.next, "dashboard-nothing-next", true))
        }
        p { a href="/follow-ups" { (ctx.t("dashboard-all-follow-ups")) } " · " a href="/interactions" { (ctx.t("contact-log-title")) } }
        div class="grid dashboard" {
            (follow_up_section(ctx, "team", "dashboard-team-overdue", &d.team_overdue, "dashboard-nothing-overdue", true))
            section aria-labelledby="ready" {
                h2 id="ready" { (ctx.t("campaign-ready")) }
                @if d.ready.is_empty() { (empty_state(ctx, "campaign-ready-empty")) }
                ul {
                    @for (s, o) in &d.ready {
                        li {
                            a href={ "/organisations/" (o.id) } { (o.name) }
                            @if let Some(nb) = s.not_before { " · " (ctx.locale.t_args("outreach-ready-since", &[crate::web::i18n::arg("date", format::date(ctx.locale, nb))])) }
                        }
                    }
                }
            }
        }
        div class="grid dashboard" {
            section aria-labelledby="events" {
                h2 id="events" { (ctx.t("dashboard-events")) }
                @if d.events.is_empty() { (empty_state(ctx, "directory-no-events")) }
                ul { @for l in &d.events { li { (format::date(ctx.locale, l.occurrence.start_local.date())) " · " a href={ "/events/" (l.event.id) } { (l.title()) } } } }
                p { a href="/agenda" { (ctx.t("agenda-open")) } }
            }
            section aria-labelledby="calls" {
                h2 id="calls" { (ctx.t("dashboard-calls")) }
                @if d.calls.is_empty() { (empty_state(ctx, "dashboard-no-calls")) }
                ul {
                    @for e in &d.calls {
                        li { @if let Some(cfp) = e.cfp_deadline { strong { (format::date(ctx.locale, cfp)) } " · " } a href={ "/events/" (e.id) } { (e.title) } }
                    }
                }
            }
        }
        (follow_up_section(ctx, "recent", "dashboard-recent", &d.recent, "directory-no-interactions", false))
    };
    layout::page(ctx, &title, body)
}
