//! People: contacts at organisations, and the privacy duties that come with
//! holding their data — lawful basis, do-not-contact, export of everything
//! held about a person, erasure everywhere, and a review list of people not
//! touched for a while. Owns `people` and `memberships`.

pub mod form;
pub mod privacy;
mod routes;
pub mod store;
mod views;

pub use routes::routes;
pub use views::display_name;
