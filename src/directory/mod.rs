//! Directory: organisations, their hierarchy, relations, channels and tags.
//! Owns the directory pages; views never query the database.

pub mod cache;
pub mod details;
pub mod form;
pub mod reach;
pub mod relations;
pub(crate) mod routes;
pub mod store;
pub(crate) mod views;

pub use routes::routes;
