//! Saved view routes: the list of views, saving one, opening one (a
//! redirect to the list it filters), deleting one's own.

use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Deserialize;

use super::store::{self, NewView};
use super::{savable, views};
use crate::app::AppState;
use crate::values::limits;
use crate::web::forms::Fields;
use crate::web::{AppError, AppResult, Ctx, Routes, flash};

pub fn routes() -> Routes {
    Routes::new()
        .get("/views", list)
        .post("/views", save)
        .get("/views/{id}", open)
        .post("/views/{id}/delete", delete)
}

fn user_id(ctx: &Ctx) -> AppResult<i32> {
    ctx.actor_id().ok_or(AppError::Unauthorized)
}

async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let user = user_id(&ctx)?;
    let saved = store::visible_to(&state.db, user).await?;
    Ok(views::list(&ctx, user, &saved))
}

#[derive(Deserialize)]
struct SaveForm {
    #[serde(default)]
    view_name: String,
    #[serde(default)]
    path: String,
    #[serde(default)]
    query: String,
    #[serde(default)]
    shared: String,
}

async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<SaveForm>,
) -> AppResult<Response> {
    let user = user_id(&ctx)?;
    if !savable(&form.path) {
        return Err(AppError::BadRequest(ctx.t("error-choice-invalid")));
    }
    let mut f = Fields::new(&ctx);
    let name = f.required_text("view_name", &form.view_name, limits::NAME);
    // What the list's own address carries: a query string, nothing else.
    let query = form.query.trim().trim_start_matches('?').to_owned();
    if query.chars().count() > limits::URL
        || serde_urlencoded::from_str::<Vec<(String, String)>>(&query).is_err()
    {
        f.error("query", "saved-view-query-invalid");
    }
    if let Err(errors) = f.finish() {
        return Err(AppError::Invalid(errors));
    }
    let id = store::create(
        &state.db,
        user,
        NewView {
            name: name.unwrap_or_default(),
            path: form.path.clone(),
            query,
            shared: form.shared == "on" || form.shared == "1",
        },
    )
    .await?;
    Ok(flash::redirect_with(
        &format!("/views/{id}"),
        "flash-view-saved",
    ))
}

async fn open(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i32>) -> AppResult<Response> {
    let user = user_id(&ctx)?;
    let view = store::get_visible(&state.db, id, user)
        .await?
        .ok_or(AppError::NotFound)?;
    let target = if view.query.is_empty() {
        view.path
    } else {
        format!("{}?{}", view.path, view.query)
    };
    Ok(Redirect::to(&target).into_response())
}

async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let user = user_id(&ctx)?;
    if !store::delete_own(&state.db, id, user).await? {
        return Err(AppError::NotFound);
    }
    Ok(flash::redirect_with("/views", "flash-view-deleted"))
}
