//! Loading the reference places from files: `relais geo load DIR`, and at
//! start when the communes table is empty and `RELAIS_GEO_DIR` holds
//! `communes.csv` (in the background: the app serves meanwhile).
//!
//! [`load_dir`] is a plain sequence of loaders, one per file, each
//! skipped when its file is absent; each streams its rows into the
//! database in batches, one transaction per batch, as upserts by key, so
//! loading twice changes nothing and a newer file updates in place.

use std::path::Path;

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, Set, TransactionTrait,
};

use crate::entities::{commune, epci};

/// Rows per statement: ten columns × 500 stays far below the bind
/// parameter limits of SQLite and PostgreSQL.
const BATCH: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("base de données : {0}")]
    Database(#[from] DbErr),
}

/// What each loader read (rows per file; `None`: the file was absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub epcis: Option<u64>,
    pub communes: Option<u64>,
}

impl std::fmt::Display for LoadReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |n: Option<u64>| n.map_or("absent".to_owned(), |n| n.to_string());
        write!(
            f,
            "communes: {}, intercommunalités: {}",
            show(self.communes),
            show(self.epcis)
        )
    }
}

/// Loads every reference file found in `dir` (see the module's doc).
pub async fn load_dir(db: &DatabaseConnection, dir: &Path) -> Result<LoadReport, LoadError> {
    Ok(LoadReport {
        epcis: load_epcis(db, &dir.join("epci.csv")).await?,
        communes: load_communes(db, &dir.join("communes.csv")).await?,
    })
}

/// Whether the start of the app should load `dir`: no commune yet, and a
/// communes file there.
pub async fn wanted(db: &impl ConnectionTrait, dir: &Path) -> Result<bool, DbErr> {
    Ok(dir.join("communes.csv").is_file() && commune::Entity::find().count(db).await? == 0)
}

/// Loads `dir` in the background (see [`wanted`]); one line in the log.
pub fn spawn_at_start(
    db: DatabaseConnection,
    dir: std::path::PathBuf,
    clock: &crate::clock::Clock,
) {
    tokio::spawn(clock.scope(async move {
        match wanted(&db, &dir).await {
            Ok(true) => match load_dir(&db, &dir).await {
                Ok(report) => {
                    tracing::info!(dir = %dir.display(), %report, "reference communes loaded")
                }
                Err(err) => {
                    tracing::warn!(dir = %dir.display(), %err, "reference communes not loaded")
                }
            },
            Ok(false) => {}
            Err(err) => tracing::warn!(%err, "reference communes not looked at"),
        }
    }));
}

fn reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().flexible(false).from_reader(bytes)
}

async fn read_file(path: &Path) -> Result<Option<Vec<u8>>, LoadError> {
    match tokio::fs::read(path).await {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(file_error(path, err)),
    }
}

fn file_error(path: &Path, message: impl std::fmt::Display) -> LoadError {
    LoadError::File {
        file: path.display().to_string(),
        message: message.to_string(),
    }
}

/// The columns of a header line, by name, or which one is missing.
fn positions<const N: usize>(
    path: &Path,
    headers: &csv::StringRecord,
    names: [&str; N],
) -> Result<[usize; N], LoadError> {
    let mut found = [0; N];
    for (slot, name) in found.iter_mut().zip(names) {
        *slot = headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| file_error(path, format!("colonne « {name} » absente")))?;
    }
    Ok(found)
}

fn number(text: &str) -> Option<i32> {
    text.trim().parse::<f64>().ok().map(|n| n as i32)
}

fn coordinate(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

fn optional(text: &str) -> Option<String> {
    crate::values::optional_text(text)
}

async fn load_epcis(db: &DatabaseConnection, path: &Path) -> Result<Option<u64>, LoadError> {
    let Some(bytes) = read_file(path).await? else {
        return Ok(None);
    };
    let mut reader = reader(&bytes);
    let headers = reader.headers().map_err(|e| file_error(path, e))?.clone();
    let [siren, name, kind, population, members] = positions(
        path,
        &headers,
        [
            "code_siren",
            "nom",
            "type",
            "population_municipale",
            "communes",
        ],
    )?;
    let mut batch = Vec::with_capacity(BATCH);
    let mut count = 0;
    for record in reader.records() {
        let record = record.map_err(|e| file_error(path, e))?;
        batch.push(epci::ActiveModel {
            siren: Set(record[siren].trim().to_owned()),
            name: Set(record[name].trim().to_owned()),
            kind: Set(record[kind].trim().to_owned()),
            population: Set(number(&record[population])),
            members: Set(number(&record[members])),
        });
        count += 1;
        if batch.len() == BATCH {
            upsert_epcis(db, std::mem::take(&mut batch)).await?;
        }
    }
    upsert_epcis(db, batch).await?;
    Ok(Some(count))
}

async fn upsert_epcis(db: &DatabaseConnection, rows: Vec<epci::ActiveModel>) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    let txn = db.begin().await?;
    epci::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(epci::Column::Siren)
                .update_columns([
                    epci::Column::Name,
                    epci::Column::Kind,
                    epci::Column::Population,
                    epci::Column::Members,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await
}

async fn load_communes(db: &DatabaseConnection, path: &Path) -> Result<Option<u64>, LoadError> {
    let Some(bytes) = read_file(path).await? else {
        return Ok(None);
    };
    let mut reader = reader(&bytes);
    let headers = reader.headers().map_err(|e| file_error(path, e))?.clone();
    let [
        code,
        name,
        departement,
        region,
        postcodes,
        population,
        epci_col,
        lat,
        lon,
    ] = positions(
        path,
        &headers,
        [
            "code_insee",
            "nom",
            "departement",
            "region",
            "codes_postaux",
            "population",
            "epci",
            "latitude",
            "longitude",
        ],
    )?;
    let mut batch = Vec::with_capacity(BATCH);
    let mut count = 0;
    for record in reader.records() {
        let record = record.map_err(|e| file_error(path, e))?;
        let commune_name = record[name].trim().to_owned();
        // Postcodes may be separated by spaces, commas or semicolons.
        let codes: Vec<&str> = record[postcodes]
            .split([' ', ',', ';', '|'])
            .filter(|c| !c.is_empty())
            .collect();
        batch.push(commune::ActiveModel {
            code: Set(record[code].trim().to_uppercase()),
            search_name: Set(super::fold(&commune_name)),
            name: Set(commune_name),
            departement_code: Set(record[departement].trim().to_uppercase()),
            region_code: Set(record[region].trim().to_owned()),
            postcodes: Set(codes.join(" ")),
            population: Set(number(&record[population])),
            epci_siren: Set(optional(&record[epci_col])),
            latitude: Set(coordinate(&record[lat])),
            longitude: Set(coordinate(&record[lon])),
        });
        count += 1;
        if batch.len() == BATCH {
            upsert_communes(db, std::mem::take(&mut batch)).await?;
        }
    }
    upsert_communes(db, batch).await?;
    Ok(Some(count))
}

async fn upsert_communes(
    db: &DatabaseConnection,
    rows: Vec<commune::ActiveModel>,
) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    let txn = db.begin().await?;
    commune::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(commune::Column::Code)
                .update_columns([
                    commune::Column::Name,
                    commune::Column::SearchName,
                    commune::Column::DepartementCode,
                    commune::Column::RegionCode,
                    commune::Column::Postcodes,
                    commune::Column::Population,
                    commune::Column::EpciSiren,
                    commune::Column::Latitude,
                    commune::Column::Longitude,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await
}
