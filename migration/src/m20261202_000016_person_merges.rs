//! Merging people found to be one after the fact (issue 20, part 1).
//!
//! - `person_aliases`: the external ids of people merged into another one.
//!   A re-import of the file that gave a merged person its id finds the
//!   kept person through its alias instead of creating the merged one
//!   again. Only ids are kept: the merged person's name is not (least
//!   data; the merge's audit entry names it, and erasure clears both).
//! - `person_duplicate_dismissals`: pairs of people a volunteer looked at
//!   and said were two different people, so the "doublons probables" list
//!   stops offering them. `first_id` is the smaller id of the pair (the
//!   shape of `duplicate_dismissals`, which is about organisations).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema_helpers::{fk, index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000016_person_merges"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("person_aliases")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("person_id"))
                    .col(string_len_uniq("external_id", 255))
                    .col(integer("merged_id"))
                    .col(timestamp_with_time_zone("merged_at"))
                    .foreign_key(&mut fk(
                        "person_aliases",
                        "person_id",
                        "people",
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("person_aliases", &["person_id"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("person_duplicate_dismissals")
                    .if_not_exists()
                    .col(integer("first_id"))
                    .col(integer("second_id"))
                    .col(integer_null("user_id"))
                    .col(timestamp_with_time_zone("dismissed_at"))
                    .primary_key(Index::create().col("first_id").col("second_id"))
                    .foreign_key(&mut fk(
                        "person_duplicate_dismissals",
                        "first_id",
                        "people",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "person_duplicate_dismissals",
                        "second_id",
                        "people",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "person_duplicate_dismissals",
                        "user_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["person_duplicate_dismissals", "person_aliases"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
