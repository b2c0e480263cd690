//! Several instances on one database.
//!
//! - The search outbox becomes an ordered log that every consumer (each
//!   instance's embedded index, or the one shared Meilisearch index) reads
//!   with its own cursor: entries get a `position` in commit order from
//!   `search_log.head`; `search_consumers` holds each cursor; entries are
//!   pruned once every live consumer has passed them. The per-entry retry
//!   columns go: a consumer retries from its cursor.
//! - `change_stamps`: counters an instance polls to learn that something it
//!   keeps in memory changed elsewhere (`sessions`: a logout, a role change;
//!   `directory`: moved by triggers on every write a directory list shows).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::schema_helpers::index;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000007_instances"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .alter_table(
                Table::alter()
                    .table("search_outbox")
                    .add_column(big_integer_null("position"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("search_outbox", &["position"]))
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_search_outbox_available_at")
                    .table("search_outbox")
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite drops them one at a time.
        for column in ["attempts", "available_at", "locked_until", "last_error"] {
            db.execute_unprepared(&format!("ALTER TABLE search_outbox DROP COLUMN {column}"))
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("search_log")
                    .if_not_exists()
                    .col(integer("id").primary_key())
                    // Highest position handed out.
                    .col(big_integer("head").default(0))
                    // Entries up to here are gone: a cursor behind it rebuilds.
                    .col(big_integer("pruned_through").default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table("search_log")
                    .columns(["id", "head", "pruned_through"])
                    .values_panic([1.into(), 0.into(), 0.into()])
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("search_consumers")
                    .if_not_exists()
                    .col(string_len("name", 200).primary_key())
                    .col(big_integer("position").default(0))
                    .col(timestamp_with_time_zone("seen_at"))
                    .col(string_len_null("lease_holder", 64))
                    .col(timestamp_with_time_zone_null("lease_until"))
                    .col(integer("attempts").default(0))
                    .col(text_null("last_error"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("change_stamps")
                    .if_not_exists()
                    .col(string_len("name", 64).primary_key())
                    .col(big_integer("value").default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table("change_stamps")
                    .columns(["name", "value"])
                    .values_panic(["sessions".into(), 0.into()])
                    .values_panic(["directory".into(), 0.into()])
                    .to_owned(),
            )
            .await?;
        directory_triggers(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DbBackend::Postgres;
        for table in DIRECTORY_TABLES {
            let names = if postgres {
                vec![format!("directory_changed ON {table}")]
            } else {
                ["insert", "update", "delete"]
                    .map(|op| format!("directory_changed_{table}_{op}"))
                    .to_vec()
            };
            for name in names {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}"))
                    .await?;
            }
        }
        if postgres {
            db.execute_unprepared("DROP FUNCTION IF EXISTS directory_changed()")
                .await?;
        }
        for table in ["change_stamps", "search_consumers", "search_log"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// The tables whose writes a directory list can show.
const DIRECTORY_TABLES: [&str; 4] = [
    "organisations",
    "outreach_statuses",
    "organisation_tags",
    "tags",
];

/// Triggers that move the `directory` stamp on every write to those
/// tables, whatever code path makes it: once per statement on PostgreSQL,
/// once per row on SQLite (which has no statement triggers).
async fn directory_triggers(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let bump = "UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'";
    if manager.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(&format!(
            "CREATE OR REPLACE FUNCTION directory_changed() RETURNS trigger \
             LANGUAGE plpgsql AS $$ BEGIN {bump}; RETURN NULL; END $$"
        ))
        .await?;
        for table in DIRECTORY_TABLES {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER directory_changed AFTER INSERT OR UPDATE OR DELETE ON {table} \
                 FOR EACH STATEMENT EXECUTE FUNCTION directory_changed()"
            ))
            .await?;
        }
    } else {
        for table in DIRECTORY_TABLES {
            for op in ["insert", "update", "delete"] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER IF NOT EXISTS directory_changed_{table}_{op} \
                     AFTER {} ON {table} BEGIN {bump}; END",
                    op.to_uppercase()
                ))
                .await?;
            }
        }
    }
    Ok(())
}
