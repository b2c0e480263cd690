//! The volunteer's dashboard: what to do next, as cards of counts over
//! the lists. Reads other areas' stores and counts rows in its own
//! `store`; owns no table.

mod routes;
mod store;
mod views;

pub use routes::routes;
