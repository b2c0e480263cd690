//! # relais — architecture map
//!
//! relais is a directory and outreach tracker for digital-mediation networks:
//! organisations, people, logged contacts, events, campaigns and workshop
//! kits, used by the volunteers of a privacy association.
//!
//! ## Areas (one module each, owning its routes, views and queries)
//! - [`directory`]: organisations, hierarchy, relations, channels, tags.
//! - [`agenda`]: events, recurrence, iCalendar (time handling so far).
//! - [`seed`]: reference geography and facts from the campaign documents.
//!
//! ## Cross-cutting
//! - [`web`]: request context (language, JSON or HTML), the one [`web::AppError`],
//!   translations (Fluent files in `locales/`), layout and components, assets.
//! - [`entities`]: SeaORM entities, one per table; [`entities::vocabulary`]
//!   holds every closed list of values (kinds, stages, roles…).
//! - [`config`] (one typed `Config`), [`db`] (connection, migrations),
//!   [`app`] (state, router assembly, `Application` bound to a port), [`cli`].
//! - The schema is defined by the `migration` crate (append-only).
//!
//! ## How a request flows
//! router → `web::context` middleware (language, format) → area handler
//! (extracts and parses input) → area store (SeaORM) → entities → database;
//! the handler renders the area's view inside `web::layout::page`. Errors
//! travel as `AppError` and render as a page or JSON in the client's language.
//!
//! ## Invariants
//! - The database is the source of truth; every editable row has
//!   `created_at`, `updated_at` and `version` (optimistic locking).
//! - Vocabulary values are parsed where data enters; unknown ones are errors.
//! - No personal data in `seed-data/`.

pub mod accounts;
pub mod agenda;
pub mod app;
pub mod audit;
pub mod campaign;
pub mod cli;
pub mod config;
pub mod dashboard;
pub mod db;
pub mod directory;
pub mod entities;
pub mod interactions;
pub mod people;
pub mod search;
pub mod seed;
pub mod transfer;
pub mod values;
pub mod versioning;
pub mod web;
