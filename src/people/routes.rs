//! Privacy routes: export, erasure, the review list and its setting.

use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::Months;
use maud::Markup;
use serde::Deserialize;

use super::form::{MembershipForm, PersonForm};
use super::{privacy, store, views};
use crate::app::AppState;
use crate::db;
use crate::entities::person;
use crate::values::optional_text;
use crate::web::forms::FormErrors;
use crate::web::timeline::{TimelineKind, TimelineQuery};
use crate::web::{AppError, AppResult, Ctx, Routes};
use crate::web::{editing, flash};

pub fn routes() -> Routes {
    Routes::new()
        .get("/people", list)
        .get("/people/new", new_page)
        .post("/people", create)
        .get("/people/{id}", show)
        .get("/people/{id}/edit", edit_page)
        .post("/people/{id}", update)
        .post("/people/{id}/memberships", add_membership)
        .post("/memberships/{id}/delete", remove_membership)
        .get("/people/review", review)
        .get("/people/{id}/export", export)
        .get("/people/{id}/erase", erase_page)
        .post("/people/{id}/erase", erase)
        .get("/admin/settings", settings_page)
        .post("/admin/settings", save_settings)
        .merge(super::merge_routes::routes())
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
    db::transaction(&state.db, async |txn| {
        privacy::erase(txn, &person, Some(admin)).await
    })
    .await?;
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
    let cutoff = crate::clock::now()
        .checked_sub_months(Months::new(months))
        .unwrap_or_else(crate::clock::now);
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
    db::transaction(&state.db, async |txn| {
        store::set_review_months(txn, months, ctx.actor_id()).await
    })
    .await?;
    Ok(views::settings(&ctx, &months.to_string(), &FormErrors::default(), true).into_response())
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    page: String,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Markup> {
    let page = q.page.parse().unwrap_or(0).min(10_000);
    let organisation_id = q.organisation.parse().ok();
    let columns = views::PersonColumns::from_query(&pairs);
    let (people, total) = store::list(
        &state.db,
        optional_text(&q.q).as_deref(),
        organisation_id,
        page,
    )
    .await?;
    let roles = if columns.has(views::PersonColumn::Organisations) {
        let ids: Vec<i32> = people.iter().map(|p| p.id).collect();
        store::current_roles(&state.db, &ids, crate::clock::today()).await?
    } else {
        Default::default()
    };
    Ok(views::list(
        &ctx,
        &views::PeopleList {
            query: &q.q,
            columns: &columns,
            people: &people,
            roles: &roles,
            total,
            page,
        },
    ))
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(q): Query<TimelineQuery>,
) -> AppResult<Markup> {
    person_page(&state, &ctx, id, None, q.kind()).await
}

/// The person page, with its role form sent back when refused.
async fn person_page(
    state: &AppState,
    ctx: &Ctx,
    id: i32,
    sent: Option<(&MembershipForm, &FormErrors)>,
    show: Option<TimelineKind>,
) -> AppResult<Markup> {
    let person = person_or_404(state, id).await?;
    let memberships = store::memberships(&state.db, id).await?;
    let interactions = crate::interactions::store::for_person(&state.db, id).await?;
    let history =
        crate::audit::store::history(&state.db, crate::entities::EntityKind::Person, id).await?;
    let sessions = crate::workshops::store::sessions(
        &state.db,
        &crate::workshops::store::SessionFilter {
            facilitator_id: Some(id),
            newest_first: true,
            ..Default::default()
        },
    )
    .await?;
    Ok(views::show(
        ctx,
        &person,
        &memberships,
        &interactions,
        &history,
        sent,
        &sessions,
        show,
    ))
}

async fn new_page(ctx: Ctx) -> AppResult<Markup> {
    Ok(views::form(
        &ctx,
        None,
        &PersonForm::blank(crate::clock::today()),
        &FormErrors::default(),
        None,
    ))
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<PersonForm>,
) -> AppResult<Response> {
    let input = match form.parse(&ctx) {
        Ok(input) => input,
        Err(errors) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                views::form(&ctx, None, &form, &errors, None),
            )
                .into_response());
        }
    };
    let id = db::transaction(&state.db, async |txn| {
        store::create(txn, &input, ctx.actor_id()).await
    })
    .await?;
    state.search.nudge();
    Ok(flash::redirect_with(
        &format!("/people/{id}"),
        "flash-created",
    ))
}

async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let person = person_or_404(&state, id).await?;
    if person.erased_at.is_some() {
        return Err(AppError::BadRequest(ctx.t("erase-already")));
    }
    Ok(views::form(
        &ctx,
        Some(&person),
        &PersonForm::from_model(&person),
        &FormErrors::default(),
        None,
    ))
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(mut form): Form<PersonForm>,
) -> AppResult<Response> {
    let person = person_or_404(&state, id).await?;
    if person.erased_at.is_some() {
        return Err(AppError::BadRequest(ctx.t("erase-already")));
    }
    let input = match form.parse(&ctx) {
        Ok(input) => input,
        Err(errors) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                views::form(&ctx, Some(&person), &form, &errors, None),
            )
                .into_response());
        }
    };
    let version = editing::expected_version(&ctx, &form.version)?;
    let applied = editing::save_versioned(&state.db, async |txn| {
        store::update(txn, &person, version, &input, ctx.actor_id()).await
    })
    .await?;
    if !applied {
        let theirs = person_or_404(&state, id).await?;
        form.version = theirs.version.to_string();
        let page = views::form(
            &ctx,
            Some(&theirs),
            &form,
            &FormErrors::default(),
            Some(&theirs),
        );
        return Ok(editing::conflict(page));
    }
    Ok(editing::saved(&state, &format!("/people/{id}")))
}

/// Local pages only, so a form cannot send anyone elsewhere.
fn back_or(back: &str, default: String) -> String {
    crate::web::security::local_path(back).map_or(default, str::to_owned)
}

async fn add_membership(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<MembershipForm>,
) -> AppResult<Response> {
    let saved = form.save(&ctx, &state, Some(id), None).await?;
    if let Err(errors) = saved {
        // The page again, the input kept (and the records a name matched).
        let page = person_page(&state, &ctx, id, Some((&form, &errors)), None).await?;
        return Ok(editing::refused(page));
    }
    Ok(editing::saved(
        &state,
        &back_or(&form.back, format!("/people/{id}")),
    ))
}

#[derive(Deserialize)]
struct BackForm {
    #[serde(default)]
    back: String,
}

async fn remove_membership(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<BackForm>,
) -> AppResult<Response> {
    let found = store::membership(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    db::transaction(&state.db, async |txn| {
        store::remove_membership(txn, &found, ctx.actor_id()).await
    })
    .await?;
    Ok(flash::redirect_with(
        &back_or(&form.back, format!("/people/{}", found.person_id)),
        "flash-saved",
    ))
}
