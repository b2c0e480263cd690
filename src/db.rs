//! Database connection and migrations, for SQLite and PostgreSQL alike.

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, TransactionTrait,
};
use std::time::Duration;

/// Runs `work` in one transaction: committed when it returns `Ok`, rolled
/// back otherwise — a store's row, its audit entry and its outbox row are
/// written together or not at all. The connection must not be used while
/// the transaction is open (SQLite has a single connection, see [`connect`]).
pub async fn transaction<T, E>(
    db: &DatabaseConnection,
    work: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DbErr>,
{
    let txn = db.begin().await?;
    let value = work(&txn).await?;
    txn.commit().await?;
    Ok(value)
}

/// Connects to `url`. SQLite files (and their directory) are created on
/// first use and switched to WAL.
///
/// SQLite gets a single connection: a transaction that read before writing
/// cannot upgrade once another connection has committed (`SQLITE_BUSY`, no
/// retry helps), so all access is serialised — each query takes well under
/// a millisecond. Code must therefore never use the pool while it holds a
/// transaction. PostgreSQL gets a real pool.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_with(url, None).await
}

/// Connects with an optional PostgreSQL schema search path (tests give each
/// run its own schema on one server).
pub async fn connect_with(url: &str, pg_schema: Option<&str>) -> Result<DatabaseConnection, DbErr> {
    let is_sqlite = url.starts_with("sqlite:");
    if is_sqlite {
        create_sqlite_parent_dir(url)?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if is_sqlite { 1 } else { 16 })
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false);
    if let Some(schema) = pg_schema {
        options.set_schema_search_path(schema.to_owned());
    }
    // Set on every new connection (the pool replaces connections from time
    // to time, and these pragmas belong to the connection). A 64 MB page
    // cache and memory-mapped reads keep the agenda feed and the directory
    // out of read system calls.
    options.map_sqlx_sqlite_opts(|opts| {
        opts.journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .pragma("cache_size", "-65536")
            .pragma("mmap_size", "268435456")
            .row_buffer_size(4096)
    });
    Database::connect(options).await
}

fn create_sqlite_parent_dir(url: &str) -> Result<(), DbErr> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(dir) = std::path::Path::new(path).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            DbErr::Custom(format!("cannot create directory {}: {e}", dir.display()))
        })?;
    }
    Ok(())
}

/// Applies pending migrations; returns how many ran.
pub async fn migrate(db: &DatabaseConnection) -> Result<usize, DbErr> {
    let pending = Migrator::get_pending_migrations(db).await?.len();
    Migrator::up(db, None).await?;
    // Values the schema derives from others but SQL cannot compute alike
    // on both databases (rows from before the column, or restored from an
    // older backup).
    crate::directory::store::fill_sort_names(db).await?;
    crate::directory::reach::refresh(db).await?;
    Ok(pending)
}

pub fn backend_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "sqlite",
        DbBackend::Postgres => "postgres",
        DbBackend::MySql => "mysql",
    }
}
