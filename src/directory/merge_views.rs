//! Pages of merging: the list of probable duplicates, the choice of the
//! record to merge with, and the side-by-side comparison where the value
//! to keep is picked field by field. Views never query the database.
//! The pages are the same for people ([`crate::people`]): each kind gives
//! its [`Labels`].

use maud::{Markup, html};

use serde_json::Value;

use super::duplicates::Pair;
use super::merge::{Attached, FieldPair};
use crate::audit::views::value_text;
use crate::entities::*;
use crate::web::components::{Pick, badge, empty_state, picker};
use crate::web::forms::{FormErrors, csrf_field, error_summary};
use crate::web::i18n::arg;
use crate::web::{Ctx, layout};

/// What differs between merging organisations and merging people on
/// these pages: where the records live and how they are named.
pub struct Labels {
    /// The records' pages: `{base}/{id}`, `{base}/duplicates`.
    pub base: &'static str,
    /// The record picker's suggestions.
    pub picker: &'static str,
    pub choose_intro: &'static str,
    pub with: &'static str,
    pub with_unknown: &'static str,
    pub with_itself: &'static str,
    pub intro: &'static str,
    pub duplicates_title: &'static str,
    pub duplicates_intro: &'static str,
    pub duplicates_first: &'static str,
}

pub const ORGANISATIONS: Labels = Labels {
    base: "/organisations",
    picker: "/pick/organisations",
    choose_intro: "merge-choose-intro",
    with: "merge-with",
    with_unknown: "merge-with-unknown",
    with_itself: "merge-with-itself",
    intro: "merge-intro",
    duplicates_title: "duplicates-title",
    duplicates_intro: "duplicates-intro",
    duplicates_first: "duplicates-first",
};

/// At most this many pairs on the page: enough work for a sitting.
pub const SHOWN: usize = 200;

pub fn duplicates(ctx: &Ctx, labels: &Labels, pairs: &[Pair]) -> Markup {
    let title = ctx.t(labels.duplicates_title);
    let base = labels.base;
    let body = html! {
        h1 { (title) }
        p { (ctx.locale.t_args(labels.duplicates_intro, &[arg("count", pairs.len())])) }
        @if pairs.is_empty() {
            (empty_state(ctx, "duplicates-none"))
        } @else {
            div class="table-scroll" {
                table {
                    caption class="visually-hidden" { (title) }
                    thead { tr {
                        th scope="col" { (ctx.t(labels.duplicates_first)) }
                        th scope="col" { (ctx.t("duplicates-second")) }
                        th scope="col" { (ctx.t("duplicates-why")) }
                        th scope="col" { span class="visually-hidden" { (ctx.t("duplicates-actions")) } }
                    } }
                    tbody {
                        @for pair in pairs.iter().take(SHOWN) {
                            tr {
                                @for side in [&pair.first, &pair.second] {
                                    td {
                                        a href={ (base) "/" (side.id) } { (side.name) }
                                        @if let Some(c) = &side.detail { " " span class="muted" { "· " (c) } }
                                        @if let Some(kind) = side.kind { " " (badge(ctx, kind)) }
                                    }
                                }
                                td { (pair.reasons.iter().map(|r| ctx.t(r.label_key())).collect::<Vec<_>>().join(", ")) }
                                td class="actions" {
                                    @if ctx.can_write() {
                                        a href={ (base) "/" (pair.first.id) "/merge?with=" (pair.second.id) } role="button" class="small" { (ctx.t("merge-compare")) }
                                        form method="post" action={ (base) "/duplicates/dismiss" } class="inline-form" {
                                            (csrf_field(ctx))
                                            input type="hidden" name="first" value=(pair.first.id);
                                            input type="hidden" name="second" value=(pair.second.id);
                                            button type="submit" class="small secondary outline" { (ctx.t("duplicates-dismiss")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if pairs.len() > SHOWN {
                p class="muted" { (ctx.locale.t_args("duplicates-more", &[arg("count", pairs.len() - SHOWN)])) }
            }
        }
    };
    layout::page(ctx, &title, body)
}

/// A record as these pages name it.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub id: i32,
    pub name: &'a str,
    pub version: i32,
}

impl<'a> From<&'a organisation::Model> for Record<'a> {
    fn from(o: &'a organisation::Model) -> Self {
        Record {
            id: o.id,
            name: &o.name,
            version: o.version,
        }
    }
}

/// "Fusionner avec…": the other record is picked by name.
pub fn choose(
    ctx: &Ctx,
    labels: &Labels,
    kept: Record<'_>,
    (with, with_name): (&str, &str),
    errors: &FormErrors,
) -> Markup {
    let title = format!("{} : {}", ctx.t("merge-title"), kept.name);
    let base = labels.base;
    let body = html! {
        h1 { (title) }
        p { (ctx.t(labels.choose_intro)) }
        (error_summary(ctx, errors))
        form method="get" action={ (base) "/" (kept.id) "/merge" } {
            (picker(ctx, Pick::new("with", ctx.t(labels.with), labels.picker).value(with, with_name).required(), errors))
            button type="submit" { (ctx.t("merge-compare")) }
            " " a href={ (base) "/" (kept.id) } { (ctx.t("cancel")) }
        }
        p { a href={ (base) "/duplicates" } { (ctx.t(labels.duplicates_title)) } }
    };
    layout::page(ctx, &title, body)
}

/// The comparison of one kind: its fields, how a value reads, and what
/// moves from the merged record to the kept one.
pub struct Comparison<'a> {
    pub kept: Record<'a>,
    pub merged: Record<'a>,
    pub fields: &'a [FieldPair],
    /// How a value of a field reads (most are [`value_text`]).
    pub render: &'a dyn Fn(&FieldPair, &Value) -> String,
    /// What a merge does besides the chosen fields, one item each.
    pub moves: Vec<String>,
    /// What the kept record already has.
    pub kept_has: String,
    /// The records changed since the page was shown (409): the choice is
    /// shown again.
    pub stale: bool,
}

/// Both records side by side, the fields on which they differ with a
/// choice each, what moves, and the button.
pub fn comparison(ctx: &Ctx, labels: &Labels, c: &Comparison<'_>) -> Markup {
    let (kept, merged, base) = (c.kept, c.merged, labels.base);
    let title = format!("{} : {}", ctx.t("merge-title"), kept.name);
    let body = html! {
        h1 { (title) }
        @if c.stale {
            div role="alert" class="error-summary" { (ctx.t("merge-stale")) }
        }
        p { (ctx.locale.t_args(labels.intro, &[arg("kept", kept.name.to_owned()), arg("merged", merged.name.to_owned())])) }
        p { a href={ (base) "/" (merged.id) "/merge?with=" (kept.id) } { (ctx.t("merge-swap")) } }
        form method="post" action={ (base) "/" (kept.id) "/merge" } data-confirm=(ctx.t("merge-confirm")) {
            (csrf_field(ctx))
            input type="hidden" name="with" value=(merged.id);
            input type="hidden" name="kept_version" value=(kept.version);
            input type="hidden" name="merged_version" value=(merged.version);
            @if c.fields.is_empty() {
                p { (ctx.t("merge-same-values")) }
            } @else {
                div class="table-scroll" {
                    table class="merge-table" {
                        caption { (ctx.t("merge-fields")) }
                        thead { tr {
                            th scope="col" { (ctx.t("merge-field")) }
                            th scope="col" { (ctx.t("merge-kept")) " · " a href={ (base) "/" (kept.id) } { (kept.name) } }
                            th scope="col" { (ctx.t("merge-merged")) " · " a href={ (base) "/" (merged.id) } { (merged.name) } }
                        } }
                        tbody {
                            @for f in c.fields {
                                @let label = ctx.t(f.label_key);
                                tr {
                                    th scope="row" { (label) }
                                    @for (side, value, checked) in [("kept", &f.kept, !f.merged_by_default()), ("merged", &f.merged, f.merged_by_default())] {
                                        @let text = (c.render)(f, value);
                                        td {
                                            label {
                                                input type="radio" name={ "field." (f.field) } value=(side) checked[checked]
                                                    aria-label={ (label) " : " (text) };
                                                (text)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { (ctx.t("merge-moves")) }
            p { (ctx.t("merge-moves-intro")) }
            ul {
                @for item in &c.moves { li { (item) } }
            }
            p class="muted" { (c.kept_has) }
            button type="submit" class="contrast" { (ctx.t("merge-do")) }
            " " a href={ (base) "/" (kept.id) } { (ctx.t("cancel")) }
        }
    };
    layout::page(ctx, &title, body)
}

/// The comparison of two organisations.
pub fn compare(
    ctx: &Ctx,
    (kept, kept_attached): (&organisation::Model, &Attached),
    (merged, merged_attached): (&organisation::Model, &Attached),
    fields: &[FieldPair],
    stale: bool,
) -> Markup {
    let mut moves: Vec<String> = counts(merged_attached)
        .into_iter()
        .filter(|&(_, count)| count > 0)
        .map(|(key, count)| ctx.locale.t_args(key, &[arg("count", count)]))
        .collect();
    if merged.external_id.is_some() {
        moves.push(ctx.t("merge-moves-alias"));
    }
    let render = |f: &FieldPair, v: &Value| value_text(ctx, f.field, v);
    comparison(
        ctx,
        &ORGANISATIONS,
        &Comparison {
            kept: kept.into(),
            merged: merged.into(),
            fields,
            render: &render,
            moves,
            kept_has: ctx.locale.t_args(
                "merge-kept-has",
                &[
                    arg("people", kept_attached.people),
                    arg("interactions", kept_attached.interactions),
                ],
            ),
            stale,
        },
    )
}

fn counts(a: &Attached) -> [(&'static str, u64); 8] {
    [
        ("merge-moves-people", a.people),
        ("merge-moves-interactions", a.interactions),
        ("merge-moves-campaigns", a.campaigns),
        ("merge-moves-events", a.events),
        ("merge-moves-sessions", a.sessions),
        ("merge-moves-channels", a.channels),
        ("merge-moves-relations", a.relations),
        ("merge-moves-children", a.children),
    ]
}
