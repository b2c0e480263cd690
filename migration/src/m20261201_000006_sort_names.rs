//! Lists in French order: "Émile" beside "emile", not after "Zoé". Neither
//! SQLite nor PostgreSQL (without ICU collations set up) sort that way the
//! same, so each organisation carries its name as a sort key (accents and
//! case folded), filled by the application.

use sea_orm_migration::prelude::*;

use crate::schema_helpers::index;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000006_sort_names"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("organisations")
                    .add_column(ColumnDef::new("sort_name").string_len(200).null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("organisations", &["sort_name"]))
            .await?;
        manager
            .create_index(index(
                "organisations",
                &["kind", "region_code", "sort_name"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "idx_organisations_sort_name",
            "idx_organisations_kind_region_code_sort_name",
        ] {
            manager
                .drop_index(Index::drop().name(name).table("organisations").to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("organisations")
                    .drop_column("sort_name")
                    .to_owned(),
            )
            .await
    }
}
