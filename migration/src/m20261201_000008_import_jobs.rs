//! Imports started from the web kept in the database, so that any instance
//! shows a job's progress and report, and a restart does not forget them.
//!
//! - `import_jobs`: one uploaded file and what is being done with it (plan,
//!   phase, counts, report as JSON text). The instance running a dry run or
//!   a commit writes `heartbeat_at` every few seconds; a running job whose
//!   heartbeat stops is marked failed by whichever instance looks at it.
//! - `import_uploads`: the uploaded file itself, in chunks (SQLite BLOB,
//!   PostgreSQL bytea), so no folder needs to be shared between instances;
//!   removed when the job is done, failed or abandoned.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema_helpers::{fk, index, unique_index, vocab};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000008_import_jobs"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("import_jobs")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(string_len("token", 64))
                    .col(integer_null("owner_id"))
                    .col(vocab("target"))
                    .col(text("file_name"))
                    // JSON text: the file's shape, the first rows, the plan.
                    .col(text("shape"))
                    .col(text("examples"))
                    .col(text("plan"))
                    .col(vocab("phase"))
                    .col(big_integer("rows_read").default(0))
                    .col(big_integer_null("total_rows"))
                    .col(text_null("report"))
                    .col(text_null("error"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("heartbeat_at"))
                    .foreign_key(&mut fk(
                        "import_jobs",
                        "owner_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index("import_jobs", &["token"]))
            .await?;
        manager
            .create_index(index("import_jobs", &["updated_at"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("import_uploads")
                    .if_not_exists()
                    .col(integer("job_id"))
                    .col(integer("seq"))
                    .col(blob("content"))
                    .primary_key(Index::create().col("job_id").col("seq"))
                    .foreign_key(&mut fk(
                        "import_uploads",
                        "job_id",
                        "import_jobs",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("import_uploads").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("import_jobs").to_owned())
            .await
    }
}
