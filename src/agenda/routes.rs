//! Agenda routes: thin handlers that parse, call the store, render.

use std::collections::HashMap;

use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Duration, NaiveTime, Utc};
use maud::Markup;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

use super::feed;
use super::feed_cache::Stamp;
use super::fetch::Reach;
use super::form::EventForm;
use super::import::{self, ImportError};
use super::recurrence::{self, day_start, parse_local};
use super::store::{self, AgendaFilter, OccurrenceChange, Origin};
use super::subscriptions;
use super::time::{add_days, next_month, parse_date};
use super::views::{self, AgendaPage, AgendaView, OccurrenceFormValues};
use crate::accounts::guard::redirect;
use crate::app::AppState;
use crate::audit;
use crate::directory::routes::choices_with;
use crate::entities::*;
use crate::values::optional_text;
use crate::web::flash;
use crate::web::forms::FormErrors;
use crate::web::{AppError, AppResult, Ctx, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .get("/agenda", agenda)
        .get("/agenda/calls", calls)
        .get("/events.ics", ics_feed)
        .get("/events/new", new_page)
        .post("/events", create)
        .get("/events/{id}", show)
        .get("/events/{id}/edit", edit_page)
        .post("/events/{id}", update)
        .get("/events/{id}/delete", delete_page)
        .post("/events/{id}/delete", delete)
        .get("/events/{id}/occurrences/{start}", occurrence_page)
        .post("/events/{id}/occurrences/{start}", change_occurrence)
        .get("/agenda/import", import_page)
        .post("/agenda/import", import_upload)
        .get("/agenda/feeds", feeds_page)
        .post("/agenda/feeds", add_feed)
        .post("/agenda/feeds/{id}/refresh", refresh_feed)
        .post("/agenda/feeds/{id}/delete", delete_feed)
        .get("/account/feed", feed_token_page)
        .post("/account/feed", regenerate_feed_token)
}

/// The agenda's query: filters, and how to show them.
struct AgendaQuery {
    filter: AgendaFilter,
    view: AgendaView,
    token: Option<String>,
}

fn parse_query(ctx: &Ctx, pairs: &[(String, String)]) -> AppResult<AgendaQuery> {
    let bad = |key: &str| AppError::BadRequest(format!("{} {key}", ctx.t("agenda-error-filter")));
    let date = |key: &str, v: &str| parse_date(v).ok_or_else(|| bad(key));
    let mut filter = AgendaFilter::default();
    let (mut view, mut month, mut token) = (None, None, None);
    for (key, value) in pairs {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "from" => filter.from = Some(date(key, value)?),
            "to" => filter.to = Some(date(key, value)?),
            "region" => filter.region = Some(value.to_owned()),
            "departement" => filter.departement = Some(value.to_owned()),
            "kind" => filter.kind = Some(value.parse().map_err(|_| bad(key))?),
            "theme" => filter.theme = Some(value.to_owned()),
            "organiser" => filter.organiser = Some(value.parse().map_err(|_| bad(key))?),
            "participation" => filter.participation = Some(value.parse().map_err(|_| bad(key))?),
            "view" => view = Some(value.to_owned()),
            "month" => month = Some(date(key, &format!("{value}-01"))?),
            "token" => token = Some(value.to_owned()),
            _ => {}
        }
    }
    let today = crate::clock::today();
    let view = match view.as_deref() {
        Some("month") => AgendaView::Month(month.unwrap_or(today.with_day(1).unwrap_or(today))),
        None | Some("list") => AgendaView::List,
        Some(_) => return Err(bad("view")),
    };
    Ok(AgendaQuery {
        filter,
        view,
        token,
    })
}

/// The window the agenda covers: the month shown, or from/to (default:
/// from today, a year ahead).
fn window(q: &AgendaQuery) -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
    match q.view {
        AgendaView::Month(month) => (day_start(month), day_start(next_month(month))),
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

async fn agenda(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let q = parse_query(&ctx, &pairs)?;
    let (from, to) = window(&q);
    let items = store::occurrences(&state.db, &q.filter, from, to).await?;
    if ctx.wants_json {
        let json: Vec<serde_json::Value> = items
            .iter()
            .map(|l| {
                serde_json::json!({
                    "event_id": l.event.id,
                    "title": l.title(),
                    "kind": l.event.kind.as_str(),
                    "start": l.occurrence.start_local,
                    "end": l.occurrence.end_local,
                    "all_day": l.event.all_day,
                    "time_zone": l.event.time_zone,
                    "starts_at": l.occurrence.starts_at,
                    "url": format!("/events/{}", l.event.id),
                })
            })
            .collect();
        return Ok(axum::Json(json).into_response());
    }
    let ids: Vec<i32> = items.iter().map(|l| l.event.id).collect();
    let organisers = store::organiser_names(&state.db, &ids).await?;
    let calls = store::closing_calls(&state.db, crate::clock::today(), 6).await?;
    let choices = choices_with(&state, false).await?;
    Ok(views::agenda(
        &ctx,
        AgendaPage {
            filter: &q.filter,
            view: q.view,
            items: &items,
            organisers: &organisers,
            choices: &choices,
            calls: &calls,
        },
    )
    .into_response())
}

async fn calls(
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
    Ok(views::calls(&ctx, weeks, &events))
}

/// `GET /events.ics`: the signed-in user's, or a feed token's.
async fn ics_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let q = parse_query(&ctx, &pairs)?;
    if ctx.user.is_none() {
        let known = match &q.token {
            Some(token) => feed::user_for_token(&state.db, token).await?.is_some(),
            None => false,
        };
        if !known {
            return Ok((
                StatusCode::FORBIDDEN,
                [(CONTENT_TYPE, "text/plain; charset=utf-8")],
                ctx.t("agenda-error-token"),
            )
                .into_response());
        }
    }
    // Past events stay a while so calendars do not drop them at once.
    let from = day_start(add_days(
        q.filter.from.unwrap_or_else(crate::clock::today),
        -90,
    ));
    let to = day_start(add_days(
        q.filter.to.unwrap_or_else(crate::clock::today),
        5 * 365,
    ));
    let base_url = state.base_url(&headers);
    // The token is not part of the key: every user sees the same events.
    let key = format!("{base_url} {from} {to} {:?}", q.filter);
    let stamp = Stamp::read(&state.db).await?;
    let rendered = match state.feeds.get(&key, &stamp) {
        Some(rendered) => rendered,
        None => {
            let host = feed::uid_domain(state.config.public_url.as_deref());
            let body = feed::render(
                &state.db,
                &state.feeds,
                &q.filter,
                (from, to),
                (host, &base_url),
                &stamp,
            )
            .await?;
            state.feeds.put(key, stamp, body)
        }
    };
    let unchanged = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == rendered.etag));
    let cache_headers = [
        (ETAG, rendered.etag.clone()),
        (CACHE_CONTROL, "private, max-age=300".to_owned()),
    ];
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, cache_headers).into_response());
    }
    Ok((
        cache_headers,
        [
            (CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (CONTENT_DISPOSITION, "inline; filename=\"relais.ics\""),
        ],
        rendered.body,
    )
        .into_response())
}

async fn event_or_404(state: &AppState, id: i32) -> AppResult<event::Model> {
    store::get(&state.db, id).await?.ok_or(AppError::NotFound)
}

async fn new_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<HashMap<String, String>>,
) -> AppResult<Markup> {
    let mut form = EventForm::blank();
    // "New event" from an organisation's page names it as organiser.
    if let Some(id) = params.get("organiser").and_then(|v| v.parse::<i32>().ok())
        && let Some(o) = organisation::Entity::find_by_id(id).one(&state.db).await?
    {
        form.organisers = o.name;
    }
    Ok(views::form(
        &ctx,
        None,
        &form,
        &FormErrors::default(),
        &choices_with(&state, false).await?,
        None,
    ))
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = EventForm::from_fields(&fields);
    let input = match form.parse(&ctx, &state.db).await? {
        Ok(input) => input,
        Err(errors) => {
            let page = views::form(
                &ctx,
                None,
                &form,
                &errors,
                &choices_with(&state, false).await?,
                None,
            );
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let txn = state.db.begin().await?;
    let id = store::create(&txn, &input, Origin::default(), ctx.actor_id()).await?;
    txn.commit().await?;
    state.search.nudge();
    Ok(flash::redirect_with(
        &format!("/events/{id}"),
        "flash-created",
    ))
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i32>) -> AppResult<Response> {
    let e = event_or_404(&state, id).await?;
    let overrides = store::overrides(&state.db, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let from = day_start(crate::clock::today());
    let mut next = recurrence::expand(&e, &overrides, from, from + Duration::days(3 * 365));
    next.truncate(12);
    if next.is_empty() {
        // A past event: show its own dates.
        let (from, to) = recurrence::day_around(e.starts_at);
        next = recurrence::expand(&e, &overrides, from, to);
    }
    if ctx.wants_json {
        return Ok(axum::Json(serde_json::json!({
            "event": e,
            "next": next.iter().map(|o| serde_json::json!({
                "start": o.start_local, "end": o.end_local, "cancelled": o.cancelled, "title": o.title,
            })).collect::<Vec<_>>(),
        }))
        .into_response());
    }
    let organisers = store::organiser_names(&state.db, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let feed_name = match e.feed_id {
        Some(feed_id) => event_feed::Entity::find_by_id(feed_id)
            .one(&state.db)
            .await?
            .map(|f| f.name),
        None => None,
    };
    let history = audit::store::history(&state.db, EntityKind::Event, id).await?;
    Ok(views::show(
        &ctx,
        views::EventPage {
            event: &e,
            organisers: &organisers,
            next: &next,
            changed: &overrides,
            feed_name,
            history: &history,
        },
    )
    .into_response())
}

async fn organiser_display_names(state: &AppState, id: i32) -> AppResult<Vec<String>> {
    Ok(store::organiser_names(&state.db, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default()
        .into_iter()
        .map(|(_, n)| n)
        .collect())
}

async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let e = event_or_404(&state, id).await?;
    let form = EventForm::from_model(&e, &organiser_display_names(&state, id).await?);
    Ok(views::form(
        &ctx,
        Some(&e),
        &form,
        &FormErrors::default(),
        &choices_with(&state, false).await?,
        None,
    ))
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let current = event_or_404(&state, id).await?;
    let mut form = EventForm::from_fields(&fields);
    let mut input = match form.parse(&ctx, &state.db).await? {
        Ok(input) => input,
        Err(errors) => {
            let page = views::form(
                &ctx,
                Some(&current),
                &form,
                &errors,
                &choices_with(&state, false).await?,
                None,
            );
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    // Extra dates come from imports; the form does not edit them.
    input.rdates = current.rdates.clone();
    let version = form
        .version
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::BadRequest(ctx.t("error-version-missing")))?;
    let txn = state.db.begin().await?;
    if !store::update(&txn, &current, version, &input, ctx.actor_id()).await? {
        drop(txn);
        // Someone saved meanwhile: nothing was written; show both versions.
        let theirs = event_or_404(&state, id).await?;
        form.version = theirs.version.to_string();
        let page = views::form(
            &ctx,
            Some(&theirs),
            &form,
            &FormErrors::default(),
            &choices_with(&state, false).await?,
            Some(&theirs),
        );
        return Ok((StatusCode::CONFLICT, page).into_response());
    }
    txn.commit().await?;
    state.search.nudge();
    Ok(flash::redirect_with(
        &format!("/events/{id}"),
        "flash-saved",
    ))
}

async fn delete_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let e = event_or_404(&state, id).await?;
    Ok(views::delete_confirmation(&ctx, &e))
}

async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let e = event_or_404(&state, id).await?;
    let txn = state.db.begin().await?;
    store::delete(&txn, &e, ctx.actor_id()).await?;
    txn.commit().await?;
    state.search.nudge();
    Ok(flash::redirect_with("/agenda", "flash-deleted"))
}

/// The occurrence of `e` that the rule gives at `start` (cancelled ones
/// included, so they can be restored).
async fn find_occurrence(
    state: &AppState,
    ctx: &Ctx,
    e: &event::Model,
    start: &str,
) -> AppResult<(recurrence::Occurrence, Vec<event_override::Model>)> {
    let not_part = || AppError::BadRequest(ctx.t("agenda-error-occurrence"));
    let original = parse_local(start).ok_or_else(not_part)?;
    let overrides = store::overrides(&state.db, &[e.id])
        .await?
        .remove(&e.id)
        .unwrap_or_default();
    let tz = recurrence::zone_of(e);
    let (from, to) = recurrence::day_around(super::time::to_instant(original, tz));
    let occurrence = recurrence::expand(e, &overrides, from, to)
        .into_iter()
        .find(|o| o.recurrence_local == original)
        .ok_or_else(not_part)?;
    Ok((occurrence, overrides))
}

async fn occurrence_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, start)): Path<(i32, String)>,
) -> AppResult<Markup> {
    let e = event_or_404(&state, id).await?;
    let (o, _) = find_occurrence(&state, &ctx, &e, &start).await?;
    let values = OccurrenceFormValues {
        start_date: o.start_local.date().to_string(),
        start_time: o.start_local.format("%H:%M").to_string(),
        end_time: o
            .end_local
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default(),
        title: o.title.clone().unwrap_or_default(),
        note: o.note.clone().unwrap_or_default(),
    };
    Ok(views::occurrence(
        &ctx,
        &e,
        &o,
        &values,
        &FormErrors::default(),
    ))
}

async fn change_occurrence(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, start)): Path<(i32, String)>,
    Form(fields): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let e = event_or_404(&state, id).await?;
    let (o, _) = find_occurrence(&state, &ctx, &e, &start).await?;
    let field = |name: &str| {
        fields
            .get(name)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let txn = state.db.begin().await?;
    match field("action").as_str() {
        "restore" => store::restore_occurrence(&txn, &e, o.recurrence_local).await?,
        "cancel" => {
            let change = OccurrenceChange {
                recurrence_local: o.recurrence_local,
                cancelled: true,
                start_local: None,
                end_local: None,
                title: None,
                note: optional_text(&field("note")),
            };
            store::change_occurrence(&txn, &e, &change, ctx.actor_id()).await?;
        }
        "move" => {
            let mut errors = FormErrors::default();
            let date = parse_date(&field("start_date"));
            if date.is_none() {
                errors.add("start_date", ctx.t("error-date-invalid"));
            }
            let time = |name: &str, errors: &mut FormErrors| -> Option<NaiveTime> {
                let v = field(name);
                if v.is_empty() || e.all_day {
                    return None;
                }
                NaiveTime::parse_from_str(&v, "%H:%M")
                    .map_err(|_| errors.add(name, ctx.t("agenda-error-time")))
                    .ok()
            };
            let start_time = time("start_time", &mut errors);
            let end_time = time("end_time", &mut errors);
            let start_local = date.map(|d| d.and_time(start_time.unwrap_or(o.start_local.time())));
            let end_local = match (date, end_time) {
                (Some(d), Some(t)) => Some(d.and_time(t)),
                _ => None,
            };
            if let (Some(s), Some(end)) = (start_local, end_local)
                && end <= s
            {
                errors.add("end_time", ctx.t("agenda-error-end-before-start"));
            }
            let Some(start_local) = start_local.filter(|_| errors.is_empty()) else {
                drop(txn);
                let values = OccurrenceFormValues {
                    start_date: field("start_date"),
                    start_time: field("start_time"),
                    end_time: field("end_time"),
                    title: field("title"),
                    note: field("note"),
                };
                let page = views::occurrence(&ctx, &e, &o, &values, &errors);
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
            };
            let change = OccurrenceChange {
                recurrence_local: o.recurrence_local,
                cancelled: false,
                start_local: Some(start_local).filter(|s| *s != o.recurrence_local),
                end_local,
                title: optional_text(&field("title")),
                note: optional_text(&field("note")),
            };
            store::change_occurrence(&txn, &e, &change, ctx.actor_id()).await?;
        }
        _ => return Err(AppError::BadRequest(ctx.t("error-choice-invalid"))),
    }
    txn.commit().await?;
    Ok(flash::redirect_with(
        &format!("/events/{id}"),
        "flash-saved",
    ))
}

async fn import_page(ctx: Ctx) -> Markup {
    views::import_page(&ctx, None, None)
}

/// Reads the uploaded `.ics` (a `file` field, or `text` pasted).
async fn uploaded_text(ctx: &Ctx, mut multipart: Multipart) -> AppResult<String> {
    let bad = |key: &str| AppError::BadRequest(ctx.t(key));
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        if matches!(field.name(), Some("file") | Some("text")) {
            let bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::BadRequest(e.body_text()))?;
            if bytes.is_empty() {
                return Err(bad("agenda-import-empty"));
            }
            return String::from_utf8(bytes.to_vec()).map_err(|_| bad("agenda-import-not-text"));
        }
    }
    Err(bad("agenda-import-empty"))
}

async fn import_upload(
    State(state): State<AppState>,
    ctx: Ctx,
    multipart: Multipart,
) -> AppResult<Response> {
    let text = uploaded_text(&ctx, multipart).await?;
    match import::import(&state.db, &text, None, None, ctx.actor_id()).await {
        Ok(report) => {
            state.search.nudge();
            if ctx.wants_json {
                return Ok(axum::Json(serde_json::json!({
                    "created": report.created, "updated": report.updated,
                    "unchanged": report.unchanged, "skipped": report.skipped,
                    "warnings": report.warnings,
                }))
                .into_response());
            }
            Ok(views::import_page(&ctx, Some(&report), None).into_response())
        }
        Err(ImportError::Invalid(error)) => {
            if ctx.wants_json {
                return Err(AppError::BadRequest(error.to_string()));
            }
            let page = views::import_page(&ctx, None, Some(&error.to_string()));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(ImportError::Database(err)) => Err(err.into()),
    }
}

async fn feed_list(state: &AppState) -> AppResult<Vec<(event_feed::Model, Option<String>)>> {
    let feeds = event_feed::Entity::find()
        .order_by_asc(event_feed::Column::Name)
        .all(&state.db)
        .await?;
    let names: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(feeds.iter().filter_map(|f| f.organiser_id)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(feeds
        .into_iter()
        .map(|f| {
            let organiser = f.organiser_id.and_then(|id| names.get(&id).cloned());
            (f, organiser)
        })
        .collect())
}

async fn feeds_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    Ok(views::feeds_page(
        &ctx,
        &feed_list(&state).await?,
        &[],
        &FormErrors::default(),
    ))
}

async fn add_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(fields): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let field = |name: &str| {
        fields
            .get(name)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let (name, url, organiser_name) = (field("name"), field("url"), field("organiser"));
    let mut errors = FormErrors::default();
    if name.is_empty() {
        errors.add("name", ctx.t("error-required"));
    }
    if let Err(key) = subscriptions::check_url(&url, Reach::of(&state.config)) {
        errors.add("url", ctx.t(key));
    }
    let organiser = if organiser_name.is_empty() {
        None
    } else {
        let found = crate::directory::store::by_name_or_acronym(&state.db, &organiser_name).await?;
        if found.is_none() {
            errors.add(
                "organiser",
                format!("{} « {organiser_name} »", ctx.t("agenda-error-organiser")),
            );
        }
        found.map(|o| o.id)
    };
    if !errors.is_empty() {
        let values = [("name", name), ("url", url), ("organiser", organiser_name)];
        let page = views::feeds_page(&ctx, &feed_list(&state).await?, &values, &errors);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let now = crate::clock::now();
    event_feed::ActiveModel {
        name: Set(name),
        url: Set(url),
        organiser_id: Set(organiser),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(redirect("/agenda/feeds"))
}

async fn refresh_feed(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    let feed = event_feed::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    // The outcome is recorded on the feed and shown by the list.
    let _ = subscriptions::refresh(&state.db, &feed, Reach::of(&state.config)).await;
    state.search.nudge();
    Ok(redirect("/agenda/feeds"))
}

async fn delete_feed(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    // Events already imported stay; they simply stop being refreshed.
    event::Entity::update_many()
        .col_expr(
            event::Column::FeedId,
            sea_orm::sea_query::Expr::value(Option::<i32>::None),
        )
        .filter(event::Column::FeedId.eq(id))
        .exec(&state.db)
        .await?;
    event_feed::Entity::delete_by_id(id).exec(&state.db).await?;
    Ok(redirect("/agenda/feeds"))
}

async fn feed_token_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let user = ctx.user()?;
    let has_token = user::Entity::find_by_id(user.id)
        .one(&state.db)
        .await?
        .is_some_and(|u| u.feed_token.is_some());
    Ok(views::feed_token_page(&ctx, None, has_token))
}

async fn regenerate_feed_token(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Markup> {
    let user = ctx.user()?;
    let token = feed::regenerate_token(&state.db, user.id).await?;
    let url = format!("{}/events.ics?token={token}", state.base_url(&headers));
    Ok(views::feed_token_page(&ctx, Some(&url), true))
}
