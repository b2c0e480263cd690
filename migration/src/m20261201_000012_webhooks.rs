//! Webhooks: addresses told when something happens, and their deliveries.
//!
//! - `webhooks`: an address (`url`) an administrator registered, the kinds
//!   of record it hears about (`entities`, comma-separated), the secret its
//!   deliveries are signed with (HMAC-SHA256; kept, since every delivery
//!   needs it), and whether it is `active`.
//! - `webhook_deliveries`: one row per (webhook, change), written in the
//!   transaction of the change itself (by the audit entry), so a delivery
//!   exists exactly when the change does. An instance takes a due delivery
//!   by setting `claimed_until` under a condition, so only one sends it;
//!   a failure sets `next_attempt_at` further away, and after the last
//!   attempt `failed_at`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema_helpers::{fk, index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000012_webhooks"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("webhooks")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(string_len("url", 2000))
                    .col(string_len("description", 200))
                    .col(string_len("entities", 500))
                    .col(string_len("secret", 64))
                    .col(boolean("active").default(true))
                    .col(integer_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "webhooks",
                        "created_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("webhook_deliveries")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("webhook_id"))
                    .col(string_len("event", 64))
                    .col(string_len("entity", 32))
                    .col(integer("entity_id"))
                    .col(string_len_null("label", 500))
                    .col(integer_null("actor_id"))
                    .col(timestamp_with_time_zone("occurred_at"))
                    .col(integer("attempts").default(0))
                    .col(timestamp_with_time_zone("next_attempt_at"))
                    .col(timestamp_with_time_zone_null("claimed_until"))
                    .col(timestamp_with_time_zone_null("delivered_at"))
                    .col(timestamp_with_time_zone_null("failed_at"))
                    .col(integer_null("last_status"))
                    .col(string_len_null("last_error", 500))
                    .foreign_key(&mut fk(
                        "webhook_deliveries",
                        "webhook_id",
                        "webhooks",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("webhook_deliveries", &["next_attempt_at"]))
            .await?;
        manager
            .create_index(index("webhook_deliveries", &["webhook_id"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("webhook_deliveries").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("webhooks").to_owned())
            .await
    }
}
