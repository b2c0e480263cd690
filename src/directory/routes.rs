//! Directory routes: thin handlers that query the store and render views.

use axum::extract::State;
use maud::Markup;

use super::{store, views};
use crate::app::AppState;
use crate::web::{AppResult, Ctx, Routes};

pub fn routes() -> Routes {
    Routes::new().get("/", overview)
}

async fn overview(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let groups = store::overview_by_kind(&state.db).await?;
    Ok(views::overview(&ctx, &groups))
}
