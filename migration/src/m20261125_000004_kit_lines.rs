//! A kit has at most one next version: its line of versions never forks,
//! even when two volunteers ask for a new version at once. Sessions are
//! also listed per facilitator (the person page, erasure).

use sea_orm_migration::prelude::*;

use crate::schema_helpers::{index, unique_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000004_kit_lines"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(unique_index("workshop_kits", &["previous_version_id"]))
            .await?;
        manager
            .create_index(index("workshop_sessions", &["facilitator_person_id"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("uq_workshop_kits_previous_version_id")
                    .table("workshop_kits")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_workshop_sessions_facilitator_person_id")
                    .table("workshop_sessions")
                    .to_owned(),
            )
            .await
    }
}
