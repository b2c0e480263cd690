//! Reach and soft claims (issue 19, parts 1 and 4).
//!
//! - `organisations.commune_population`: the commune's population as the
//!   national list of public libraries gives it (`pop_com`), kept on
//!   import: a departmental library reaches the libraries of communes
//!   under 10,000 inhabitants.
//! - `organisations.audience_estimate` and `audience_source`: the audience
//!   of a mailing list or a newsletter, as a volunteer estimated it, and
//!   where the figure comes from (both checked by the organisation form:
//!   SQLite would take any text).
//! - `organisations.reach`: how many libraries, members or readers the
//!   organisation reaches, derived by `directory::reach` from the rest of
//!   the directory and stored so the directory and the board can sort by
//!   it; `NULL` when nothing says (a library, an unknown list).
//! - `outreach_claims`: "I am contacting this organisation for this
//!   campaign until …". One row per organisation and campaign (unique):
//!   a claim is live until its `until` day has passed, a new claim takes
//!   the row of an expired one, and releasing deletes it — so there is at
//!   most one live claim per organisation and campaign on both databases
//!   without a job to expire them. Their history is in the audit log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema_helpers::{editable, finish_editable, fk, index, unique_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000010_reach_and_claims"
    }
}

/// Columns added to `organisations`, one statement each (SQLite adds them
/// one at a time).
fn organisation_columns() -> Vec<ColumnDef> {
    vec![
        integer_null("commune_population"),
        integer_null("audience_estimate"),
        string_len_null("audience_source", 500),
        integer_null("reach"),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in organisation_columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table("organisations")
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(finish_editable(
                editable("outreach_claims")
                    .col(integer("organisation_id"))
                    .col(integer("campaign_id"))
                    .col(integer("user_id"))
                    .col(date("until"))
                    .col(string_len_null("note", 200))
                    .foreign_key(&mut fk(
                        "outreach_claims",
                        "organisation_id",
                        "organisations",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "outreach_claims",
                        "campaign_id",
                        "campaigns",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "outreach_claims",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            ))
            .await?;
        manager
            .create_index(unique_index(
                "outreach_claims",
                &["organisation_id", "campaign_id"],
            ))
            .await?;
        manager
            .create_index(index("outreach_claims", &["campaign_id", "until"]))
            .await?;
        manager
            .create_index(index("outreach_claims", &["user_id"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("outreach_claims").to_owned())
            .await?;
        for column in [
            "reach",
            "audience_source",
            "audience_estimate",
            "commune_population",
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("organisations")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
