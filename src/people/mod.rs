//! People: contacts at organisations, and the privacy duties that come with
//! holding their data — lawful basis, do-not-contact, export of everything
//! held about a person, erasure everywhere, and a review list of people not
//! touched for a while; merging two people found to be one. Owns `people`,
//! `memberships`, `person_aliases` and `person_duplicate_dismissals`.

pub mod duplicates;
pub mod form;
pub mod merge;
mod merge_routes;
pub mod privacy;
mod routes;
pub mod store;
mod views;

pub use routes::routes;
pub use views::display_name;
