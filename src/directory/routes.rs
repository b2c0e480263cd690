//! Directory routes: thin handlers that parse, call the store, render.

use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::Markup;
use sea_orm::{EntityTrait, QueryOrder, TransactionTrait};
use serde::Deserialize;

use super::form::OrganisationForm;
use super::store::{self, Children, ListFilter, Sort};
use super::views::{self, Choices};
use crate::accounts::guard::redirect;
use crate::app::AppState;
use crate::audit;
use crate::entities::*;
use crate::values::optional_text;
use crate::web::{AppError, AppResult, Ctx, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .get("/organisations/by-kind", overview)
        .get("/organisations", list)
        .get("/organisations/new", new_page)
        .post("/organisations", create)
        .get("/organisations/{id}", show)
        .get("/organisations/{id}/edit", edit_page)
        .post("/organisations/{id}", update)
        .get("/organisations/{id}/delete", delete_page)
        .post("/organisations/{id}/delete", delete)
}

async fn overview(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let groups = store::overview_by_kind(&state.db).await?;
    Ok(views::overview(&ctx, &groups))
}

/// Lists for the selects; `with_parents` only for the form (it is long).
pub(crate) async fn choices_with(state: &AppState, with_parents: bool) -> AppResult<Choices> {
    Ok(Choices {
        regions: region::Entity::find()
            .order_by_asc(region::Column::Name)
            .all(&state.db)
            .await?,
        departements: departement::Entity::find()
            .order_by_asc(departement::Column::Code)
            .all(&state.db)
            .await?,
        parents: if with_parents {
            store::possible_parents(&state.db).await?
        } else {
            Vec::new()
        },
    })
}

async fn choices(state: &AppState) -> AppResult<Choices> {
    choices_with(state, true).await
}

#[derive(Deserialize, Default)]
pub(crate) struct ListQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    departement: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    page: String,
}

impl ListQuery {
    pub(crate) fn filter(&self) -> ListFilter {
        ListFilter {
            kind: self.kind.parse().ok(),
            region: optional_text(&self.region),
            departement: optional_text(&self.departement),
            stage: self.stage.parse().ok(),
            tag: optional_text(&self.tag),
            name: optional_text(&self.name),
            sort: Sort::parse(&self.sort),
            page: self.page.parse().unwrap_or(0).min(10_000),
        }
    }
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Markup> {
    let filter = q.filter();
    let (lines, total) = store::list(&state.db, &filter).await?;
    let choices = choices_with(&state, false).await?;
    Ok(views::list(&ctx, &filter, &lines, total, &choices))
}

async fn organisation_or_404(state: &AppState, id: i32) -> AppResult<organisation::Model> {
    store::get(&state.db, id).await?.ok_or(AppError::NotFound)
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i32>) -> AppResult<Markup> {
    let organisation = organisation_or_404(&state, id).await?;
    let details = store::details(&state.db, organisation).await?;
    let history = audit::store::history(&state.db, EntityKind::Organisation, id).await?;
    let stage_history = crate::campaign::store::stage_history(&state.db, id).await?;
    Ok(views::show(&ctx, &details, &history, &stage_history))
}

async fn new_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    Ok(views::form(
        &ctx,
        None,
        &OrganisationForm::blank(),
        &Default::default(),
        &choices(&state).await?,
        None,
    ))
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = OrganisationForm::from_fields(&fields);
    let input = match form.parse(&ctx, &state.db, None).await? {
        Ok(input) => input,
        Err(errors) => {
            let page = views::form(&ctx, None, &form, &errors, &choices(&state).await?, None);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let txn = state.db.begin().await?;
    let id = store::create(&txn, &input, ctx.actor_id()).await?;
    txn.commit().await?;
    state.search.nudge();
    Ok(redirect(&format!("/organisations/{id}")))
}

async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let organisation = organisation_or_404(&state, id).await?;
    let details = store::details(&state.db, organisation).await?;
    let form =
        OrganisationForm::from_model(&details.organisation, &details.tags, &details.channels);
    Ok(views::form(
        &ctx,
        Some(&details.organisation),
        &form,
        &Default::default(),
        &choices(&state).await?,
        None,
    ))
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let current = organisation_or_404(&state, id).await?;
    let mut form = OrganisationForm::from_fields(&fields);
    let input = match form.parse(&ctx, &state.db, Some(id)).await? {
        Ok(input) => input,
        Err(errors) => {
            let page = views::form(
                &ctx,
                Some(&current),
                &form,
                &errors,
                &choices(&state).await?,
                None,
            );
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let version = form
        .version
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::BadRequest(ctx.t("error-version-missing")))?;
    let txn = state.db.begin().await?;
    if !store::update(&txn, id, version, &input, ctx.actor_id()).await? {
        drop(txn);
        // Someone saved meanwhile: nothing was written; show both versions.
        let theirs = organisation_or_404(&state, id).await?;
        let details = store::details(&state.db, theirs).await?;
        form.version = details.organisation.version.to_string();
        let page = views::form(
            &ctx,
            Some(&details.organisation),
            &form,
            &Default::default(),
            &choices(&state).await?,
            Some(&details),
        );
        return Ok((StatusCode::CONFLICT, page).into_response());
    }
    txn.commit().await?;
    state.search.nudge();
    Ok(redirect(&format!("/organisations/{id}")))
}

async fn delete_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let organisation = organisation_or_404(&state, id).await?;
    let counts = store::dependents(&state.db, id).await?;
    Ok(views::delete_confirmation(&ctx, &organisation, counts))
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    children: String,
}

async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<DeleteForm>,
) -> AppResult<Response> {
    let organisation = organisation_or_404(&state, id).await?;
    let (children, _, _) = store::dependents(&state.db, id).await?;
    let choice = match form.children.as_str() {
        "move_up" => Children::MoveUp,
        "detach" => Children::Detach,
        "delete" => Children::Delete,
        _ if children == 0 => Children::Detach,
        _ => return Err(AppError::BadRequest(ctx.t("directory-delete-choose"))),
    };
    let txn = state.db.begin().await?;
    store::delete(&txn, &organisation, choice, ctx.actor_id()).await?;
    txn.commit().await?;
    state.search.nudge();
    Ok(redirect("/organisations"))
}
