//! Agenda routes: thin handlers that extract and parse the request, call
//! the agenda's store or services, and render — one module a sub-feature:
//!
//! - [`events`]: the agenda (list and month), an event's page, its form,
//!   its deletion;
//! - [`occurrences`]: one date of a series moved, cancelled or restored;
//! - [`feeds`]: `/events.ics` with personal feed tokens, followed feeds;
//! - [`import`]: a calendar file uploaded;
//! - [`calls`]: calls for proposals closing soon;
//! - [`lineage`]: an event joining or leaving the lineage of its editions;
//! - stand captures and their triage (`crate::agenda::capture`).

mod calls;
mod events;
mod feeds;
mod import;
mod lineage;
mod occurrences;

use chrono::Datelike;

use super::capture::routes as capture;
use super::store::{self, AgendaFilter};
use super::time::parse_date;
use super::views::AgendaView;
use crate::app::AppState;
use crate::entities::event;
use crate::web::{AppError, AppResult, Ctx, Routes};

/// The agenda's one entry point (merged by `app::routes`).
pub fn routes() -> Routes {
    Routes::new()
        .get("/agenda", events::agenda)
        .get("/agenda/calls", calls::calls)
        .get("/events.ics", feeds::ics_feed)
        .get("/events/new", events::new_page)
        .post("/events", events::create)
        .get("/events/{id}", events::show)
        .get("/events/{id}/edit", events::edit_page)
        .post("/events/{id}", events::update)
        .get("/events/{id}/delete", events::delete_page)
        .post("/events/{id}/delete", events::delete)
        .post("/events/{id}/lineage", lineage::change)
        .get("/events/{id}/capture", capture::capture_page)
        .post("/events/{id}/capture", capture::capture)
        .get("/events/{id}/captures", capture::queue)
        .get("/captures", capture::queues)
        .get("/captures/{id}", capture::triage_page)
        .post("/captures/{id}", capture::triage)
        .post("/captures/{id}/discard", capture::discard)
        .get("/events/{id}/occurrences/{start}", occurrences::page)
        .post("/events/{id}/occurrences/{start}", occurrences::change)
        .get("/agenda/import", import::page)
        .post("/agenda/import", import::upload)
        .get("/agenda/feeds", feeds::followed_page)
        .post("/agenda/feeds", feeds::follow)
        .post("/agenda/feeds/{id}/refresh", feeds::refresh)
        .post("/agenda/feeds/{id}/delete", feeds::unfollow)
        .get("/account/feed", feeds::token_page)
        .post("/account/feed", feeds::regenerate_token)
}

/// The agenda's query (`/agenda`, `/events.ics`): filters, and how to
/// show them.
struct AgendaQuery {
    filter: AgendaFilter,
    view: AgendaView,
    token: Option<String>,
}

fn parse_query(ctx: &Ctx, pairs: &[(String, String)]) -> AppResult<AgendaQuery> {
    let bad = |key: &str| AppError::BadRequest(format!("{} {key}", ctx.t("agenda-error-filter")));
    let date = |key: &str, v: &str| parse_date(v).ok_or_else(|| bad(key));
    let mut filter = AgendaFilter::default();
    let (mut view, mut month, mut week, mut token) = (None, None, None, None);
    for (key, value) in pairs {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "from" => filter.from = Some(date(key, value)?),
            "to" => filter.to = Some(date(key, value)?),
            "region" => filter.region.push(value.to_owned()),
            "departement" => filter.departement.push(value.to_owned()),
            "kind" => filter.kind.push(value.parse().map_err(|_| bad(key))?),
            // A field may hold several themes, comma-separated.
            "theme" => filter.theme.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned),
            ),
            "organiser" => filter.organiser = Some(value.parse().map_err(|_| bad(key))?),
            "participation" => filter.participation = Some(value.parse().map_err(|_| bad(key))?),
            "view" => view = Some(value.to_owned()),
            "month" => month = Some(date(key, &format!("{value}-01"))?),
            "week" => week = Some(date(key, value)?),
            "token" => token = Some(value.to_owned()),
            _ => {}
        }
    }
    filter.normalise();
    let today = crate::clock::today();
    let view = match view.as_deref() {
        Some("month") => AgendaView::Month(month.unwrap_or(today.with_day(1).unwrap_or(today))),
        Some("week") => {
            // Any day of the week names it; the week starts on Monday.
            let day = week.unwrap_or(today);
            let monday =
                day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()));
            AgendaView::Week(monday)
        }
        None | Some("list") => AgendaView::List,
        Some(_) => return Err(bad("view")),
    };
    Ok(AgendaQuery {
        filter,
        view,
        token,
    })
}

async fn event_or_404(state: &AppState, id: i32) -> AppResult<event::Model> {
    store::get(&state.db, id).await?.ok_or(AppError::NotFound)
}
