//! One date of a series: moved, renamed, cancelled, or restored to what
//! the series says.

use std::collections::HashMap;

use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Response};
use maud::Markup;

use super::event_or_404;
use crate::agenda::form::OccurrenceForm;
use crate::agenda::recurrence::{Occurrence, parse_local};
use crate::agenda::store::{self, OccurrenceAction};
use crate::agenda::views;
use crate::app::AppState;
use crate::entities::event;
use crate::web::editing;
use crate::web::flash;
use crate::web::forms::FormErrors;
use crate::web::{AppError, AppResult, Ctx};

/// The date of `e` the series gives at `start` (as in the address).
async fn occurrence_or_400(
    state: &AppState,
    ctx: &Ctx,
    e: &event::Model,
    start: &str,
) -> AppResult<Occurrence> {
    let not_part = || AppError::BadRequest(ctx.t("agenda-error-occurrence"));
    let original = parse_local(start).ok_or_else(not_part)?;
    store::occurrence_named(&state.db, e, original)
        .await?
        .ok_or_else(not_part)
}

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, start)): Path<(i32, String)>,
) -> AppResult<Markup> {
    let e = event_or_404(&state, id).await?;
    let o = occurrence_or_400(&state, &ctx, &e, &start).await?;
    let form = OccurrenceForm::of(&o);
    Ok(views::occurrences::page(
        &ctx,
        &e,
        &o,
        &form,
        &FormErrors::default(),
    ))
}

pub(super) async fn change(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, start)): Path<(i32, String)>,
    Form(fields): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let e = event_or_404(&state, id).await?;
    let o = occurrence_or_400(&state, &ctx, &e, &start).await?;
    let form = OccurrenceForm::from_fields(&fields);
    let action = match fields.get("action").map(|a| a.trim()) {
        Some("restore") => OccurrenceAction::Restore(o.recurrence_local),
        // Nothing is cancelled before the volunteer confirmed.
        Some("cancel") if fields.get("confirm").map(|c| c.trim()) != Some("yes") => {
            return Ok(views::occurrences::cancel_confirm(&ctx, &e, &o).into_response());
        }
        Some("cancel") => OccurrenceAction::Change(form.cancellation(&o)),
        Some("move") => match form.parse(&ctx, &e, &o) {
            Ok(change) => OccurrenceAction::Change(change),
            Err(errors) => {
                let page = views::occurrences::page(&ctx, &e, &o, &form, &errors);
                return Ok(editing::refused(page));
            }
        },
        _ => return Err(AppError::BadRequest(ctx.t("error-choice-invalid"))),
    };
    store::edit_occurrence(&state.db, &e, &action, ctx.actor_id()).await?;
    Ok(flash::redirect_with(
        &format!("/events/{id}"),
        "flash-saved",
    ))
}
