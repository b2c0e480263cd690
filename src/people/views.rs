//! Privacy pages.

use std::collections::HashMap;

use maud::{Markup, html};

use super::form::MembershipForm;
use crate::entities::{LawfulBasis, person};
use crate::web::columns::{Columns, ListColumns};
use crate::web::components::{
    Pick, conflict_notice, empty_state, pagination, picker, table_head, url_with_query,
    vocabulary_options,
};
use crate::web::forms::{Field, FormErrors, csrf_field, error_summary, input, select, textarea};
use crate::web::i18n::arg;
use crate::web::record::{fact, text};
use crate::web::timeline::{TimelineEntry, TimelineKind, timeline};
use crate::web::{Ctx, format, layout};

/// How a person is named on pages: erased people stay counted, unnamed.
pub fn display_name(ctx: &Ctx, person: &person::Model) -> String {
    if person.erased_at.is_some() {
        ctx.t("person-erased")
    } else {
        person.full_name.clone()
    }
}

fn confirmation(ctx: &Ctx, person: &person::Model, error: bool) -> Markup {
    let title = ctx.t("erase-title");
    let mut errors = FormErrors::default();
    if error {
        errors.add("confirm", ctx.t("erase-confirm-missing"));
    }
    let body = html! {
        article {
            h1 { (title) " : " (person.full_name) }
            p { (ctx.t("erase-explanation")) }
            ul {
                li { (ctx.t("erase-what-row")) }
                li { (ctx.t("erase-what-memberships")) }
                li { (ctx.t("erase-what-mentions")) }
                li { (ctx.t("erase-what-search")) }
            }
            p { strong { (ctx.t("erase-irreversible")) } " "
                a href={ "/people/" (person.id) "/export" } { (ctx.t("erase-export-first")) } }
            (error_summary(ctx, &errors))
            form method="post" action={ "/people/" (person.id) "/erase" } {
                (csrf_field(ctx))
                (input(Field::new("confirm", ctx.t("erase-confirm-label"), "").required(), &errors))
                button type="submit" class="contrast" { (ctx.t("erase-submit")) }
            }
        }
    };
    layout::page(ctx, &title, body)
}

pub fn erase_confirmation(ctx: &Ctx, person: &person::Model) -> Markup {
    confirmation(ctx, person, false)
}

pub fn erase_confirmation_with_error(ctx: &Ctx, person: &person::Model) -> Markup {
    confirmation(ctx, person, true)
}

pub fn erased(ctx: &Ctx) -> Markup {
    let title = ctx.t("erase-done-title");
    layout::page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p role="status" { (ctx.t("erase-done")) }
            p { a href="/people/review" { (ctx.t("review-title")) } }
        },
    )
}

pub fn review(ctx: &Ctx, months: u32, people: &[person::Model]) -> Markup {
    let title = ctx.t("review-title");
    let body = html! {
        h1 { (title) }
        p { (ctx.locale.t_args("review-intro", &[arg("months", months)])) }
        form method="get" action="/people/review" class="inline-form" {
            label for="review-months" { (ctx.t("review-months")) }
            input type="number" id="review-months" name="months" min="1" max="240" value=(months);
            button type="submit" { (ctx.t("filter-apply")) }
        }
        @if people.is_empty() {
            (empty_state(ctx, "review-empty"))
        } @else {
            div class="overflow-auto" {
                table class="striped" {
                    (table_head(ctx, &["person-name", "person-lawful-basis", "review-last-change", "review-actions"]))
                    tbody {
                        @for p in people {
                            tr {
                                td { a href={ "/people/" (p.id) } { (display_name(ctx, p)) } }
                                td { (ctx.t(&p.lawful_basis.label_key())) }
                                td { (format::date(ctx.locale, p.updated_at.date_naive())) }
                                td {
                                    a href={ "/people/" (p.id) "/export" } { (ctx.t("person-export")) }
                                    @if ctx.is_admin() {
                                        " · " a href={ "/people/" (p.id) "/erase" } { (ctx.t("person-erase")) }
                                    }
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

pub fn settings(ctx: &Ctx, review_months: &str, errors: &FormErrors, saved: bool) -> Markup {
    let title = ctx.t("settings-title");
    let body = html! {
        h1 { (title) }
        @if saved { p role="status" class="flash" { (ctx.t("settings-saved")) } }
        (error_summary(ctx, errors))
        form method="post" action="/admin/settings" {
            (csrf_field(ctx))
            (input(Field::new("review_months", ctx.t("settings-review-months"), review_months).kind("number").required().hint(ctx.t("settings-review-months-hint")), errors))
            button type="submit" { (ctx.t("save")) }
        }
    };
    layout::page(ctx, &title, body)
}

/// An optional column of the people list (the name is always shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonColumn {
    Email,
    Phone,
    Organisations,
    LawfulBasis,
    Source,
    UpdatedAt,
}

impl ListColumns for PersonColumn {
    const ALL: &'static [PersonColumn] = &[
        PersonColumn::Email,
        PersonColumn::Phone,
        PersonColumn::Organisations,
        PersonColumn::LawfulBasis,
        PersonColumn::Source,
        PersonColumn::UpdatedAt,
    ];

    const DEFAULT: &'static [PersonColumn] = &[PersonColumn::Email, PersonColumn::LawfulBasis];

    fn as_str(self) -> &'static str {
        match self {
            PersonColumn::Email => "email",
            PersonColumn::Phone => "phone",
            PersonColumn::Organisations => "organisations",
            PersonColumn::LawfulBasis => "lawful_basis",
            PersonColumn::Source => "source",
            PersonColumn::UpdatedAt => "updated_at",
        }
    }

    fn label_key(self) -> &'static str {
        match self {
            PersonColumn::Email => "field-email",
            PersonColumn::Phone => "directory-phone",
            PersonColumn::Organisations => "person-column-organisations",
            PersonColumn::LawfulBasis => "person-lawful-basis",
            PersonColumn::Source => "person-column-source",
            PersonColumn::UpdatedAt => "person-column-updated",
        }
    }
}

pub type PersonColumns = Columns<PersonColumn>;

/// The people list: its search, its columns, one page of people and the
/// current roles of those listed (when that column is shown).
pub struct PeopleList<'a> {
    pub query: &'a str,
    pub columns: &'a PersonColumns,
    pub people: &'a [person::Model],
    pub roles: &'a HashMap<i32, Vec<(i32, String, String)>>,
    pub total: u64,
    pub page: u64,
}

pub fn list(ctx: &Ctx, l: &PeopleList<'_>) -> Markup {
    let title = ctx.t("people-title");
    let (query, people, total, page) = (l.query, l.people, l.total, l.page);
    let cols = l.columns.param();
    let page_url = |page: u64| {
        url_with_query(
            "/people",
            &[
                ("q", query.to_owned()),
                ("cols", cols.clone()),
                ("page", page.to_string()),
            ],
        )
    };
    let no_roles = Vec::new();
    let body = html! {
        div class="page-head" {
            h1 { (title) }
            @if ctx.can_write() {
                a href="/people/new" role="button" { (ctx.t("people-new")) }
                a href="/people/duplicates" { (ctx.t("person-duplicates-title")) }
                a href="/people/review" { (ctx.t("review-title")) }
                a href="/imports" { (ctx.t("import-title")) }
            }
        }
        form method="get" action="/people" role="search" class="list-search" {
            (input(Field::new("q", ctx.t("people-search"), query).kind("search"), &FormErrors::default()))
            (l.columns.chooser(ctx))
            button type="submit" class="small secondary" { (ctx.t("people-search-submit")) }
        }
        p role="status" class="list-count" { (ctx.locale.t_args("people-count", &[arg("count", total)])) }
        div class="table-scroll" {
            table class="striped dense" data-columns=(l.columns.shown().iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" ")) {
                thead {
                    tr {
                        th scope="col" { (ctx.t("person-name")) }
                        @for column in l.columns.shown() {
                            th scope="col" data-column=(column.as_str()) { (ctx.t(column.label_key())) }
                        }
                    }
                }
                tbody {
                    @for p in people {
                        tr {
                            td {
                                a href={ "/people/" (p.id) } { (p.full_name) }
                                @if p.do_not_contact { " " mark class="badge" { (ctx.t("person-do-not-contact")) } }
                            }
                            @for column in l.columns.shown() {
                                td {
                                    @match column {
                                        PersonColumn::Email => (layout::or_dash(p.email.as_deref())),
                                        PersonColumn::Phone => (layout::or_dash(p.phone.as_deref())),
                                        PersonColumn::Organisations => {
                                            @let roles = l.roles.get(&p.id).unwrap_or(&no_roles);
                                            @if roles.is_empty() { (layout::or_dash(None)) }
                                            @for (i, (id, role, name)) in roles.iter().enumerate() {
                                                @if i > 0 { br; }
                                                a href={ "/organisations/" (id) } { (name) } " · " (role)
                                            }
                                        },
                                        PersonColumn::LawfulBasis => (ctx.t(&p.lawful_basis.label_key())),
                                        PersonColumn::Source => (layout::or_dash(p.source.as_deref())),
                                        PersonColumn::UpdatedAt => (format::date(ctx.locale, p.updated_at.date_naive())),
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        (pagination(ctx, page, total.div_ceil(super::store::PAGE_SIZE), page_url))
    };
    layout::page(ctx, &title, body)
}

/// The person page: a header (name, roles, next follow-up, the main
/// actions), the timeline of contacts, sessions and edits in the centre,
/// and a side panel with the facts that have a value and the roles.
#[allow(clippy::too_many_arguments)]
pub fn show(
    ctx: &Ctx,
    p: &person::Model,
    memberships: &[(
        crate::entities::membership::Model,
        crate::entities::organisation::Model,
    )],
    interactions: &[crate::entities::interaction::Model],
    history: &[crate::audit::store::AuditLine],
    sent: Option<(&MembershipForm, &FormErrors)>,
    sessions: &[crate::workshops::store::SessionLine],
    show: Option<TimelineKind>,
) -> Markup {
    let name = display_name(ctx, p);
    let path = format!("/people/{}", p.id);
    let blank = (MembershipForm::default(), FormErrors::default());
    let (role_form, role_errors) = sent.unwrap_or((&blank.0, &blank.1));
    let today = crate::clock::today();
    let current: Vec<_> = memberships
        .iter()
        .filter(|(m, _)| m.ended_on.is_none_or(|e| e >= today))
        .collect();
    let next_follow_up = interactions
        .iter()
        .filter(|i| !i.follow_up_done)
        .filter_map(|i| i.follow_up_on)
        .min();
    let mut entries: Vec<TimelineEntry> = interactions
        .iter()
        .map(|i| crate::interactions::timeline_entry(ctx, i, None))
        .collect();
    entries.extend(
        sessions
            .iter()
            .map(|s| crate::workshops::views::session_entry(ctx, s, true, true)),
    );
    entries.extend(crate::audit::views::timeline_entries(ctx, history));
    let contact = |value: Option<&str>, scheme: &str| {
        text(value).map(|_| {
            let v = value.unwrap_or_default();
            html! { a href={ (scheme) (v) } { (v) } }
        })
    };
    let body = html! {
        div class="record" {
            header class="record-head" {
                h1 { (name) }
                @if p.do_not_contact || !current.is_empty() {
                    ul class="record-badges" aria-label=(ctx.t("record-status")) {
                        @if p.do_not_contact { li { mark class="badge" data-value="do_not_contact" { (ctx.t("person-do-not-contact")) } } }
                        @for (m, o) in &current {
                            li class="record-stage" { (m.role) " — " a href={ "/organisations/" (o.id) } { (o.name) } }
                        }
                    }
                }
                @if let Some(f) = next_follow_up {
                    dl class="record-meta" {
                        (fact(ctx.t("outreach-next-follow-up"), Some(html! { time datetime=(f.to_string()) { (format::date(ctx.locale, f)) } })))
                    }
                }
                @if ctx.can_write() && p.erased_at.is_none() {
                    div class="record-actions" {
                        a href={ "/interactions/new?person=" (p.id) } role="button" { (ctx.t("directory-log-interaction")) }
                        a href={ (path) "/edit" } role="button" class="secondary" { (ctx.t("directory-edit")) }
                        a href={ (path) "/export" } role="button" class="secondary outline" { (ctx.t("person-export")) }
                        a href={ (path) "/merge" } role="button" class="secondary outline" { (ctx.t("directory-merge")) }
                        @if ctx.is_admin() { a href={ (path) "/erase" } role="button" class="secondary outline" { (ctx.t("person-erase")) } }
                    }
                }
            }
            div class="record-main" {
                (timeline(ctx, &path, entries, show))
            }
            aside class="record-side" aria-label=(ctx.t("record-side")) {
                section aria-labelledby="person-facts" {
                    h2 id="person-facts" { (ctx.t("directory-identity")) }
                    @if let Some(notes) = &p.notes { p { (notes) } }
                    dl class="facts" {
                        (fact(ctx.t("field-email"), contact(p.email.as_deref(), "mailto:")))
                        (fact(ctx.t("directory-phone"), contact(p.phone.as_deref(), "tel:")))
                        (fact(ctx.t("person-lawful-basis"), Some(html! {
                            (ctx.t(&p.lawful_basis.label_key()))
                            @if let Some(d) = p.lawful_basis_on { " · " (format::date(ctx.locale, d)) }
                        })))
                        (fact(ctx.t("person-source"), text(p.source.as_deref())))
                    }
                }
                section aria-labelledby="roles" {
                    h2 id="roles" { (ctx.t("person-roles")) }
                    @if memberships.is_empty() { (empty_state(ctx, "person-no-roles")) }
                    ul class="record-list" {
                        @for (m, o) in memberships {
                            li {
                                (m.role) " — " a href={ "/organisations/" (o.id) } { (o.name) }
                                @if let Some(s) = m.started_on { " · " (format::date(ctx.locale, s)) }
                                @if let Some(e) = m.ended_on { " → " (format::date(ctx.locale, e)) }
                                @if let Some(end) = m.mandate_ends_on {
                                    " · " span class="muted" {
                                        (ctx.locale.t_args(if end <= today { "mandates-ended" } else { "mandates-until" },
                                            &[crate::web::i18n::arg("date", format::date(ctx.locale, end))]))
                                        @if let Some(body) = &m.elected_by { " (" (body) ")" }
                                    }
                                }
                                @if ctx.can_write() {
                                    form method="post" action={ "/memberships/" (m.id) "/delete" } class="inline-form" {
                                        (csrf_field(ctx))
                                        input type="hidden" name="back" value=(path);
                                        button type="submit" class="secondary outline" { (ctx.t("membership-remove")) }
                                    }
                                }
                            }
                        }
                    }
                    @if ctx.can_write() && p.erased_at.is_none() {
                        details open[sent.is_some()] {
                            summary { (ctx.t("membership-add")) }
                            form method="post" action={ (path) "/memberships" } {
                                (csrf_field(ctx))
                                (error_summary(ctx, role_errors))
                                (picker(ctx, Pick::new("organisation_id", ctx.t("membership-organisation"), "/pick/organisations").value(&role_form.organisation_id, &role_form.organisation_id_name).required(), role_errors))
                                (input(Field::new("role", ctx.t("membership-role"), &role_form.role).required().hint(ctx.t("membership-role-hint")), role_errors))
                                div class="grid" {
                                    (input(Field::new("started_on", ctx.t("campaign-starts-on"), &role_form.started_on).kind("date"), role_errors))
                                    (input(Field::new("ended_on", ctx.t("campaign-ends-on"), &role_form.ended_on).kind("date"), role_errors))
                                }
                                (crate::people::form::mandate_inputs(ctx, &role_form.mandate_ends_on, &role_form.elected_by, role_errors))
                                button type="submit" { (ctx.t("membership-add")) }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, &name, body)
}

pub fn form(
    ctx: &Ctx,
    existing: Option<&person::Model>,
    f: &super::form::PersonForm,
    errors: &FormErrors,
    conflict: Option<&person::Model>,
) -> Markup {
    let title = match existing {
        Some(p) => format!("{} : {}", ctx.t("directory-edit"), p.full_name),
        None => ctx.t("people-new"),
    };
    let action = existing
        .map(|p| format!("/people/{}", p.id))
        .unwrap_or_else(|| "/people".into());
    let bases = vocabulary_options::<LawfulBasis>(ctx);
    let body = html! {
        h1 { (title) }
        @if let Some(theirs) = conflict {
            (conflict_notice(ctx, html! {
                dl {
                    dt { (ctx.t("person-name")) } dd { (theirs.full_name) }
                    dt { (ctx.t("field-email")) } dd { (layout::or_dash(theirs.email.as_deref())) }
                    dt { (ctx.t("directory-phone")) } dd { (layout::or_dash(theirs.phone.as_deref())) }
                    dt { (ctx.t("person-notes")) } dd { (layout::or_dash(theirs.notes.as_deref())) }
                }
            }))
        }
        (error_summary(ctx, errors))
        p class="muted" { (ctx.t("person-least-data")) }
        form method="post" action=(action) {
            (csrf_field(ctx))
            input type="hidden" name="version" value=(f.version);
            (input(Field::new("full_name", ctx.t("person-name"), &f.full_name).required(), errors))
            div class="grid" {
                (input(Field::new("email", ctx.t("field-email"), &f.email).kind("email"), errors))
                (input(Field::new("phone", ctx.t("directory-phone"), &f.phone).kind("tel"), errors))
            }
            div class="grid" {
                (select(Field::new("lawful_basis", ctx.t("person-lawful-basis"), &f.lawful_basis).required(), &bases, errors))
                (input(Field::new("lawful_basis_on", ctx.t("person-lawful-basis-on"), &f.lawful_basis_on).kind("date"), errors))
            }
            (input(Field::new("source", ctx.t("person-source"), &f.source).required().hint(ctx.t("person-source-hint")), errors))
            (textarea(Field::new("notes", ctx.t("person-notes"), &f.notes), errors))
            label { input type="checkbox" name="do_not_contact" value="on" checked[f.do_not_contact.is_some()]; (ctx.t("person-do-not-contact-label")) }
            button type="submit" { (ctx.t("save")) }
        }
    };
    layout::page(ctx, &title, body)
}
