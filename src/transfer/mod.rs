//! Data in and out: imports of organisations and people (CSV, JSON),
//! exports of lists (CSV, JSON) and whole-database backups that restore
//! into SQLite or PostgreSQL.

pub mod backup;
pub mod export;
pub mod import;
mod import_routes;
mod import_views;
mod routes;

pub use routes::{download, routes};
