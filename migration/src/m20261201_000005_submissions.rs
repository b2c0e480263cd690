//! One submission, one record: the keys of forms already submitted, so that
//! a double click or a resubmission after "back" leads to what the first
//! submission created instead of creating it again. Short-lived rows.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema_helpers::index;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000005_submissions"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("form_submissions")
                    .if_not_exists()
                    // SHA-256 of the form's one-time key, with the user.
                    .col(string_len("key", 64).primary_key())
                    .col(integer_null("user_id"))
                    // Where the first submission led; empty while it runs.
                    .col(string_len_null("location", 2_000))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("form_submissions", &["created_at"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("form_submissions").to_owned())
            .await
    }
}
