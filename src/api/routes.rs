//! The API's route table (walked by the tests like every other route).

use super::{docs, organisations, people, search};
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
        .get("/api/v1/people/{id}", people::read)
        .get("/api/v1/search", search::search)
}
