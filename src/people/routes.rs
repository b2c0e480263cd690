//! Privacy routes: export, erasure, the review list and its setting.

use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::Months;
use maud::Markup;
use sea_orm::{ActiveModelTrait, EntityTrait, Set, TransactionTrait};
use serde::Deserialize;

use super::form::PersonForm;
use super::{privacy, store, views};
use crate::app::AppState;
use crate::directory::routes::refused_on_organisation_page;
use crate::directory::views::LinkForm;
use crate::entities::{membership, organisation};
use crate::entities::{person, setting};
use crate::values::optional_text;
use crate::web::flash;
use crate::web::forms::FormErrors;
use crate::web::{AppError, AppResult, Ctx, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .get("/people", list)
        .get("/people/new", new_page)
        .post("/people", create)
        .get("/people/{id}", show)
        .get("/people/{id}/edit", edit_page)
        .post("/people/{id}", update)
        .post("/people/{id}/memberships", add_membership)
        .post("/organisations/{id}/memberships", add_member)
        .post("/memberships/{id}/delete", remove_membership)
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
    let txn = state.db.begin().await?;
    let key = store::REVIEW_MONTHS_KEY.to_owned();
    let row = setting::ActiveModel {
        key: Set(key.clone()),
        value: Set(months.to_string()),
        updated_at: Set(crate::clock::now()),
    };
    if setting::Entity::find_by_id(key).one(&txn).await?.is_some() {
        row.update(&txn).await?;
    } else {
        row.insert(&txn).await?;
    }
    txn.commit().await?;
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
) -> AppResult<Markup> {
    let page = q.page.parse().unwrap_or(0).min(10_000);
    let organisation_id = q.organisation.parse().ok();
    let (people, total) = store::list(
        &state.db,
        optional_text(&q.q).as_deref(),
        organisation_id,
        page,
    )
    .await?;
    Ok(views::list(&ctx, &q.q, &people, total, page))
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i32>) -> AppResult<Markup> {
    let person = person_or_404(&state, id).await?;
    let memberships = store::memberships(&state.db, id).await?;
    let interactions = crate::interactions::store::for_person(&state.db, id).await?;
    let history =
        crate::audit::store::history(&state.db, crate::entities::EntityKind::Person, id).await?;
    let organisations = crate::directory::store::choices(&state.db, None).await?;
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
        &ctx,
        &person,
        &memberships,
        &interactions,
        &history,
        &organisations,
        &sessions,
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
    let txn = state.db.begin().await?;
    let id = store::create(&txn, &input, ctx.actor_id()).await?;
    txn.commit().await?;
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
    let version = form
        .version
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::BadRequest(ctx.t("error-version-missing")))?;
    let txn = state.db.begin().await?;
    if !store::update(&txn, &person, version, &input, ctx.actor_id()).await? {
        drop(txn);
        let theirs = person_or_404(&state, id).await?;
        form.version = theirs.version.to_string();
        let page = views::form(
            &ctx,
            Some(&theirs),
            &form,
            &FormErrors::default(),
            Some(&theirs),
        );
        return Ok((StatusCode::CONFLICT, page).into_response());
    }
    txn.commit().await?;
    state.search.nudge();
    Ok(flash::redirect_with(
        &format!("/people/{id}"),
        "flash-saved",
    ))
}

#[derive(Deserialize)]
struct MembershipForm {
    #[serde(default)]
    organisation_id: String,
    #[serde(default)]
    person_id: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    started_on: String,
    #[serde(default)]
    ended_on: String,
    #[serde(default)]
    back: String,
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
    let organisation_id = form.organisation_id.trim().parse::<i32>().ok();
    if let Err(errors) = save_membership(&state, &ctx, Some(id), organisation_id, &form).await? {
        // The person page's form is small: the first reason is enough.
        let message = errors.iter().next().map(|(_, m)| m.clone());
        return Err(AppError::BadRequest(
            message.unwrap_or_else(|| ctx.t("error-required")),
        ));
    }
    Ok(flash::redirect_with(
        &back_or(&form.back, format!("/people/{id}")),
        "flash-saved",
    ))
}

/// The same, from the organisation's page: a person takes a role there. A
/// refusal shows that page again with the message and the input kept.
async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<MembershipForm>,
) -> AppResult<Response> {
    let person_id = form.person_id.trim().parse::<i32>().ok();
    if let Err(errors) = save_membership(&state, &ctx, person_id, Some(id), &form).await? {
        let values = [
            ("person_id", &form.person_id),
            ("role", &form.role),
            ("started_on", &form.started_on),
            ("ended_on", &form.ended_on),
        ]
        .map(|(name, value)| (name.to_owned(), value.clone()))
        .into();
        let sent = LinkForm::refused("member", values, errors);
        return refused_on_organisation_page(&state, &ctx, id, sent).await;
    }
    Ok(flash::redirect_with(
        &back_or(&form.back, format!("/organisations/{id}")),
        "flash-saved",
    ))
}

/// Checks and writes one role; nothing is written when anything is wrong,
/// and each reason is given for its field.
async fn save_membership(
    state: &AppState,
    ctx: &Ctx,
    person_id: Option<i32>,
    organisation_id: Option<i32>,
    form: &MembershipForm,
) -> AppResult<Result<(), FormErrors>> {
    let mut errors = FormErrors::default();
    let person = match person_id {
        Some(id) => person::Entity::find_by_id(id).one(&state.db).await?,
        None => None,
    };
    match &person {
        None => errors.add("person_id", ctx.t("membership-person-required")),
        Some(p) if p.erased_at.is_some() => errors.add("person_id", ctx.t("erase-already")),
        Some(_) => {}
    }
    let organisation = match organisation_id {
        Some(id) => organisation::Entity::find_by_id(id).one(&state.db).await?,
        None => None,
    };
    if organisation.is_none() {
        errors.add("organisation_id", ctx.t("membership-organisation-required"));
    }
    let role = form.role.trim();
    if role.is_empty() || role.chars().count() > crate::values::limits::NAME {
        errors.add("role", ctx.t("membership-role-required"));
    }
    let mut date = |name: &str, text: &str| {
        optional_text(text).and_then(|t| {
            chrono::NaiveDate::parse_from_str(&t, "%Y-%m-%d")
                .map_err(|_| errors.add(name, ctx.t("error-date-invalid")))
                .ok()
        })
    };
    let (started_on, ended_on) = (
        date("started_on", &form.started_on),
        date("ended_on", &form.ended_on),
    );
    if let (Some(s), Some(e)) = (started_on, ended_on)
        && e < s
    {
        errors.add("ended_on", ctx.t("campaign-end-before-start"));
    }
    let (Some(person), Some(organisation)) = (person, organisation) else {
        return Ok(Err(errors));
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let txn = state.db.begin().await?;
    store::add_membership(
        &txn,
        person.id,
        organisation.id,
        role,
        started_on,
        ended_on,
        ctx.actor_id(),
    )
    .await?;
    txn.commit().await?;
    state.search.nudge();
    Ok(Ok(()))
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
    let found = membership::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = state.db.begin().await?;
    store::remove_membership(&txn, &found, ctx.actor_id()).await?;
    txn.commit().await?;
    Ok(flash::redirect_with(
        &back_or(&form.back, format!("/people/{}", found.person_id)),
        "flash-saved",
    ))
}
