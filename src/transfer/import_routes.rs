//! Import routes: `/imports` (upload), `/imports/{token}` (mapping, report,
//! progress; JSON with `Accept: application/json`), `/imports/{token}/check`
//! (dry run) and `/imports/{token}/commit`.

use axum::extract::{DefaultBodyLimit, Form, Multipart, Path, State};
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tokio::io::AsyncWriteExt;

use super::import::jobs::{self, Job, NewJob, Phase};
use super::import::{self, DuplicateChoice, Field, Plan, Target, source};
use super::import_views as views;
use crate::app::AppState;
use crate::entities::{LawfulBasis, OrgKind};
use crate::web::forms::FormErrors;
use crate::web::i18n::arg;
use crate::web::{AppError, AppResult, Ctx, Routes};

/// Largest upload; larger files go through `relais import`.
const MAX_UPLOAD_MB: usize = 256;

pub fn routes() -> Routes {
    Routes::new()
        .get("/imports", upload_page)
        .post(
            "/imports",
            upload.layer(DefaultBodyLimit::max(MAX_UPLOAD_MB * 1024 * 1024)),
        )
        .get("/imports/{token}", job_page)
        .post("/imports/{token}/check", check)
        .post("/imports/{token}/commit", commit)
}

async fn upload_page(ctx: Ctx) -> AppResult<Response> {
    ctx.user()?;
    Ok(views::upload_page(&ctx, None).into_response())
}

fn refused(ctx: &Ctx, message: String) -> Response {
    if ctx.wants_json {
        return AppError::BadRequest(message).into_response();
    }
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        views::upload_page(ctx, Some(&message)),
    )
        .into_response()
}

/// Spools the upload as it arrives, reads its shape, then stores it with
/// its job in the database.
async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    mut multipart: Multipart,
) -> AppResult<Response> {
    if !ctx.can_write() {
        return Err(AppError::ReadOnly);
    }
    let too_large = ctx.t_args("import-too-large", &[arg("max", MAX_UPLOAD_MB)]);
    let mut target = Target::Organisations;
    let mut saved: Option<(tokio::fs::File, String, u64)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Ok(refused(&ctx, too_large)),
        };
        match field.name() {
            Some("target") => {
                let text = field.text().await.unwrap_or_default();
                target = Target::parse(&text)
                    .ok_or_else(|| AppError::BadRequest(ctx.t("error-choice-invalid")))?;
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("import.csv").to_owned();
                match save_field(field, &state.config.data_dir).await {
                    Ok((file, size)) => saved = Some((file, name, size)),
                    Err(_) => return Ok(refused(&ctx, too_large)),
                }
            }
            _ => {}
        }
    }
    let Some((mut file, file_name, size)) = saved else {
        return Ok(refused(&ctx, ctx.t("import-no-file")));
    };
    if size == 0 {
        return Ok(refused(&ctx, ctx.t("import-no-file")));
    }
    let reading = file
        .try_clone()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .into_std()
        .await;
    let mut table = match source::open_file(reading) {
        Ok(table) => table,
        Err(problem) => return Ok(refused(&ctx, problem.message(ctx.locale))),
    };
    let shape = table.shape.clone();
    let examples: Vec<Vec<String>> = table
        .by_ref()
        .take(3)
        .filter_map(Result::ok)
        .map(|(_, values)| values)
        .collect();
    let plan = Plan {
        target,
        mapping: import::columns::guess(target, &shape.headers),
        defaults: import::Defaults::for_file(&file_name, &shape.headers, None, None),
        duplicates: DuplicateChoice::Skip,
        choices: Default::default(),
        take_from_row: Default::default(),
        skip_errors: false,
        actor: ctx.actor_id(),
    };
    drop(table);
    let new = NewJob {
        owner: ctx.actor_id(),
        file_name,
        shape,
        examples,
        plan,
    };
    let token = state.imports.create(&state.db, new, &mut file).await?;
    Ok(Redirect::to(&format!("/imports/{token}")).into_response())
}

/// Writes an uploaded file into an unlinked file of the data directory
/// (nothing stays on disk); returns it with its size.
async fn save_field(
    mut field: axum::extract::multipart::Field<'_>,
    data_dir: &std::path::Path,
) -> Result<(tokio::fs::File, u64), Box<dyn std::error::Error + Send + Sync>> {
    let file = tokio::fs::File::from_std(jobs::spool_file(data_dir)?);
    let mut out = tokio::io::BufWriter::new(file);
    let mut size = 0u64;
    while let Some(chunk) = field.chunk().await? {
        size += chunk.len() as u64;
        out.write_all(&chunk).await?;
    }
    out.flush().await?;
    Ok((out.into_inner(), size))
}

/// The job, for a user who may change data.
async fn writable_job(state: &AppState, ctx: &Ctx, token: &str) -> AppResult<Job> {
    let job = job_of(state, ctx, token).await?;
    if !ctx.can_write() {
        return Err(AppError::ReadOnly);
    }
    Ok(job)
}

async fn job_of(state: &AppState, ctx: &Ctx, token: &str) -> AppResult<Job> {
    ctx.user()?;
    state
        .imports
        .find(&state.db, token, ctx.actor_id())
        .await?
        .ok_or(AppError::NotFound)
}

async fn job_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let job = match job_of(&state, &ctx, &token).await {
        Ok(job) => job,
        Err(AppError::NotFound) => {
            return Ok((
                StatusCode::NOT_FOUND,
                views::upload_page(&ctx, Some(&ctx.t("import-unknown"))),
            )
                .into_response());
        }
        Err(err) => return Err(err),
    };
    let phase = &job.phase;
    if ctx.wants_json {
        return Ok(axum::Json(status_json(&job, phase)).into_response());
    }
    let page = views::job_page(&ctx, &job, &job.plan, phase, &FormErrors::default());
    if phase.running() {
        // Browsers reload the page by themselves, no script needed.
        return Ok(([("Refresh", "1")], page).into_response());
    }
    Ok(page.into_response())
}

fn status_json(job: &Job, phase: &Phase) -> serde_json::Value {
    let mut value = serde_json::json!({
        "phase": phase.as_str(),
        "rows_read": job.rows_read,
        "headers": job.shape.headers,
        "mapping": job.plan.mapping.iter().map(|f| f.map(Field::as_str)).collect::<Vec<_>>(),
    });
    let report = match phase {
        Phase::Checked(r) | Phase::Done(r) => Some(r),
        Phase::Failed(reason) => {
            value["error"] = reason.clone().into();
            None
        }
        _ => None,
    };
    if let Some(r) = report {
        value["report"] = serde_json::json!({
            "rows": r.rows, "created": r.created, "updated": r.updated,
            "unchanged": r.unchanged, "duplicates": r.duplicates, "errors": r.errors,
            "written": r.written,
            "communes_linked": r.communes_linked,
            "communes_not_linked": r.communes_not_linked,
            "not_linked": r.not_linked,
            "communes_summary": r.communes_summary(crate::web::Locale::Fr),
            "details": r.details.iter().map(|row| serde_json::json!({
                "line": row.line,
                "label": row.label,
                "action": match &row.action {
                    import::Action::Create => "create",
                    import::Action::Update(_) => "update",
                    import::Action::Unchanged(_) => "unchanged",
                    import::Action::Duplicate { .. } => "duplicate",
                    import::Action::Error => "error",
                },
                "problems": row.problems.iter().map(|p| p.message(crate::web::Locale::Fr)).collect::<Vec<_>>(),
                "disagreements": row.disagreements.iter().map(|d| serde_json::json!({
                    "field": d.field, "known": d.known, "row": d.row, "taken": d.taken,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        });
    }
    value
}

fn field_value<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The mapping and defaults chosen on the form, checked.
fn chosen_plan(ctx: &Ctx, job: &Job, fields: &[(String, String)]) -> Result<Plan, FormErrors> {
    let mut plan = job.plan.clone();
    let mut errors = FormErrors::default();
    let mut mapping = Vec::with_capacity(job.shape.headers.len());
    for (i, header) in job.shape.headers.iter().enumerate() {
        let name = format!("column-{i}");
        let field = match field_value(fields, &name).unwrap_or_default() {
            "" => None,
            code => match Field::parse(plan.target, code) {
                Some(f) => Some(f),
                None => {
                    errors.add(&name, ctx.t("error-choice-invalid"));
                    None
                }
            },
        };
        if let Some(f) = field
            && !f.repeatable()
            && mapping.contains(&Some(f))
        {
            errors.add(
                &name,
                ctx.t_args(
                    "import-mapping-twice",
                    &[
                        arg("column", header.clone()),
                        arg("field", ctx.t(&f.label_key())),
                    ],
                ),
            );
        }
        mapping.push(field);
    }
    let names: &[Field] = match plan.target {
        Target::Organisations => &[Field::Name],
        Target::People => &[Field::FullName, Field::LastName, Field::FirstName],
    };
    if !names.iter().any(|n| mapping.contains(&Some(*n))) {
        errors.add("column-0", ctx.t("import-mapping-no-name"));
    }
    if let Some(kind) = field_value(fields, "kind") {
        match kind.parse::<OrgKind>() {
            Ok(kind) => plan.defaults.kind = kind,
            Err(_) => errors.add("kind", ctx.t("error-choice-invalid")),
        }
    }
    if let Some(basis) = field_value(fields, "lawful_basis") {
        match basis.parse::<LawfulBasis>() {
            Ok(basis) => plan.defaults.lawful_basis = basis,
            Err(_) => errors.add("lawful_basis", ctx.t("error-choice-invalid")),
        }
    }
    plan.mapping = mapping;
    plan.actor = ctx.actor_id();
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

async fn check(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let job = writable_job(&state, &ctx, &token).await?;
    let plan = match chosen_plan(&ctx, &job, &fields) {
        Ok(plan) => plan,
        Err(errors) => {
            let mut shown = job.plan.clone();
            // Show the columns as the volunteer chose them, errors beside.
            shown.mapping = job
                .shape
                .headers
                .iter()
                .enumerate()
                .map(|(i, _)| {
                    field_value(&fields, &format!("column-{i}"))
                        .and_then(|c| Field::parse(shown.target, c))
                })
                .collect();
            let page = views::job_page(&ctx, &job, &shown, &Phase::Mapping, &errors);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let started = state
        .imports
        .start(&state.db, &state.config.data_dir, &job, plan, false, || {})
        .await?;
    if !started {
        return Err(AppError::Conflict(ctx.t("import-busy")));
    }
    Ok(Redirect::to(&format!("/imports/{token}")).into_response())
}

async fn commit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let job = writable_job(&state, &ctx, &token).await?;
    let bad = || AppError::BadRequest(ctx.t("error-choice-invalid"));
    let mut plan = job.plan.clone();
    plan.duplicates = match field_value(&fields, "duplicates") {
        None => DuplicateChoice::Skip,
        Some(text) => DuplicateChoice::parse(text).ok_or_else(bad)?,
    };
    plan.skip_errors = field_value(&fields, "skip_errors") == Some("on");
    plan.choices.clear();
    plan.take_from_row.clear();
    for (name, value) in &fields {
        // `take-12-commune=on`: on line 12, the file's commune replaces the known one.
        if let Some((line, field)) = name
            .strip_prefix("take-")
            .and_then(|rest| rest.split_once('-'))
        {
            let line: u64 = line.parse().map_err(|_| bad())?;
            if value == "on" {
                plan.take_from_row
                    .entry(line)
                    .or_default()
                    .push(field.to_owned());
            }
            continue;
        }
        if let Some(line) = name.strip_prefix("row-") {
            let line: u64 = line.parse().map_err(|_| bad())?;
            if !value.is_empty() {
                plan.choices
                    .insert(line, DuplicateChoice::parse(value).ok_or_else(bad)?);
            }
        }
    }
    plan.actor = ctx.actor_id();
    let search = state.search.clone();
    let started = state
        .imports
        .start(
            &state.db,
            &state.config.data_dir,
            &job,
            plan,
            true,
            move || search.nudge(),
        )
        .await?;
    if !started {
        return Err(AppError::Conflict(ctx.t("import-busy")));
    }
    Ok(Redirect::to(&format!("/imports/{token}")).into_response())
}
