//! Directory: organisations, their hierarchy, relations, channels and tags.
//! Owns the directory pages; views never query the database.

pub mod bulk;
mod bulk_routes;
mod bulk_views;
pub mod cache;
pub mod details;
pub mod duplicates;
pub mod form;
pub mod map;
pub mod merge;
pub(crate) mod merge_routes;
pub mod merge_shared;
pub(crate) mod merge_views;
pub mod reach;
pub mod relations;
pub(crate) mod routes;
pub mod store;
pub(crate) mod views;

pub use routes::routes;
