//! Indexes for the directory list's other sort orders and its most common
//! filter (kind within a région).

use sea_orm_migration::prelude::*;

use crate::schema_helpers::index;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000003_list_indexes"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index("organisations", &["commune", "name"]))
            .await?;
        manager
            .create_index(index("organisations", &["kind", "region_code", "name"]))
            .await?;
        manager
            .create_index(index("organisations", &["updated_at"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "idx_organisations_commune_name",
            "idx_organisations_kind_region_code_name",
            "idx_organisations_updated_at",
        ] {
            manager
                .drop_index(Index::drop().name(name).table("organisations").to_owned())
                .await?;
        }
        Ok(())
    }
}
