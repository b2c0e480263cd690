//! Accounts: server-side sessions (shared by every app instance), login
//! attempts for rate limiting, invitations, and admin settings.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema_helpers::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000002_accounts"
    }
}

const TABLES: &[&str] = &["sessions", "login_attempts", "invitations", "settings"];

fn tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("sessions")
            .if_not_exists()
            // SHA-256 of the cookie value: a copy of the table opens no session.
            .col(string_len("id", 64).primary_key())
            .col(integer("user_id"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("last_seen_at"))
            .col(timestamp_with_time_zone("expires_at"))
            .foreign_key(&mut fk(
                "sessions",
                "user_id",
                "users",
                ForeignKeyAction::Cascade,
            ))
            .take(),
        Table::create()
            .table("login_attempts")
            .if_not_exists()
            .col(pk_auto("id"))
            // "account:<email>" or "address:<ip>"
            .col(string("key"))
            .col(timestamp_with_time_zone("at"))
            .take(),
        Table::create()
            .table("invitations")
            .if_not_exists()
            .col(string_len("id", 64).primary_key())
            .col(integer("user_id"))
            .col(integer_null("invited_by"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("expires_at"))
            .col(timestamp_with_time_zone_null("used_at"))
            .foreign_key(&mut fk(
                "invitations",
                "user_id",
                "users",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "invitations",
                "invited_by",
                "users",
                ForeignKeyAction::SetNull,
            ))
            .take(),
        Table::create()
            .table("settings")
            .if_not_exists()
            .col(string_len("key", 64).primary_key())
            .col(text("value"))
            .col(timestamp_with_time_zone("updated_at"))
            .take(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in tables() {
            manager.create_table(table).await?;
        }
        manager
            .create_index(index("sessions", &["user_id"]))
            .await?;
        manager
            .create_index(index("sessions", &["expires_at"]))
            .await?;
        manager
            .create_index(index("login_attempts", &["key", "at"]))
            .await?;
        manager
            .create_index(index("invitations", &["user_id"]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(*table).if_exists().take())
                .await?;
        }
        Ok(())
    }
}
