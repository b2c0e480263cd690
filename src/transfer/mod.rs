//! Data in and out: exports of lists (CSV, JSON) and whole-database
//! backups that restore into SQLite or PostgreSQL.

pub mod backup;
pub mod export;
mod routes;

pub use routes::routes;
