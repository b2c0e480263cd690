//! Workshop pages: the kit library, a kit with its versions, sessions and
//! where it would fit, and the kit and session forms.

use chrono::NaiveDate;
use maud::{Markup, html};

use super::form::{KitForm, OurRole, SessionForm};
use super::markdown;
use super::store::{KitSummary, Reproducibility, SessionLine, is_held};
use crate::audit::store::AuditLine;
use crate::entities::*;
use crate::geography::Geography;
use crate::web::components::{
    Pick, conflict_notice, empty_state, picker, record_options, table_head, with_all, with_first,
    with_none,
};
use crate::web::forms::{Field, FormErrors, csrf_field, error_summary, input, select, textarea};
use crate::web::i18n::arg;
use crate::web::record::{fact, text};
use crate::web::timeline::{TimelineEntry, TimelineKind, When, timeline};
use crate::web::{Ctx, format, layout};

/// "2 h", "1 h 30", "45 min".
fn duration(minutes: i32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

/// The reproducibility rate with its counts, readable without the bar.
fn rate(ctx: &Ctx, r: &Reproducibility) -> Markup {
    html! {
        @match r.rate() {
            Some(percent) => {
                span class="rate" {
                    strong { (percent) " %" } " "
                    (ctx.t_args("kit-rate-detail", &[arg("without", r.without_us), arg("held", r.held)]))
                }
            }
            None => span class="muted" { (ctx.t("kit-rate-none")) },
        }
    }
}

/// Sessions as a table, or `empty_key`'s message when there are none;
/// `kit` and `venue` columns can be left out where the page is already
/// about them.
pub fn sessions_or(
    ctx: &Ctx,
    lines: &[SessionLine],
    empty_key: &str,
    kit: bool,
    venue: bool,
) -> Markup {
    match lines.is_empty() {
        true => empty_state(ctx, empty_key),
        false => sessions_table(ctx, lines, kit, venue),
    }
}

/// Sessions as a table; `kit` and `venue` columns can be left out where
/// the page is already about them.
pub fn sessions_table(ctx: &Ctx, lines: &[SessionLine], kit: bool, venue: bool) -> Markup {
    let mut columns = vec![
        "session-date",
        if kit { "session-kit" } else { "kit-version" },
    ];
    if venue {
        columns.push("session-venue");
    }
    columns.extend([
        "session-facilitator",
        "session-our-role",
        "session-attendance",
        "session-feedback",
    ]);
    html! {
        div class="table-scroll" {
            table {
                (table_head(ctx, &columns))
                tbody {
                    @for line in lines {
                        @let s = &line.session;
                        tr {
                            td {
                                @if ctx.can_write() {
                                    a href={ "/workshops/sessions/" (s.id) } { (format::date(ctx.locale, s.held_on)) }
                                } @else {
                                    (format::date(ctx.locale, s.held_on))
                                }
                            }
                            @if kit {
                                td { a href={ "/workshops/kits/" (s.kit_id) } { (line.kit_title) } " " span class="muted" { "v" (line.kit_version) } }
                            }
                            @if !kit { td { (line.kit_version) } }
                            @if venue {
                                td { @match &line.venue { Some((id, name)) => a href={ "/organisations/" (id) } { (name) }, None => "—" } }
                            }
                            td { @match &line.facilitator { Some((id, name)) => a href={ "/people/" (id) } { (name) }, None => "—" } }
                            td { (ctx.t(&OurRole::of(s).label_key())) }
                            td { @match s.attendance { Some(n) => (n), None => "—" } }
                            td { (layout::or_dash(s.feedback.as_deref())) }
                        }
                    }
                }
            }
        }
    }
}

pub fn library(
    ctx: &Ctx,
    kits: &[KitSummary],
    upcoming: &[SessionLine],
    to_confirm: &[SessionLine],
    recent: &[SessionLine],
) -> Markup {
    let title = ctx.t("workshops-title");
    let body = html! {
        h1 { (title) }
        p { (ctx.t("workshops-intro")) }
        @if ctx.can_write() {
            p class="actions" {
                a href="/workshops/sessions/new" role="button" { (ctx.t("session-new")) } " "
                a href="/workshops/kits/new" role="button" class="secondary" { (ctx.t("kit-new")) }
            }
        }
        section aria-labelledby="kits" {
            h2 id="kits" { (ctx.t("workshops-kits")) }
            @if kits.is_empty() { (empty_state(ctx, "workshops-no-kits")) }
            div class="table-scroll" {
                table {
                    (table_head(ctx, &["kit-title", "kit-duration", "kit-version", "kit-sessions-held", "kit-sessions-to-confirm", "kit-sessions-planned", "kit-rate"]))
                    tbody {
                        @for k in kits {
                            tr {
                                td { a href={ "/workshops/kits/" (k.kit.id) } { (k.kit.title) } br; small class="muted" { (k.kit.audience) } }
                                td { @match k.kit.duration_minutes { Some(m) => (duration(m)), None => "—" } }
                                td { (k.kit.kit_version) @if k.versions > 1 { " " small class="muted" { "(" (ctx.t_args("kit-versions-count", &[arg("count", k.versions)])) ")" } } }
                                td { (k.reproducibility.held) }
                                td { (k.to_confirm) }
                                td { (k.planned) }
                                td { (rate(ctx, &k.reproducibility)) }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="upcoming" {
            h2 id="upcoming" { (ctx.t("workshops-upcoming")) }
            (sessions_or(ctx, upcoming, "workshops-no-upcoming", true, true))
        }
        @if !to_confirm.is_empty() {
            (to_confirm_section(ctx, to_confirm, true))
        }
        section aria-labelledby="recent" {
            h2 id="recent" { (ctx.t("workshops-recent")) }
            (sessions_or(ctx, recent, "workshops-no-recent", true, true))
        }
    };
    layout::page(ctx, &title, body)
}

/// Past sessions nobody confirmed: they count once someone records their
/// attendance (the session's page), which confirms they took place.
fn to_confirm_section(ctx: &Ctx, lines: &[SessionLine], kit: bool) -> Markup {
    html! {
        section aria-labelledby="to-confirm" class="to-confirm" {
            h2 id="to-confirm" { (ctx.t("workshops-to-confirm")) }
            p class="muted" { (ctx.t("workshops-to-confirm-explained")) }
            (sessions_table(ctx, lines, kit, true))
        }
    }
}

/// What the kit page shows.
pub struct KitPage<'a> {
    pub kit: &'a workshop_kit::Model,
    /// Every version, oldest first (includes `kit`).
    pub versions: &'a [workshop_kit::Model],
    /// Sessions of all versions, newest first.
    pub sessions: &'a [SessionLine],
    pub reproducibility: Reproducibility,
    pub fits: &'a [organisation::Model],
    pub geography: &'a Geography,
    pub region: Option<&'a str>,
    pub history: &'a [AuditLine],
    pub today: NaiveDate,
    /// The kind of timeline entries shown (all when none).
    pub show: Option<TimelineKind>,
}

fn runners(ctx: &Ctx, o: &organisation::Model) -> String {
    o.workshop_runners
        .as_ref()
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|r| r.as_str()?.parse::<WorkshopRunner>().ok())
                .map(|r| ctx.t(&r.label_key()))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// The kit page: a header (title, version, licence, duration, audience,
/// the main actions), the timeline of its sessions (planned ones on top)
/// and edits with its steps in the centre, and a side panel with its
/// facts, reproducibility, versions and where it would fit.
pub fn kit_page(ctx: &Ctx, p: &KitPage<'_>) -> Markup {
    let k = p.kit;
    let path = format!("/workshops/kits/{}", k.id);
    let latest = p.versions.last().filter(|v| v.id != k.id);
    let to_confirm: Vec<SessionLine> = p
        .sessions
        .iter()
        .filter(|l| l.session.held_on <= p.today && !is_held(&l.session, p.today))
        .cloned()
        .collect();
    let mut entries: Vec<TimelineEntry> = p
        .sessions
        .iter()
        .map(|l| session_entry(ctx, l, false, true))
        .collect();
    entries.extend(crate::audit::views::timeline_entries(ctx, p.history));
    let regions = with_all(ctx, p.geography.region_options());
    let body = html! {
        div class="record" {
            header class="record-head" {
                h1 { (k.title) }
                dl class="record-meta" {
                    (fact(ctx.t("kit-version"), Some(html! { (k.kit_version) })))
                    (fact(ctx.t("kit-duration"), k.duration_minutes.map(|m| html! { (duration(m)) })))
                    (fact(ctx.t("kit-licence"), text(Some(&k.licence))))
                }
                @if let Some(latest) = latest {
                    div role="note" class="notice record-note" {
                        (ctx.t("kit-replaced")) " "
                        a href={ "/workshops/kits/" (latest.id) } { (ctx.t("kit-version")) " " (latest.kit_version) }
                    }
                }
                @if ctx.can_write() {
                    div class="record-actions" {
                        a href={ "/workshops/sessions/new?kit=" (k.id) } role="button" { (ctx.t("session-new")) }
                        a href={ (path) "/edit" } role="button" class="secondary" { (ctx.t("kit-edit")) }
                        @if latest.is_none() {
                            form method="post" action={ (path) "/new-version" } class="inline-form" {
                                (csrf_field(ctx))
                                button type="submit" class="secondary outline" { (ctx.t("kit-new-version")) }
                            }
                        }
                        form method="post" action={ (path) "/copy" } class="inline-form" {
                            (csrf_field(ctx))
                            button type="submit" class="secondary outline" { (ctx.t("kit-copy")) }
                        }
                    }
                }
            }
            div class="record-main" {
                @if !to_confirm.is_empty() {
                    (to_confirm_section(ctx, &to_confirm, false))
                }
                (timeline(ctx, &path, entries, p.show))
                section aria-labelledby="steps" class="kit-steps" {
                    h2 id="steps" { (ctx.t("kit-steps")) }
                    (markdown::render(&k.steps_md))
                }
            }
            aside class="record-side" aria-label=(ctx.t("record-side")) {
                section aria-labelledby="about" {
                    h2 id="about" { (ctx.t("kit-about")) }
                    dl class="facts" {
                        (fact(ctx.t("kit-goal"), text(Some(&k.goal))))
                        (fact(ctx.t("kit-audience"), text(Some(&k.audience))))
                        (fact(ctx.t("kit-duration"), k.duration_minutes.map(|m| html! { (duration(m)) })))
                        (fact(ctx.t("kit-materials"), text(k.materials.as_deref())))
                        (fact(ctx.t("kit-prerequisites"), text(k.prerequisites.as_deref())))
                        (fact(ctx.t("kit-licence"), text(Some(&k.licence))))
                    }
                }
                section aria-labelledby="reproducibility" {
                    h2 id="reproducibility" { (ctx.t("kit-rate")) }
                    p class="muted" { (ctx.t("kit-rate-explained")) }
                    @if let Some(percent) = p.reproducibility.rate() {
                        progress value=(percent) max="100" aria-labelledby="reproducibility" {}
                    }
                    p { (rate(ctx, &p.reproducibility)) }
                }
                @if p.versions.len() > 1 {
                    section aria-labelledby="versions" {
                        h2 id="versions" { (ctx.t("kit-versions")) }
                        ol class="record-list" {
                            @for v in p.versions {
                                li {
                                    @if v.id == k.id { strong { (ctx.t("kit-version")) " " (v.kit_version) } }
                                    @else { a href={ "/workshops/kits/" (v.id) } { (ctx.t("kit-version")) " " (v.kit_version) } }
                                    " · " (format::date(ctx.locale, format::paris_date(v.created_at)))
                                }
                            }
                        }
                    }
                }
                section aria-labelledby="fits" {
                    h2 id="fits" { (ctx.t("kit-fits")) }
                    p class="muted" { (ctx.t("kit-fits-explained")) }
                    form method="get" action=(path) class="inline-form" {
                        (select(Field::new("region", ctx.t("filter-region"), p.region.unwrap_or_default()), &regions, &FormErrors::default()))
                        button type="submit" class="secondary" { (ctx.t("filter-apply")) }
                    }
                    @if p.fits.is_empty() { (empty_state(ctx, "kit-fits-none")) }
                    ul class="record-list" {
                        @for o in p.fits {
                            li {
                                a href={ "/organisations/" (o.id) } { (o.name) }
                                @if let Some(c) = &o.commune { " · " (c) }
                                @if let Some(w) = &o.workshops_offered { " — " span class="muted" { (w) } }
                                @let by = runners(ctx, o);
                                @if !by.is_empty() { " · " (ctx.t("directory-workshops-run-by")) " " (by) }
                                @if ctx.can_write() {
                                    " · " a href={ "/workshops/sessions/new?kit=" (k.id) "&venue=" (o.id) } { (ctx.t("session-plan-here")) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, &k.title, body)
}

pub fn kit_form(
    ctx: &Ctx,
    existing: Option<&workshop_kit::Model>,
    f: &KitForm,
    errors: &FormErrors,
    conflict: Option<&workshop_kit::Model>,
) -> Markup {
    let title = match existing {
        Some(k) => format!("{} : {}", ctx.t("kit-edit"), k.title),
        None => ctx.t("kit-new"),
    };
    let action = match existing {
        Some(k) => format!("/workshops/kits/{}", k.id),
        None => "/workshops/kits".to_owned(),
    };
    let body = html! {
        h1 { (title) }
        @if let Some(current) = conflict {
            (conflict_notice(ctx, html! {
                dl {
                    dt { (ctx.t("kit-title")) } dd { (current.title) }
                    dt { (ctx.t("kit-version")) } dd { (current.kit_version) }
                    dt { (ctx.t("kit-goal")) } dd { (current.goal) }
                    dt { (ctx.t("kit-steps")) } dd { pre { (current.steps_md) } }
                }
            }))
        }
        (error_summary(ctx, errors))
        form method="post" action=(action) {
            (csrf_field(ctx))
            input type="hidden" name="version" value=(f.version);
            (input(Field::new("title", ctx.t("kit-title"), &f.title).required(), errors))
            (textarea(Field::new("goal", ctx.t("kit-goal"), &f.goal).required(), errors))
            (textarea(Field::new("audience", ctx.t("kit-audience"), &f.audience).required().hint(ctx.t("kit-audience-hint")), errors))
            div class="grid" {
                (input(Field::new("duration_minutes", ctx.t("kit-duration-minutes"), &f.duration_minutes).kind("number"), errors))
                (input(Field::new("licence", ctx.t("kit-licence"), &f.licence).required(), errors))
                (input(Field::new("kit_version", ctx.t("kit-version"), &f.kit_version).required(), errors))
            }
            (textarea(Field::new("materials", ctx.t("kit-materials"), &f.materials), errors))
            (textarea(Field::new("prerequisites", ctx.t("kit-prerequisites"), &f.prerequisites), errors))
            (textarea(Field::new("steps_md", ctx.t("kit-steps"), &f.steps_md).required().hint(ctx.t("kit-steps-hint")), errors))
            button type="submit" { (ctx.t("save")) }
        }
        @if let Some(k) = existing {
            form method="post" action={ "/workshops/kits/" (k.id) "/delete" } data-confirm=(ctx.t("kit-delete-confirm")) {
                (csrf_field(ctx))
                p class="muted" { (ctx.t("kit-delete-explained")) }
                button type="submit" class="secondary outline" { (ctx.t("kit-delete")) }
            }
        }
    };
    layout::page(ctx, &title, body)
}

/// What the session form lets one choose from.
pub struct SessionOptions {
    /// Latest versions (a new session uses the current kit), plus the
    /// session's own if it is an earlier one.
    pub kits: Vec<workshop_kit::Model>,
    /// The names of the venue and facilitator the form points to, if any.
    pub venue_name: Option<String>,
    pub facilitator_name: Option<String>,
    pub campaigns: Vec<campaign::Model>,
}

pub fn session_form(
    ctx: &Ctx,
    existing: Option<&workshop_session::Model>,
    f: &SessionForm,
    errors: &FormErrors,
    o: &SessionOptions,
    conflict: Option<&workshop_session::Model>,
) -> Markup {
    let title = match existing {
        Some(s) => format!(
            "{} : {}",
            ctx.t("session-edit"),
            format::date(ctx.locale, s.held_on)
        ),
        None => ctx.t("session-new"),
    };
    let action = match existing {
        Some(s) => format!("/workshops/sessions/{}", s.id),
        None => "/workshops/sessions".to_owned(),
    };
    let kits = with_first(
        ctx.t("session-choose"),
        record_options(
            o.kits
                .iter()
                .map(|k| (k.id, format!("{} (v{})", k.title, k.kit_version))),
        ),
    );
    // What each picker shows: the name typed, else the chosen record's.
    let shown = |typed: &'_ str, chosen: &Option<String>| match chosen {
        Some(name) if typed.trim().is_empty() => name.clone(),
        _ => typed.to_owned(),
    };
    let venue_text = shown(&f.venue_id_name, &o.venue_name);
    let facilitator_text = shown(&f.facilitator_id_name, &o.facilitator_name);
    let campaigns = with_none(
        ctx,
        record_options(o.campaigns.iter().map(|c| (c.id, c.name.as_str()))),
    );
    let body = html! {
        h1 { (title) }
        @if let Some(current) = conflict {
            (conflict_notice(ctx, html! {
                dl {
                    dt { (ctx.t("session-date")) } dd { (format::date(ctx.locale, current.held_on)) }
                    dt { (ctx.t("session-our-role")) } dd { (ctx.t(&OurRole::of(current).label_key())) }
                    dt { (ctx.t("session-attendance")) } dd { @match current.attendance { Some(n) => (n), None => "—" } }
                    dt { (ctx.t("session-feedback")) } dd { (layout::or_dash(current.feedback.as_deref())) }
                }
            }))
        }
        (error_summary(ctx, errors))
        form method="post" action=(action) {
            (csrf_field(ctx))
            input type="hidden" name="version" value=(f.version);
            div class="grid" {
                (select(Field::new("kit_id", ctx.t("session-kit"), &f.kit_id).required(), &kits, errors))
                (input(Field::new("held_on", ctx.t("session-date"), &f.held_on).kind("date").required(), errors))
            }
            div class="grid" {
                (picker(ctx, Pick::new("venue_id", ctx.t("session-venue"), "/pick/organisations").value(&f.venue_id, &venue_text).required(), errors))
                (picker(ctx, Pick::new("facilitator_id", ctx.t("session-facilitator"), "/pick/people").value(&f.facilitator_id, &facilitator_text).hint(ctx.t("session-facilitator-hint")), errors))
            }
            fieldset aria-describedby=[errors.get("our_role").map(|_| "field-our_role-error")] {
                legend { (ctx.t("session-our-role")) }
                @for role in OurRole::ALL {
                    label {
                        input type="radio" name="our_role" value=(role.as_str()) checked[f.our_role == role.as_str()];
                        (ctx.t(&role.label_key()))
                    }
                }
                @if let Some(e) = errors.get("our_role") { small id="field-our_role-error" class="field-error" { (e) } }
            }
            fieldset {
                legend { (ctx.t("session-afterwards")) }
                (input(Field::new("attendance", ctx.t("session-attendance"), &f.attendance).kind("number").hint(ctx.t("session-attendance-hint")), errors))
                (textarea(Field::new("feedback", ctx.t("session-feedback"), &f.feedback), errors))
            }
            (select(Field::new("campaign_id", ctx.t("interaction-campaign"), &f.campaign_id), &campaigns, errors))
            button type="submit" { (ctx.t("save")) }
        }
        @if let Some(s) = existing {
            form method="post" action={ "/workshops/sessions/" (s.id) "/delete" } data-confirm=(ctx.t("session-delete-confirm")) {
                (csrf_field(ctx))
                button type="submit" class="secondary outline" { (ctx.t("session-delete")) }
            }
        }
    };
    layout::page(ctx, &title, body)
}

/// A session as a line of a record page's timeline; `kit` and `venue`
/// are named where the page is not already about them.
pub fn session_entry(ctx: &Ctx, line: &SessionLine, kit: bool, venue: bool) -> TimelineEntry {
    let s = &line.session;
    let title = html! {
        @if kit { (line.kit_title) " " span class="muted" { "v" (line.kit_version) } }
        @else { (ctx.t("kit-version")) " " (line.kit_version) }
        @if venue { @if let Some((_, name)) = &line.venue { " · " (name) } }
    };
    let detail = html! {
        (ctx.t(&OurRole::of(s).label_key()))
        @if let Some((id, name)) = &line.facilitator { " · " (ctx.t("session-facilitator")) " : " a href={ "/people/" (id) } { (name) } }
        @if let Some(n) = s.attendance { " · " (ctx.t("session-attendance")) " : " (n) }
        @if let Some(feedback) = &s.feedback { p { (feedback) } }
    };
    let link = match ctx.can_write() {
        true => format!("/workshops/sessions/{}", s.id),
        false => format!("/workshops/kits/{}", s.kit_id),
    };
    TimelineEntry::new(
        TimelineKind::Session,
        When::Day(s.held_on),
        s.created_at,
        title,
    )
    .detail(detail)
    .link(link)
}
