//! Calls for proposals closing in the weeks ahead.

use std::collections::HashMap;

use axum::extract::{Query, State};
use maud::Markup;

use crate::agenda::{store, views};
use crate::app::AppState;
use crate::web::{AppError, AppResult, Ctx};

pub(super) async fn calls(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<HashMap<String, String>>,
) -> AppResult<Markup> {
    let weeks = match params
        .get("weeks")
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
    {
        None => 8,
        Some(w) => w
            .parse::<i64>()
            .ok()
            .filter(|w| (1..=104).contains(w))
            .ok_or_else(|| AppError::BadRequest(ctx.t("agenda-error-weeks")))?,
    };
    let events = store::closing_calls(&state.db, crate::clock::today(), weeks).await?;
    Ok(views::calls::page(&ctx, weeks, &events))
}
