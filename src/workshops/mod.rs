//! Reproducible workshops (level 3 of the plan): a library of kits that
//! mediators run themselves, with versions; sessions at a venue with a
//! facilitator, attendance and feedback; and the reproducibility rate —
//! sessions run without us over all sessions held. Owns `workshop_kits`
//! and `workshop_sessions`.

/// The kit and session forms' readers (the API reads its bodies with them).
pub(crate) mod form;
pub mod markdown;
mod routes;
pub mod store;
pub mod views;

pub use routes::routes;
