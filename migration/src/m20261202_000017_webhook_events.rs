//! Webhooks hear named events (issue 18): `outreach.stage_changed`,
//! `event.cancelled`, `follow_up.due`….
//!
//! - `webhook_deliveries.data`: what the event needs beyond the record it is
//!   about (the stages of a move, the date cancelled, the due date of a
//!   follow-up), as JSON; empty for the plain `<kind>.created|updated…`.
//! - `webhook_deliveries.once_key`: set on deliveries no change queues — a
//!   follow-up falling due is noticed by every instance looking — and
//!   unique per webhook, so the first instance to insert it wins and the
//!   others insert nothing. Empty elsewhere (both databases let many rows
//!   leave a unique column empty).
//!
//! `webhooks.entities` keeps its name and column: it may now hold event
//! names besides kinds (a kind alone still means every event of that kind).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema_helpers::unique_index;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000017_webhook_events"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds them one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table("webhook_deliveries")
                    .add_column(json_null("data"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("webhook_deliveries")
                    .add_column(string_len_null("once_key", 120))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "webhook_deliveries",
                &["webhook_id", "once_key"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("uq_webhook_deliveries_webhook_id_once_key")
                    .table("webhook_deliveries")
                    .to_owned(),
            )
            .await?;
        for column in ["once_key", "data"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("webhook_deliveries")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
