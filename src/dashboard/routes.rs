//! `GET /`: the dashboard of the signed-in volunteer.

use axum::extract::State;
use chrono::Duration;
use maud::Markup;

use super::views::{self, Dashboard};
use crate::app::AppState;
use crate::web::{AppResult, Ctx, Routes};
use crate::{agenda, campaign, interactions};

/// Upcoming follow-ups shown; the rest are on `/follow-ups`.
const NEXT_SHOWN: u64 = 10;

pub fn routes() -> Routes {
    Routes::new().get("/", dashboard)
}

async fn dashboard(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let today = crate::clock::today();
    let me = ctx.actor_id();
    // Overdue first (mine, then the team's), then the next ones whatever their date.
    let overdue =
        interactions::store::follow_ups(&state.db, today - Duration::days(1), None).await?;
    let (mine_overdue, team_overdue) = overdue
        .into_iter()
        .partition(|f| f.interaction.user_id == me);
    let data = Dashboard {
        today,
        mine_overdue,
        team_overdue,
        next: interactions::store::upcoming_follow_ups(&state.db, today, NEXT_SHOWN).await?,
        ready: campaign::store::ready_to_approach(&state.db, None, today).await?,
        recent: interactions::store::recent(&state.db, 10).await?,
        events: agenda::store::upcoming(&state.db, 5).await?,
        calls: agenda::store::closing_calls(&state.db, today, 4).await?,
    };
    Ok(views::page(&ctx, &data))
}
