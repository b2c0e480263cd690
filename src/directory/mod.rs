//! Directory: organisations, their hierarchy, relations, channels and tags.
//! Owns the directory pages; views never query the database.

mod form;
mod routes;
pub mod store;
mod views;

pub use routes::routes;
