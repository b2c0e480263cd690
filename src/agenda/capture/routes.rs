//! Capture handlers: the form at the stand, the queues, the triage of an
//! entry. Viewers may neither capture nor triage (the guard refuses their
//! posts; the pages refuse them too, since they show what was typed).

use axum::extract::{Form, Path, State};
use axum::response::Response;
use maud::Markup;

use super::form::{CaptureForm, TriageForm};
use super::store::{self, Triaged, captured_on};
use super::views::{self, TriagePage};
use crate::agenda::store as events;
use crate::app::AppState;
use crate::entities::{capture_entry, event};
use crate::web::forms::FormErrors;
use crate::web::{AppError, AppResult, Ctx, editing, flash};

fn may_capture(ctx: &Ctx) -> AppResult<()> {
    if ctx.can_write() {
        Ok(())
    } else {
        Err(AppError::ReadOnly)
    }
}

async fn event_or_404(state: &AppState, id: i32) -> AppResult<event::Model> {
    events::get(&state.db, id).await?.ok_or(AppError::NotFound)
}

async fn entry_or_404(state: &AppState, id: i32) -> AppResult<capture_entry::Model> {
    store::get(&state.db, id).await?.ok_or(AppError::NotFound)
}

pub(crate) async fn capture_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    may_capture(&ctx)?;
    let e = event_or_404(&state, id).await?;
    let waiting = store::waiting(&state.db, id).await?;
    Ok(views::capture_page(
        &ctx,
        &e,
        &CaptureForm::default(),
        &FormErrors::default(),
        &waiting,
    ))
}

/// Saves the entry and shows the form again, empty, for the next person.
pub(crate) async fn capture(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    may_capture(&ctx)?;
    let e = event_or_404(&state, id).await?;
    let form = CaptureForm::from_fields(&fields);
    let input = match form.parse(&ctx) {
        Ok(input) => input,
        Err(errors) => {
            let waiting = store::waiting(&state.db, id).await?;
            let page = views::capture_page(&ctx, &e, &form, &errors, &waiting);
            return Ok(editing::refused(page));
        }
    };
    store::capture(&state.db, id, &input, ctx.actor_id()).await?;
    Ok(flash::redirect_with(
        &format!("/events/{id}/capture"),
        "flash-capture-saved",
    ))
}

pub(crate) async fn queue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    may_capture(&ctx)?;
    let e = event_or_404(&state, id).await?;
    let entries = store::queue(&state.db, id).await?;
    let waiting = store::waiting(&state.db, id).await?;
    Ok(views::queue_page(
        &ctx,
        &e,
        &entries,
        &waiting,
        crate::clock::now(),
    ))
}

pub(crate) async fn queues(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    may_capture(&ctx)?;
    let queues = store::queues(&state.db).await?;
    Ok(views::queues_page(&ctx, &queues))
}

/// An entry still waiting (a triaged one is gone from the queue).
async fn waiting_entry(
    state: &AppState,
    ctx: &Ctx,
    id: i32,
) -> AppResult<(capture_entry::Model, event::Model)> {
    let entry = entry_or_404(state, id).await?;
    if entry.triaged_at.is_some() {
        return Err(AppError::Conflict(ctx.t("capture-already-triaged")));
    }
    let e = event_or_404(state, entry.event_id).await?;
    Ok((entry, e))
}

async fn triage_page_for(
    state: &AppState,
    ctx: &Ctx,
    entry: &capture_entry::Model,
    e: &event::Model,
    form: Option<&TriageForm>,
    errors: &FormErrors,
) -> AppResult<Markup> {
    let db = &state.db;
    let people = store::people_like(db, entry).await?;
    let ids: Vec<i32> = people.iter().map(|p| p.id).collect();
    let people = crate::people::store::with_a_role(db, &ids).await?;
    let organisations = store::organisations_like(db, entry.organisation_name.as_deref()).await?;
    let prefilled;
    let form = match form {
        Some(form) => form,
        None => {
            prefilled = TriageForm::prefilled(
                ctx,
                entry,
                e,
                people.first().map(|(p, _)| p.id),
                organisations.first().map(|o| o.id),
            );
            &prefilled
        }
    };
    Ok(views::triage_page(
        ctx,
        &TriagePage {
            entry,
            event: e,
            form,
            errors,
            people: &people,
            organisations: &organisations,
            now: crate::clock::now(),
        },
    ))
}

pub(crate) async fn triage_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    may_capture(&ctx)?;
    let (entry, e) = waiting_entry(&state, &ctx, id).await?;
    triage_page_for(&state, &ctx, &entry, &e, None, &FormErrors::default()).await
}

pub(crate) async fn triage(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    may_capture(&ctx)?;
    let (entry, e) = waiting_entry(&state, &ctx, id).await?;
    let form = TriageForm::from_fields(&fields);
    let decision = match form.parse(&ctx, &state, captured_on(&entry)).await? {
        Ok(decision) => decision,
        Err(errors) => {
            let page = triage_page_for(&state, &ctx, &entry, &e, Some(&form), &errors).await?;
            return Ok(editing::refused(page));
        }
    };
    match store::triage(&state.db, &entry, &decision, ctx.actor_id()).await? {
        Triaged::Done { .. } => {
            state.search.nudge();
            Ok(flash::redirect_with(
                &format!("/events/{}/captures", e.id),
                "flash-capture-triaged",
            ))
        }
        Triaged::AlreadyTriaged => Err(AppError::Conflict(ctx.t("capture-already-triaged"))),
        Triaged::Conflict => Err(AppError::Conflict(ctx.t("capture-triage-conflict"))),
    }
}

pub(crate) async fn discard(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    may_capture(&ctx)?;
    let (entry, e) = waiting_entry(&state, &ctx, id).await?;
    if !store::discard(&state.db, &entry, ctx.actor_id()).await? {
        return Err(AppError::Conflict(ctx.t("capture-already-triaged")));
    }
    Ok(flash::redirect_with(
        &format!("/events/{}/captures", e.id),
        "flash-capture-discarded",
    ))
}
