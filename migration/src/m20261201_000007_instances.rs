//! Several instances on one database.
//!
//! - The search outbox becomes an ordered log that every consumer (each
//!   instance's embedded index, or the one shared Meilisearch index) reads
//!   with its own cursor: entries get a `position` in commit order from
//!   `search_log.head`; `search_consumers` holds each cursor; entries are
//!   pruned once every live consumer has passed them. The per-entry retry
//!   columns go: a consumer retries from its cursor.
//! - `change_stamps`: counters an instance polls to learn that something it
//!   keeps in memory changed elsewhere (`sessions`: a logout, a role change).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

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
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["change_stamps", "search_consumers", "search_log"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
