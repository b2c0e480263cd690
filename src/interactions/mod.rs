//! Contact log: one interaction per email, call, talk or post, with its
//! follow-up; logging one may move the organisation's outreach stage in the
//! same submit. Owns `interactions`.

pub mod filters;
pub(crate) mod followups_form;
mod followups_views;
pub(crate) mod form;
mod log_views;
mod routes;
pub mod store;
mod views;

pub use routes::routes;
pub use views::timeline_entry;
