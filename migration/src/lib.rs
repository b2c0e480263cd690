//! Database migrations for relais, shared by SQLite and PostgreSQL.
//!
//! Migrations are append-only: a schema change is a new file, never an edit
//! of one that has shipped. Every migration must run on both databases (CI
//! runs the test suite on each).

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_initial_schema;
mod m20261125_000002_accounts;
mod m20261125_000003_list_indexes;
mod m20261125_000004_kit_lines;
mod m20261201_000005_submissions;
mod m20261201_000006_sort_names;
mod m20261201_000007_instances;
mod m20261201_000008_import_jobs;
mod m20261201_000009_api_tokens;
mod m20261201_000010_reach_and_claims;
mod m20261201_000011_lineage_and_capture;
mod m20261201_000012_webhooks;
mod m20261201_000013_mandates;
mod m20261202_000014_communes;
mod m20261202_000015_merges;
mod m20261202_000016_person_merges;
mod m20261202_000017_webhook_events;
mod schema_helpers;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_initial_schema::Migration),
            Box::new(m20261125_000002_accounts::Migration),
            Box::new(m20261125_000003_list_indexes::Migration),
            Box::new(m20261125_000004_kit_lines::Migration),
            Box::new(m20261201_000005_submissions::Migration),
            Box::new(m20261201_000006_sort_names::Migration),
            Box::new(m20261201_000007_instances::Migration),
            Box::new(m20261201_000008_import_jobs::Migration),
            Box::new(m20261201_000009_api_tokens::Migration),
            Box::new(m20261201_000010_reach_and_claims::Migration),
            Box::new(m20261201_000011_lineage_and_capture::Migration),
            Box::new(m20261201_000012_webhooks::Migration),
            Box::new(m20261201_000013_mandates::Migration),
            Box::new(m20261202_000014_communes::Migration),
            Box::new(m20261202_000015_merges::Migration),
            Box::new(m20261202_000016_person_merges::Migration),
            Box::new(m20261202_000017_webhook_events::Migration),
        ]
    }
}
