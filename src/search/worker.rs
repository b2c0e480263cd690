//! Applies the search outbox to the engine, and rebuilds the index.
//!
//! Entries are claimed one by one with a conditional update (`locked_until`
//! is empty or past), so several app instances on one PostgreSQL database
//! never process the same entry twice. A failing engine leaves the entries
//! in place with an exponential backoff; the index converges when it comes
//! back. Writes never wait for the engine.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use tokio::sync::Notify;

use super::documents::{self, IndexAllError};
use super::{SearchEngine, SearchError};
use crate::entities::{EntityKind, OutboxOp, outbox_entry};

const BATCH: u64 = 200;
const LEASE_SECONDS: i64 = 60;
const MAX_BACKOFF_SECONDS: i64 = 300;

/// The engine and a way to wake the worker after a write.
#[derive(Clone)]
pub struct SearchHandle {
    pub engine: Arc<dyn SearchEngine>,
    wake: Arc<Notify>,
}

impl SearchHandle {
    pub fn new(engine: Arc<dyn SearchEngine>) -> Self {
        SearchHandle {
            engine,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Asks the worker to look at the outbox now rather than at its next tick.
    pub fn nudge(&self) {
        self.wake.notify_one();
    }

    /// Runs the worker until the process ends.
    pub fn spawn_worker(
        &self,
        db: DatabaseConnection,
        clock: &crate::clock::Clock,
    ) -> tokio::task::JoinHandle<()> {
        let handle = self.clone();
        let clock = clock.clone();
        tokio::spawn(clock.clone().scope(async move {
            loop {
                // Each batch in a task of its own: a panic on one record
                // ends that batch (retried later), never the worker.
                let (db, engine) = (db.clone(), handle.engine.clone());
                let batch = tokio::spawn(
                    clock.scope(async move { process_batch(&db, engine.as_ref()).await }),
                );
                match batch.await {
                    Ok(Ok(n)) if n > 0 => continue,
                    Ok(Ok(_)) => {}
                    Ok(Err(err)) => tracing::warn!(%err, "search outbox: database error"),
                    Err(err) => tracing::error!(%err, "search outbox: a batch failed"),
                }
                tokio::select! {
                    _ = handle.wake.notified() => {}
                    _ = tokio::time::sleep(Duration::from_millis(500)) => {}
                }
            }
        }))
    }
}

/// Claims and applies one batch; returns how many entries it settled.
pub async fn process_batch(
    db: &DatabaseConnection,
    engine: &dyn SearchEngine,
) -> Result<usize, DbErr> {
    let now = crate::clock::now();
    let candidates = outbox_entry::Entity::find()
        .filter(outbox_entry::Column::AvailableAt.lte(now))
        .filter(
            Condition::any()
                .add(outbox_entry::Column::LockedUntil.is_null())
                .add(outbox_entry::Column::LockedUntil.lt(now)),
        )
        .order_by_asc(outbox_entry::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let lease = now + chrono::Duration::seconds(LEASE_SECONDS);
    let mut claimed = Vec::new();
    for entry in candidates {
        let result = outbox_entry::Entity::update_many()
            .col_expr(outbox_entry::Column::LockedUntil, Expr::value(Some(lease)))
            .filter(outbox_entry::Column::Id.eq(entry.id))
            .filter(
                Condition::any()
                    .add(outbox_entry::Column::LockedUntil.is_null())
                    .add(outbox_entry::Column::LockedUntil.lt(now)),
            )
            .exec(db)
            .await?;
        if result.rows_affected == 1 {
            claimed.push(entry);
        }
    }
    if claimed.is_empty() {
        return Ok(0);
    }
    // The latest entry per record decides; earlier ones are settled with it.
    let mut latest: BTreeMap<(EntityKind, i32), OutboxOp> = BTreeMap::new();
    for entry in &claimed {
        latest.insert((entry.entity, entry.entity_id), entry.op);
    }
    let mut upserts = Vec::new();
    let mut deletes = Vec::new();
    for ((entity, id), op) in latest {
        let Some(doc_id) = documents::indexed_id(entity, id) else {
            continue;
        };
        let doc = match op {
            OutboxOp::Upsert => documents::load(db, entity, id).await?,
            OutboxOp::Delete => None,
        };
        match doc {
            Some(doc) => upserts.push(doc),
            None => deletes.push(doc_id),
        }
    }
    let applied = apply(engine, upserts, deletes).await;
    let ids: Vec<i32> = claimed.iter().map(|e| e.id).collect();
    match applied {
        Ok(()) => {
            outbox_entry::Entity::delete_many()
                .filter(outbox_entry::Column::Id.is_in(ids.clone()))
                .exec(db)
                .await?;
        }
        Err(err) => {
            tracing::warn!(%err, entries = ids.len(), "search engine refused the update; will retry");
            for entry in &claimed {
                let backoff = (1i64 << entry.attempts.clamp(0, 8)).min(MAX_BACKOFF_SECONDS);
                outbox_entry::Entity::update_many()
                    .col_expr(
                        outbox_entry::Column::Attempts,
                        Expr::value(entry.attempts + 1),
                    )
                    .col_expr(
                        outbox_entry::Column::AvailableAt,
                        Expr::value(crate::clock::now() + chrono::Duration::seconds(backoff)),
                    )
                    .col_expr(
                        outbox_entry::Column::LockedUntil,
                        Expr::value(Option::<chrono::DateTime<Utc>>::None),
                    )
                    .col_expr(
                        outbox_entry::Column::LastError,
                        Expr::value(Some(err.to_string())),
                    )
                    .filter(outbox_entry::Column::Id.eq(entry.id))
                    .exec(db)
                    .await?;
            }
            return Ok(0);
        }
    }
    Ok(ids.len())
}

async fn apply(
    engine: &dyn SearchEngine,
    upserts: Vec<super::SearchDocument>,
    deletes: Vec<String>,
) -> Result<(), SearchError> {
    if !upserts.is_empty() {
        engine.upsert(upserts).await?;
    }
    if !deletes.is_empty() {
        engine.delete(deletes).await?;
    }
    Ok(())
}

/// Rebuilds the whole index from the database; `progress(done, total)`.
pub async fn reindex(
    db: &DatabaseConnection,
    engine: &dyn SearchEngine,
    mut progress: impl FnMut(u64, u64),
) -> Result<u64, IndexAllError> {
    let total = documents::total(db).await?;
    engine.clear().await?;
    let mut done = 0;
    progress(0, total);
    let mut batches = documents::Batches::new(5_000);
    while let Some(docs) = batches.next(db).await? {
        done += docs.len() as u64;
        if !docs.is_empty() {
            engine.upsert(docs).await?;
        }
        progress(done, total);
    }
    Ok(done)
}

/// Entries still waiting (for the health page and tests).
pub async fn pending(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    outbox_entry::Entity::find().count(db).await
}
