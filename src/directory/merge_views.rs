//! Pages of merging: the list of probable duplicates, the choice of the
//! record to merge with, and the side-by-side comparison where the value
//! to keep is picked field by field. Views never query the database.

use maud::{Markup, html};

use super::duplicates::Pair;
use super::merge::{Attached, FieldPair};
use crate::audit::views::value_text;
use crate::entities::*;
use crate::web::components::{Pick, badge, empty_state, picker};
use crate::web::forms::{FormErrors, csrf_field, error_summary};
use crate::web::i18n::arg;
use crate::web::{Ctx, layout};

/// At most this many pairs on the page: enough work for a sitting.
pub const SHOWN: usize = 200;

pub fn duplicates(ctx: &Ctx, pairs: &[Pair]) -> Markup {
    let title = ctx.t("duplicates-title");
    let body = html! {
        h1 { (title) }
        p { (ctx.locale.t_args("duplicates-intro", &[arg("count", pairs.len())])) }
        @if pairs.is_empty() {
            (empty_state(ctx, "duplicates-none"))
        } @else {
            div class="table-scroll" {
                table {
                    caption class="visually-hidden" { (title) }
                    thead { tr {
                        th scope="col" { (ctx.t("duplicates-first")) }
                        th scope="col" { (ctx.t("duplicates-second")) }
                        th scope="col" { (ctx.t("duplicates-why")) }
                        th scope="col" { span class="visually-hidden" { (ctx.t("duplicates-actions")) } }
                    } }
                    tbody {
                        @for pair in pairs.iter().take(SHOWN) {
                            tr {
                                @for side in [&pair.first, &pair.second] {
                                    td {
                                        a href={ "/organisations/" (side.id) } { (side.name) }
                                        @if let Some(c) = &side.commune { " " span class="muted" { "· " (c) } }
                                        " " (badge(ctx, side.kind))
                                    }
                                }
                                td { (pair.reasons.iter().map(|r| ctx.t(r.label_key())).collect::<Vec<_>>().join(", ")) }
                                td class="actions" {
                                    @if ctx.can_write() {
                                        a href={ "/organisations/" (pair.first.id) "/merge?with=" (pair.second.id) } role="button" class="small" { (ctx.t("merge-compare")) }
                                        form method="post" action="/organisations/duplicates/dismiss" class="inline-form" {
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

/// "Fusionner avec…": the other record is picked by name.
pub fn choose(
    ctx: &Ctx,
    kept: &organisation::Model,
    (with, with_name): (&str, &str),
    errors: &FormErrors,
) -> Markup {
    let title = format!("{} : {}", ctx.t("merge-title"), kept.name);
    let body = html! {
        h1 { (title) }
        p { (ctx.t("merge-choose-intro")) }
        (error_summary(ctx, errors))
        form method="get" action={ "/organisations/" (kept.id) "/merge" } {
            (picker(ctx, Pick::new("with", ctx.t("merge-with"), "/pick/organisations").value(with, with_name).required(), errors))
            button type="submit" { (ctx.t("merge-compare")) }
            " " a href={ "/organisations/" (kept.id) } { (ctx.t("cancel")) }
        }
        p { a href="/organisations/duplicates" { (ctx.t("duplicates-title")) } }
    };
    layout::page(ctx, &title, body)
}

/// Both records side by side, the fields on which they differ with a
/// choice each, what moves, and the button. `stale` when the records
/// changed since the page was shown (409): the choice is shown again.
pub fn compare(
    ctx: &Ctx,
    (kept, kept_attached): (&organisation::Model, &Attached),
    (merged, merged_attached): (&organisation::Model, &Attached),
    fields: &[FieldPair],
    stale: bool,
) -> Markup {
    let title = format!("{} : {}", ctx.t("merge-title"), kept.name);
    let body = html! {
        h1 { (title) }
        @if stale {
            div role="alert" class="error-summary" { (ctx.t("merge-stale")) }
        }
        p { (ctx.locale.t_args("merge-intro", &[arg("kept", kept.name.clone()), arg("merged", merged.name.clone())])) }
        p { a href={ "/organisations/" (merged.id) "/merge?with=" (kept.id) } { (ctx.t("merge-swap")) } }
        form method="post" action={ "/organisations/" (kept.id) "/merge" } data-confirm=(ctx.t("merge-confirm")) {
            (csrf_field(ctx))
            input type="hidden" name="with" value=(merged.id);
            input type="hidden" name="kept_version" value=(kept.version);
            input type="hidden" name="merged_version" value=(merged.version);
            @if fields.is_empty() {
                p { (ctx.t("merge-same-values")) }
            } @else {
                div class="table-scroll" {
                    table class="merge-table" {
                        caption { (ctx.t("merge-fields")) }
                        thead { tr {
                            th scope="col" { (ctx.t("merge-field")) }
                            th scope="col" { (ctx.t("merge-kept")) " · " a href={ "/organisations/" (kept.id) } { (kept.name) } }
                            th scope="col" { (ctx.t("merge-merged")) " · " a href={ "/organisations/" (merged.id) } { (merged.name) } }
                        } }
                        tbody {
                            @for f in fields {
                                @let label = ctx.t(f.label_key);
                                tr {
                                    th scope="row" { (label) }
                                    @for (side, value, checked) in [("kept", &f.kept, !f.merged_by_default()), ("merged", &f.merged, f.merged_by_default())] {
                                        td {
                                            label {
                                                input type="radio" name={ "field." (f.field) } value=(side) checked[checked]
                                                    aria-label={ (label) " : " (value_text(ctx, f.field, value)) };
                                                (value_text(ctx, f.field, value))
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
                @for (key, count) in counts(merged_attached) {
                    @if count > 0 { li { (ctx.locale.t_args(key, &[arg("count", count)])) } }
                }
                @if merged.external_id.is_some() { li { (ctx.t("merge-moves-alias")) } }
            }
            p class="muted" { (ctx.locale.t_args("merge-kept-has", &[arg("people", kept_attached.people), arg("interactions", kept_attached.interactions)])) }
            button type="submit" class="contrast" { (ctx.t("merge-do")) }
            " " a href={ "/organisations/" (kept.id) } { (ctx.t("cancel")) }
        }
    };
    layout::page(ctx, &title, body)
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
