//! Mandates: elected or fixed-term roles, and when they end.
//!
//! - `memberships.mandate_ends_on`: the day a person's mandate ends (their
//!   role is an elected or fixed-term one); `elected_by`: the body that
//!   elects it ("Assemblée générale").
//! - `organisations.mandates_end_on` / `mandates_elected_by`: the same for
//!   an organisation's elected members as a whole, when the people are not
//!   on record (the ABF's commissions, whose mandates ended in December
//!   2018).
//! - `*_handled_on`: the day relais acted on that end (parked the
//!   organisation, asked for a follow-up); set by one instance only, under
//!   a condition, so the follow-up is asked once.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000013_mandates"
    }
}

/// (table, column, definition), one statement each (SQLite adds them one
/// at a time).
fn columns() -> Vec<(&'static str, &'static str, ColumnDef)> {
    vec![
        (
            "memberships",
            "mandate_ends_on",
            date_null("mandate_ends_on"),
        ),
        (
            "memberships",
            "elected_by",
            string_len_null("elected_by", 200),
        ),
        (
            "memberships",
            "mandate_handled_on",
            date_null("mandate_handled_on"),
        ),
        (
            "organisations",
            "mandates_end_on",
            date_null("mandates_end_on"),
        ),
        (
            "organisations",
            "mandates_elected_by",
            string_len_null("mandates_elected_by", 200),
        ),
        (
            "organisations",
            "mandates_handled_on",
            date_null("mandates_handled_on"),
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, _, mut column) in columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, name, _) in columns().into_iter().rev() {
            manager
                .alter_table(Table::alter().table(table).drop_column(name).to_owned())
                .await?;
        }
        Ok(())
    }
}
