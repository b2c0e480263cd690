//! Directory pages (maud).

use maud::{Markup, html};

use super::store::OrganisationLine;
use crate::entities::OrgKind;
use crate::web::i18n::arg;
use crate::web::{Ctx, layout};

pub fn overview(ctx: &Ctx, groups: &[(OrgKind, Vec<OrganisationLine>)]) -> Markup {
    let title = ctx.t("overview-title");
    let body = html! {
        h1 { (title) }
        p { (ctx.t("overview-intro")) }
        @if groups.is_empty() {
            p { (ctx.t("overview-empty")) }
        }
        @for (kind, lines) in groups {
            section class="kind-group" aria-labelledby={ "kind-" (kind.as_str()) } {
                h2 id={ "kind-" (kind.as_str()) } {
                    (ctx.t(&kind.label_key()))
                    " "
                    span class="count" { "(" (ctx.locale.t_args("overview-count", &[arg("count", lines.len())])) ")" }
                }
                ul class="org-list" {
                    @for line in lines {
                        li { (organisation_line(ctx, line)) }
                    }
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
                (ctx.t("overview-parent")) " "
                a href={ "/organisations/" (pid) } { (parent) }
            }
        }
    }
}
