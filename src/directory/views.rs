//! Directory pages (maud). Views never query the database.

use std::collections::HashMap;

use maud::{Markup, PreEscaped, html};

use super::details::Details;
use super::form::{ChannelRow, OrganisationForm};
use super::reach::Basis;
use super::store::{ExtrasWanted, LineExtras, ListFilter, OrganisationLine, PAGE_SIZE, Sort};
use crate::audit::store::AuditLine;
use crate::entities::*;
use crate::geography::Geography;
use crate::web::columns::ListColumns;
use crate::web::components::{
    Pick, badge, conflict_notice, empty_state, filters, pagination, picker, record_options,
    url_with_query, vocabulary_options, with_all, with_none,
};
use crate::web::forms::{Field, FormErrors, csrf_field, error_summary, input, select, textarea};
use crate::web::i18n::arg;
use crate::web::record::{fact, text};
use crate::web::timeline::{TimelineEntry, TimelineKind, When, timeline};
use crate::web::{Ctx, format, layout};

/// Lists the forms choose from.
pub struct Choices {
    pub geography: std::sync::Arc<Geography>,
    /// `(id, name)` of the campaigns, the latest first.
    pub campaigns: Vec<(i32, String)>,
}

/// An optional column of the organisations list. The name (and the
/// selection's box) is always shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListColumn {
    Kind,
    Commune,
    Departement,
    Parent,
    Reach,
    Stage,
    Owner,
    Tags,
    LastContact,
    Website,
}

impl crate::web::columns::ListColumns for ListColumn {
    const ALL: &'static [ListColumn] = &[
        ListColumn::Kind,
        ListColumn::Commune,
        ListColumn::Departement,
        ListColumn::Parent,
        ListColumn::Reach,
        ListColumn::Stage,
        ListColumn::Owner,
        ListColumn::Tags,
        ListColumn::LastContact,
        ListColumn::Website,
    ];

    const DEFAULT: &'static [ListColumn] = &[
        ListColumn::Kind,
        ListColumn::Commune,
        ListColumn::Departement,
        ListColumn::Parent,
        ListColumn::Reach,
    ];

    fn as_str(self) -> &'static str {
        match self {
            ListColumn::Kind => "kind",
            ListColumn::Commune => "commune",
            ListColumn::Departement => "departement",
            ListColumn::Parent => "parent",
            ListColumn::Reach => "reach",
            ListColumn::Stage => "stage",
            ListColumn::Owner => "owner",
            ListColumn::Tags => "tags",
            ListColumn::LastContact => "last_contact",
            ListColumn::Website => "website",
        }
    }

    fn label_key(self) -> &'static str {
        match self {
            ListColumn::Kind => "filter-kind",
            ListColumn::Commune => "directory-commune",
            ListColumn::Departement => "filter-departement",
            ListColumn::Parent => "directory-parent",
            ListColumn::Reach => "reach-column",
            ListColumn::Stage => "outreach-stage",
            ListColumn::Owner => "directory-column-owner",
            ListColumn::Tags => "directory-tags",
            ListColumn::LastContact => "directory-column-last-contact",
            ListColumn::Website => "directory-website",
        }
    }
}

/// The organisations list's columns.
pub type Columns = crate::web::columns::Columns<ListColumn>;

impl Columns {
    /// What the store reads beyond the lines for these columns.
    pub fn wanted(&self) -> ExtrasWanted {
        ExtrasWanted {
            tags: self.has(ListColumn::Tags),
            stages: self.has(ListColumn::Stage) || self.has(ListColumn::Owner),
            last_contact: self.has(ListColumn::LastContact),
        }
    }
}

pub fn overview(ctx: &Ctx, groups: &[(OrgKind, Vec<OrganisationLine>)]) -> Markup {
    let title = ctx.t("overview-title");
    let body = html! {
        h1 { (title) }
        p { (ctx.t("overview-intro")) " " a href="/organisations" { (ctx.t("directory-list-link")) } }
        @if groups.is_empty() { (empty_state(ctx, "overview-empty")) }
        @for (kind, lines) in groups {
            section class="kind-group" aria-labelledby={ "kind-" (kind.as_str()) } {
                h2 id={ "kind-" (kind.as_str()) } {
                    (ctx.t(&kind.label_key())) " "
                    span class="count" { "(" (ctx.locale.t_args("overview-count", &[arg("count", lines.len())])) ")" }
                }
                ul class="org-list" {
                    @for line in lines { li { (organisation_line(ctx, line)) } }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}

fn organisation_line(ctx: &Ctx, line: &OrganisationLine) -> Markup {
    html! {
        a href={ "/organisations/" (line.id) } { (line.name) }
        @if let Some(acronym) = &line.acronym { " (" (acronym) ")" }
        div class="org-meta" {
            @if let Some(commune) = &line.commune { (commune) }
            @if let Some((code, name)) = &line.departement {
                @if line.commune.is_some() { " · " }
                (name) " (" (code) ")"
            }
            @if let Some((pid, parent)) = &line.parent {
                @if line.commune.is_some() || line.departement.is_some() { " · " }
                (ctx.t("overview-parent")) " " a href={ "/organisations/" (pid) } { (parent) }
            }
        }
    }
}

/// The list's filter and order as query pairs (unset ones empty), for
/// the pages of the list and its exports.
pub(crate) fn filter_pairs(filter: &ListFilter) -> Vec<(&'static str, String)> {
    let text = |value: Option<&str>| value.unwrap_or_default().to_owned();
    vec![
        ("kind", text(filter.kind.map(|k| k.as_str()))),
        ("region", text(filter.region.as_deref())),
        ("departement", text(filter.departement.as_deref())),
        ("stage", text(filter.stage.map(|s| s.as_str()))),
        ("tag", text(filter.tag.as_deref())),
        ("name", text(filter.name.as_deref())),
        ("sort", filter.sort.as_str().to_owned()),
        (
            "commune_to_check",
            if filter.commune_to_check { "1" } else { "" }.to_owned(),
        ),
        (
            "in_campaign",
            filter.campaign.map(|c| c.to_string()).unwrap_or_default(),
        ),
    ]
}

/// The directory's filters, for the list and the map (`action`).
pub(crate) fn filter_form(
    ctx: &Ctx,
    filter: &ListFilter,
    choices: &Choices,
    action: &str,
    extra: Option<Markup>,
) -> Markup {
    let none = FormErrors::default();
    let pairs = filter_pairs(filter);
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| *key == name)
            .map_or("", |(_, value)| value.as_str())
    };
    let sorts: Vec<(String, String)> = Sort::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().to_owned(),
                ctx.t(&format!("directory-sort-{}", s.as_str())),
            )
        })
        .collect();
    html! {
    form method="get" action=(action) class="filters" {
        div class="filter-grid" {
            (input(Field::new("name", ctx.t("directory-filter-name"), value("name")).kind("search"), &none))
            (select(Field::new("kind", ctx.t("filter-kind"), value("kind")), &with_all(ctx, vocabulary_options::<OrgKind>(ctx)), &none))
            (select(Field::new("region", ctx.t("filter-region"), value("region")), &with_all(ctx, choices.geography.region_options()), &none))
            (select(Field::new("departement", ctx.t("filter-departement"), value("departement")), &with_all(ctx, choices.geography.departement_options()), &none))
            (select(Field::new("stage", ctx.t("outreach-stage"), value("stage")), &with_all(ctx, vocabulary_options::<Stage>(ctx)), &none))
            (input(Field::new("tag", ctx.t("directory-tag"), value("tag")), &none))
            @if !choices.campaigns.is_empty() {
                (select(Field::new("in_campaign", ctx.t("directory-filter-campaign"), value("in_campaign")), &with_all(ctx, record_options(choices.campaigns.iter().map(|(id, name)| (*id, name.as_str())))), &none))
            }
            (select(Field::new("sort", ctx.t("directory-sort"), filter.sort.as_str()), &sorts, &none))
        }
        label for="field-commune_to_check" {
            input type="checkbox" id="field-commune_to_check" name="commune_to_check" value="1" checked[filter.commune_to_check];
            (ctx.t("geo-commune-to-check"))
        }
        @if let Some(extra) = extra { (extra) }
        button type="submit" class="secondary" { (ctx.t("filter-apply")) }
    }
    }
}

pub fn list(
    ctx: &Ctx,
    filter: &ListFilter,
    columns: &Columns,
    lines: &[OrganisationLine],
    extras: &HashMap<i32, LineExtras>,
    total: u64,
    choices: &Choices,
) -> Markup {
    let title = ctx.t("directory-title");
    let pairs = filter_pairs(filter);
    let cols = columns.param();
    let page_url = |page: u64| {
        let mut pairs = pairs.clone();
        pairs.push(("cols", cols.clone()));
        pairs.push(("page", page.to_string()));
        url_with_query("/organisations", &pairs)
    };
    // The filters set (the order is not one), counted on the phone's button.
    let active = pairs
        .iter()
        .filter(|(key, value)| *key != "sort" && !value.is_empty())
        .count();
    let none = LineExtras::default();
    let body = html! {
        div class="page-head" {
            h1 { (title) }
            @if ctx.can_write() {
                a href="/organisations/new" role="button" class="small" { (ctx.t("directory-new")) }
                " " a href="/organisations/duplicates" role="button" class="small secondary outline" { (ctx.t("duplicates-title")) }
                a href="/imports" { (ctx.t("import-title")) }
            }
            p class="actions page-head-end" {
                a href=(url_with_query("/organisations/map", &pairs)) { (ctx.t("map-link")) } " · "
                (ctx.t("export-label")) " "
                a href=(url_with_query("/export/organisations.csv", &pairs)) download { "CSV" } " · "
                a href=(url_with_query("/export/organisations.json", &pairs)) download { "JSON" }
            }
        }
        (filters(ctx, active, filter_form(ctx, filter, choices, "/organisations", Some(columns.chooser(ctx)))))
        p role="status" class="list-count" { (ctx.locale.t_args("overview-count", &[arg("count", total)])) }
        @if ctx.can_write() && total > 0 { (super::bulk_views::bar(ctx, total, &pairs)) }
        div class="table-scroll" {
            table class="striped dense org-table" data-columns=(columns.shown().iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" ")) {
                thead {
                    tr {
                        @if ctx.can_write() { th scope="col" class="col-select" { (ctx.t("bulk-select")) } }
                        th scope="col" class="col-name" { (ctx.t("directory-name")) }
                        @for column in columns.shown() {
                            th scope="col" class={ "col-" (column.as_str()) } data-column=(column.as_str()) { (ctx.t(column.label_key())) }
                        }
                    }
                }
                tbody {
                    @for line in lines {
                        @let extra = extras.get(&line.id).unwrap_or(&none);
                        tr {
                            @if ctx.can_write() { td class="col-select" { (super::bulk_views::row_checkbox(ctx, line.id, &line.name)) } }
                            td class="col-name" { a href={ "/organisations/" (line.id) } { (line.name) } @if let Some(a) = &line.acronym { " (" (a) ")" } }
                            @for column in columns.shown() {
                                (list_cell(ctx, *column, line, extra, filter.campaign.is_some()))
                            }
                        }
                    }
                }
            }
        }
        (pagination(ctx, filter.page, total.div_ceil(PAGE_SIZE), page_url))
    };
    layout::page(ctx, &title, body)
}

/// One optional cell of a list line; `one_campaign`: the list is
/// filtered on a campaign (its stage alone is shown, unnamed).
fn list_cell(
    ctx: &Ctx,
    column: ListColumn,
    line: &OrganisationLine,
    extra: &LineExtras,
    one_campaign: bool,
) -> Markup {
    let class = format!("col-{}", column.as_str());
    html! {
        @match column {
            ListColumn::Kind => td class=(class) { (badge(ctx, line.kind)) },
            ListColumn::Commune => td class=(class) { (layout::or_dash(line.commune.as_deref())) },
            ListColumn::Departement => td class=(class) { @if let Some((code, name)) = &line.departement { (name) " (" (code) ")" } @else { (layout::or_dash(None)) } },
            ListColumn::Parent => td class=(class) { @if let Some((pid, parent)) = &line.parent { a href={ "/organisations/" (pid) } { (parent) } } @else { (layout::or_dash(None)) } },
            ListColumn::Reach => td class={ (class) " num" } { (reach_cell(ctx, line)) },
            ListColumn::Stage => td class=(class) {
                @if extra.stages.is_empty() { (layout::or_dash(None)) }
                @for (i, (campaign, stage, _)) in extra.stages.iter().enumerate() {
                    @if i > 0 { br; }
                    @if !one_campaign { span class="muted" { (campaign) " : " } }
                    (badge(ctx, *stage))
                }
            },
            ListColumn::Owner => td class=(class) {
                @let owners: Vec<&str> = extra.stages.iter().filter_map(|(_, _, owner)| owner.as_deref()).collect();
                (layout::or_dash(Some(owners.join(", ")).as_deref()))
            },
            ListColumn::Tags => td class=(class) { (layout::or_dash(Some(extra.tags.join(", ")).as_deref())) },
            ListColumn::LastContact => td class=(class) {
                @if let Some(day) = extra.last_contact { (format::date(ctx.locale, day)) } @else { (layout::or_dash(None)) }
            },
            ListColumn::Website => td class=(class) {
                @if let Some(url) = line.website.as_deref().filter(|u| u.starts_with("http://") || u.starts_with("https://")) {
                    a href=(url) rel="noopener noreferrer" { (url.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/')) }
                } @else { (layout::or_dash(line.website.as_deref())) }
            },
        }
    }
}

/// What a reach counts, in a sentence (`departement`: its name and code).
fn reach_sentence(ctx: &Ctx, basis: Basis, departement: &str) -> String {
    ctx.t_args(
        basis.explain_key(),
        &[arg("departement", departement.to_owned())],
    )
}

/// A line's reach: the figure, what it counts on hover.
fn reach_cell(ctx: &Ctx, line: &OrganisationLine) -> Markup {
    let Some((value, basis)) = line.reach else {
        return layout::or_dash(None);
    };
    let departement = line
        .departement
        .as_ref()
        .map(|(code, name)| format!("{name} ({code})"))
        .unwrap_or_default();
    let title = basis.map(|b| reach_sentence(ctx, b, &departement));
    html! { span title=[title] data-reach=(value) { (value) } }
}

/// The organisation's reach under its name: the figure, what it counts in
/// words (also on hover), and the other figures when several apply.
fn reach_block(ctx: &Ctx, d: &Details) -> Markup {
    let o = &d.organisation;
    let departement = match (&d.departement, &o.departement_code) {
        (Some(name), Some(code)) => format!("{name} ({code})"),
        (None, Some(code)) => code.clone(),
        _ => String::new(),
    };
    let figures = [
        (d.reach.libraries, Basis::Libraries),
        (d.reach.members, Basis::Members),
        (d.reach.audience, Basis::Audience),
    ];
    let sentence = |basis: Basis| match (basis, &o.audience_source) {
        (Basis::Audience, Some(source)) => {
            ctx.t_args("reach-audience-explain", &[arg("source", source.clone())])
        }
        _ => reach_sentence(ctx, basis, &departement),
    };
    let figure = |basis: Basis, value: u64| ctx.t_args(basis.figure_key(), &[arg("count", value)]);
    let Some((value, basis)) = d.reach.reach() else {
        let hint = match o.kind {
            OrgKind::DepartmentalLibrary => Some("reach-needs-departement"),
            OrgKind::MailingList => Some("reach-audience-unknown"),
            _ => None,
        };
        return html! { @if let Some(key) = hint { p class="record-reach muted" { (ctx.t(key)) } } };
    };
    let others: Vec<(u64, Basis)> = figures
        .iter()
        .filter_map(|(v, b)| v.map(|v| (v, *b)))
        .filter(|(_, b)| *b != basis)
        .collect();
    let explanation = sentence(basis);
    html! {
        div class="record-reach" data-reach=(value) {
            p title=(explanation) {
                strong { (ctx.t("reach-label")) } " " (figure(basis, u64::try_from(value).unwrap_or(0)))
            }
            p class="muted" { (explanation) }
            @if !others.is_empty() {
                ul class="muted" {
                    @for (v, b) in &others { li title=(sentence(*b)) { (figure(*b, *v)) } }
                }
                p class="muted" { (ctx.t("reach-largest")) }
            }
        }
    }
}

/// Who is contacting the organisation, for which campaign, until when;
/// the volunteer who holds a claim (or an administrator) can release it
/// or hand it over; anyone who may write can take one.
fn claims_block(ctx: &Ctx, d: &Details, sent: &LinkForm) -> Markup {
    let o = &d.organisation;
    let path = format!("/organisations/{}", o.id);
    let me = ctx.actor_id();
    // Campaigns a claim can be taken for: free of another's live claim.
    let free: Vec<(i32, &str)> = d
        .outreach
        .iter()
        .filter(|s| {
            !d.claims
                .iter()
                .any(|c| c.claim.campaign_id == s.status.campaign_id && !c.is_held_by(me))
        })
        .map(|s| (s.status.campaign_id, s.campaign.as_str()))
        .collect();
    html! {
        @for c in &d.claims {
            div class="record-claim" role="note" {
                p {
                    @let args = [
                        arg("name", c.user.clone()),
                        arg("campaign", c.campaign.clone()),
                        arg("date", format::date(ctx.locale, c.claim.until)),
                    ];
                    @if c.is_held_by(me) { (ctx.t_args("claim-yours", &args)) } @else { (ctx.t_args("claim-by", &args)) }
                    @if let Some(note) = &c.claim.note { " " span class="muted" { (ctx.t("claim-note")) " " (note) } }
                }
                @if ctx.can_write() && (c.is_held_by(me) || ctx.is_admin()) {
                    form method="post" action={ "/claims/" (c.claim.id) "/release" } class="inline-form" {
                        (csrf_field(ctx))
                        input type="hidden" name="version" value=(c.claim.version);
                        input type="hidden" name="back" value=(path);
                        button type="submit" class="secondary outline" { (ctx.t("claim-release")) }
                    }
                    @let others: Vec<(String, String)> = d.team.iter()
                        .filter(|(id, _)| *id != c.claim.user_id)
                        .map(|(id, name)| (id.to_string(), name.clone()))
                        .collect();
                    @if !others.is_empty() {
                        form method="post" action={ "/claims/" (c.claim.id) "/hand-over" } class="inline-form" {
                            (csrf_field(ctx))
                            input type="hidden" name="version" value=(c.claim.version);
                            input type="hidden" name="back" value=(path);
                            label for={ "hand-over-" (c.claim.id) } { (ctx.t("claim-hand-over")) }
                            select id={ "hand-over-" (c.claim.id) } name="to" required {
                                @for (value, label) in &others { option value=(value) { (label) } }
                            }
                            button type="submit" class="secondary" { (ctx.t("claim-hand-over-submit")) }
                        }
                    }
                }
            }
        }
        @if ctx.can_write() && !free.is_empty() { (claim_form(ctx, o.id, &free, sent)) }
    }
}

/// "Je m'en occupe jusqu'au …" for one of the campaigns following it.
fn claim_form(ctx: &Ctx, id: i32, campaigns: &[(i32, &str)], sent: &LinkForm) -> Markup {
    let open = sent.is("claim");
    let none = FormErrors::default();
    let errors = if open { &sent.errors } else { &none };
    let value = |name| sent.value("claim", name);
    let options = record_options(campaigns.iter().copied());
    html! {
        details class="record-add-campaign" open[open] {
            summary role="button" class="secondary outline" { (ctx.t("claim-take")) }
            form method="post" action={ "/organisations/" (id) "/claims" } {
                (csrf_field(ctx))
                (select(Field::new("campaign", ctx.t("claim-campaign"), value("campaign")).required(), &options, errors))
                (input(Field::new("until", ctx.t("claim-until"), value("until")).kind("date").required().hint(ctx.t("claim-until-hint")), errors))
                (input(Field::new("claim_note", ctx.t("claim-note-label"), value("claim_note")).hint(ctx.t("claim-note-hint")), errors))
                button type="submit" { (ctx.t("claim-submit")) }
            }
        }
    }
}

fn link_or_text(value: &Option<String>) -> Markup {
    match value {
        Some(v) if v.starts_with("http://") || v.starts_with("https://") => {
            html! { a href=(v) rel="noopener noreferrer" { (v) } }
        }
        Some(v) if v.contains('@') => html! { a href={ "mailto:" (v) } { (v) } },
        other => layout::or_dash(other.as_deref()),
    }
}

fn link_to(value: Option<&str>) -> Option<Markup> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| link_or_text(&Some(v.to_owned())))
}

/// The organisation page: a header (name, kind, commune, stage in each
/// campaign, owner, next follow-up, the main actions), the timeline in
/// the centre and a side panel with the facts that have a value, people,
/// channels and links.
pub fn show(
    ctx: &Ctx,
    d: &Details,
    history: &[AuditLine],
    stage_history: &[(String, outreach_stage_change::Model, Option<String>)],
    sent: &LinkForm,
    show: Option<TimelineKind>,
) -> Markup {
    let o = &d.organisation;
    let path = format!("/organisations/{}", o.id);
    let mut owners: Vec<&str> = d
        .outreach
        .iter()
        .filter_map(|s| s.owner.as_deref())
        .collect();
    owners.sort_unstable();
    owners.dedup();
    let body = html! {
        div class="record" {
            header class="record-head" {
                h1 { (o.name) @if let Some(a) = &o.acronym { " " span class="muted" { "(" (a) ")" } } }
                ul class="record-badges" aria-label=(ctx.t("record-status")) {
                    li { (badge(ctx, o.kind)) }
                    @for s in &d.outreach {
                        li class="record-stage" {
                            a href={ "/campaigns/" (s.status.campaign_id) "/board" } { (s.campaign) } " "
                            (badge(ctx, s.status.stage))
                        }
                    }
                }
                @if o.commune.is_some() || !owners.is_empty() || d.next_follow_up.is_some() {
                    dl class="record-meta" {
                        (fact(ctx.t("directory-commune"), o.commune.as_deref().map(|c| html! {
                            @match &d.commune {
                                Some((commune, _)) => a href={ "/communes/" (commune.code) } { (c) },
                                None => (c),
                            }
                            @if let Some(code) = &o.departement_code { " (" (code) ")" }
                            @if o.commune_code.is_none() { " " small class="muted" data-commune-to-check { "· " (ctx.t("geo-commune-to-check")) } }
                        })))
                        (fact(ctx.t("outreach-owner"), (!owners.is_empty()).then(|| html! { (owners.join(", ")) })))
                        (fact(ctx.t("outreach-next-follow-up"), d.next_follow_up.map(|f| html! { time datetime=(f.to_string()) { (format::date(ctx.locale, f)) } })))
                    }
                }
                (reach_block(ctx, d))
                (claims_block(ctx, d, sent))
                @if ctx.can_write() {
                    div class="record-actions" {
                        a href={ "/interactions/new?organisation=" (o.id) } role="button" { (ctx.t("directory-log-interaction")) }
                        a href={ (path) "/edit" } role="button" class="secondary" { (ctx.t("directory-edit")) }
                        @if !d.campaigns.is_empty() { (campaign_form(ctx, o.id, &d.campaigns)) }
                        a href={ (path) "/merge" } role="button" class="secondary outline" { (ctx.t("directory-merge")) }
                        a href={ (path) "/delete" } role="button" class="secondary outline" { (ctx.t("directory-delete")) }
                    }
                }
            }
            div class="record-main" {
                (timeline(ctx, &path, timeline_entries(ctx, d, history, stage_history), show))
                p class="record-more" {
                    a href={ "/agenda?organiser=" (o.id) } { (ctx.t("agenda-open")) }
                    @if ctx.can_write() {
                        " · " a href={ "/events/new?organiser=" (o.id) } { (ctx.t("agenda-new")) }
                        " · " a href={ "/workshops/sessions/new?venue=" (o.id) } { (ctx.t("session-new")) }
                    }
                }
            }
            aside class="record-side" aria-label=(ctx.t("record-side")) {
                @if let Some((commune, note)) = &d.commune { (crate::web::components::local_context(ctx, commune, note.as_ref())) }
                (side_panel(ctx, d, sent))
            }
        }
    };
    layout::page(ctx, &o.name, body)
}

/// Contacts, stage moves, events, sessions and edits, for the timeline.
fn timeline_entries(
    ctx: &Ctx,
    d: &Details,
    history: &[AuditLine],
    stage_history: &[(String, outreach_stage_change::Model, Option<String>)],
) -> Vec<TimelineEntry> {
    let mut entries: Vec<TimelineEntry> = d
        .interactions
        .iter()
        .map(|i| {
            let with = i
                .person_id
                .and_then(|id| d.people.get(&id))
                .map(|p| (p.id, crate::people::display_name(ctx, p)));
            crate::interactions::timeline_entry(
                ctx,
                i,
                with.as_ref().map(|(id, name)| (*id, name.as_str())),
            )
        })
        .collect();
    for (campaign, change, author) in stage_history {
        let title = html! {
            (campaign) " : "
            @if let Some(from) = change.from_stage { (ctx.t(&from.label_key())) " → " }
            (badge(ctx, change.to_stage))
        };
        let mut entry = TimelineEntry::new(
            TimelineKind::Stage,
            When::At(change.changed_at),
            change.changed_at,
            title,
        );
        if let Some(a) = author {
            entry = entry.detail(html! { (ctx.t_args("timeline-by", &[arg("name", a.clone())])) });
        }
        entries.push(entry);
    }
    for e in &d.events {
        let title = html! { (e.title) };
        entries.push(
            TimelineEntry::new(
                TimelineKind::Event,
                When::Day(e.start_local.date()),
                e.created_at,
                title,
            )
            .detail(html! { (ctx.t(&e.kind.label_key())) " · " (badge(ctx, e.participation)) })
            .link(format!("/events/{}", e.id)),
        );
    }
    entries.extend(
        d.sessions
            .iter()
            .map(|s| crate::workshops::views::session_entry(ctx, s, true, false)),
    );
    entries.extend(crate::audit::views::timeline_entries(ctx, history));
    entries
}

/// "Add to a campaign": the campaigns that do not follow it yet.
fn campaign_form(ctx: &Ctx, id: i32, campaigns: &[(i32, String)]) -> Markup {
    let options = record_options(campaigns.iter().map(|(id, name)| (*id, name.as_str())));
    html! {
        details class="record-add-campaign" {
            summary role="button" class="secondary outline" { (ctx.t("record-add-to-campaign")) }
            form method="post" action={ "/organisations/" (id) "/campaigns" } {
                (csrf_field(ctx))
                (select(Field::new("campaign", ctx.t("record-campaign"), "").required(), &options, &FormErrors::default()))
                button type="submit" { (ctx.t("record-add")) }
            }
        }
    }
}

fn side_panel(ctx: &Ctx, d: &Details, sent: &LinkForm) -> Markup {
    let o = &d.organisation;
    let runners: Vec<String> = o
        .workshop_runners
        .as_ref()
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|r| r.as_str())
                .filter_map(|r| r.parse::<WorkshopRunner>().ok())
                .map(|r| ctx.t(&r.label_key()))
                .collect()
        })
        .unwrap_or_default();
    let tags = (!d.tags.is_empty()).then(|| {
        html! { @for (i, t) in d.tags.iter().enumerate() { @if i > 0 { ", " } a href=(url_with_query("/organisations", &[("tag", t.clone())])) { (t) } } }
    });
    let commune = o
        .commune
        .as_deref()
        .map(|c| html! { (c) @if let Some(pc) = &o.postcode { " (" (pc) ")" } });
    html! {
        section aria-labelledby="identity" {
            h2 id="identity" { (ctx.t("directory-identity")) }
            @if let Some(text) = &o.description { p { (text) } }
            dl class="facts" {
                (fact(ctx.t("directory-scope"), Some(html! { (ctx.t(&o.scope.label_key())) })))
                (fact(ctx.t("directory-commune"), commune))
                (fact(ctx.t("reach-commune-population"), o.commune_population.map(|n| html! { (ctx.t_args("reach-inhabitants", &[arg("count", n)])) })))
                (fact(ctx.t("filter-departement"), text(d.departement.as_deref())))
                (fact(ctx.t("filter-region"), text(d.region.as_deref())))
                (fact(ctx.t("directory-address"), text(o.address.as_deref())))
                (fact(ctx.t("directory-website"), link_to(o.website.as_deref())))
                (fact(ctx.t("directory-contact-form"), link_to(o.contact_form_url.as_deref())))
                (fact(ctx.t("field-email"), link_to(o.email.as_deref())))
                (fact(ctx.t("directory-phone"), text(o.phone.as_deref())))
                (fact(ctx.t("directory-tags"), tags))
            }
            @if let Some(text) = &o.governance_notes {
                p class="governance" { strong { (ctx.t("directory-governance")) } " " (text) }
            }
            @if let Some(end) = o.mandates_end_on {
                p class="governance" {
                    strong { (ctx.t("mandates-members-end-on")) } " "
                    (format::date(ctx.locale, end))
                    @if let Some(body) = &o.mandates_elected_by { " (" (body) ")" }
                }
            }
            (imported_details(ctx, o.extra.as_ref()))
            @if let (Some(lat), Some(lon)) = (o.latitude, o.longitude) {
                @if let Some(map) = super::map::position(ctx, lat, lon) { (map) }
            }
        }
        @if !d.outreach.is_empty() {
            section aria-labelledby="outreach" {
                h2 id="outreach" { (ctx.t("directory-outreach")) }
                ul class="record-list" {
                    @for s in &d.outreach {
                        li {
                            a href={ "/campaigns/" (s.status.campaign_id) "/board" } { (s.campaign) } " " (badge(ctx, s.status.stage))
                            br;
                            span class="muted" {
                                (ctx.t("outreach-priority")) " " (ctx.t(&s.status.priority.label_key()))
                                @if let Some(owner) = &s.owner { " · " (ctx.t("outreach-owner")) " " (owner) }
                                @if let Some(nb) = s.status.not_before { " · " (ctx.t("outreach-not-before")) " " (format::date(ctx.locale, nb)) }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="people" {
            h2 id="people" { (ctx.t("directory-people")) }
            @if d.members.is_empty() { (empty_state(ctx, "directory-no-people")) }
            ul class="record-list" {
                @for (m, p) in &d.members {
                    li {
                        a href={ "/people/" (p.id) } { (crate::people::display_name(ctx, p)) } " — " (m.role)
                        @if ctx.can_write() {
                            form method="post" action={ "/memberships/" (m.id) "/delete" } class="inline-form" {
                                (csrf_field(ctx))
                                input type="hidden" name="back" value={ "/organisations/" (o.id) };
                                button type="submit" class="secondary outline" { (ctx.t("membership-remove")) }
                            }
                        }
                    }
                }
            }
            @if ctx.can_write() { (member_form(ctx, o.id, sent)) }
        }
        @if !d.channels.is_empty() {
            section aria-labelledby="channels" {
                h2 id="channels" { (ctx.t("directory-channels")) }
                ul class="record-list" {
                    @for c in &d.channels {
                        li { strong { (ctx.t(&c.kind.label_key())) } " " @if c.address.is_some() { (link_or_text(&c.address)) " " } @if let Some(l) = &c.label { span class="muted" { (l) } } }
                    }
                }
            }
        }
        section aria-labelledby="family" {
            h2 id="family" { (ctx.t("directory-family")) }
            @if let Some(p) = &d.parent { p { (ctx.t("overview-parent")) " " a href={ "/organisations/" (p.id) } { (p.name) } } }
            @if !d.children.is_empty() {
                p { (ctx.t("directory-children")) }
                ul class="record-list" { @for c in &d.children { li { a href={ "/organisations/" (c.id) } { (c.name) } " · " (ctx.t(&c.kind.label_key())) } } }
            }
            @if !d.relations.is_empty() {
                ul class="record-list" {
                    @for link in &d.relations {
                        @let (rel, other) = (&link.relation, &link.other);
                        li {
                            @let key = if link.outgoing { rel.kind.label_key() } else { format!("{}-reverse", rel.kind.label_key()) };
                            (ctx.t(&key)) " " a href={ "/organisations/" (other.id) } { (other.name) }
                            @if let Some(note) = &rel.note { " · " span class="muted" { (note) } }
                            @if ctx.can_write() {
                                form method="post" action={ "/relations/" (rel.id) "/delete" } class="inline-form" {
                                    (csrf_field(ctx))
                                    input type="hidden" name="from" value=(o.id);
                                    button type="submit" class="secondary outline" { (ctx.t("relation-remove")) }
                                }
                            }
                        }
                    }
                }
            }
            @if d.parent.is_none() && d.children.is_empty() && d.relations.is_empty() { (empty_state(ctx, "directory-no-family")) }
            @if ctx.can_write() { (relation_form(ctx, o.id, sent)) }
        }
        @if o.workshops_offered.is_some() || !runners.is_empty() {
            section aria-labelledby="workshops" {
                h2 id="workshops" { (ctx.t("directory-workshops")) }
                @if let Some(w) = &o.workshops_offered { p { (w) } }
                @if !runners.is_empty() { p { (ctx.t("directory-workshops-run-by")) " " (runners.join(", ")) } }
            }
        }
    }
}

fn channel_rows(ctx: &Ctx, rows: &[ChannelRow], errors: &FormErrors) -> Markup {
    let mut rows = rows.to_vec();
    rows.push(ChannelRow {
        kind: ChannelKind::Website.as_str().into(),
        ..Default::default()
    });
    let kinds = vocabulary_options::<ChannelKind>(ctx);
    html! {
        fieldset {
            legend { (ctx.t("directory-channels")) }
            @for (i, row) in rows.iter().enumerate() {
                div class="grid" {
                    (select(Field::new(&format!("channel-{i}-kind"), ctx.t("directory-channel-kind"), &row.kind), &kinds, errors))
                    (input(Field::new(&format!("channel-{i}-address"), ctx.t("directory-channel-address"), &row.address), errors))
                    (input(Field::new(&format!("channel-{i}-label"), ctx.t("directory-channel-label"), &row.label), errors))
                }
            }
        }
    }
}

pub fn form(
    ctx: &Ctx,
    existing: Option<&organisation::Model>,
    f: &OrganisationForm,
    errors: &FormErrors,
    choices: &Choices,
    conflict: Option<&Details>,
) -> Markup {
    let title = match existing {
        Some(o) => format!("{} : {}", ctx.t("directory-edit"), o.name),
        None => ctx.t("directory-new"),
    };
    let action = existing
        .map(|o| format!("/organisations/{}", o.id))
        .unwrap_or_else(|| "/organisations".into());
    let body = html! {
        h1 { (title) }
        @if let Some(theirs) = conflict { (conflict_notice(ctx, conflict_summary(ctx, theirs))) }
        (error_summary(ctx, errors))
        form method="post" action=(action) {
            (csrf_field(ctx))
            input type="hidden" name="version" value=(f.version);
            div class="grid" {
                (input(Field::new("name", ctx.t("directory-name"), &f.name).required(), errors))
                (input(Field::new("acronym", ctx.t("directory-acronym"), &f.acronym), errors))
            }
            div class="grid" {
                (select(Field::new("kind", ctx.t("filter-kind"), &f.kind).required(), &vocabulary_options::<OrgKind>(ctx), errors))
                (select(Field::new("scope", ctx.t("directory-scope"), &f.scope).required(), &vocabulary_options::<Scope>(ctx), errors))
            }
            (picker(ctx, Pick::new("parent_id", ctx.t("directory-parent"), "/pick/organisations").value(&f.parent_id, &f.parent_id_name), errors))
            div class="grid" {
                (select(Field::new("region_code", ctx.t("filter-region"), &f.region_code), &with_none(ctx, choices.geography.region_options()), errors))
                (select(Field::new("departement_code", ctx.t("filter-departement"), &f.departement_code), &with_none(ctx, choices.geography.departement_options()), errors))
            }
            div class="grid" {
                (picker(ctx, Pick::new("commune_code", ctx.t("directory-commune"), "/pick/communes")
                    .value(f.commune_code.as_deref().unwrap_or_default(), &f.commune)
                    .hint(ctx.t("geo-commune-hint")), errors))
                (input(Field::new("postcode", ctx.t("directory-postcode"), &f.postcode), errors))
            }
            (input(Field::new("address", ctx.t("directory-address"), &f.address), errors))
            div class="grid" {
                (input(Field::new("latitude", ctx.t("directory-latitude"), &f.latitude), errors))
                (input(Field::new("longitude", ctx.t("directory-longitude"), &f.longitude), errors))
            }
            div class="grid" {
                (input(Field::new("website", ctx.t("directory-website"), &f.website).kind("url"), errors))
                (input(Field::new("contact_form_url", ctx.t("directory-contact-form"), &f.contact_form_url).kind("url"), errors))
            }
            div class="grid" {
                (input(Field::new("email", ctx.t("field-email"), &f.email).kind("email").hint(ctx.t("directory-email-hint")), errors))
                (input(Field::new("phone", ctx.t("directory-phone"), &f.phone).kind("tel"), errors))
            }
            (textarea(Field::new("description", ctx.t("directory-description"), &f.description), errors))
            (textarea(Field::new("governance_notes", ctx.t("directory-governance"), &f.governance_notes).hint(ctx.t("directory-governance-hint")), errors))
            div class="grid" {
                (input(Field::new("mandates_end_on", ctx.t("mandates-members-end-on"), f.mandates_end_on.as_deref().unwrap_or_default()).kind("date")
                    .hint(ctx.t("mandates-members-end-on-hint")), errors))
                (input(Field::new("mandates_elected_by", ctx.t("mandates-members-elected-by"), f.mandates_elected_by.as_deref().unwrap_or_default()), errors))
            }
            (textarea(Field::new("workshops_offered", ctx.t("directory-workshops"), &f.workshops_offered), errors))
            fieldset {
                legend { (ctx.t("directory-workshops-run-by")) }
                @for r in WorkshopRunner::ALL {
                    label { input type="checkbox" name="workshop_runner" value=(r.as_str()) checked[f.workshop_runners.iter().any(|x| x == r.as_str())]; (ctx.t(&r.label_key())) }
                }
                @if let Some(e) = errors.get("workshop_runners") { small class="field-error" { (e) } }
            }
            (input(Field::new("tags", ctx.t("directory-tags"), &f.tags).hint(ctx.t("directory-tags-hint")), errors))
            (channel_rows(ctx, &f.channels, errors))
            fieldset {
                legend { (ctx.t("reach-audience-legend")) }
                p class="muted" { (ctx.t("reach-audience-intro")) }
                div class="grid" {
                    (input(Field::new("audience_estimate", ctx.t("reach-audience-estimate"), f.audience_estimate.as_deref().unwrap_or_default()).hint(ctx.t("reach-audience-estimate-hint")), errors))
                    (input(Field::new("audience_source", ctx.t("reach-audience-source"), f.audience_source.as_deref().unwrap_or_default()).hint(ctx.t("reach-audience-source-hint")), errors))
                }
            }
            button type="submit" { (ctx.t("save")) }
        }
    };
    layout::page(ctx, &title, body)
}

fn conflict_summary(ctx: &Ctx, d: &Details) -> Markup {
    let o = &d.organisation;
    html! {
        dl {
            dt { (ctx.t("directory-name")) } dd { (o.name) }
            dt { (ctx.t("filter-kind")) } dd { (ctx.t(&o.kind.label_key())) }
            dt { (ctx.t("directory-commune")) } dd { (layout::or_dash(o.commune.as_deref())) }
            dt { (ctx.t("filter-departement")) } dd { (layout::or_dash(o.departement_code.as_deref())) }
            dt { (ctx.t("directory-website")) } dd { (layout::or_dash(o.website.as_deref())) }
            dt { (ctx.t("field-email")) } dd { (layout::or_dash(o.email.as_deref())) }
            dt { (ctx.t("directory-description")) } dd { (layout::or_dash(o.description.as_deref())) }
            dt { (ctx.t("directory-governance")) } dd { (layout::or_dash(o.governance_notes.as_deref())) }
            dt { (ctx.t("directory-tags")) } dd { (d.tags.join(", ")) }
        }
    }
}

pub fn delete_confirmation(
    ctx: &Ctx,
    o: &organisation::Model,
    (children, interactions, members): (u64, u64, u64),
) -> Markup {
    let title = format!("{} : {}", ctx.t("directory-delete"), o.name);
    let body = html! {
        article {
            h1 { (title) }
            p { (ctx.locale.t_args("directory-delete-warning", &[arg("interactions", interactions), arg("members", members)])) }
            form method="post" action={ "/organisations/" (o.id) "/delete" } data-confirm=(ctx.t("directory-delete-confirm")) {
                (csrf_field(ctx))
                @if children > 0 {
                    fieldset {
                        legend { (ctx.locale.t_args("directory-delete-children", &[arg("count", children)])) }
                        @for (value, key) in [("move_up", "directory-children-move-up"), ("detach", "directory-children-detach"), ("delete", "directory-children-delete")] {
                            label { input type="radio" name="children" value=(value) required; (ctx.t(key)) }
                        }
                    }
                }
                button type="submit" class="contrast" { (ctx.t("directory-delete")) }
                " " a href={ "/organisations/" (o.id) } { (ctx.t("cancel")) }
            }
            (PreEscaped(""))
        }
    };
    layout::page(ctx, &title, body)
}

/// One of the organisation page's small forms (a link, a role) sent back
/// after a refusal: what was typed and why, so nothing is lost.
#[derive(Debug, Default)]
pub struct LinkForm {
    /// `relation` or `member`; `None` for a page shown normally.
    pub which: Option<&'static str>,
    pub values: HashMap<String, String>,
    pub errors: FormErrors,
}

impl LinkForm {
    pub fn refused(
        which: &'static str,
        values: HashMap<String, String>,
        errors: FormErrors,
    ) -> Self {
        LinkForm {
            which: Some(which),
            values,
            errors,
        }
    }

    fn is(&self, which: &str) -> bool {
        self.which == Some(which)
    }

    /// What was typed in `name` of form `which` (empty for the other form).
    fn value(&self, which: &str, name: &str) -> &str {
        match self.is(which) {
            true => self
                .values
                .get(name)
                .map(String::as_str)
                .unwrap_or_default(),
            false => "",
        }
    }
}

/// "Relays to", "coordinated by"…: a link to another organisation, named
/// by its name or acronym.
fn relation_form(ctx: &Ctx, id: i32, sent: &LinkForm) -> Markup {
    let open = sent.is("relation");
    let none = FormErrors::default();
    let errors = if open { &sent.errors } else { &none };
    let value = |name| sent.value("relation", name);
    let mut kinds = Vec::new();
    for kind in RelationKind::ALL {
        let key = kind.label_key();
        kinds.push((format!("outgoing:{kind}"), ctx.t(&key)));
        kinds.push((format!("incoming:{kind}"), ctx.t(&format!("{key}-reverse"))));
    }
    html! {
        details open[open] {
            summary { (ctx.t("relation-add")) }
            form method="post" action={ "/organisations/" (id) "/relations" } {
                (csrf_field(ctx))
                (select(Field::new("link", ctx.t("relation-kind"), value("link")).required(), &kinds, errors))
                (input(Field::new("other", ctx.t("relation-other"), value("other")).required().hint(ctx.t("relation-other-hint")), errors))
                (input(Field::new("note", ctx.t("relation-note"), value("note")), errors))
                button type="submit" { (ctx.t("relation-add")) }
            }
        }
    }
}

/// A person of the directory takes a role in this organisation.
fn member_form(ctx: &Ctx, id: i32, sent: &LinkForm) -> Markup {
    let open = sent.is("member");
    let none = FormErrors::default();
    let errors = if open { &sent.errors } else { &none };
    let value = |name| sent.value("member", name);
    html! {
        details open[open] {
            summary { (ctx.t("membership-add-person")) }
            form method="post" action={ "/organisations/" (id) "/memberships" } {
                (csrf_field(ctx))
                input type="hidden" name="back" value={ "/organisations/" (id) };
                (picker(ctx, Pick::new("person_id", ctx.t("membership-person"), "/pick/people").value(value("person_id"), value("person_id_name")).required(), errors))
                (input(Field::new("role", ctx.t("membership-role"), value("role")).required().hint(ctx.t("membership-role-hint")), errors))
                div class="grid" {
                    (input(Field::new("started_on", ctx.t("campaign-starts-on"), value("started_on")).kind("date"), errors))
                    (input(Field::new("ended_on", ctx.t("campaign-ends-on"), value("ended_on")).kind("date"), errors))
                }
                (crate::people::form::mandate_inputs(ctx, value("mandate_ends_on"), value("elected_by"), errors))
                button type="submit" { (ctx.t("membership-add")) }
            }
        }
    }
}

/// What an import kept as it was (services, publics, opening hours…),
/// under the source's own column names; lists written `a|b` as lists.
fn imported_details(ctx: &Ctx, extra: Option<&serde_json::Value>) -> Markup {
    let Some(serde_json::Value::Object(map)) = extra else {
        return html! {};
    };
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    html! {
        @if !map.is_empty() {
            details class="imported" {
                summary { (ctx.t("directory-imported-details")) }
                dl {
                    @for (key, value) in map {
                        dt { (key.replace('_', " ")) }
                        @let value = text(value);
                        dd {
                            @if value.contains('|') {
                                ul { @for item in value.split('|') { li { (item) } } }
                            } @else { (value) }
                        }
                    }
                }
            }
        }
    }
}

/// What the map colours the départements by (`by=` in its address).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MapBy {
    /// The organisations the filter matches.
    #[default]
    Organisations,
    /// The filter's organisations a campaign follows, stage by stage.
    Stages,
    /// The events to come (the agenda's year from today).
    Events,
}

impl MapBy {
    pub const ALL: [MapBy; 3] = [MapBy::Organisations, MapBy::Stages, MapBy::Events];

    pub fn as_str(self) -> &'static str {
        match self {
            MapBy::Organisations => "organisations",
            MapBy::Stages => "stages",
            MapBy::Events => "events",
        }
    }

    pub fn parse(s: &str) -> MapBy {
        MapBy::ALL
            .into_iter()
            .find(|b| b.as_str() == s.trim())
            .unwrap_or_default()
    }
}

/// The map's figures, by what it is coloured by.
#[derive(Debug, Clone)]
pub enum MapFigures {
    Organisations(Vec<(String, u64)>),
    /// The campaign (none when there is no campaign at all) and its
    /// organisations by département and stage.
    Stages(Option<i32>, Vec<(String, Stage, u64)>),
    Events(Vec<(String, u64)>),
}

impl MapFigures {
    fn by(&self) -> MapBy {
        match self {
            MapFigures::Organisations(_) => MapBy::Organisations,
            MapFigures::Stages(..) => MapBy::Stages,
            MapFigures::Events(_) => MapBy::Events,
        }
    }

    /// The figure of each département.
    fn totals(&self) -> HashMap<String, u64> {
        let mut totals: HashMap<String, u64> = HashMap::new();
        match self {
            MapFigures::Organisations(counts) | MapFigures::Events(counts) => {
                for (code, n) in counts {
                    *totals.entry(code.clone()).or_default() += n;
                }
            }
            MapFigures::Stages(_, counts) => {
                for (code, _, n) in counts {
                    *totals.entry(code.clone()).or_default() += n;
                }
            }
        }
        totals
    }
}

/// "Colorer selon": organisations, a campaign's stages, events to come.
fn map_by_choice(ctx: &Ctx, by: MapBy) -> Markup {
    html! {
        fieldset class="map-by" {
            legend { (ctx.t("map-by")) }
            @for choice in MapBy::ALL {
                @let id = format!("map-by-{}", choice.as_str());
                label for=(id) {
                    input type="radio" id=(id) name="by" value=(choice.as_str()) checked[choice == by];
                    (ctx.t(&format!("map-by-{}", choice.as_str())))
                }
            }
            small class="muted" { (ctx.t("map-by-hint")) }
        }
    }
}

/// The directory's filter as a map of France, with the same figures as a
/// table beside it; each département links to the filtered list (the
/// agenda for events to come).
pub fn map_page(ctx: &Ctx, filter: &ListFilter, figures: &MapFigures, choices: &Choices) -> Markup {
    let title = ctx.t("map-page-title");
    let by = figures.by();
    let pairs = filter_pairs(filter);
    let active = pairs
        .iter()
        .filter(|(key, value)| *key != "sort" && !value.is_empty())
        .count();
    let names: HashMap<String, String> = choices
        .geography
        .departements
        .iter()
        .map(|d| (d.code.clone(), d.name.clone()))
        .collect();
    let by_code = figures.totals();
    // The list of a département (and of a stage of it).
    let list_link = |code: &str, stage: Option<Stage>| {
        let mut pairs: Vec<(&str, String)> = pairs
            .iter()
            .filter(|(key, _)| *key != "departement" && (stage.is_none() || *key != "stage"))
            .cloned()
            .collect();
        if let Some(stage) = stage {
            pairs.push(("stage", stage.as_str().to_owned()));
        }
        pairs.push(("departement", code.to_owned()));
        url_with_query("/organisations", &pairs)
    };
    // Events: the agenda of the département, in the filter's région.
    let agenda_link = |code: &str| {
        url_with_query(
            "/agenda",
            &[
                ("region", filter.region.clone().unwrap_or_default()),
                ("departement", code.to_owned()),
            ],
        )
    };
    let link = |code: &str| match by {
        MapBy::Events => agenda_link(code),
        _ => list_link(code, None),
    };
    let board_link = |campaign: i32, code: &str| {
        url_with_query(
            &format!("/campaigns/{campaign}/board"),
            &[
                (
                    "kind",
                    filter
                        .kind
                        .map(|k| k.as_str().to_owned())
                        .unwrap_or_default(),
                ),
                ("region", filter.region.clone().unwrap_or_default()),
                ("departement", code.to_owned()),
            ],
        )
    };
    let mut rows: Vec<(&String, u64)> = by_code
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(code, n)| (code, *n))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let total: u64 = by_code.values().sum();
    let count_key = if by == MapBy::Events {
        "map-events-count"
    } else {
        "map-count"
    };
    let dep_name = |code: &str| -> String {
        names
            .get(code)
            .map_or_else(|| code.to_owned(), |name| format!("{name} ({code})"))
    };
    let campaign_name = |id: i32| {
        choices
            .campaigns
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, name)| name.clone())
    };
    let body = html! {
        div class="page-head" {
            h1 { (title) }
            p class="actions page-head-end" {
                a href=(url_with_query("/organisations", &pairs)) { (ctx.t("map-list-link")) }
                @if let MapFigures::Stages(Some(campaign), _) = figures {
                    " · " a href={ "/campaigns/" (campaign) "/board" } { (ctx.t("map-board-link")) }
                }
                @if by == MapBy::Events {
                    " · " a href=(url_with_query("/agenda", &[("region", filter.region.clone().unwrap_or_default())])) { (ctx.t("map-agenda-link")) }
                }
            }
        }
        (filters(ctx, active, filter_form(ctx, filter, choices, "/organisations/map", Some(map_by_choice(ctx, by)))))
        @match figures {
            MapFigures::Stages(None, _) => p class="muted" { (ctx.t("map-no-campaign")) },
            MapFigures::Stages(Some(campaign), _) => p role="status" class="list-count" {
                @if let Some(name) = campaign_name(*campaign) { strong { (name) } " · " }
                (ctx.locale.t_args("overview-count", &[arg("count", total)]))
            },
            MapFigures::Events(_) => {
                p role="status" class="list-count" { (ctx.locale.t_args("map-events-count", &[arg("count", total)])) }
                p class="muted" { small { (ctx.t("map-events-scope")) } }
            },
            MapFigures::Organisations(_) => p role="status" class="list-count" { (ctx.locale.t_args("overview-count", &[arg("count", total)])) },
        }
        div class={ "map-layout" @if by == MapBy::Stages { " map-layout-wide" } } {
            (super::map::france(ctx, &by_code, &names, count_key, link))
            div class="table-scroll map-table" {
                table class="striped dense" {
                    @match figures {
                        MapFigures::Organisations(_) | MapFigures::Events(_) => {
                            caption { (ctx.t(if by == MapBy::Events { "map-events-caption" } else { "map-table-caption" })) }
                            thead { tr {
                                th scope="col" { (ctx.t("filter-departement")) }
                                th scope="col" { (ctx.t(if by == MapBy::Events { "map-events" } else { "map-organisations" })) }
                            } }
                            tbody {
                                @for (code, count) in &rows {
                                    tr {
                                        th scope="row" { a href=(link(code)) { (dep_name(code)) } }
                                        td class="num" { (count) }
                                    }
                                }
                            }
                        },
                        MapFigures::Stages(campaign, counts) => {
                            @let at: HashMap<(&str, Stage), u64> = counts.iter().map(|(code, stage, n)| ((code.as_str(), *stage), *n)).collect();
                            caption { (ctx.t("map-stages-caption")) }
                            thead { tr {
                                th scope="col" { (ctx.t("filter-departement")) }
                                @for stage in Stage::ALL { th scope="col" data-stage=(stage.as_str()) { (ctx.t(&stage.label_key())) } }
                                th scope="col" { (ctx.t("map-total")) }
                            } }
                            tbody {
                                @for (code, count) in &rows {
                                    tr {
                                        th scope="row" {
                                            a href=(link(code)) { (dep_name(code)) }
                                            @if let Some(campaign) = campaign {
                                                br; small { a href=(board_link(*campaign, code)) { (ctx.t("map-board-link")) } }
                                            }
                                        }
                                        @for stage in Stage::ALL {
                                            @let n = at.get(&(code.as_str(), *stage)).copied().unwrap_or(0);
                                            td class="num" data-stage=(stage.as_str()) {
                                                @if n > 0 { a href=(list_link(code, Some(*stage))) { (n) } } @else { span class="muted" { "0" } }
                                            }
                                        }
                                        td class="num total" { (count) }
                                    }
                                }
                            }
                        },
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}
