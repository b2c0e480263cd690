//! Campaign pages.

use chrono::NaiveDate;
use maud::{Markup, html};

use super::charts::{self, Bar, Column, Key};
use super::progress::Report;
use super::routes::BOARD_COLUMN;
use super::store::{BoardFilter, Card, DirectoryFilter, Timing};
use crate::entities::*;
use crate::geography::Geography;
use crate::web::components::{
    badge, conflict_notice, empty_state, filters, record_options, url_with_query,
    vocabulary_options, with_all, with_none,
};
use crate::web::forms::{Field, FormErrors, csrf_field, error_summary, input, select, textarea};
use crate::web::i18n::arg;
use crate::web::{Ctx, format, layout};

/// One objective row of the campaign form, as typed.
#[derive(Debug, Clone, Default)]
pub struct ObjectiveRow {
    pub level: String,
    pub title: String,
    pub metric: String,
    pub target: String,
}

impl ObjectiveRow {
    pub fn is_blank(&self) -> bool {
        self.title.trim().is_empty() && self.target.trim().is_empty()
    }
}

/// The campaign form as typed (kept as text so errors can show it back).
#[derive(Debug, Clone, Default)]
pub struct CampaignForm {
    pub name: String,
    pub description: String,
    pub starts_on: String,
    pub ends_on: String,
    pub owners: Vec<i32>,
    pub objectives: Vec<ObjectiveRow>,
    pub version: String,
}

/// Blank objective rows offered after the existing ones.
const SPARE_ROWS: usize = 2;

impl CampaignForm {
    pub fn blank() -> Self {
        let objectives = StrategicLevel::ALL
            .iter()
            .map(|level| ObjectiveRow {
                level: level.get().to_string(),
                ..Default::default()
            })
            .collect();
        CampaignForm {
            objectives,
            ..Default::default()
        }
    }

    pub fn from_model(
        c: &campaign::Model,
        objectives: &[campaign_objective::Model],
        owners: &[i32],
    ) -> Self {
        CampaignForm {
            name: c.name.clone(),
            description: c.description.clone().unwrap_or_default(),
            starts_on: c.starts_on.map(|d| d.to_string()).unwrap_or_default(),
            ends_on: c.ends_on.map(|d| d.to_string()).unwrap_or_default(),
            owners: owners.to_vec(),
            objectives: objectives
                .iter()
                .map(|o| ObjectiveRow {
                    level: o.level.to_string(),
                    title: o.title.clone(),
                    metric: o.metric.as_str().to_owned(),
                    target: o.target.to_string(),
                })
                .collect(),
            version: c.version.to_string(),
        }
    }

    /// From the posted fields; objective rows are `objective-<n>-<field>`.
    pub fn from_fields(fields: &[(String, String)]) -> Self {
        let mut form = CampaignForm::default();
        for (key, value) in fields {
            match key.as_str() {
                "name" => form.name = value.clone(),
                "description" => form.description = value.clone(),
                "starts_on" => form.starts_on = value.clone(),
                "ends_on" => form.ends_on = value.clone(),
                "version" => form.version = value.clone(),
                "owner" => form.owners.extend(value.parse::<i32>().ok()),
                other => {
                    let Some(rest) = other.strip_prefix("objective-") else {
                        continue;
                    };
                    let Some((index, field)) = rest.split_once('-') else {
                        continue;
                    };
                    let Some(index) = index.parse::<usize>().ok().filter(|i| *i < 50) else {
                        continue;
                    };
                    if form.objectives.len() <= index {
                        form.objectives.resize(index + 1, ObjectiveRow::default());
                    }
                    let row = &mut form.objectives[index];
                    match field {
                        "level" => row.level = value.clone(),
                        "title" => row.title = value.clone(),
                        "metric" => row.metric = value.clone(),
                        "target" => row.target = value.clone(),
                        _ => {}
                    }
                }
            }
        }
        form
    }
}

pub fn list(ctx: &Ctx, campaigns: &[campaign::Model]) -> Markup {
    let title = ctx.t("campaigns-title");
    let body = html! {
        h1 { (title) }
        @if ctx.can_write() { p { a href="/campaigns/new" role="button" { (ctx.t("campaign-new")) } } }
        @if campaigns.is_empty() { (empty_state(ctx, "campaigns-empty")) }
        ul {
            @for c in campaigns {
                li {
                    a href={ "/campaigns/" (c.id) } { (c.name) }
                    " · " a href={ "/campaigns/" (c.id) "/board" } { (ctx.t("campaign-board")) }
                    " · " a href={ "/campaigns/" (c.id) "/progress" } { (ctx.t("campaign-progress")) }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}

pub fn form(
    ctx: &Ctx,
    existing: Option<&campaign::Model>,
    form: &CampaignForm,
    users: &[user::Model],
    errors: &FormErrors,
    conflict: Option<&campaign::Model>,
) -> Markup {
    let title = match existing {
        Some(c) => format!("{} : {}", ctx.t("campaign-edit"), c.name),
        None => ctx.t("campaign-new"),
    };
    let action = match existing {
        Some(c) => format!("/campaigns/{}", c.id),
        None => "/campaigns".to_owned(),
    };
    let mut rows = form.objectives.clone();
    rows.extend(std::iter::repeat_n(ObjectiveRow::default(), SPARE_ROWS));
    let levels = vocabulary_options::<StrategicLevel>(ctx);
    let metrics = vocabulary_options::<ObjectiveMetric>(ctx);
    let body = html! {
        h1 { (title) }
        @if let Some(current) = conflict {
            (conflict_notice(ctx, html! {
                dl {
                    dt { (ctx.t("campaign-name")) } dd { (current.name) }
                    dt { (ctx.t("campaign-description")) } dd { (current.description.clone().unwrap_or_default()) }
                    dt { (ctx.t("campaign-period")) }
                    dd { (current.starts_on.map(|d| format::date(ctx.locale, d)).unwrap_or_default()) " – " (current.ends_on.map(|d| format::date(ctx.locale, d)).unwrap_or_default()) }
                }
            }))
        }
        (error_summary(ctx, errors))
        form method="post" action=(action) {
            (csrf_field(ctx))
            input type="hidden" name="version" value=(form.version);
            (input(Field::new("name", ctx.t("campaign-name"), &form.name).required(), errors))
            (textarea(Field::new("description", ctx.t("campaign-description"), &form.description), errors))
            div class="grid" {
                (input(Field::new("starts_on", ctx.t("campaign-starts-on"), &form.starts_on).kind("date"), errors))
                (input(Field::new("ends_on", ctx.t("campaign-ends-on"), &form.ends_on).kind("date"), errors))
            }
            fieldset {
                legend { (ctx.t("campaign-owners")) }
                @for u in users {
                    label {
                        input type="checkbox" name="owner" value=(u.id) checked[form.owners.contains(&u.id)];
                        (u.display_name)
                    }
                }
            }
            fieldset {
                legend { (ctx.t("campaign-objectives")) }
                p class="muted" { (ctx.t("campaign-objectives-hint")) }
                @for (i, row) in rows.iter().enumerate() {
                    div class="grid objective-row" {
                        (select(Field::new(&format!("objective-{i}-level"), ctx.t("objective-level"), &row.level), &levels, errors))
                        (input(Field::new(&format!("objective-{i}-title"), ctx.t("objective-title"), &row.title), errors))
                        (select(Field::new(&format!("objective-{i}-metric"), ctx.t("objective-metric"), &row.metric), &metrics, errors))
                        (input(Field::new(&format!("objective-{i}-target"), ctx.t("objective-target"), &row.target).kind("number"), errors))
                    }
                }
            }
            button type="submit" { (ctx.t("save")) }
        }
    };
    layout::page(ctx, &title, body)
}

fn objective_bars(ctx: &Ctx, report: &Report) -> Vec<Bar> {
    report
        .objectives
        .iter()
        .map(|o| Bar {
            label: format!(
                "{} · {}",
                ctx.t(&format!("level-{}-short", o.objective.level)),
                ctx.t(&o.objective.metric.label_key())
            ),
            value: o.value,
            target: Some(o.objective.target.max(0) as u64),
            tone: None,
        })
        .collect()
}

pub fn show(ctx: &Ctx, c: &campaign::Model, report: &Report, ready: usize) -> Markup {
    let body = html! {
        h1 { (c.name) }
        @if let Some(d) = &c.description { p class="lead" { (d) } }
        nav aria-label=(ctx.t("campaign-sections")) class="subnav" {
            ul {
                li { a href={ "/campaigns/" (c.id) "/board" } { (ctx.t("campaign-board")) } }
                li { a href={ "/campaigns/" (c.id) "/progress" } { (ctx.t("campaign-progress")) } }
                li { a href={ "/campaigns/" (c.id) "/ready" } { (ctx.locale.t_args("campaign-ready-count", &[arg("count", ready)])) } }
                @if ctx.can_write() {
                    li { a href={ "/campaigns/" (c.id) "/add" } { (ctx.t("campaign-add")) } }
                    li { a href={ "/campaigns/" (c.id) "/edit" } { (ctx.t("campaign-edit")) } }
                }
            }
        }
        (objectives_section(ctx, report))
    };
    layout::page(ctx, &c.name, body)
}

fn objectives_section(ctx: &Ctx, report: &Report) -> Markup {
    html! {
        section aria-labelledby="objectives-title" {
            h2 id="objectives-title" { (ctx.t("campaign-objectives")) }
            div class="chart-pair" {
                div class="chart-box" {
                    (charts::bars("objectives-chart", &ctx.t("campaign-objectives"), &objective_bars(ctx, report)))
                    (charts::legend(&[
                        Key { kind: "bar", label: ctx.t("objective-value") },
                        Key { kind: "target", label: ctx.t("objective-target") },
                    ]))
                }
                div class="chart-data table-scroll" {
                    table class="striped dense" {
                        thead { tr {
                            th scope="col" { (ctx.t("objective-level")) }
                            th scope="col" { (ctx.t("objective-title")) }
                            th scope="col" class="num" { (ctx.t("objective-value")) }
                            th scope="col" class="num" { (ctx.t("objective-target")) }
                            th scope="col" class="num" { "%" }
                        } }
                        tbody {
                            @for o in &report.objectives {
                                tr {
                                    td { (ctx.t(&format!("level-{}", o.objective.level))) }
                                    td { (o.objective.title) br; small class="muted" { (ctx.t(&o.objective.metric.label_key())) } }
                                    td class="num" { (o.value) }
                                    td class="num" { (o.objective.target) }
                                    td class="num" { (o.percent()) " %" }
                                }
                            }
                        }
                    }
                }
            }
            p {
                (ctx.locale.t_args("progress-level3-split", &[
                    arg("without", report.figures.sessions_without_us),
                    arg("with", report.figures.sessions_with_us),
                ]))
            }
        }
    }
}

/// One column of the board: the true count of its cards under the filter,
/// and the slice shown (`cards`, starting after `offset` of them).
pub struct BoardColumn {
    pub stage: Stage,
    pub count: u64,
    pub offset: u64,
    pub cards: Vec<Card>,
}

/// What the board page shows.
pub struct Board<'a> {
    pub campaign: &'a campaign::Model,
    pub columns: &'a [BoardColumn],
    pub filter: &'a BoardFilter,
    pub users: &'a [user::Model],
    pub geography: &'a Geography,
    pub added: Option<usize>,
    pub today: NaiveDate,
}

/// The filter as query pairs (names as the board's form sends them).
fn filter_pairs(filter: &BoardFilter) -> Vec<(&'static str, String)> {
    vec![
        (
            "level",
            filter
                .level
                .map(|l| l.get().to_string())
                .unwrap_or_default(),
        ),
        (
            "owner",
            filter.owner_id.map(|o| o.to_string()).unwrap_or_default(),
        ),
        ("region", filter.region_code.clone().unwrap_or_default()),
        (
            "departement",
            filter.departement_code.clone().unwrap_or_default(),
        ),
        (
            "kind",
            filter
                .kind
                .map(|k| k.as_str().to_owned())
                .unwrap_or_default(),
        ),
        (
            "priority",
            filter
                .priority
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
        ),
        (
            "timing",
            filter
                .timing
                .map(|t| t.as_str().to_owned())
                .unwrap_or_default(),
        ),
    ]
}

pub fn board(ctx: &Ctx, b: &Board<'_>) -> Markup {
    let c = b.campaign;
    let title = format!("{} · {}", ctx.t("campaign-board"), c.name);
    let no_errors = FormErrors::default();
    let levels = with_all(ctx, vocabulary_options::<StrategicLevel>(ctx));
    let owners = with_all(
        ctx,
        record_options(b.users.iter().map(|u| (u.id, u.display_name.as_str()))),
    );
    let region_options = with_all(ctx, b.geography.region_options());
    let dep_options = with_all(ctx, b.geography.departement_options());
    let kinds = with_all(ctx, vocabulary_options::<OrgKind>(ctx));
    let priorities = with_all(ctx, vocabulary_options::<Priority>(ctx));
    let timings = with_all(
        ctx,
        [Timing::Parked, Timing::Ready]
            .iter()
            .map(|t| {
                (
                    t.as_str().to_owned(),
                    ctx.t(&format!("board-timing-{}", t.as_str())),
                )
            })
            .collect::<Vec<_>>(),
    );
    let pairs = filter_pairs(b.filter);
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let path = format!("/campaigns/{}/board", c.id);
    // The filters alone, for the script's moves (true counts under them).
    let filter_query = url_with_query("", &pairs);
    let filter_query = filter_query.trim_start_matches('?');
    let page_link = |stage: Stage, page: u64| {
        let mut with_page = pairs.clone();
        with_page.push(("stage", stage.as_str().to_owned()));
        with_page.push(("page", page.to_string()));
        format!(
            "{}#col-{}",
            url_with_query(&path, &with_page),
            stage.as_str()
        )
    };
    let stages = vocabulary_options::<Stage>(ctx);
    let body = html! {
        h1 { (title) }
        p { a href={ "/campaigns/" (c.id) } { "← " (c.name) } }
        @if let Some(n) = b.added {
            p role="status" class="flash" { (ctx.locale.t_args("campaign-added", &[arg("count", n)])) }
        }
        (filters(ctx, pairs.iter().filter(|(_, v)| !v.is_empty()).count(), html! {
        form method="get" action=(path) class="filters board-filters" {
            div class="filter-grid" {
                (select(Field::new("region", ctx.t("filter-region"), &value("region")), &region_options, &no_errors))
                (select(Field::new("departement", ctx.t("filter-departement"), &value("departement")), &dep_options, &no_errors))
                (select(Field::new("kind", ctx.t("filter-kind"), &value("kind")), &kinds, &no_errors))
                (select(Field::new("owner", ctx.t("outreach-owner"), &value("owner")), &owners, &no_errors))
                (select(Field::new("priority", ctx.t("outreach-priority"), &value("priority")), &priorities, &no_errors))
                (select(Field::new("timing", ctx.t("outreach-not-before"), &value("timing")), &timings, &no_errors))
                (select(Field::new("level", ctx.t("objective-level"), &value("level")), &levels, &no_errors))
            }
            button type="submit" class="secondary" { (ctx.t("filter-apply")) }
            " " a href=(path) { (ctx.t("board-filter-reset")) }
        }
        }))
        div class="board" data-board-campaign=(c.id) data-filter=(filter_query) {
            @for column in b.columns {
                @let stage = column.stage;
                @let shown_to = column.offset + column.cards.len() as u64;
                @let rest = column.count.saturating_sub(shown_to);
                section class="board-column" data-stage=(stage.as_str()) aria-labelledby={ "col-" (stage.as_str()) } {
                    h2 id={ "col-" (stage.as_str()) } {
                        (ctx.t(&stage.label_key())) " "
                        span class="count" { "(" span data-count=(column.count) { (column.count) } ")" }
                    }
                    @if column.offset > 0 || rest > 0 {
                        p class="column-range muted" {
                            (ctx.t_args("board-showing", &[
                                arg("from", (column.offset + 1).min(column.count)),
                                arg("to", shown_to),
                                arg("count", column.count),
                            ]))
                        }
                    }
                    @if column.offset > 0 {
                        p class="column-more" {
                            a href=(page_link(stage, column.offset / BOARD_COLUMN)) rel="prev" { (ctx.t("board-previous")) }
                        }
                    }
                    @for card in &column.cards {
                        (board_card(ctx, card, &stages, b.today))
                    }
                    @if rest > 0 {
                        p class="column-more" {
                            a href=(page_link(stage, column.offset / BOARD_COLUMN + 2)) rel="next" {
                                (ctx.t_args("board-more", &[arg("count", rest.min(BOARD_COLUMN))]))
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}

/// "Portée : 278", what it counts on hover.
fn reach_line(ctx: &Ctx, o: &organisation::Model, reach: i32) -> Markup {
    let basis = crate::directory::reach::basis_of(o.kind, o.reach, o.audience_estimate);
    let title = basis.map(|b| {
        ctx.t_args(
            b.explain_key(),
            &[arg(
                "departement",
                o.departement_code.clone().unwrap_or_default(),
            )],
        )
    });
    html! { span title=[title] data-reach=(reach) { (ctx.t("reach-title")) " : " (reach) } }
}

fn board_card(ctx: &Ctx, card: &Card, stages: &[(String, String)], today: NaiveDate) -> Markup {
    let s = &card.status;
    let parked = s.not_before.is_some_and(|d| d > today);
    html! {
        article class="card" draggable=[ctx.can_write().then_some("true")] data-outreach=(s.id) data-version=(s.version) {
            h3 { a href={ "/organisations/" (card.organisation.id) } { (card.organisation.name) } }
            p class="org-meta" {
                (badge(ctx, card.organisation.kind))
                @if let Some(commune) = &card.organisation.commune { " " (commune) }
            }
            ul class="card-facts" {
                li { (ctx.t("outreach-owner")) " : " (card.owner.clone().unwrap_or_else(|| ctx.t("outreach-nobody"))) }
                li { (ctx.t("outreach-priority")) " : " (badge(ctx, s.priority)) }
                @if let Some(d) = card.last_interaction { li { (ctx.t("outreach-last-contact")) " : " (format::date(ctx.locale, d)) } }
                @if let Some(d) = card.next_follow_up { li { (ctx.t("outreach-next-follow-up")) " : " (format::date(ctx.locale, d)) } }
                @if let Some(reach) = card.organisation.reach { li { (reach_line(ctx, &card.organisation, reach)) } }
                @if let Some(c) = &card.claim {
                    li class="card-claim" {
                        (ctx.t_args("claim-board", &[arg("name", c.user.clone()), arg("date", format::date(ctx.locale, c.claim.until))]))
                        @if let Some(note) = &c.claim.note { " · " span class="muted" { (note) } }
                    }
                }
                @if let Some(d) = s.not_before {
                    li class=[parked.then_some("parked")] {
                        (ctx.locale.t_args(if parked { "outreach-parked-until" } else { "outreach-ready-since" }, &[arg("date", format::date(ctx.locale, d))]))
                    }
                }
            }
            @if ctx.can_write() {
                form method="post" action={ "/outreach/" (s.id) "/stage" } class="inline-form move-form" {
                    (csrf_field(ctx))
                    input type="hidden" name="version" value=(s.version);
                    input type="hidden" name="back" value=(ctx.path);
                    label for={ "stage-" (s.id) } class="visually-hidden" { (ctx.t("outreach-move-to")) }
                    select id={ "stage-" (s.id) } name="stage" {
                        @for (value, label) in stages {
                            option value=(value) selected[value == s.stage.as_str()] { (label) }
                        }
                    }
                    button type="submit" class="secondary" { (ctx.t("outreach-move")) }
                }
                details {
                    summary { (ctx.t("outreach-edit-card")) }
                    form method="post" action={ "/outreach/" (s.id) } {
                        (csrf_field(ctx))
                        input type="hidden" name="version" value=(s.version);
                        input type="hidden" name="owner" value=(s.owner_id.map(|o| o.to_string()).unwrap_or_default());
                        label for={ "priority-" (s.id) } { (ctx.t("outreach-priority")) }
                        select id={ "priority-" (s.id) } name="priority" {
                            @for p in Priority::ALL {
                                option value=(p.as_str()) selected[*p == s.priority] { (ctx.t(&p.label_key())) }
                            }
                        }
                        label for={ "not-before-" (s.id) } { (ctx.t("outreach-not-before")) }
                        input type="date" id={ "not-before-" (s.id) } name="not_before" value=(s.not_before.map(|d| d.to_string()).unwrap_or_default());
                        button type="submit" class="secondary" { (ctx.t("save")) }
                    }
                }
            }
        }
    }
}

pub fn add_page(
    ctx: &Ctx,
    c: &campaign::Model,
    filter: &DirectoryFilter,
    filtered: bool,
    candidates: &[organisation::Model],
    geography: &Geography,
) -> Markup {
    let title = ctx.t("campaign-add");
    let no_errors = FormErrors::default();
    let kinds = with_all(ctx, vocabulary_options::<OrgKind>(ctx));
    let region_options = with_all(ctx, geography.region_options());
    let dep_options = with_all(ctx, geography.departement_options());
    let kind = filter
        .kind
        .map(|k| k.as_str().to_owned())
        .unwrap_or_default();
    let region = filter.region_code.clone().unwrap_or_default();
    let departement = filter.departement_code.clone().unwrap_or_default();
    let levels = with_none(ctx, vocabulary_options::<StrategicLevel>(ctx));
    let body = html! {
        h1 { (title) " · " (c.name) }
        p { (ctx.t("campaign-add-intro")) }
        form method="get" action={ "/campaigns/" (c.id) "/add" } {
            div class="grid" {
                (select(Field::new("kind", ctx.t("filter-kind"), &kind), &kinds, &no_errors))
                (select(Field::new("region", ctx.t("filter-region"), &region), &region_options, &no_errors))
                (select(Field::new("departement", ctx.t("filter-departement"), &departement), &dep_options, &no_errors))
            }
            button type="submit" class="secondary" { (ctx.t("campaign-add-preview")) }
        }
        @if filtered {
            p role="status" { (ctx.locale.t_args("campaign-add-matching", &[arg("count", candidates.len())])) }
            @if !candidates.is_empty() {
                form method="post" action={ "/campaigns/" (c.id) "/add" } {
                    (csrf_field(ctx))
                    input type="hidden" name="kind" value=(kind);
                    input type="hidden" name="region" value=(region);
                    input type="hidden" name="departement" value=(departement);
                    div class="grid" {
                        (select(Field::new("stage", ctx.t("outreach-stage"), Stage::ToResearch.as_str()), &vocabulary_options::<Stage>(ctx), &no_errors))
                        (select(Field::new("level", ctx.t("objective-level"), ""), &levels, &no_errors))
                    }
                    button type="submit" { (ctx.locale.t_args("campaign-add-submit", &[arg("count", candidates.len())])) }
                }
                ul {
                    @for org in candidates.iter().take(100) {
                        li { (org.name) @if let Some(commune) = &org.commune { " · " (commune) } }
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}

pub fn ready(
    ctx: &Ctx,
    c: &campaign::Model,
    items: &[(outreach_status::Model, organisation::Model)],
) -> Markup {
    let title = ctx.t("campaign-ready");
    let body = html! {
        h1 { (title) " · " (c.name) }
        p { (ctx.t("campaign-ready-intro")) " " (ctx.t("reach-ready-order")) }
        @if items.is_empty() { (empty_state(ctx, "campaign-ready-empty")) }
        ul {
            @for (status, org) in items {
                li {
                    a href={ "/organisations/" (org.id) } { (org.name) }
                    @if let Some(reach) = org.reach { " · " (reach_line(ctx, org, reach)) }
                    @if let Some(d) = status.not_before {
                        " · " (ctx.locale.t_args("outreach-ready-since", &[arg("date", format::date(ctx.locale, d))]))
                    }
                    @if ctx.can_write() {
                        form method="post" action={ "/outreach/" (status.id) "/stage" } class="inline-form" {
                            (csrf_field(ctx))
                            input type="hidden" name="version" value=(status.version);
                            input type="hidden" name="stage" value=(Stage::ToContact.as_str());
                            input type="hidden" name="back" value=(ctx.path);
                            button type="submit" class="secondary" { (ctx.t("campaign-ready-move")) }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}

pub fn progress(ctx: &Ctx, c: &campaign::Model, report: &Report) -> Markup {
    let title = format!("{} · {}", ctx.t("campaign-progress"), c.name);
    let funnel: Vec<Bar> = report
        .funnel
        .iter()
        .map(|(stage, n)| Bar {
            label: ctx.t(&stage.label_key()),
            value: *n,
            target: None,
            tone: Some(stage.as_str()),
        })
        .collect();
    let weekly: Vec<Column> = report
        .weekly
        .iter()
        .map(|(week, n)| {
            let label = format::date(ctx.locale, *week);
            // "1 déc. 2026" → "1 déc.": the year is in the table beside.
            let short = label
                .rsplit_once(' ')
                .map_or(label.as_str(), |(day_month, _)| day_month)
                .to_owned();
            Column {
                label,
                short,
                value: *n,
            }
        })
        .collect();
    let regions: Vec<Bar> = report
        .regions
        .iter()
        .map(|r| Bar {
            label: if r.name.is_empty() {
                ctx.t("progress-no-region")
            } else {
                r.name.clone()
            },
            value: r.organisations,
            target: None,
            tone: None,
        })
        .collect();
    let body = html! {
        h1 { (title) }
        p {
            a href={ "/campaigns/" (c.id) } { "← " (c.name) } " · "
            a href={ "/campaigns/" (c.id) "/progress.csv" } download { (ctx.t("progress-csv")) }
        }
        p class="muted" { (ctx.locale.t_args("progress-window", &[arg("from", format::date(ctx.locale, report.from)), arg("to", format::date(ctx.locale, report.to))])) }
        (objectives_section(ctx, report))
        section aria-labelledby="funnel-title" {
            h2 id="funnel-title" { (ctx.t("progress-funnel")) }
            div class="chart-pair" {
                div class="chart-box" {
                    (charts::bars("funnel-chart", &ctx.t("progress-funnel"), &funnel))
                }
                div class="chart-data table-scroll" {
                    table class="striped dense" {
                        thead { tr {
                            th scope="col" { (ctx.t("outreach-stage")) }
                            th scope="col" class="num" { (ctx.t("progress-organisations")) }
                        } }
                        tbody { @for (stage, n) in &report.funnel { tr { td { (badge(ctx, *stage)) } td class="num" { (n) } } } }
                    }
                }
            }
        }
        section aria-labelledby="weekly-title" {
            h2 id="weekly-title" { (ctx.t("progress-weekly")) }
            div class="chart-pair" {
                div class="chart-box" {
                    (charts::columns("weekly-chart", &ctx.t("progress-weekly"), &weekly))
                    (charts::legend(&[Key { kind: "column", label: ctx.t("progress-interactions") }]))
                }
                div class="chart-data table-scroll tall" {
                    table class="striped dense" {
                        thead { tr {
                            th scope="col" { (ctx.t("progress-week-of")) }
                            th scope="col" class="num" { (ctx.t("progress-interactions")) }
                        } }
                        tbody { @for c in &weekly { tr { td { (c.label) } td class="num" { (c.value) } } } }
                    }
                }
            }
        }
        section aria-labelledby="regions-title" {
            h2 id="regions-title" { (ctx.t("progress-regions")) }
            div class="chart-pair" {
                div class="chart-box" {
                    (charts::bars("regions-chart", &ctx.t("progress-regions"), &regions))
                }
                div class="chart-data table-scroll" {
                    table class="striped dense" {
                        thead { tr {
                            th scope="col" { (ctx.t("filter-region")) }
                            th scope="col" class="num" { (ctx.t("progress-organisations")) }
                            th scope="col" class="num" { (ctx.t("stage-relay")) }
                        } }
                        tbody {
                            @for r in &report.regions {
                                tr {
                                    td { @if r.name.is_empty() { (ctx.t("progress-no-region")) } @else { (r.name) } }
                                    td class="num" { (r.organisations) }
                                    td class="num" { (r.relays) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}

/// The progress report as CSV: UTF-8 with BOM and `;` so that French Excel
/// and LibreOffice open it correctly.
pub fn progress_csv(ctx: &Ctx, report: &Report) -> String {
    let mut out = String::from("\u{feff}");
    let mut line = |fields: &[String]| {
        let cells: Vec<String> = fields
            .iter()
            .map(|f| crate::transfer::export::csv_field(f))
            .collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    };
    line(&[
        ctx.t("csv-section"),
        ctx.t("csv-label"),
        ctx.t("objective-value"),
        ctx.t("objective-target"),
        "%".into(),
    ]);
    for o in &report.objectives {
        line(&[
            ctx.t(&format!("level-{}", o.objective.level)),
            o.objective.title.clone(),
            o.value.to_string(),
            o.objective.target.to_string(),
            o.percent().to_string(),
        ]);
    }
    for (stage, n) in &report.funnel {
        line(&[
            ctx.t("progress-funnel"),
            ctx.t(&stage.label_key()),
            n.to_string(),
            String::new(),
            String::new(),
        ]);
    }
    for (week, n) in &report.weekly {
        line(&[
            ctx.t("progress-weekly"),
            week.to_string(),
            n.to_string(),
            String::new(),
            String::new(),
        ]);
    }
    for r in &report.regions {
        line(&[
            ctx.t("progress-regions"),
            if r.name.is_empty() {
                ctx.t("progress-no-region")
            } else {
                r.name.clone()
            },
            r.organisations.to_string(),
            String::new(),
            String::new(),
        ]);
    }
    out
}
