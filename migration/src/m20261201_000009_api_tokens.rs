//! Personal API tokens and their rate-limit counters.
//!
//! - `api_tokens`: a token a user created for a script; only the SHA-256 of
//!   the secret is kept (`digest`), like sessions. Read-only unless
//!   `can_write`; stops at `expires_at` or once `revoked_at` is set.
//!   `last_used_at` is written at most once a minute.
//! - `api_rate_windows`: requests per token per minute, counted in the
//!   database so that every instance counts the same requests; one row per
//!   (token, minute), incremented by an upsert.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema_helpers::{fk, index, unique_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000009_api_tokens"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("api_tokens")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    .col(string_len("name", 200))
                    .col(string_len("digest", 64))
                    .col(boolean("can_write").default(false))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("expires_at"))
                    .col(timestamp_with_time_zone_null("last_used_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(&mut fk(
                        "api_tokens",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index("api_tokens", &["digest"]))
            .await?;
        manager
            .create_index(index("api_tokens", &["user_id"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("api_rate_windows")
                    .if_not_exists()
                    .col(integer("token_id"))
                    .col(timestamp_with_time_zone("window_start"))
                    .col(integer("hits").default(0))
                    .primary_key(Index::create().col("token_id").col("window_start"))
                    .foreign_key(&mut fk(
                        "api_rate_windows",
                        "token_id",
                        "api_tokens",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("api_rate_windows").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("api_tokens").to_owned())
            .await
    }
}
