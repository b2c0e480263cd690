//! Directory routes: thin handlers that query the store and render views.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use maud::Markup;

use super::{store, views};
use crate::app::AppState;
use crate::web::{AppResult, Ctx};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(overview))
}

async fn overview(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let groups = store::overview_by_kind(&state.db).await?;
    Ok(views::overview(&ctx, &groups))
}
