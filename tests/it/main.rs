//! Integration tests: each starts the real server on port 0 with a fresh
//! database (SQLite, or PostgreSQL when RELAIS_TEST_DATABASE_URL is set) and
//! speaks HTTP to it. One crate with modules, so it links once.

mod helpers;

mod accounts;
mod agenda;
mod api;
mod api_writes;
mod around;
mod browser;
mod bulk;
mod campaign;
mod capture;
mod claims;
mod directory;
mod followups;
mod foundation;
mod hostile;
mod i18n;
mod imports;
mod instances;
mod lineage;
mod mandates;
mod map;
mod merge;
mod palette;
mod people;
mod person_merge;
mod pick;
mod privacy;
mod reach;
mod saved_views;
mod search;
mod transfer;
mod webhooks;
mod workshops;
