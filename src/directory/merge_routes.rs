//! Merge routes: the probable duplicates, the choice of the record to
//! merge with, the comparison and the merge itself.

use std::collections::HashSet;

use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::Markup;
use serde::Deserialize;

use super::merge::{self, Plan};
use super::{duplicates, merge_views, store};
use crate::app::AppState;
use crate::entities::organisation;
use crate::versioning::Saved;
use crate::web::forms::Fields;
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
    Ok(merge_views::duplicates(&ctx, &pairs))
}

#[derive(Deserialize)]
struct DismissForm {
    #[serde(default)]
    first: String,
    #[serde(default)]
    second: String,
}

async fn dismiss(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<DismissForm>,
) -> AppResult<Response> {
    let mut ids = Vec::new();
    for text in [&form.first, &form.second] {
        let id = text
            .trim()
            .parse::<i32>()
            .map_err(|_| AppError::BadRequest(ctx.t("error-choice-invalid")))?;
        store::get(&state.db, id)
            .await?
            .ok_or_else(|| AppError::BadRequest(ctx.t("error-choice-invalid")))?;
        ids.push(id);
    }
    if ids[0] == ids[1] {
        return Err(AppError::BadRequest(ctx.t("error-choice-invalid")));
    }
    duplicates::dismiss(&state.db, ids[0], ids[1], ctx.actor_id()).await?;
    Ok(flash::redirect_with(
        "/organisations/duplicates",
        "flash-saved",
    ))
}

#[derive(Deserialize, Default)]
struct WithQuery {
    #[serde(default)]
    with: String,
    #[serde(default)]
    with_name: String,
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
    if q.with.trim().is_empty() && q.with_name.trim().is_empty() {
        return Ok(merge_views::choose(&ctx, &kept, ("", ""), &Default::default()).into_response());
    }
    let mut f = Fields::new(&ctx);
    let db = &state.db;
    let other = f
        .picked(
            "with",
            &q.with,
            &q.with_name,
            "merge-with-unknown",
            async |id| store::get(db, id).await,
            async |name| crate::search::pick::organisations(&state, &ctx, name).await,
        )
        .await?
        .filter(|o| o.id != kept.id);
    let Some(other) = other else {
        let mut errors = f.finish().err().unwrap_or_default();
        if errors.is_empty() {
            errors.add("with", ctx.t("merge-with-itself"));
        }
        let page = merge_views::choose(&ctx, &kept, (&q.with, &q.with_name), &errors);
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
    let value = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let kept = organisation_or_404(&state, id).await?;
    let other_id = value("with")
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::BadRequest(ctx.t("merge-with-unknown")))?;
    let merged = store::get(&state.db, other_id)
        .await?
        .filter(|o| o.id != kept.id)
        .ok_or_else(|| AppError::BadRequest(ctx.t("merge-with-unknown")))?;
    let known: HashSet<&str> = merge::FIELDS.iter().map(|(f, _)| *f).collect();
    let mut from_merged = HashSet::new();
    for (name, choice) in &fields {
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
    let plan = Plan {
        kept: kept.id,
        kept_version: editing::expected_version(&ctx, value("kept_version"))?,
        merged: merged.id,
        merged_version: editing::expected_version(&ctx, value("merged_version"))?,
        from_merged,
    };
    let outcome = editing::save_versioned(&state.db, async |txn| {
        merge::merge(txn, &plan, ctx.actor_id()).await
    })
    .await?;
    if outcome == Saved::Conflict {
        let page = comparison(&state, &ctx, &kept, &merged, true).await?;
        return Ok(editing::conflict(page));
    }
    state.search.nudge();
    Ok(flash::redirect_with(
        &format!("/organisations/{}", kept.id),
        "flash-merged",
    ))
}
