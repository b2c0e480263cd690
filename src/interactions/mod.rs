//! Contact log: one interaction per email, call, talk or post, with its
//! follow-up; logging one may move the organisation's outreach stage in the
//! same submit. Owns `interactions`.

mod form;
mod routes;
pub mod store;
mod views;

pub use routes::routes;
