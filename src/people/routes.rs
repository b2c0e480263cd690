//! Privacy routes: export, erasure, the review list and its setting.

use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::{Months, Utc};
use maud::Markup;
use sea_orm::{ActiveModelTrait, EntityTrait, Set, TransactionTrait};
use serde::Deserialize;

use super::{privacy, store, views};
use crate::app::AppState;
use crate::entities::{person, setting};
use crate::web::forms::FormErrors;
use crate::web::{AppError, AppResult, Ctx, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .get("/people/review", review)
        .get("/people/{id}/export", export)
        .get("/people/{id}/erase", erase_page)
        .post("/people/{id}/erase", erase)
        .get("/admin/settings", settings_page)
        .post("/admin/settings", save_settings)
}

async fn person_or_404(state: &AppState, id: i32) -> AppResult<person::Model> {
    store::get(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// `GET /people/{id}/export`: everything held about the person, as JSON.
async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    if !ctx.can_write() {
        return Err(AppError::Forbidden);
    }
    let person = person_or_404(&state, id).await?;
    let document = privacy::export(&state.db, &person).await?;
    let body =
        serde_json::to_string_pretty(&document).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (CONTENT_TYPE, "application/json; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"personne-{id}.json\""),
            ),
        ],
        body,
    )
        .into_response())
}

async fn erase_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    ctx.require_admin()?;
    let person = person_or_404(&state, id).await?;
    if person.erased_at.is_some() {
        return Err(AppError::BadRequest(ctx.t("erase-already")));
    }
    Ok(views::erase_confirmation(&ctx, &person))
}

#[derive(Deserialize)]
struct EraseForm {
    #[serde(default)]
    confirm: String,
}

async fn erase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<EraseForm>,
) -> AppResult<Response> {
    let admin = ctx.require_admin()?.id;
    let person = person_or_404(&state, id).await?;
    if person.erased_at.is_some() {
        return Err(AppError::BadRequest(ctx.t("erase-already")));
    }
    if form.confirm.trim() != "EFFACER" && form.confirm.trim() != "ERASE" {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            views::erase_confirmation_with_error(&ctx, &person),
        )
            .into_response());
    }
    let txn = state.db.begin().await?;
    privacy::erase(&txn, &person, Some(admin)).await?;
    txn.commit().await?;
    Ok(views::erased(&ctx).into_response())
}

#[derive(Deserialize)]
struct ReviewQuery {
    months: Option<String>,
}

async fn review(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ReviewQuery>,
) -> AppResult<Markup> {
    let months = match query
        .months
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=240).contains(m))
            .ok_or_else(|| AppError::BadRequest(ctx.t("review-months-invalid")))?,
        None => store::review_months(&state.db).await?,
    };
    let cutoff = Utc::now()
        .checked_sub_months(Months::new(months))
        .unwrap_or_else(Utc::now);
    let people = store::not_touched_since(&state.db, cutoff).await?;
    Ok(views::review(&ctx, months, &people))
}

async fn settings_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    ctx.require_admin()?;
    let months = store::review_months(&state.db).await?;
    Ok(views::settings(
        &ctx,
        &months.to_string(),
        &FormErrors::default(),
        false,
    ))
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    review_months: String,
}

async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<SettingsForm>,
) -> AppResult<Response> {
    ctx.require_admin()?;
    let Some(months) = form
        .review_months
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|m| (1..=240).contains(m))
    else {
        let mut errors = FormErrors::default();
        errors.add("review_months", ctx.t("review-months-invalid"));
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            views::settings(&ctx, &form.review_months, &errors, false),
        )
            .into_response());
    };
    let txn = state.db.begin().await?;
    let key = store::REVIEW_MONTHS_KEY.to_owned();
    let row = setting::ActiveModel {
        key: Set(key.clone()),
        value: Set(months.to_string()),
        updated_at: Set(Utc::now()),
    };
    if setting::Entity::find_by_id(key).one(&txn).await?.is_some() {
        row.update(&txn).await?;
    } else {
        row.insert(&txn).await?;
    }
    txn.commit().await?;
    Ok(views::settings(&ctx, &months.to_string(), &FormErrors::default(), true).into_response())
}
