//! `/admin/audit`: the global log, filterable by user and date.

use axum::extract::{Query, State};
use chrono::NaiveDate;
use maud::Markup;
use serde::Deserialize;

use super::{store, views};
use crate::app::AppState;
use crate::web::{AppError, AppResult, Ctx, Routes};

pub fn routes() -> Routes {
    Routes::new().get("/admin/audit", global_log)
}

#[derive(Deserialize, Default)]
struct LogQuery {
    #[serde(default)]
    user: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    page: Option<u64>,
}

fn parse_date(ctx: &Ctx, text: &str) -> AppResult<Option<NaiveDate>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    crate::web::forms::parse_date(text)
        .map(Some)
        .ok_or_else(|| AppError::BadRequest(ctx.t("error-date-invalid")))
}

async fn global_log(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<LogQuery>,
) -> AppResult<Markup> {
    ctx.require_admin()?;
    let filter = store::LogFilter {
        user_id: query.user.trim().parse().ok(),
        from: parse_date(&ctx, &query.from)?,
        to: parse_date(&ctx, &query.to)?,
        // Bounded: a page number from the address must not overflow the offset.
        page: query.page.unwrap_or(0).min(10_000),
    };
    let (lines, total) = store::log(&state.db, &filter).await?;
    let users = crate::accounts::store::all(&state.db).await?;
    Ok(views::log_page(&ctx, &lines, total, &filter, &users))
}
