//! The volunteer's dashboard: what to do next. Reads other areas' stores;
//! owns no table.

mod routes;
mod views;

pub use routes::routes;
