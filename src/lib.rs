//! # relais — architecture map
//!
//! relais is a directory and outreach tracker for digital-mediation networks:
//! organisations, people, logged contacts, events, campaigns and workshop
//! kits, used by the volunteers of a privacy association.
//!
//! ## Areas (one module each, owning its routes, views and queries)
//! Each area is laid out the same way: `routes.rs` (thin handlers: extract,
//! call the area's form and store, render), `form.rs` (the form as typed and
//! its reading into a typed input, built on [`web::forms::Fields`]),
//! `store.rs` (queries and writes, each write with its audit entry and
//! outbox row) and `views.rs` (maud, built on [`web::components`]). An area
//! never imports another area's routes or views; it may call another area's
//! store (or form, for a form shown on its pages).
//!
//! - [`accounts`]: users, roles, sessions, invitations, the guard (login,
//!   roles, CSRF) every request passes; [`audit`]: who changed what.
//! - [`directory`]: organisations, hierarchy, relations, channels, tags.
//! - [`people`]: people, memberships, and privacy (lawful basis, export,
//!   erasure, review); [`interactions`]: the contact log and follow-ups.
//! - [`campaign`]: campaigns, outreach board, not-before dates, progress.
//! - [`workshops`]: kits (Markdown steps rendered safely, versions),
//!   sessions, the reproducibility rate (level 3 of campaign progress).
//! - [`agenda`]: events, recurrence, iCalendar in and out, followed feeds.
//! - [`search`]: one contract, the embedded tantivy engine and Meilisearch;
//!   writes reach the engine through the outbox (below). It also answers
//!   the record picker (`search::pick`, `/pick/…`): every form that
//!   chooses an organisation or a person searches, never lists them all.
//! - [`transfer`]: imports of organisations and people (CSV, JSON, public
//!   datasets: dry run, duplicates, one transaction), exports (CSV, JSON),
//!   backup and restore. Imports started from the web are jobs in the
//!   database, uploaded file included, so any instance follows them
//!   (`transfer::import::jobs`).
//! - [`dashboard`]: the volunteer's home page.
//! - [`seed`]: reference geography and facts from the campaign documents;
//!   [`geography`]: the régions and départements every area reads (lists,
//!   form and filter choices).
//!
//! ## Cross-cutting
//! - [`web`]: request context (language, JSON or HTML), the one [`web::AppError`],
//!   translations (Fluent files in `locales/`), layout, assets;
//!   [`web::forms`] (fields, and the typed readers of recurring field kinds),
//!   [`web::components`] (pagination, choice lists, the record picker,
//!   empty states, URLs),
//!   [`web::record`] and [`web::timeline`] (the record pages' facts and their
//!   one timeline of contacts, stage moves, events, sessions and edits, which
//!   each area fills; laid out by `assets/records.css`),
//!   [`web::editing`] (the save flow of every editable record: version,
//!   one transaction, 409 beside the other version, 422 with the errors),
//!   [`web::security`] (headers, redirect and link checks, panics as 500).
//! - [`entities`]: SeaORM entities, one per table; [`entities::vocabulary`]
//!   holds every closed list of values (kinds, stages, roles…).
//! - [`config`] (one typed `Config`), [`db`] (connection, migrations),
//!   [`app`] (state, router assembly, `Application` bound to a port), [`cli`],
//!   [`clock`] (the one source of "now", pinned by tests).
//! - The schema is defined by the `migration` crate (append-only).
//!
//! ## How a request flows
//! router → security headers → clock scope → `accounts::guard` (session,
//! CSRF, access, input limits) → area handler (extracts, parses with its
//! form) → area store (SeaORM, inside [`db::transaction`] or
//! [`web::editing::save_versioned`]) → entities → database;
//! the handler renders the area's view inside `web::layout::page`. Errors
//! travel as `AppError` and render as a page or JSON in the client's language.
//!
//! ## How a write reaches search
//! A store function writes the row, its audit entry and a `search_outbox`
//! row in one transaction; `search::worker` claims outbox rows (one
//! instance per row, with retries and backoff) and applies them to the
//! engine, so an engine outage never fails or loses a write.
//!
//! ## Invariants
//! - The database is the source of truth; every editable row has
//!   `created_at`, `updated_at` and `version` (optimistic locking).
//! - Vocabulary values are parsed where data enters; unknown ones are errors.
//! - No personal data in `seed-data/`.
//! - "Now" and "today" come from [`clock`] (the app state's clock, ambient
//!   in every request and background task), never from `Utc::now()`; days
//!   are Paris days.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod accounts;
pub mod agenda;
pub mod app;
pub mod audit;
pub mod campaign;
pub mod cli;
pub mod clock;
pub mod config;
pub mod dashboard;
pub mod db;
pub mod directory;
pub mod entities;
pub mod geography;
pub mod interactions;
pub mod people;
pub mod search;
pub mod seed;
pub mod transfer;
pub mod values;
pub mod versioning;
pub mod web;
pub mod workshops;
