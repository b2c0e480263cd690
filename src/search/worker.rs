//! Applies the search log to this instance's engine, and rebuilds the index.
//!
//! Every write adds an entry to `search_outbox` in its own transaction. Any
//! instance's worker *sequences* the committed entries: holding the lock of
//! the `search_log` row, it gives them positions above the head in one
//! statement, so positions become visible in commit order and a reader that
//! sees position p sees every position below it (ids alone would not do: a
//! long import takes its ids before shorter writes that commit first).
//!
//! Each consumer — an instance's embedded index, or the one Meilisearch
//! index every instance shares — reads the entries after its cursor
//! (`search_consumers`), applies them a batch at a time in one engine
//! commit, and moves its cursor. A lease on the consumer row lets one
//! process at a time apply a shared index. Entries that every consumer has
//! passed are pruned; consumers not seen for a day are forgotten. A
//! consumer that is new, forgotten or behind the pruned part rebuilds its
//! index from the database. A failing engine keeps its cursor and is
//! retried with a growing delay; writes never wait for the engine.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use tokio::sync::Notify;

use super::documents::{self, IndexAllError};
use super::{SearchDocument, SearchEngine, SearchError};
use crate::entities::{EntityKind, OutboxOp, outbox_entry, search_consumer, search_log};

/// Entries applied in one engine commit.
const BATCH: u64 = 5_000;
/// How long a lease on a consumer lasts, and when it is renewed.
const LEASE: chrono::Duration = chrono::Duration::seconds(60);
const RENEW_WITHIN: chrono::Duration = chrono::Duration::seconds(30);
/// A rebuild holds the lease longer: it can take minutes on a large index.
const REBUILD_LEASE: chrono::Duration = chrono::Duration::hours(1);
/// A consumer not seen for this long is forgotten; it rebuilds if it returns.
const FORGET_AFTER: chrono::Duration = chrono::Duration::days(1);
const PRUNE_EVERY: Duration = Duration::from_secs(30);
const IDLE_TICK: Duration = Duration::from_millis(500);
const MAX_BACKOFF_SECONDS: u64 = 300;
/// The position of a consumer whose first rebuild has not ended: until it
/// has, its index is empty whatever the log says, and `/health` says so.
const UNBUILT: i64 = -1;

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

    /// Asks the worker to look at the log now rather than at its next tick.
    pub fn nudge(&self) {
        self.wake.notify_one();
    }

    /// Runs the worker until the process ends; `rebuild` asks for a full
    /// rebuild first (a new or unreadable index).
    pub fn spawn_worker(
        &self,
        db: DatabaseConnection,
        clock: &crate::clock::Clock,
        rebuild: bool,
    ) -> tokio::task::JoinHandle<()> {
        let handle = self.clone();
        let clock = clock.clone();
        let mut worker = Worker::new(db.clone(), handle.engine.clone(), rebuild);
        tokio::spawn(clock.clone().scope(async move {
            loop {
                // Each step in a task of its own: a panic on one record
                // ends that step (retried by a fresh worker), never the loop.
                let step = tokio::spawn(clock.scope(async move {
                    let outcome = worker.step().await;
                    (worker, outcome)
                }));
                let pause = match step.await {
                    Ok((back, outcome)) => {
                        worker = back;
                        match outcome {
                            Ok(Step::Busy) => continue,
                            Ok(Step::Idle) => IDLE_TICK,
                            Ok(Step::Wait(pause)) => pause,
                            Err(err) => {
                                tracing::warn!(%err, "search log: database error");
                                IDLE_TICK
                            }
                        }
                    }
                    Err(err) => {
                        tracing::error!(%err, "search log: a step failed");
                        worker = Worker::new(db.clone(), handle.engine.clone(), false);
                        IDLE_TICK
                    }
                };
                tokio::select! {
                    _ = handle.wake.notified() => {}
                    _ = tokio::time::sleep(pause) => {}
                }
            }
        }))
    }
}

/// What one step did.
enum Step {
    /// Applied a batch; more may be waiting.
    Busy,
    /// Nothing to do (or another process holds the lease).
    Idle,
    /// The engine failed: try again after this pause.
    Wait(Duration),
}

/// One process's reader of the log for its engine.
struct Worker {
    db: DatabaseConnection,
    engine: Arc<dyn SearchEngine>,
    consumer: String,
    /// This process, as a lease holder.
    holder: String,
    /// Until when this process holds the consumer's lease.
    lease_until: Option<DateTime<Utc>>,
    /// Last position applied (valid while the lease is held).
    cursor: i64,
    rebuild: bool,
    failures: u32,
    last_prune: Option<Instant>,
}

impl Worker {
    fn new(db: DatabaseConnection, engine: Arc<dyn SearchEngine>, rebuild: bool) -> Worker {
        Worker {
            db,
            consumer: engine.consumer(),
            engine,
            holder: crate::accounts::tokens::random_token()[..16].to_owned(),
            lease_until: None,
            cursor: 0,
            rebuild,
            failures: 0,
            last_prune: None,
        }
    }

    async fn step(&mut self) -> Result<Step, DbErr> {
        sequence(&self.db).await?;
        if !self.hold_lease().await? {
            return Ok(Step::Idle);
        }
        if self.rebuild {
            return self.rebuild().await;
        }
        let entries = outbox_entry::Entity::find()
            .filter(outbox_entry::Column::Position.gt(self.cursor))
            .order_by_asc(outbox_entry::Column::Position)
            .limit(BATCH)
            .all(&self.db)
            .await?;
        let Some(last) = entries.last().and_then(|e| e.position) else {
            self.prune_now_and_then().await?;
            return Ok(Step::Idle);
        };
        match apply(&self.db, self.engine.as_ref(), &entries).await? {
            Ok(()) => {
                self.failures = 0;
                self.advance(last).await?;
                Ok(Step::Busy)
            }
            Err(err) => {
                self.failures += 1;
                tracing::warn!(%err, entries = entries.len(), "search engine refused the update; will retry");
                self.record_failure(&err).await?;
                let backoff = (1u64 << self.failures.min(9)).min(MAX_BACKOFF_SECONDS);
                Ok(Step::Wait(Duration::from_secs(backoff)))
            }
        }
    }

    /// Takes or renews the lease on this consumer; false when another
    /// process holds it. A consumer seen for the first time, or behind the
    /// pruned entries, is marked for a rebuild.
    async fn hold_lease(&mut self) -> Result<bool, DbErr> {
        let now = crate::clock::now();
        if self
            .lease_until
            .is_some_and(|until| until - now > RENEW_WITHIN)
        {
            return Ok(true);
        }
        let held = self.lease_until.is_some();
        let inserted = search_consumer::Entity::insert(new_consumer(&self.consumer, UNBUILT))
            .on_conflict(
                OnConflict::column(search_consumer::Column::Name)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
        if inserted > 0 {
            self.rebuild = true;
        }
        let until = now + LEASE;
        let taken = search_consumer::Entity::update_many()
            .col_expr(
                search_consumer::Column::LeaseHolder,
                Expr::value(Some(self.holder.clone())),
            )
            .col_expr(
                search_consumer::Column::LeaseUntil,
                Expr::value(Some(until)),
            )
            .col_expr(search_consumer::Column::SeenAt, Expr::value(now))
            .filter(search_consumer::Column::Name.eq(&self.consumer))
            .filter(
                sea_orm::Condition::any()
                    .add(search_consumer::Column::LeaseHolder.eq(&self.holder))
                    .add(search_consumer::Column::LeaseUntil.is_null())
                    .add(search_consumer::Column::LeaseUntil.lt(now)),
            )
            .exec(&self.db)
            .await?;
        if taken.rows_affected == 0 {
            self.lease_until = None;
            return Ok(false);
        }
        self.lease_until = Some(until);
        if !held {
            // Newly taken: another process may have moved the cursor.
            let row = search_consumer::Entity::find_by_id(self.consumer.clone())
                .one(&self.db)
                .await?;
            self.cursor = row.map_or(0, |r| r.position);
            if self.cursor == UNBUILT {
                self.rebuild = true;
            } else if self.cursor < log(&self.db).await?.pruned_through {
                tracing::info!(consumer = %self.consumer, "search index behind the pruned log: rebuilding");
                self.rebuild = true;
            }
        }
        Ok(true)
    }

    async fn rebuild(&mut self) -> Result<Step, DbErr> {
        let now = crate::clock::now();
        self.extend_lease(now + REBUILD_LEASE).await?;
        match rebuild(&self.db, self.engine.as_ref(), |_, _| {}).await {
            Ok((documents, head)) => {
                tracing::info!(documents, consumer = %self.consumer, "search index rebuilt from the database");
                self.rebuild = false;
                self.failures = 0;
                self.cursor = head;
                self.lease_until = None;
                Ok(Step::Busy)
            }
            Err(IndexAllError::Database(err)) => Err(err),
            Err(IndexAllError::Search(err)) => {
                self.failures += 1;
                tracing::warn!(%err, "search index rebuild failed; will retry");
                self.record_failure(&err).await?;
                let backoff = (1u64 << self.failures.min(9)).min(MAX_BACKOFF_SECONDS);
                Ok(Step::Wait(Duration::from_secs(backoff)))
            }
        }
    }

    async fn extend_lease(&mut self, until: DateTime<Utc>) -> Result<(), DbErr> {
        search_consumer::Entity::update_many()
            .col_expr(
                search_consumer::Column::LeaseUntil,
                Expr::value(Some(until)),
            )
            .filter(search_consumer::Column::Name.eq(&self.consumer))
            .filter(search_consumer::Column::LeaseHolder.eq(&self.holder))
            .exec(&self.db)
            .await?;
        self.lease_until = Some(until);
        Ok(())
    }

    /// Moves the cursor past an applied batch, if the lease is still ours.
    async fn advance(&mut self, position: i64) -> Result<(), DbErr> {
        let now = crate::clock::now();
        let until = now + LEASE;
        let moved = search_consumer::Entity::update_many()
            .col_expr(search_consumer::Column::Position, Expr::value(position))
            .col_expr(search_consumer::Column::SeenAt, Expr::value(now))
            .col_expr(
                search_consumer::Column::LeaseUntil,
                Expr::value(Some(until)),
            )
            .col_expr(search_consumer::Column::Attempts, Expr::value(0))
            .col_expr(
                search_consumer::Column::LastError,
                Expr::value(Option::<String>::None),
            )
            .filter(search_consumer::Column::Name.eq(&self.consumer))
            .filter(search_consumer::Column::LeaseHolder.eq(&self.holder))
            .exec(&self.db)
            .await?;
        if moved.rows_affected == 1 {
            self.cursor = position;
            self.lease_until = Some(until);
        } else {
            // Lost the lease meanwhile: the batch is applied again by the
            // new holder, which is harmless (upserts and deletes by id).
            self.lease_until = None;
        }
        Ok(())
    }

    async fn record_failure(&self, err: &SearchError) -> Result<(), DbErr> {
        search_consumer::Entity::update_many()
            .col_expr(
                search_consumer::Column::Attempts,
                Expr::col(search_consumer::Column::Attempts).add(1),
            )
            .col_expr(
                search_consumer::Column::LastError,
                Expr::value(Some(err.to_string())),
            )
            .filter(search_consumer::Column::Name.eq(&self.consumer))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    async fn prune_now_and_then(&mut self) -> Result<(), DbErr> {
        if self.last_prune.is_some_and(|at| at.elapsed() < PRUNE_EVERY) {
            return Ok(());
        }
        self.last_prune = Some(Instant::now());
        prune(&self.db).await
    }
}

/// Gives committed, unsequenced entries their positions (see the module
/// documentation); a no-op query when there are none.
pub async fn sequence(db: &DatabaseConnection) -> Result<(), DbErr> {
    let waiting = outbox_entry::Entity::find()
        .select_only()
        .column(outbox_entry::Column::Id)
        .filter(outbox_entry::Column::Position.is_null())
        .limit(1)
        .into_tuple::<i32>()
        .one(db)
        .await?;
    if waiting.is_none() {
        return Ok(());
    }
    crate::db::transaction(db, async |txn| {
        // Takes the log's lock: sequencers run one after the other.
        search_log::Entity::update_many()
            .col_expr(
                search_log::Column::Head,
                Expr::col(search_log::Column::Head).into(),
            )
            .filter(search_log::Column::Id.eq(1))
            .exec(txn)
            .await?;
        let head = log(txn).await?.head;
        let (low, high): (Option<i32>, Option<i32>) = outbox_entry::Entity::find()
            .select_only()
            .column_as(outbox_entry::Column::Id.min(), "low")
            .column_as(outbox_entry::Column::Id.max(), "high")
            .filter(outbox_entry::Column::Position.is_null())
            .into_tuple()
            .one(txn)
            .await?
            .unwrap_or((None, None));
        let (Some(low), Some(high)) = (low, high) else {
            return Ok(());
        };
        // Positions keep the ids' order and start right above the head.
        // Only ids from `low` up: an older entry committing meanwhile would
        // land below the head; it waits for the next round instead.
        let offset = head + 1 - i64::from(low);
        outbox_entry::Entity::update_many()
            .col_expr(
                outbox_entry::Column::Position,
                Expr::col(outbox_entry::Column::Id).add(offset),
            )
            .filter(outbox_entry::Column::Position.is_null())
            .filter(outbox_entry::Column::Id.between(low, high))
            .exec(txn)
            .await?;
        search_log::Entity::update_many()
            .col_expr(
                search_log::Column::Head,
                Expr::value(i64::from(high) + offset),
            )
            .filter(search_log::Column::Id.eq(1))
            .exec(txn)
            .await?;
        Ok::<(), DbErr>(())
    })
    .await
}

async fn log(db: &impl ConnectionTrait) -> Result<search_log::Model, DbErr> {
    search_log::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("search_log".into()))
}

/// Applies a batch of entries: the latest entry per record decides.
/// The outer error is the database's, the inner one the engine's.
async fn apply(
    db: &DatabaseConnection,
    engine: &dyn SearchEngine,
    entries: &[outbox_entry::Model],
) -> Result<Result<(), SearchError>, DbErr> {
    let mut latest: BTreeMap<(EntityKind, i32), OutboxOp> = BTreeMap::new();
    for entry in entries {
        latest.insert((entry.entity, entry.entity_id), entry.op);
    }
    let mut by_kind: BTreeMap<EntityKind, Vec<i32>> = BTreeMap::new();
    let mut deletes = Vec::new();
    for ((entity, id), op) in latest {
        let Some(doc_id) = documents::indexed_id(entity, id) else {
            continue;
        };
        match op {
            OutboxOp::Upsert => by_kind.entry(entity).or_default().push(id),
            OutboxOp::Delete => deletes.push(doc_id),
        }
    }
    let mut upserts: Vec<SearchDocument> = Vec::new();
    for (entity, ids) in by_kind {
        let mut found = documents::load_many(db, entity, &ids).await?;
        for id in ids {
            match found.remove(&id) {
                Some(doc) => upserts.push(doc),
                // Gone (or erased) since: remove it from the index.
                None => deletes.extend(documents::indexed_id(entity, id)),
            }
        }
    }
    if upserts.is_empty() && deletes.is_empty() {
        return Ok(Ok(()));
    }
    Ok(engine.apply(upserts, deletes).await)
}

/// Forgets consumers not seen for a day and removes the entries every
/// remaining consumer has applied.
pub async fn prune(db: &DatabaseConnection) -> Result<(), DbErr> {
    let now = crate::clock::now();
    search_consumer::Entity::delete_many()
        .filter(search_consumer::Column::SeenAt.lt(now - FORGET_AFTER))
        .exec(db)
        .await?;
    let lowest: Option<i64> = search_consumer::Entity::find()
        .select_only()
        .column_as(search_consumer::Column::Position.min(), "lowest")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten();
    let Some(lowest) = lowest else {
        return Ok(());
    };
    outbox_entry::Entity::delete_many()
        .filter(outbox_entry::Column::Position.lte(lowest))
        .exec(db)
        .await?;
    search_log::Entity::update_many()
        .col_expr(search_log::Column::PrunedThrough, Expr::value(lowest))
        .filter(search_log::Column::Id.eq(1))
        .filter(search_log::Column::PrunedThrough.lt(lowest))
        .exec(db)
        .await?;
    Ok(())
}

/// Rebuilds an engine's whole index from the database and sets its
/// consumer's cursor to the log's head read before the documents were:
/// entries after it are applied again on top, which is harmless.
/// Returns the documents written and that head.
pub async fn rebuild(
    db: &DatabaseConnection,
    engine: &dyn SearchEngine,
    progress: impl FnMut(u64, u64),
) -> Result<(u64, i64), IndexAllError> {
    sequence(db).await?;
    let head = log(db).await?.head;
    let documents = reindex(db, engine, progress).await?;
    search_consumer::Entity::insert(new_consumer(&engine.consumer(), head))
        .on_conflict(
            OnConflict::column(search_consumer::Column::Name)
                .update_columns([
                    search_consumer::Column::Position,
                    search_consumer::Column::SeenAt,
                    search_consumer::Column::LeaseHolder,
                    search_consumer::Column::LeaseUntil,
                    search_consumer::Column::Attempts,
                    search_consumer::Column::LastError,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok((documents, head))
}

/// A consumer at `position`, seen now, with no lease and no failure.
fn new_consumer(name: &str, position: i64) -> search_consumer::ActiveModel {
    search_consumer::ActiveModel {
        name: Set(name.to_owned()),
        position: Set(position),
        seen_at: Set(crate::clock::now()),
        lease_holder: Set(None),
        lease_until: Set(None),
        attempts: Set(0),
        last_error: Set(None),
    }
}

/// Writes every document of the database into a cleared index;
/// `progress(done, total)`.
pub async fn reindex(
    db: &DatabaseConnection,
    engine: &dyn SearchEngine,
    mut progress: impl FnMut(u64, u64),
) -> Result<u64, IndexAllError> {
    let total = documents::total(db).await?;
    engine.clear().await?;
    let mut done = 0;
    progress(0, total);
    // Reading the database and indexing overlap: the next batch is read
    // while the engine indexes this one.
    let (batches, mut received) = tokio::sync::mpsc::channel(2);
    let reader = tokio::spawn(read_batches(db.clone(), batches));
    while let Some(docs) = received.recv().await {
        done += docs.len() as u64;
        engine.load(docs).await?;
        progress(done, total);
    }
    // The reader's error, if it stopped on one (else it sent everything).
    reader.await.map_err(|e| DbErr::Custom(e.to_string()))??;
    engine.flush().await?;
    Ok(done)
}

/// Sends the documents of the whole database, batch after batch, until
/// the receiver hangs up.
async fn read_batches(
    db: DatabaseConnection,
    out: tokio::sync::mpsc::Sender<Vec<SearchDocument>>,
) -> Result<(), DbErr> {
    let mut batches = documents::Batches::new(5_000);
    while let Some(docs) = batches.next(&db).await? {
        if !docs.is_empty() && out.send(docs).await.is_err() {
            break;
        }
    }
    Ok(())
}

/// Where a consumer stands: entries it has still to apply, and the
/// engine's last error while it keeps failing (for `/health` and tests).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Backlog {
    pub pending: u64,
    pub attempts: i32,
    pub last_error: Option<String>,
}

pub async fn backlog(db: &impl ConnectionTrait, consumer: &str) -> Result<Backlog, DbErr> {
    use sea_orm::PaginatorTrait;
    let row = search_consumer::Entity::find_by_id(consumer.to_owned())
        .one(db)
        .await?;
    let cursor = row.as_ref().map_or(UNBUILT, |r| r.position);
    let pending = outbox_entry::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(outbox_entry::Column::Position.is_null())
                .add(outbox_entry::Column::Position.gt(cursor)),
        )
        .count(db)
        .await?;
    Ok(Backlog {
        // A consumer not yet registered or not yet built has everything
        // to do, even when the log is empty.
        pending: if cursor == UNBUILT {
            pending.max(1)
        } else {
            pending
        },
        attempts: row.as_ref().map_or(0, |r| r.attempts),
        last_error: row.and_then(|r| r.last_error),
    })
}
