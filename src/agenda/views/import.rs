//! Importing a calendar file: the upload form, what the import did (its
//! report, also as JSON) or why the file was refused.

use maud::{Markup, html};

use crate::agenda::import::ImportReport;
use crate::web::forms::csrf_field;
use crate::web::{Ctx, layout};

/// The report as JSON, its messages in the reader's language.
pub fn json(ctx: &Ctx, r: &ImportReport) -> serde_json::Value {
    serde_json::json!({
        "created": r.created, "updated": r.updated,
        "unchanged": r.unchanged, "skipped": r.skipped_in(ctx.locale),
        "warnings": r.warnings_in(ctx.locale),
    })
}

pub fn page(ctx: &Ctx, report: Option<&ImportReport>, error: Option<&str>) -> Markup {
    let title = ctx.t("agenda-import-title");
    let body = html! {
        h1 { (title) }
        @if let Some(error) = error {
            div role="alert" class="error-summary" { p { strong { (ctx.t("agenda-import-refused")) } } p { (error) } }
        }
        @if let Some(r) = report {
            div role="status" class="flash" {
                p { strong { (ctx.t("agenda-import-done")) } " " (r.created) " " (ctx.t("agenda-import-created")) ", " (r.updated) " " (ctx.t("agenda-import-updated")) ", " (r.unchanged) " " (ctx.t("agenda-import-unchanged")) "." }
                @if !r.skipped.is_empty() || !r.warnings.is_empty() { ul { @for s in r.skipped.iter().chain(&r.warnings) { li { (s.render(ctx.locale)) } } } }
            }
        }
        p { (ctx.t("agenda-import-explain")) }
        // The guard cannot read a multipart body: the CSRF token rides in the URL.
        form method="post" action={ "/agenda/import?_csrf=" (ctx.csrf_token) } enctype="multipart/form-data" {
            (csrf_field(ctx))
            label for="field-file" { (ctx.t("agenda-import-file")) input id="field-file" type="file" name="file" accept=".ics,text/calendar" required; }
            button type="submit" { (ctx.t("agenda-import-submit")) }
        }
        p { a href="/agenda" { "← " (ctx.t("agenda-title")) } }
    };
    layout::page(ctx, &title, body)
}
