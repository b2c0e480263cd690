//! An event joins, starts or leaves a lineage (the editions of a yearly
//! event).

use axum::extract::{Form, Path, State};
use axum::response::Response;

use super::event_or_404;
use crate::agenda::store::lineages::{self, LineageChange};
use crate::app::AppState;
use crate::web::editing::expected_version;
use crate::web::{AppError, AppResult, Ctx, flash};

/// The value of `name` in the form (the last one when repeated).
fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .unwrap_or("")
}

pub(super) async fn change(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let e = event_or_404(&state, id).await?;
    let version = expected_version(&ctx, field(&fields, "version"))?;
    let change = match field(&fields, "action") {
        "start" => LineageChange::Start,
        "leave" => LineageChange::Leave,
        "join" => {
            let lineage = match field(&fields, "lineage_id").parse::<i32>() {
                Ok(lineage) => lineages::get(&state.db, lineage).await?,
                Err(_) => None,
            };
            LineageChange::Join(
                lineage
                    .ok_or_else(|| AppError::BadRequest(ctx.t("lineage-error-unknown")))?
                    .id,
            )
        }
        _ => return Err(AppError::BadRequest(ctx.t("lineage-error-action"))),
    };
    let unchanged = match change {
        LineageChange::Join(l) => e.lineage_id == Some(l),
        LineageChange::Leave => e.lineage_id.is_none(),
        LineageChange::Start => false,
    };
    if !unchanged && !lineages::change(&state.db, &e, version, change, ctx.actor_id()).await? {
        return Err(AppError::Conflict(ctx.t("lineage-error-conflict")));
    }
    state.search.nudge();
    Ok(flash::redirect_with(
        &format!("/events/{id}#lineage"),
        "flash-saved",
    ))
}
