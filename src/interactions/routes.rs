//! `/interactions/new`: the ten-second contact form, and follow-ups done.

use axum::extract::{Form, Path, Query, State};
use axum::response::Response;
use maud::Markup;
use serde::Deserialize;

use super::form::InteractionForm;
use super::store;
use super::views::{self, Options};
use crate::app::AppState;
use crate::db;
use crate::web::forms::FormErrors;
use crate::web::{AppError, AppResult, Ctx, Routes};
use crate::web::{editing, flash};

pub fn routes() -> Routes {
    Routes::new()
        .get("/interactions/new", new_page)
        .post("/interactions", create)
        .post("/interactions/{id}/done", done)
}

/// The form's choices; `form` keeps the organisation it names among them.
async fn options(state: &AppState, form: &InteractionForm) -> AppResult<Options> {
    let person: Option<i32> = form.person_id.parse().ok();
    let chosen_person = match person {
        Some(id) => crate::people::store::get(&state.db, id).await?,
        None => None,
    };
    Ok(Options {
        organisations: crate::directory::store::choices(
            &state.db,
            form.organisation_id.parse().ok(),
        )
        .await?,
        campaigns: crate::campaign::store::all(&state.db).await?,
        person: chosen_person,
    })
}

#[derive(Deserialize, Default)]
struct Prefill {
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    person: String,
}

async fn new_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(prefill): Query<Prefill>,
) -> AppResult<Markup> {
    let mut form = InteractionForm::blank(crate::clock::today());
    form.organisation_id = prefill.organisation.trim().to_owned();
    form.person_id = prefill.person.trim().to_owned();
    let person = form.person_id.parse().ok();
    // The person's organisation, when there is exactly one, saves a choice.
    if form.organisation_id.is_empty()
        && let Some(id) = person
    {
        let roles = crate::people::store::memberships(&state.db, id).await?;
        if let [(m, _)] = roles.as_slice() {
            form.organisation_id = m.organisation_id.to_string();
        }
    }
    // The newest campaign is the likely one.
    if let Some(c) = crate::campaign::store::all(&state.db)
        .await?
        .into_iter()
        .next()
    {
        form.campaign_id = c.id.to_string();
    }
    Ok(views::form(
        &ctx,
        &form,
        &FormErrors::default(),
        &options(&state, &form).await?,
    ))
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<InteractionForm>,
) -> AppResult<Response> {
    let input = match form.parse(&ctx, &state.db).await? {
        Ok(input) => input,
        Err(errors) => {
            let page = views::form(&ctx, &form, &errors, &options(&state, &form).await?);
            return Ok(editing::refused(page));
        }
    };
    db::transaction(&state.db, async |txn| {
        store::create(txn, &input, ctx.actor_id()).await
    })
    .await?;
    state.search.nudge();
    let back = match (input.organisation_id, input.person_id) {
        (Some(org), _) => format!("/organisations/{org}"),
        (None, Some(p)) => format!("/people/{p}"),
        _ => "/".into(),
    };
    Ok(flash::redirect_with(&back, "flash-logged"))
}

async fn done(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i32>) -> AppResult<Response> {
    let interaction = store::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    db::transaction(&state.db, async |txn| {
        store::mark_done(txn, &interaction, ctx.actor_id()).await
    })
    .await?;
    Ok(flash::redirect_with("/", "flash-saved"))
}
