//! Pages of the import: upload, column mapping, dry-run report, progress.

use maud::{Markup, html};

use super::import::jobs::{Job, Phase};
use super::import::{Action, DuplicateChoice, Field, Known, Plan, Report, Target};
use crate::entities::{LawfulBasis, OrgKind};
use crate::web::components::{table_head, vocabulary_options};
use crate::web::forms::{self, FormErrors, csrf_field, error_summary};
use crate::web::{Ctx, layout};

pub fn upload_page(ctx: &Ctx, error: Option<&str>) -> Markup {
    let title = ctx.t("import-title");
    let body = html! {
        h1 { (title) }
        @if let Some(error) = error {
            div role="alert" class="error-summary" { p { (error) } }
        }
        p { (ctx.t("import-intro")) }
        // The guard cannot read a multipart body: the CSRF token rides in the URL.
        form method="post" action={ "/imports?_csrf=" (ctx.csrf_token) } enctype="multipart/form-data" {
            (csrf_field(ctx))
            fieldset {
                legend { (ctx.t("import-target")) }
                @for (target, checked) in [(Target::Organisations, true), (Target::People, false)] {
                    label {
                        input type="radio" name="target" value=(target.as_str()) checked[checked];
                        (ctx.t(&format!("import-target-{}", target.as_str())))
                    }
                }
            }
            label for="field-file" {
                (ctx.t("import-file"))
                input id="field-file" type="file" name="file" accept=".csv,.tsv,.txt,.json,text/csv,application/json" required;
            }
            button type="submit" { (ctx.t("import-upload")) }
        }
    };
    layout::page(ctx, &title, body)
}

pub fn job_page(ctx: &Ctx, job: &Job, plan: &Plan, phase: &Phase, errors: &FormErrors) -> Markup {
    let title = ctx.t("import-title");
    let progress = job.rows_read;
    let body = html! {
        h1 { (title) }
        p {
            strong { (ctx.t_args("import-file-name", &[crate::web::i18n::arg("name", job.file_name.clone())])) }
            " · " (ctx.t(&format!("import-target-{}", plan.target.as_str())))
            " · " (ctx.t_args("import-shape", &[
                crate::web::i18n::arg("encoding", job.shape.encoding),
                crate::web::i18n::arg("separator", job.shape.separator_label()),
            ]))
        }
        @if job.schema { p { (ctx.t("import-schema-detected")) } }
        (error_summary(ctx, errors))
        @match phase {
            Phase::Checking | Phase::Committing { .. } => {
                section aria-live="polite" {
                    h2 { (ctx.t(if matches!(phase, Phase::Checking) { "import-checking" } else { "import-running" })) }
                    @if let Phase::Committing { total } = phase {
                        progress value=(progress) max=(total) {}
                        p { (ctx.t_args("import-progress", &[crate::web::i18n::arg("done", progress), crate::web::i18n::arg("total", *total)])) }
                    } @else {
                        progress {}
                        p { (ctx.t_args("import-progress-reading", &[crate::web::i18n::arg("done", progress)])) }
                    }
                }
            }
            Phase::Failed(reason) => {
                div role="alert" class="error-summary" {
                    p { (ctx.t_args("import-failed", &[crate::web::i18n::arg("reason", reason.clone())])) }
                }
                // The file went with the failure: it is sent again.
                p { a href="/imports" { (ctx.t("import-again")) } }
            }
            Phase::Mapping => { (mapping_form(ctx, job, plan, errors)) }
            Phase::Checked(report) => {
                (report_section(ctx, "import-report", report, true))
                (mapping_form(ctx, job, plan, errors))
            }
            Phase::Done(report) => {
                @if report.written {
                    div role="status" class="flash" { p { strong { (ctx.t("import-report-done")) } } }
                } @else {
                    div role="alert" class="error-summary" {
                        p { (ctx.t_args("import-report-refused", &[crate::web::i18n::arg("errors", report.errors)])) }
                    }
                }
                (report_section(ctx, if report.written { "import-report-done" } else { "import-report" }, report, !report.written))
                p {
                    a href=(if plan.target == Target::People { "/people" } else { "/organisations" }) { (ctx.t("import-see-directory")) }
                    " · "
                    a href="/imports" { (ctx.t("import-again")) }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}

/// The columns with examples and a field to choose for each.
fn mapping_form(ctx: &Ctx, job: &Job, plan: &Plan, errors: &FormErrors) -> Markup {
    let fields = Field::all(plan.target);
    html! {
        form method="post" action={ "/imports/" (job.token) "/check" } {
            (csrf_field(ctx))
            h2 { (ctx.t("import-mapping")) }
            p { (ctx.t("import-mapping-help")) }
            div class="table-scroll" {
                table {
                    (table_head(ctx, &["import-column", "import-field", "import-examples"]))
                    tbody {
                        @for (i, header) in job.shape.headers.iter().enumerate() {
                            @let chosen = plan.mapping.get(i).copied().flatten();
                            @let name = format!("column-{i}");
                            tr {
                                th scope="row" { label for=(name) { (header) } }
                                td {
                                    select id=(name) name=(name) aria-invalid=[errors.get(&name).map(|_| "true")] {
                                        option value="" selected[chosen.is_none()] { (ctx.t("import-field-none")) }
                                        @for f in fields {
                                            option value=(f.as_str()) selected[chosen == Some(*f)] { (ctx.t(&f.label_key())) }
                                        }
                                    }
                                    @if let Some(message) = errors.get(&name) { small class="field-error" { (message) } }
                                }
                                td {
                                    @for example in job.examples.iter().filter_map(|row| row.get(i)).filter(|v| !v.trim().is_empty()).take(3) {
                                        span class="example" { (example.chars().take(60).collect::<String>()) }
                                        " "
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @match plan.target {
                Target::Organisations => {
                    (forms::select(forms::Field::new("kind", ctx.t("import-default-kind"), plan.defaults.kind.as_str()), &vocabulary_options::<OrgKind>(ctx), errors))
                }
                Target::People => {
                    (forms::select(forms::Field::new("lawful_basis", ctx.t("import-lawful-basis"), plan.defaults.lawful_basis.as_str()), &vocabulary_options::<LawfulBasis>(ctx), errors))
                }
            }
            button type="submit" class="secondary" { (ctx.t("import-check")) }
        }
    }
}

/// Where a merged row and the known record disagree: the known value is
/// kept; before the commit, a box takes the file's value instead.
fn disagreements(
    ctx: &Ctx,
    line: u64,
    found: &[super::import::Disagreement],
    choosing: bool,
) -> Markup {
    html! {
        ul class="disagreements" {
            @for d in found {
                li {
                    (ctx.t_args("import-disagreement", &[
                        crate::web::i18n::arg("field", ctx.t(&format!("import-field-{}", d.field.replace('_', "-")))),
                        crate::web::i18n::arg("known", d.known.clone()),
                        crate::web::i18n::arg("row", d.row.clone()),
                    ]))
                    @if choosing {
                        " "
                        label {
                            input type="checkbox" name={ "take-" (line) "-" (d.field) } value="on";
                            (ctx.t("import-take-row-value"))
                        }
                    } @else if d.taken {
                        " · " (ctx.t("import-row-value-taken"))
                    }
                }
            }
        }
    }
}

/// Counts and the rows worth a look; with the commit form after a dry run.
fn report_section(ctx: &Ctx, heading: &str, report: &Report, committing: bool) -> Markup {
    let table = html! {
        p { strong { (report.summary(ctx.locale)) } }
        @if let Some(communes) = report.communes_summary(ctx.locale) { p data-communes-linked { (communes) } }
        @if !report.details.is_empty() {
            div class="table-scroll" {
                table {
                    (table_head(ctx, &["import-line", "import-name", "import-action", "import-details"]))
                    tbody {
                        @for row in &report.details {
                            tr {
                                td { (row.line) }
                                td { (row.label) }
                                td { (action_cell(ctx, &row.action, row.line, committing)) }
                                td {
                                    @if !row.problems.is_empty() {
                                        ul { @for p in &row.problems {
                                            li {
                                                @if !p.column.is_empty() { strong { (p.column) } " : " }
                                                (p.reason(ctx.locale))
                                            }
                                        } }
                                    }
                                    @if !row.disagreements.is_empty() {
                                        (disagreements(ctx, row.line, &row.disagreements, committing))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if report.details.len() >= super::import::DETAILED_ROWS {
                p { (ctx.t_args("import-more-rows", &[crate::web::i18n::arg("count", super::import::DETAILED_ROWS)])) }
            }
        }
    };
    html! {
        section {
            h2 { (ctx.t(heading)) }
            @if committing {
                form method="post" action={ "/imports/" (ctx_token(ctx)) "/commit" } id="commit-form" {
                    (csrf_field(ctx))
                    (table)
                    @if report.duplicates > 0 {
                        fieldset {
                            legend { (ctx.t("import-duplicates")) }
                            @for choice in DuplicateChoice::ALL {
                                label {
                                    input type="radio" name="duplicates" value=(choice.as_str()) checked[choice == DuplicateChoice::Skip];
                                    (ctx.t(&choice.label_key()))
                                }
                            }
                        }
                    }
                    @if report.errors > 0 {
                        label { input type="checkbox" name="skip_errors" value="on"; (ctx.t("import-skip-errors")) }
                    }
                    button type="submit" { (ctx.t("import-commit")) }
                }
            } @else {
                (table)
            }
        }
    }
}

/// The job's token, from the page's own path (`/imports/<token>`).
fn ctx_token(ctx: &Ctx) -> &str {
    ctx.path
        .split('?')
        .next()
        .unwrap_or_default()
        .trim_start_matches("/imports/")
        .split('/')
        .next()
        .unwrap_or_default()
}

fn action_cell(ctx: &Ctx, action: &Action, line: u64, choosing: bool) -> Markup {
    use crate::web::i18n::arg;
    match action {
        Action::Create => html! { (ctx.t("import-action-create")) },
        Action::Update(_) => html! { (ctx.t("import-action-update")) },
        Action::Unchanged(_) => html! { (ctx.t("import-action-unchanged")) },
        Action::Error => html! { strong { (ctx.t("import-action-error")) } },
        Action::Duplicate {
            of,
            of_label,
            reason,
            choice,
        } => {
            let reason = ctx.t(reason.label_key());
            let text = match of {
                Known::Record(_) => ctx.t_args(
                    "import-action-duplicate",
                    &[arg("name", of_label.clone()), arg("reason", reason)],
                ),
                Known::Line(l) => ctx.t_args(
                    "import-action-duplicate-line",
                    &[arg("line", *l), arg("reason", reason)],
                ),
            };
            let name = format!("row-{line}");
            html! {
                (text)
                @if choosing {
                    label class="visually-hidden" for=(name) { (ctx.t("import-duplicates")) " " (line) }
                    select id=(name) name=(name) {
                        option value="" { "—" }
                        @for c in DuplicateChoice::ALL {
                            option value=(c.as_str()) { (ctx.t(&c.label_key())) }
                        }
                    }
                } @else {
                    " · " (ctx.t(&choice.label_key()))
                }
            }
        }
    }
}
