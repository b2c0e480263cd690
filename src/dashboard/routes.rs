//! `GET /`: the dashboard of the signed-in volunteer.

use axum::extract::State;
use chrono::Duration;
use maud::Markup;

use super::store;
use super::views::{self, Counts, Dashboard};
use crate::app::AppState;
use crate::web::{AppResult, Ctx, Routes};
use crate::{agenda, campaign, interactions};

/// Upcoming follow-ups shown; the rest are on `/follow-ups`.
const NEXT_SHOWN: u64 = 10;
/// Events listed, and the days ahead their card counts.
const EVENTS_SHOWN: usize = 5;
const EVENTS_DAYS: i64 = 30;
/// Calls for proposals closing within these weeks are listed and counted.
const CALLS_WEEKS: i64 = 4;

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
    // One expansion of the recurring events gives both the card's count
    // and the first few listed.
    let mut events = agenda::store::upcoming(&state.db, 500).await?;
    let horizon = today + Duration::days(EVENTS_DAYS);
    let events_soon = events
        .iter()
        .filter(|l| l.occurrence.start_local.date() < horizon)
        .count() as u64;
    events.truncate(EVENTS_SHOWN);
    let counts = Counts {
        my_overdue: match me {
            Some(me) => store::overdue_follow_ups(&state.db, me, today).await?,
            None => 0,
        },
        my_week: match me {
            Some(me) => store::follow_ups_this_week(&state.db, me, today).await?,
            None => 0,
        },
        events: events_soon,
    };
    let data = Dashboard {
        today,
        counts,
        mine_overdue,
        team_overdue,
        next: interactions::store::upcoming_follow_ups(&state.db, today, NEXT_SHOWN).await?,
        ready: campaign::store::ready_to_approach(&state.db, None, today).await?,
        recent: interactions::store::recent(&state.db, 10).await?,
        events,
        calls: agenda::store::closing_calls(&state.db, today, CALLS_WEEKS).await?,
        captures_flagged: agenda::capture::store::flagged_count(&state.db).await?,
    };
    Ok(views::page(&ctx, &data))
}
