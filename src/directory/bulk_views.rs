//! Pages of bulk actions: the bar on the directory list, the page that
//! counts the records and asks for the action's details, and the report.
//! Views never query the database.

use chrono::{DateTime, SecondsFormat, Utc};
use maud::{Markup, html};

use super::bulk::Report;
use crate::entities::*;
use crate::web::components::{vocabulary_options, with_none};
use crate::web::forms::{Field, FormErrors, csrf_field, error_summary, input, select};
use crate::web::i18n::arg;
use crate::web::{Ctx, layout};

/// How many names the confirmation page lists before "and N more".
const NAMED: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    AddTags,
    RemoveTags,
    AddToCampaign,
    MoveStage,
    SetOwner,
    SetNotBefore,
}

impl ActionKind {
    pub const ALL: [ActionKind; 6] = [
        ActionKind::AddTags,
        ActionKind::RemoveTags,
        ActionKind::AddToCampaign,
        ActionKind::MoveStage,
        ActionKind::SetOwner,
        ActionKind::SetNotBefore,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::AddTags => "add_tags",
            ActionKind::RemoveTags => "remove_tags",
            ActionKind::AddToCampaign => "add_to_campaign",
            ActionKind::MoveStage => "move_stage",
            ActionKind::SetOwner => "set_owner",
            ActionKind::SetNotBefore => "set_not_before",
        }
    }

    pub fn parse(text: &str) -> Option<ActionKind> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }

    fn label_key(self) -> String {
        format!("bulk-action-{}", self.as_str().replace('_', "-"))
    }
}

/// What the details' fields choose from.
pub struct Choices {
    pub campaigns: Vec<(i32, String)>,
    pub volunteers: Vec<(i32, String)>,
}

/// The bar above the directory list: the action, and whether it applies
/// to the ticked rows or to everything the filter matches. It belongs to
/// the form `bulk` (the rows' check boxes name it too).
pub fn bar(ctx: &Ctx, total: u64, filter_pairs: &[(&'static str, String)]) -> Markup {
    let options: Vec<(String, String)> = ActionKind::ALL
        .iter()
        .map(|a| (a.as_str().to_owned(), ctx.t(&a.label_key())))
        .collect();
    html! {
        form id="bulk" method="get" action="/organisations/bulk" class="bulk-bar" {
            @for (key, value) in filter_pairs {
                @if !value.is_empty() { input type="hidden" name=(key) value=(value); }
            }
            (select(Field::new("action", ctx.t("bulk-action"), ""), &with_none(ctx, options), &FormErrors::default()))
            fieldset class="bulk-scope" {
                legend class="visually-hidden" { (ctx.t("bulk-scope")) }
                label { input type="radio" name="scope" value="selection" checked; (ctx.t("bulk-scope-selection")) }
                label { input type="radio" name="scope" value="filter"; (ctx.locale.t_args("bulk-scope-filter", &[arg("count", total)])) }
            }
            button type="submit" class="small secondary" { (ctx.t("bulk-continue")) }
            button type="submit" class="small secondary outline" formaction="/organisations/bulk/export" formnovalidate { (ctx.t("bulk-export")) }
        }
    }
}

/// The check box of one row of the list (in the form `bulk`).
pub fn row_checkbox(ctx: &Ctx, id: i32, name: &str) -> Markup {
    html! {
        input type="checkbox" name="id" value=(id) form="bulk"
            aria-label=(ctx.locale.t_args("bulk-select-one", &[arg("name", name.to_owned())]));
    }
}

pub struct Confirm<'a> {
    pub action: ActionKind,
    /// The fields that say which records (`scope`, `id`s, the filter).
    pub scope: Vec<(String, String)>,
    pub targets: &'a [(i32, String)],
    pub as_of: DateTime<Utc>,
    /// What was sent, when the details come back refused.
    pub values: &'a [(String, String)],
    pub choices: &'a Choices,
}

pub fn confirm(ctx: &Ctx, c: &Confirm<'_>, errors: &FormErrors) -> Markup {
    let title = ctx.t(&c.action.label_key());
    let sent = |name: &str| {
        c.values
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let campaigns: Vec<(String, String)> = c
        .choices
        .campaigns
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let count = c.targets.len();
    let body = html! {
        h1 { (title) }
        (error_summary(ctx, errors))
        p role="status" { strong { (ctx.locale.t_args("bulk-count", &[arg("count", count)])) } }
        @if count > 0 {
            details {
                summary { (ctx.t("bulk-which")) }
                ul {
                    @for (id, name) in c.targets.iter().take(NAMED) {
                        li { a href={ "/organisations/" (id) } { (name) } }
                    }
                    @if count > NAMED { li { (ctx.locale.t_args("bulk-and-more", &[arg("count", count - NAMED)])) } }
                }
            }
            form method="post" action="/organisations/bulk" {
                (csrf_field(ctx))
                input type="hidden" name="action" value=(c.action.as_str());
                input type="hidden" name="as_of" value=(c.as_of.to_rfc3339_opts(SecondsFormat::Micros, true));
                @for (key, value) in &c.scope {
                    input type="hidden" name=(key) value=(value);
                }
                @match c.action {
                    ActionKind::AddTags | ActionKind::RemoveTags => {
                        (input(Field::new("tags", ctx.t("directory-tags"), sent("tags")).required().hint(ctx.t("directory-tags-hint")), errors))
                    }
                    _ => {
                        (select(Field::new("campaign", ctx.t("bulk-campaign"), sent("campaign")).required(), &campaigns, errors))
                    }
                }
                @match c.action {
                    ActionKind::AddToCampaign | ActionKind::MoveStage => {
                        (select(Field::new("stage", ctx.t("outreach-stage"), sent("stage")).required(), &vocabulary_options::<Stage>(ctx), errors))
                    }
                    ActionKind::SetOwner => {
                        @let volunteers: Vec<(String, String)> = c.choices.volunteers.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
                        (select(Field::new("owner", ctx.t("outreach-owner"), sent("owner")), &with_none(ctx, volunteers), errors))
                    }
                    ActionKind::SetNotBefore => {
                        (input(Field::new("not_before", ctx.t("bulk-not-before"), sent("not_before")).kind("date").hint(ctx.t("bulk-not-before-hint")), errors))
                    }
                    _ => {}
                }
                button type="submit" { (ctx.locale.t_args("bulk-apply", &[arg("count", count)])) }
                " " a href="/organisations" { (ctx.t("cancel")) }
            }
        } @else {
            p { a href="/organisations" { (ctx.t("directory-list-link")) } }
        }
    };
    layout::page(ctx, &title, body)
}

pub fn result(ctx: &Ctx, action: ActionKind, report: &Report) -> Markup {
    let title = ctx.t(&action.label_key());
    let body = html! {
        h1 { (title) }
        p role="status" { (ctx.locale.t_args("bulk-done", &[arg("count", report.done)])) }
        @if !report.refused.is_empty() {
            h2 { (ctx.locale.t_args("bulk-refused", &[arg("count", report.refused.len())])) }
            div class="table-scroll" {
                table class="striped dense" {
                    thead { tr { th scope="col" { (ctx.t("directory-name")) } th scope="col" { (ctx.t("bulk-why")) } } }
                    tbody {
                        @for (id, name, why) in &report.refused {
                            tr {
                                td { a href={ "/organisations/" (id) } { (name) } }
                                td { (ctx.t(why.label_key())) }
                            }
                        }
                    }
                }
            }
        }
        p { a href="/organisations" { (ctx.t("directory-list-link")) } }
    };
    layout::page(ctx, &title, body)
}
