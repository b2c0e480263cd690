//! Event lineages and event-day capture.
//!
//! - `event_lineages`: the editions of one yearly event (this year's
//!   congress and last year's) share a lineage; `events.lineage_id` names
//!   it. A plain column with an index rather than a foreign key: SQLite
//!   cannot add a constrained column to an existing table, and the
//!   application clears it itself.
//! - `capture_entries`: what a volunteer typed at a stand, waiting to be
//!   triaged into people and organisations. The typed fields are personal
//!   data: triage clears them (`triaged_at` set), keeping the row as a
//!   count and a link to the contact it became. Lengths are those the
//!   capture form checks, the same on both databases.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema_helpers::{fk, index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000011_lineage_and_capture"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("event_lineages")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(string_len("name", 200))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("events")
                    .add_column(ColumnDef::new("lineage_id").integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("events", &["lineage_id"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("capture_entries")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("event_id"))
                    .col(integer_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(string_len_null("full_name", 200))
                    .col(string_len_null("organisation_name", 200))
                    .col(string_len_null("role", 200))
                    .col(string_len_null("contact", 254))
                    .col(string_len_null("asked", 2000))
                    .col(boolean("follow_up").default(false))
                    .col(timestamp_with_time_zone_null("triaged_at"))
                    .col(integer_null("triaged_by"))
                    .col(integer_null("interaction_id"))
                    .foreign_key(&mut fk(
                        "capture_entries",
                        "event_id",
                        "events",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "capture_entries",
                        "created_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "capture_entries",
                        "triaged_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "capture_entries",
                        "interaction_id",
                        "interactions",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("capture_entries", &["event_id", "triaged_at"]))
            .await?;
        manager
            .create_index(index("capture_entries", &["triaged_at", "created_at"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("capture_entries").to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_events_lineage_id")
                    .table("events")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("events")
                    .drop_column("lineage_id")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("event_lineages").to_owned())
            .await
    }
}
