//! Backup and restore: every table as JSON lines, restorable into an
//! empty database of either kind (SQLite → PostgreSQL is how a team moves
//! to the scale path).
//!
//! # Format (version 1)
//! ```text
//! {"format":"relais-backup","version":1,"created_at":"…","tables":["regions",…]}
//! {"table":"regions","row":{"code":"53","name":"Bretagne",…}}
//! …
//! {"end":true,"rows":1234}
//! ```
//! One header line, then one line per row, tables in dependency order
//! (a row only refers to rows of earlier tables, or of its own table
//! through a column restored in a second pass), then a trailer that proves
//! the file is complete. Rows are the entities' own JSON (column names,
//! RFC 3339 instants); password hashes are included, sessions, login
//! attempts and the search log are not (every index is rebuilt), nor the
//! reference communes and intercommunalities (loaded from their files
//! again: `relais geo load`, or at start, see `geo::load`).

use std::collections::HashMap;
use std::io::{BufRead, Write};

use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, Iterable,
    PaginatorTrait, QueryOrder, Statement, TransactionTrait,
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::entities::*;

pub const FORMAT: &str = "relais-backup";
pub const VERSION: u64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("base de données : {0}")]
    Database(#[from] DbErr),
    #[error("fichier : {0}")]
    Io(#[from] std::io::Error),
    #[error("ligne {line} : {message}")]
    Invalid { line: usize, message: String },
    #[error(
        "la base de destination contient déjà des données ({0}) : restaurez dans une base vide, ou ajoutez --force pour tout remplacer"
    )]
    NotEmpty(String),
}

fn invalid(line: usize, message: impl Into<String>) -> BackupError {
    BackupError::Invalid {
        line,
        message: message.into(),
    }
}

/// Self-references restored in a second pass: (table, column).
const DEFERRED: &[(&str, &str)] = &[
    ("organisations", "parent_id"),
    ("workshop_kits", "previous_version_id"),
];

/// Tables whose rows mean "this database is in use".
const CONTENT_TABLES: &[&str] = &[
    "users",
    "organisations",
    "people",
    "interactions",
    "events",
    "campaigns",
];

/// Calls `$callback!(table_name, entity_module)` for each backed-up table,
/// in dependency order.
macro_rules! for_each_table {
    ($callback:ident) => {
        $callback!(
            ("regions", region),
            ("departements", departement),
            ("users", user),
            ("invitations", invitation),
            ("settings", setting),
            ("webhooks", webhook),
            ("saved_views", saved_view),
            ("organisations", organisation),
            ("organisation_relations", organisation_relation),
            ("tags", tag),
            ("organisation_tags", organisation_tag),
            ("channels", channel),
            ("organisation_aliases", organisation_alias),
            ("duplicate_dismissals", duplicate_dismissal),
            ("people", person),
            ("memberships", membership),
            ("person_aliases", person_alias),
            ("person_duplicate_dismissals", person_duplicate_dismissal),
            ("campaigns", campaign),
            ("campaign_objectives", campaign_objective),
            ("campaign_owners", campaign_owner),
            ("outreach_statuses", outreach_status),
            ("outreach_stage_changes", outreach_stage_change),
            ("outreach_claims", outreach_claim),
            ("interactions", interaction),
            ("commune_notes", commune_note),
            ("tours", tour),
            ("tour_stops", tour_stop),
            ("event_feeds", event_feed),
            ("event_lineages", event_lineage),
            ("events", event),
            ("event_organisers", event_organiser),
            ("event_overrides", event_override),
            ("capture_entries", capture_entry),
            ("workshop_kits", workshop_kit),
            ("workshop_sessions", workshop_session),
            ("audit_log", audit_entry)
        )
    };
}

macro_rules! table_names {
    ($(($name:literal, $module:ident)),*) => { &[$($name),*] };
}

/// Backed-up tables, in restore order.
pub const TABLES: &[&str] = for_each_table!(table_names);

/// A row as stored: the entity's JSON, plus fields its serialisation hides.
/// A row as JSON, its columns in the model's order. JSON held in a column
/// (an audit entry's changes) gets its keys sorted: PostgreSQL's `jsonb`
/// reorders them and SQLite keeps them as written, so without this the same
/// data would not give the same file on both.
fn row_json<M: Serialize>(model: &M) -> Value {
    let mut row = serde_json::to_value(model).unwrap_or(Value::Null);
    if let Some(columns) = row.as_object_mut() {
        for value in columns.values_mut() {
            sort_keys(value);
        }
    }
    row
}

fn sort_keys(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.sort_keys();
            map.values_mut().for_each(sort_keys);
        }
        Value::Array(items) => items.iter_mut().for_each(sort_keys),
        _ => {}
    }
}

fn user_row(u: &user::Model) -> Value {
    let mut row = row_json(u);
    if let Some(map) = row.as_object_mut() {
        map.insert("password_hash".into(), json!(u.password_hash));
        map.insert("feed_token".into(), json!(u.feed_token));
    }
    row
}

async fn write_table<E, W>(
    db: &impl ConnectionTrait,
    out: &mut W,
    name: &str,
    to_json: impl Fn(&E::Model) -> Value,
) -> Result<u64, BackupError>
where
    E: EntityTrait,
    E::Model: Sync,
    W: Write,
{
    let mut query = E::find();
    for key in E::PrimaryKey::iter() {
        query = query.order_by_asc(sea_orm::PrimaryKeyToColumn::into_column(key));
    }
    // Pages keep memory bounded on large directories.
    let mut pages = query.paginate(db, 1000);
    let mut written = 0;
    while let Some(rows) = pages.fetch_and_next().await? {
        for model in rows {
            serde_json::to_writer(&mut *out, &json!({ "table": name, "row": to_json(&model) }))
                .map_err(std::io::Error::other)?;
            out.write_all(b"\n")?;
            written += 1;
        }
    }
    Ok(written)
}

/// Writes the whole database; returns the number of rows.
pub async fn write_backup<W: Write>(
    db: &impl ConnectionTrait,
    out: &mut W,
    mut progress: impl FnMut(&str, u64),
) -> Result<u64, BackupError> {
    let header = json!({
        "format": FORMAT,
        "version": VERSION,
        "created_at": crate::clock::now(),
        "tables": TABLES,
    });
    serde_json::to_writer(&mut *out, &header).map_err(std::io::Error::other)?;
    out.write_all(b"\n")?;
    let mut total = 0;
    macro_rules! write_all {
        ($(($name:literal, $module:ident)),*) => {
            $(
                let n = if $name == "users" {
                    write_table::<user::Entity, _>(db, out, $name, user_row).await?
                } else {
                    write_table::<$module::Entity, _>(db, out, $name, |m| row_json(m)).await?
                };
                total += n;
                progress($name, total);
            )*
        };
    }
    for_each_table!(write_all);
    serde_json::to_writer(&mut *out, &json!({ "end": true, "rows": total }))
        .map_err(std::io::Error::other)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(total)
}

async fn count_rows(db: &impl ConnectionTrait, table: &str) -> Result<i64, DbErr> {
    let sql = format!("SELECT COUNT(*) AS n FROM \"{table}\"");
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    Ok(row
        .and_then(|r| r.try_get::<i64>("", "n").ok())
        .unwrap_or(0))
}

/// Which content tables hold rows ("users: 2, organisations: 30").
pub async fn content_summary(db: &impl ConnectionTrait) -> Result<Option<String>, DbErr> {
    let mut used = Vec::new();
    for table in CONTENT_TABLES {
        let n = count_rows(db, table).await?;
        if n > 0 {
            used.push(format!("{table} : {n}"));
        }
    }
    Ok((!used.is_empty()).then(|| used.join(", ")))
}

async fn insert_row(
    db: &impl ConnectionTrait,
    table: &str,
    row: Value,
    line: usize,
) -> Result<(), BackupError> {
    macro_rules! insert {
        ($(($name:literal, $module:ident)),*) => {
            match table {
                $(
                    $name => {
                        let model = $module::ActiveModel::from_json(row)
                            .map_err(|e| invalid(line, format!("ligne illisible pour {table} : {e}")))?;
                        $module::Entity::insert(model).exec_without_returning(db).await?;
                    }
                )*
                other => return Err(invalid(line, format!("table inconnue « {other} »"))),
            }
        };
    }
    for_each_table!(insert);
    Ok(())
}

/// Empties every backed-up table (children first).
async fn clear(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    // Forgetting the search consumers makes every instance rebuild its index.
    for table in [
        "search_outbox",
        "search_consumers",
        "sessions",
        "login_attempts",
    ]
    .iter()
    .chain(TABLES.iter().rev())
    {
        for (deferred_table, column) in DEFERRED {
            if deferred_table == table {
                let sql = format!("UPDATE \"{table}\" SET \"{column}\" = NULL");
                db.execute(Statement::from_string(backend, sql)).await?;
            }
        }
        db.execute(Statement::from_string(
            backend,
            format!("DELETE FROM \"{table}\""),
        ))
        .await?;
    }
    Ok(())
}

/// After explicit ids were inserted, PostgreSQL's sequences must move on.
async fn reset_sequences(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let with_id = db
        .query_all(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT table_name::text AS t FROM information_schema.columns \
             WHERE column_name = 'id' AND data_type IN ('integer', 'bigint') \
             AND table_schema = current_schema()",
        ))
        .await?;
    for row in with_id {
        let table: String = row.try_get("", "t")?;
        if !TABLES.contains(&table.as_str()) {
            continue;
        }
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), \
             COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)"
        );
        db.execute(Statement::from_string(DatabaseBackend::Postgres, sql))
            .await?;
    }
    Ok(())
}

/// What a restore did.
#[derive(Debug, Default)]
pub struct RestoreReport {
    pub rows: u64,
    pub per_table: HashMap<String, u64>,
}

/// Restores a backup into the database, all or nothing. Refuses a
/// database holding data unless `force` (then everything is replaced).
pub async fn restore<C, R>(
    db: &C,
    input: R,
    force: bool,
    mut progress: impl FnMut(u64),
) -> Result<RestoreReport, BackupError>
where
    C: ConnectionTrait + TransactionTrait,
    R: BufRead,
{
    let mut lines = input.lines().enumerate();
    let (_, header) = lines.next().ok_or_else(|| invalid(1, "fichier vide"))?;
    let header: Value = serde_json::from_str(&header?).map_err(|_| {
        invalid(
            1,
            "ce fichier n'est pas une sauvegarde relais (en-tête JSON attendu)",
        )
    })?;
    if header["format"] != FORMAT {
        return Err(invalid(1, "ce fichier n'est pas une sauvegarde relais"));
    }
    match header["version"].as_u64() {
        Some(VERSION) => {}
        Some(other) => {
            return Err(invalid(
                1,
                format!("version de sauvegarde {other} non prise en charge (attendue : {VERSION})"),
            ));
        }
        None => return Err(invalid(1, "version de sauvegarde absente")),
    }
    if !force && let Some(summary) = content_summary(db).await? {
        return Err(BackupError::NotEmpty(summary));
    }
    let txn = db.begin().await?;
    // Reference rows (régions, départements) of a new database come back
    // from the backup itself.
    clear(&txn).await?;
    let mut report = RestoreReport::default();
    let mut deferred: Vec<(&'static str, &'static str, Value, Value)> = Vec::new();
    let mut complete = false;
    for (index, line) in lines {
        let number = index + 1;
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let mut entry: Value = serde_json::from_str(&line)
            .map_err(|e| invalid(number, format!("JSON invalide : {e}")))?;
        if entry["end"] == true {
            let expected = entry["rows"].as_u64().unwrap_or(u64::MAX);
            if expected != report.rows {
                return Err(invalid(
                    number,
                    format!("{expected} lignes annoncées, {} lues", report.rows),
                ));
            }
            complete = true;
            break;
        }
        let table = entry["table"]
            .as_str()
            .ok_or_else(|| invalid(number, "champ « table » manquant"))?
            .to_owned();
        let mut row = entry["row"].take();
        for (deferred_table, column) in DEFERRED {
            let id = row["id"].clone();
            if *deferred_table == table
                && let Some(value) = row.get_mut(*column)
                && !value.is_null()
            {
                deferred.push((deferred_table, column, id, value.take()));
            }
        }
        insert_row(&txn, &table, row, number).await?;
        report.rows += 1;
        *report.per_table.entry(table).or_default() += 1;
        if report.rows % 1000 == 0 {
            progress(report.rows);
        }
    }
    if !complete {
        return Err(invalid(
            0,
            "sauvegarde incomplète : la ligne de fin manque (fichier tronqué ?)",
        ));
    }
    for (table, column, id, value) in deferred {
        let statement = Query::update()
            .table(sea_orm::sea_query::Alias::new(table))
            .value(
                sea_orm::sea_query::Alias::new(column),
                Expr::value(value.as_i64()),
            )
            .and_where(Expr::col(sea_orm::sea_query::Alias::new("id")).eq(id.as_i64()))
            .to_owned();
        txn.execute(txn.get_database_backend().build(&statement))
            .await?;
    }
    reset_sequences(&txn).await?;
    txn.commit().await?;
    progress(report.rows);
    Ok(report)
}
