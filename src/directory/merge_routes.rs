//! Merge routes: the probable duplicates, the choice of the record to
//! merge with, the comparison and the merge itself. The reading of the
//! forms is shared with people's merge ([`crate::people`]).

use std::collections::HashSet;

use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::Markup;
use serde::Deserialize;

use super::merge::{self, Plan};
use super::merge_views::{self, ORGANISATIONS};
use super::{duplicates, store};
use crate::app::AppState;
use crate::entities::organisation;
use crate::versioning::Saved;
use crate::web::forms::{Fields, FormErrors};
use crate::web::{AppError, AppResult, Ctx, Routes, editing, flash};

pub fn routes() -> Routes {
    Routes::new()
        .get("/organisations/duplicates", duplicates_page)
        .post("/organisations/duplicates/dismiss", dismiss)
        .get("/organisations/{id}/merge", merge_page)
        .post("/organisations/{id}/merge", merge)
}

async fn duplicates_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let pairs = duplicates::probable(&state.db).await?;
    Ok(merge_views::duplicates(&ctx, &ORGANISATIONS, &pairs))
}

#[derive(Deserialize)]
pub(crate) struct DismissForm {
    #[serde(default)]
    first: String,
    #[serde(default)]
    second: String,
}

impl DismissForm {
    /// The two ids of the pair, not the same.
    pub(crate) fn ids(&self, ctx: &Ctx) -> AppResult<(i32, i32)> {
        let invalid = || AppError::BadRequest(ctx.t("error-choice-invalid"));
        let id = |text: &str| text.trim().parse::<i32>().map_err(|_| invalid());
        let (a, b) = (id(&self.first)?, id(&self.second)?);
        if a == b {
            return Err(invalid());
        }
        Ok((a, b))
    }
}

async fn dismiss(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<DismissForm>,
) -> AppResult<Response> {
    let (a, b) = form.ids(&ctx)?;
    for id in [a, b] {
        store::get(&state.db, id)
            .await?
            .ok_or_else(|| AppError::BadRequest(ctx.t("error-choice-invalid")))?;
    }
    duplicates::dismiss(&state.db, a, b, ctx.actor_id()).await?;
    Ok(flash::redirect_with(
        "/organisations/duplicates",
        "flash-saved",
    ))
}

#[derive(Deserialize, Default)]
pub(crate) struct WithQuery {
    #[serde(default)]
    pub(crate) with: String,
    #[serde(default)]
    pub(crate) with_name: String,
}

impl WithQuery {
    /// No record to merge with yet: the page to pick one.
    pub(crate) fn is_empty(&self) -> bool {
        self.with.trim().is_empty() && self.with_name.trim().is_empty()
    }
}

async fn organisation_or_404(state: &AppState, id: i32) -> AppResult<organisation::Model> {
    store::get(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// Without a record to merge with, the page to pick one; with one, the
/// comparison.
async fn merge_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(q): Query<WithQuery>,
) -> AppResult<Response> {
    let kept = organisation_or_404(&state, id).await?;
    if !ctx.can_write() {
        return Err(AppError::ReadOnly);
    }
    if q.is_empty() {
        let page = merge_views::choose(
            &ctx,
            &ORGANISATIONS,
            (&kept).into(),
            ("", ""),
            &FormErrors::default(),
        );
        return Ok(page.into_response());
    }
    let mut f = Fields::new(&ctx);
    let db = &state.db;
    let other = f
        .picked(
            "with",
            &q.with,
            &q.with_name,
            ORGANISATIONS.with_unknown,
            async |id| store::get(db, id).await,
            async |name| crate::search::pick::organisations(&state, &ctx, name).await,
        )
        .await?
        .filter(|o| o.id != kept.id);
    let Some(other) = other else {
        let errors = not_picked(&ctx, &ORGANISATIONS, f);
        let page = merge_views::choose(
            &ctx,
            &ORGANISATIONS,
            (&kept).into(),
            (&q.with, &q.with_name),
            &errors,
        );
        return Ok(editing::refused(page));
    };
    Ok(comparison(&state, &ctx, &kept, &other, false)
        .await?
        .into_response())
}

async fn comparison(
    state: &AppState,
    ctx: &Ctx,
    kept: &organisation::Model,
    merged: &organisation::Model,
    stale: bool,
) -> AppResult<Markup> {
    let kept_attached = merge::attached(&state.db, kept.id).await?;
    let merged_attached = merge::attached(&state.db, merged.id).await?;
    Ok(merge_views::compare(
        ctx,
        (kept, &kept_attached),
        (merged, &merged_attached),
        &merge::differences(kept, merged),
        stale,
    ))
}

/// The merge: `with` is merged into the page's organisation, the fields
/// whose radio says `merged` taking the merged record's value.
async fn merge(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let kept = organisation_or_404(&state, id).await?;
    let form = MergeForm::read(&ctx, &ORGANISATIONS, &fields, merge::FIELDS)?;
    let merged = store::get(&state.db, form.with)
        .await?
        .filter(|o| o.id != kept.id)
        .ok_or_else(|| AppError::BadRequest(ctx.t(ORGANISATIONS.with_unknown)))?;
    let plan = form.plan(kept.id);
    let outcome = editing::save_versioned(&state.db, async |txn| {
        merge::merge(txn, &plan, ctx.actor_id()).await
    })
    .await?;
    if outcome == Saved::Conflict {
        let page = comparison(&state, &ctx, &kept, &merged, true).await?;
        return Ok(editing::conflict(page));
    }
    Ok(after_merge(&state, &ORGANISATIONS, kept.id))
}

/// After a merge: the search catches up, and the kept record says so.
pub(crate) fn after_merge(state: &AppState, labels: &merge_views::Labels, kept: i32) -> Response {
    state.search.nudge();
    flash::redirect_with(&format!("{}/{kept}", labels.base), "flash-merged")
}

/// The errors of a "merge with" picker that gave no other record.
pub(crate) fn not_picked(ctx: &Ctx, labels: &merge_views::Labels, f: Fields<'_>) -> FormErrors {
    let mut errors = f.finish().err().unwrap_or_default();
    if errors.is_empty() {
        errors.add("with", ctx.t(labels.with_itself));
    }
    errors
}

/// The comparison's form as sent: the record merged, the versions
/// compared, and the fields (`field.NAME` = `kept` or `merged`) whose
/// value comes from the merged record.
pub(crate) struct MergeForm {
    pub(crate) with: i32,
    kept_version: i32,
    merged_version: i32,
    from_merged: HashSet<String>,
}

impl MergeForm {
    pub(crate) fn read(
        ctx: &Ctx,
        labels: &merge_views::Labels,
        fields: &[(String, String)],
        known: &[(&str, &str)],
    ) -> AppResult<MergeForm> {
        let value = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map_or("", |(_, v)| v.as_str())
        };
        let with = value("with")
            .trim()
            .parse::<i32>()
            .map_err(|_| AppError::BadRequest(ctx.t(labels.with_unknown)))?;
        let known: HashSet<&str> = known.iter().map(|(f, _)| *f).collect();
        let mut from_merged = HashSet::new();
        for (name, choice) in fields {
            let Some(field) = name.strip_prefix("field.") else {
                continue;
            };
            match (known.contains(field), choice.as_str()) {
                (true, "merged") => {
                    from_merged.insert(field.to_owned());
                }
                (true, "kept") => {}
                _ => return Err(AppError::BadRequest(ctx.t("error-choice-invalid"))),
            }
        }
        Ok(MergeForm {
            with,
            kept_version: editing::expected_version(ctx, value("kept_version"))?,
            merged_version: editing::expected_version(ctx, value("merged_version"))?,
            from_merged,
        })
    }

    /// The merge of the form's record into `kept`.
    pub(crate) fn plan(self, kept: i32) -> Plan {
        Plan {
            kept,
            kept_version: self.kept_version,
            merged: self.with,
            merged_version: self.merged_version,
            from_merged: self.from_merged,
        }
    }
}
