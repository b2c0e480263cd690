//! Merging duplicates after the fact (issue 20, part 1).
//!
//! - `organisation_aliases`: the external ids of organisations merged into
//!   another one. A re-import of the dataset that gave a merged record its
//!   id finds the kept record through its alias instead of creating the
//!   merged one again.
//! - `duplicate_dismissals`: pairs a volunteer looked at and said were two
//!   different organisations, so the "doublons probables" list stops
//!   offering them. `first_id` is the smaller id of the pair.
//! - `saved_views` (part 3): a list's filter (its path and query string)
//!   saved under a name, personal or shared with the team.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema_helpers::{editable, finish_editable, fk, index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000015_merges"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("organisation_aliases")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("organisation_id"))
                    .col(string_len_uniq("external_id", 255))
                    .col(string_len("merged_name", 200))
                    .col(integer("merged_id"))
                    .col(timestamp_with_time_zone("merged_at"))
                    .foreign_key(&mut fk(
                        "organisation_aliases",
                        "organisation_id",
                        "organisations",
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("organisation_aliases", &["organisation_id"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("duplicate_dismissals")
                    .if_not_exists()
                    .col(integer("first_id"))
                    .col(integer("second_id"))
                    .col(integer_null("user_id"))
                    .col(timestamp_with_time_zone("dismissed_at"))
                    .primary_key(Index::create().col("first_id").col("second_id"))
                    .foreign_key(&mut fk(
                        "duplicate_dismissals",
                        "first_id",
                        "organisations",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "duplicate_dismissals",
                        "second_id",
                        "organisations",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "duplicate_dismissals",
                        "user_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_table(finish_editable(
                editable("saved_views")
                    .col(integer("user_id"))
                    .col(string_len("name", 200))
                    .col(string_len("path", 100))
                    .col(string_len("query", 2000))
                    .col(boolean("shared").default(false))
                    .foreign_key(&mut fk(
                        "saved_views",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            ))
            .await?;
        manager
            .create_index(index("saved_views", &["user_id"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "saved_views",
            "duplicate_dismissals",
            "organisation_aliases",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
