//! The API's route table (walked by the tests like every other route).

use super::{
    campaigns, docs, events, interactions, organisations, people, search, webhooks, workshops,
};
use crate::web::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get(docs::DOCUMENT_PATH, docs::document)
        .get("/admin/api", docs::reference)
        .get("/api/v1/organisations", organisations::list)
        .post("/api/v1/organisations", organisations::create)
        .get("/api/v1/organisations/{id}", organisations::read)
        .put("/api/v1/organisations/{id}", organisations::update)
        .delete("/api/v1/organisations/{id}", organisations::delete)
        .get("/api/v1/people", people::list)
        .post("/api/v1/people", people::create)
        .get("/api/v1/people/{id}", people::read)
        .put("/api/v1/people/{id}", people::update)
        .delete("/api/v1/people/{id}", people::erase)
        .get("/api/v1/people/{id}/export", people::export)
        .get("/api/v1/people/{id}/memberships", people::memberships)
        .post("/api/v1/people/{id}/memberships", people::add_membership)
        .delete("/api/v1/memberships/{id}", people::remove_membership)
        .get("/api/v1/interactions", interactions::list)
        .post("/api/v1/interactions", interactions::create)
        .get("/api/v1/interactions/{id}", interactions::read)
        .post("/api/v1/interactions/{id}/done", interactions::done)
        .post("/api/v1/interactions/{id}/snooze", interactions::snooze)
        .post(
            "/api/v1/interactions/{id}/hand-over",
            interactions::hand_over,
        )
        .get("/api/v1/follow-ups", interactions::follow_ups)
        .get("/api/v1/campaigns", campaigns::list)
        .post("/api/v1/campaigns", campaigns::create)
        .get("/api/v1/campaigns/{id}", campaigns::read)
        .put("/api/v1/campaigns/{id}", campaigns::update)
        .get("/api/v1/campaigns/{id}/objectives", campaigns::objectives)
        .get("/api/v1/campaigns/{id}/outreach", campaigns::outreach)
        .post("/api/v1/campaigns/{id}/outreach", campaigns::add_outreach)
        .get("/api/v1/outreach/{id}", campaigns::read_outreach)
        .put("/api/v1/outreach/{id}", campaigns::update_outreach)
        .post("/api/v1/outreach/{id}/stage", campaigns::move_stage)
        .get("/api/v1/events", events::list)
        .post("/api/v1/events", events::create)
        .get("/api/v1/events/{id}", events::read)
        .put("/api/v1/events/{id}", events::update)
        .delete("/api/v1/events/{id}", events::delete)
        .put(
            "/api/v1/events/{id}/occurrences/{start}",
            events::change_occurrence,
        )
        .delete(
            "/api/v1/events/{id}/occurrences/{start}",
            events::restore_occurrence,
        )
        .post(
            "/api/v1/events/{id}/occurrences/{start}/cancel",
            events::cancel_occurrence,
        )
        .get("/api/v1/occurrences", events::occurrences)
        .get("/api/v1/workshop-kits", workshops::kits)
        .post("/api/v1/workshop-kits", workshops::create_kit)
        .get("/api/v1/workshop-kits/{id}", workshops::kit)
        .put("/api/v1/workshop-kits/{id}", workshops::update_kit)
        .get("/api/v1/workshop-sessions", workshops::sessions)
        .post("/api/v1/workshop-sessions", workshops::create_session)
        .get("/api/v1/workshop-sessions/{id}", workshops::session)
        .put("/api/v1/workshop-sessions/{id}", workshops::update_session)
        .get("/api/v1/search", search::search)
        .get("/api/v1/webhooks", webhooks::list)
        .post("/api/v1/webhooks", webhooks::create)
        .get("/api/v1/webhooks/{id}", webhooks::read)
        .delete("/api/v1/webhooks/{id}", webhooks::delete)
        .post("/api/v1/webhooks/{id}/test", webhooks::test)
}
