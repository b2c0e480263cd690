//! The agenda (list and month), an event's page, its form and deletion.

use std::collections::HashMap;

use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use maud::Markup;

use super::{AgendaQuery, event_or_404, parse_query};
use crate::agenda::form::EventForm;
use crate::agenda::recurrence::day_start;
use crate::agenda::store;
use crate::agenda::time::{add_days, next_month};
use crate::agenda::views::events::FormPage;
use crate::agenda::views::{self, AgendaView};
use crate::app::AppState;
use crate::audit;
use crate::entities::EntityKind;
use crate::web::editing::{self, expected_version};
use crate::web::flash;
use crate::web::timeline::TimelineQuery;
use crate::web::{AppError, AppResult, Ctx};

/// The window the agenda covers: the month shown, or from/to (default:
/// from today, a year ahead).
fn window(q: &AgendaQuery) -> (DateTime<Utc>, DateTime<Utc>) {
    match q.view {
        AgendaView::Month(month) => (day_start(month), day_start(next_month(month))),
        AgendaView::Week(monday) => (day_start(monday), day_start(add_days(monday, 7))),
        AgendaView::List => {
            let from = q.filter.from.unwrap_or_else(crate::clock::today);
            let to = match q.filter.to {
                Some(to) => add_days(to, 1),
                None => add_days(from, 365),
            };
            (day_start(from), day_start(to))
        }
    }
}

pub(super) async fn agenda(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let q = parse_query(&ctx, &pairs)?;
    let (from, to) = window(&q);
    let items = store::occurrences(&state.db, &q.filter, from, to).await?;
    if ctx.wants_json {
        return Ok(axum::Json(views::agenda::json(&items)).into_response());
    }
    let ids: Vec<i32> = items.iter().map(|l| l.event.id).collect();
    let organisers = store::organiser_names(&state.db, &ids).await?;
    let calls = store::closing_calls(&state.db, crate::clock::today(), 6).await?;
    let expected = store::lineages::expected_editions(&state.db, &q.filter, from, to).await?;
    let geography = state.geography().await?;
    Ok(views::agenda::page(
        &ctx,
        views::agenda::AgendaPage {
            filter: &q.filter,
            view: q.view,
            items: &items,
            organisers: &organisers,
            geography: &geography,
            calls: &calls,
            expected: &expected,
        },
    )
    .into_response())
}

pub(super) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(q): Query<TimelineQuery>,
) -> AppResult<Response> {
    let details = store::details(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if ctx.wants_json {
        return Ok(axum::Json(views::events::json(&details)).into_response());
    }
    let history = audit::store::history(&state.db, EntityKind::Event, id).await?;
    let e = &details.event;
    let lineage = match e.lineage_id {
        Some(lineage) => {
            store::lineages::details(&state.db, lineage, crate::clock::today()).await?
        }
        None => None,
    };
    let choices = match (&lineage, ctx.can_write()) {
        (None, true) => store::lineages::all(&state.db).await?,
        _ => Vec::new(),
    };
    let captures = crate::agenda::capture::store::waiting(&state.db, id).await?;
    let extras = views::events::Extras {
        lineage: lineage.as_ref(),
        lineages: &choices,
        captures: &captures,
    };
    Ok(views::events::show(&ctx, &details, &history, q.kind(), &extras).into_response())
}

/// The event form page, with the régions and départements to choose from.
async fn form_page(state: &AppState, ctx: &Ctx, page: FormPage<'_>) -> AppResult<Markup> {
    let geography = state.geography().await?;
    Ok(views::events::form(ctx, &page, &geography))
}

pub(super) async fn new_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<HashMap<String, String>>,
) -> AppResult<Markup> {
    let mut form = EventForm::blank();
    // "New event" from an organisation's page names it as organiser.
    if let Some(id) = params.get("organiser").and_then(|v| v.parse::<i32>().ok())
        && let Some(o) = crate::directory::store::get(&state.db, id).await?
    {
        form.organisers = o.name;
    }
    form_page(&state, &ctx, FormPage::new(&form)).await
}

pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = EventForm::from_fields(&fields);
    let input = match form.parse(&ctx, &state.db).await? {
        Ok(input) => input,
        Err(errors) => {
            let page = form_page(&state, &ctx, FormPage::new(&form).errors(&errors)).await?;
            return Ok(editing::refused(page));
        }
    };
    let id = store::create(&state.db, &input, ctx.actor_id()).await?;
    state.search.nudge();
    Ok(flash::redirect_with(
        &format!("/events/{id}"),
        "flash-created",
    ))
}

pub(super) async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let e = event_or_404(&state, id).await?;
    let organisers = store::organiser_display_names(&state.db, id).await?;
    let form = EventForm::from_model(&e, &organisers);
    form_page(&state, &ctx, FormPage::new(&form).editing(&e)).await
}

pub(super) async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let current = event_or_404(&state, id).await?;
    let mut form = EventForm::from_fields(&fields);
    let input = match form.parse(&ctx, &state.db).await? {
        Ok(input) => input,
        Err(errors) => {
            let page = FormPage::new(&form).editing(&current).errors(&errors);
            return Ok(editing::refused(form_page(&state, &ctx, page).await?));
        }
    };
    let version = expected_version(&ctx, &form.version)?;
    if !store::update(&state.db, &current, version, &input, ctx.actor_id()).await? {
        // Someone saved meanwhile: nothing was written; show both versions.
        let theirs = event_or_404(&state, id).await?;
        form.version = theirs.version.to_string();
        let page = FormPage::new(&form).editing(&theirs).beside(&theirs);
        return Ok(editing::conflict(form_page(&state, &ctx, page).await?));
    }
    Ok(editing::saved(&state, &format!("/events/{id}")))
}

pub(super) async fn delete_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let e = event_or_404(&state, id).await?;
    Ok(views::events::delete_confirmation(&ctx, &e))
}

pub(super) async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let e = event_or_404(&state, id).await?;
    store::delete(&state.db, &e, ctx.actor_id()).await?;
    state.search.nudge();
    Ok(flash::redirect_with("/agenda", "flash-deleted"))
}
