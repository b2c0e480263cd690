//! Imports started from the web, kept in the database (`import_jobs`, and
//! the uploaded file in `import_uploads`) so that every instance shows a
//! job's progress and report, and a restart does not lose them.
//!
//! The dry run and the commit run in the background on the instance that
//! was asked; it writes the rows read and a heartbeat to the job's row
//! every few seconds, and the commit's outcome in the commit's own
//! transaction. A running job whose heartbeat stopped (its instance died)
//! is marked failed by whichever instance looks at it, or by the sweep.
//! The uploaded file is copied, while read, into an unlinked file of the
//! data directory: nothing is left on disk, even after a crash. It is
//! removed from the database once the job is done, failed or abandoned.
//!
//! Statements about one job are conditional on its phase (`WHERE phase IN
//! …`), so two instances cannot both start it, and a late write of an
//! instance that was given up on changes nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait,
    DatabaseConnection, DbErr, EntityTrait, QueryFilter, TransactionTrait,
};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

use super::{ImportError, Plan, Problem, Report, Shape, Target, source};
use crate::entities::{import_job, import_upload};

/// Size of the pieces an upload is stored in.
const CHUNK_BYTES: usize = 1024 * 1024;
/// How often the running instance says it is alive.
const HEARTBEAT_EVERY: Duration = Duration::from_secs(5);
/// Progress is written at most this often, and only after this many rows.
const PROGRESS_EVERY: Duration = Duration::from_secs(1);
const PROGRESS_ROWS: u64 = 500;
/// A running job without a heartbeat for this long was abandoned.
pub const STALE_AFTER: chrono::Duration = chrono::Duration::seconds(30);
/// Jobs nobody touched for this long go, with their file.
const KEPT_FOR: chrono::Duration = chrono::Duration::days(1);
const SWEEP_EVERY: Duration = Duration::from_secs(15 * 60);
/// Why an abandoned job failed.
pub const ABANDONED: &str =
    "Import interrompu : l’instance qui le traitait s’est arrêtée. Relancez-le.";

/// Phases in which an instance is working on the job.
const RUNNING: [&str; 2] = ["checking", "committing"];

/// Where a job stands.
#[derive(Debug, Clone)]
pub enum Phase {
    /// Columns to map, nothing read yet.
    Mapping,
    Checking,
    Checked(Report),
    /// Writing; `total` rows were counted by the dry run.
    Committing {
        total: u64,
    },
    /// Written, or refused for rows in error (`report.written` says which).
    Done(Report),
    Failed(String),
}

impl Phase {
    /// The phase as the JSON status names it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Phase::Mapping => "mapping",
            Phase::Checking => "checking",
            Phase::Checked(_) => "checked",
            Phase::Committing { .. } => "committing",
            Phase::Done(_) => "done",
            Phase::Failed(_) => "failed",
        }
    }

    pub fn running(&self) -> bool {
        matches!(self, Phase::Checking | Phase::Committing { .. })
    }
}

/// One uploaded file and what is being done with it, as last stored.
pub struct Job {
    id: i32,
    pub token: String,
    pub owner: Option<i32>,
    pub file_name: String,
    pub shape: Shape,
    /// The first rows, shown beside each column.
    pub examples: Vec<Vec<String>>,
    pub schema: bool,
    pub plan: Plan,
    pub phase: Phase,
    /// Rows read so far by the running check or commit.
    pub rows_read: u64,
}

impl Job {
    fn from_model(m: import_job::Model) -> Result<Job, DbErr> {
        let bad = |what: &str, e: serde_json::Error| {
            DbErr::Custom(format!("import job {}: {what}: {e}", m.id))
        };
        let shape: Shape = serde_json::from_str(&m.shape).map_err(|e| bad("shape", e))?;
        let plan: Plan = serde_json::from_str(&m.plan).map_err(|e| bad("plan", e))?;
        let examples = serde_json::from_str(&m.examples).map_err(|e| bad("examples", e))?;
        let report = || -> Result<Report, DbErr> {
            serde_json::from_str(m.report.as_deref().unwrap_or("{}")).map_err(|e| bad("report", e))
        };
        let phase = match m.phase.as_str() {
            "mapping" => Phase::Mapping,
            "checking" => Phase::Checking,
            "checked" => Phase::Checked(report()?),
            "committing" => Phase::Committing {
                total: m.total_rows.unwrap_or_default().max(0) as u64,
            },
            "done" | "refused" => Phase::Done(report()?),
            _ => Phase::Failed(m.error.clone().unwrap_or_default()),
        };
        Ok(Job {
            id: m.id,
            schema: plan.target == Target::Organisations
                && super::mediation::follows_schema(&shape.headers),
            token: m.token,
            owner: m.owner_id,
            file_name: m.file_name,
            shape,
            examples,
            plan,
            phase,
            rows_read: m.rows_read.max(0) as u64,
        })
    }
}

/// What a finished run stores: `refused` is a commit that wrote nothing
/// because of rows in error (it may be tried again leaving them out).
fn stored_phase(report: &Report, commit: bool) -> &'static str {
    match (commit, report.written) {
        (false, _) => "checked",
        (true, true) => "done",
        (true, false) => "refused",
    }
}

fn now() -> DateTime<Utc> {
    crate::clock::now().trunc_subsecs(6)
}

fn json(value: &impl serde::Serialize) -> String {
    // Plain data (strings, numbers, maps with number keys): cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// The jobs this instance is running, with their rows read: shown live
/// here, and never taken for abandoned by this instance (on SQLite the
/// commit's transaction holds the only connection, so no heartbeat is
/// written while it runs).
#[derive(Default)]
pub struct Jobs {
    running: Mutex<HashMap<String, Arc<AtomicU64>>>,
}

/// What a new job starts from.
pub struct NewJob {
    pub owner: Option<i32>,
    pub file_name: String,
    pub shape: Shape,
    pub examples: Vec<Vec<String>>,
    pub plan: Plan,
}

impl Jobs {
    fn local(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<AtomicU64>>> {
        // A panic elsewhere leaves the map usable.
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores a new job with the uploaded file (read from its start);
    /// returns its token.
    pub async fn create(
        &self,
        db: &DatabaseConnection,
        new: NewJob,
        upload: &mut tokio::fs::File,
    ) -> Result<String, DbErr> {
        let unreadable = |e: std::io::Error| DbErr::Custom(format!("upload unreadable: {e}"));
        let at = now();
        let token = crate::accounts::tokens::random_token();
        let txn = db.begin().await?;
        let job = import_job::ActiveModel {
            id: NotSet,
            token: Set(token.clone()),
            owner_id: Set(new.owner),
            target: Set(new.plan.target.as_str().to_owned()),
            file_name: Set(new.file_name),
            shape: Set(json(&new.shape)),
            examples: Set(json(&new.examples)),
            plan: Set(json(&new.plan)),
            phase: Set("mapping".to_owned()),
            rows_read: Set(0),
            total_rows: Set(None),
            report: Set(None),
            error: Set(None),
            created_at: Set(at),
            updated_at: Set(at),
            heartbeat_at: Set(None),
        }
        .insert(&txn)
        .await?;
        upload
            .seek(std::io::SeekFrom::Start(0))
            .await
            .map_err(unreadable)?;
        for seq in 0.. {
            let mut content = Vec::with_capacity(CHUNK_BYTES);
            (&mut *upload)
                .take(CHUNK_BYTES as u64)
                .read_to_end(&mut content)
                .await
                .map_err(unreadable)?;
            if content.is_empty() {
                break;
            }
            import_upload::Entity::insert(import_upload::ActiveModel {
                job_id: Set(job.id),
                seq: Set(seq),
                content: Set(content),
            })
            .exec_without_returning(&txn)
            .await?;
        }
        txn.commit().await?;
        Ok(token)
    }

    /// The job, if it exists and `user` started it. A running job whose
    /// instance stopped is marked failed first.
    pub async fn find(
        &self,
        db: &DatabaseConnection,
        token: &str,
        user: Option<i32>,
    ) -> Result<Option<Job>, DbErr> {
        let found = import_job::Entity::find()
            .filter(import_job::Column::Token.eq(token))
            .one(db)
            .await?;
        let Some(mut model) = found.filter(|m| m.owner_id == user) else {
            return Ok(None);
        };
        let local = self.local().get(token).cloned();
        if local.is_none() && abandoned(&model, now()) && give_up(db, model.id).await? {
            model = match import_job::Entity::find_by_id(model.id).one(db).await? {
                Some(model) => model,
                None => return Ok(None),
            };
        }
        let mut job = Job::from_model(model)?;
        if let Some(rows) = local
            && job.phase.running()
        {
            job.rows_read = job.rows_read.max(rows.load(Ordering::Relaxed));
        }
        Ok(Some(job))
    }

    /// Starts the dry run (`commit` false) or the commit of `job` with
    /// `plan`; `false` when it is running, or a commit lacks its dry run.
    pub async fn start(
        self: &Arc<Self>,
        db: &DatabaseConnection,
        data_dir: &Path,
        job: &Job,
        plan: Plan,
        commit: bool,
        done: impl FnOnce() + Send + 'static,
    ) -> Result<bool, DbErr> {
        let (from, phase, total): (&[&str], _, _) = if commit {
            match &job.phase {
                Phase::Checked(report) => (&["checked"], "committing", Some(report.rows)),
                // Refused for rows in error: may be tried again leaving them out.
                Phase::Done(report) if !report.written => {
                    (&["refused"], "committing", Some(report.rows))
                }
                _ => return Ok(false),
            }
        } else {
            (&["mapping", "checked", "refused"], "checking", None)
        };
        let at = now();
        let mut claim = import_job::Entity::update_many();
        if commit {
            // Least data: the file's first rows, unmapped columns included,
            // were for choosing the columns; that is over.
            claim = claim.col_expr(import_job::Column::Examples, Expr::value("[]"));
        }
        let claimed = claim
            .col_expr(import_job::Column::Phase, Expr::value(phase))
            .col_expr(import_job::Column::Plan, Expr::value(json(&plan)))
            .col_expr(import_job::Column::RowsRead, Expr::value(0i64))
            .col_expr(
                import_job::Column::TotalRows,
                Expr::value(total.map(|t| t as i64)),
            )
            .col_expr(import_job::Column::Error, Expr::value(None::<String>))
            .col_expr(import_job::Column::UpdatedAt, Expr::value(at))
            .col_expr(import_job::Column::HeartbeatAt, Expr::value(Some(at)))
            .filter(import_job::Column::Id.eq(job.id))
            .filter(import_job::Column::Phase.is_in(from.iter().copied()))
            .exec(db)
            .await?
            .rows_affected
            == 1;
        if !claimed {
            return Ok(false);
        }
        let rows = Arc::new(AtomicU64::new(0));
        self.local().insert(job.token.clone(), Arc::clone(&rows));
        let (jobs, db, data_dir) = (Arc::clone(self), db.clone(), data_dir.to_owned());
        let (id, token) = (job.id, job.token.clone());
        // Started from a request: the job keeps the request's clock.
        let clock = crate::clock::current();
        tokio::spawn(clock.clone().scope(async move {
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let beat =
                tokio::spawn(clock.scope(heartbeat(db.clone(), id, Arc::clone(&rows), stopped)));
            let outcome = run(&db, &data_dir, id, &plan, commit, &rows).await;
            let _ = stop.send(true);
            let _ = beat.await;
            if let Err(err) = outcome
                && let Err(db_err) = fail(&db, id, &err.to_string()).await
            {
                tracing::error!(%err, %db_err, "import job failed and could not say so");
            }
            jobs.local().remove(&token);
            done();
        }));
        Ok(true)
    }

    /// Marks abandoned jobs failed, and removes those nobody touched for a
    /// day (with their file).
    pub async fn sweep(&self, db: &DatabaseConnection) -> Result<(), DbErr> {
        let at = now();
        let running = import_job::Entity::find()
            .filter(import_job::Column::Phase.is_in(RUNNING))
            .all(db)
            .await?;
        for model in running {
            let local = self.local().contains_key(&model.token);
            if !local && abandoned(&model, at) && give_up(db, model.id).await? {
                tracing::warn!(job = model.id, "import job abandoned by its instance");
            }
        }
        let old: Vec<i32> = import_job::Entity::find()
            .filter(import_job::Column::Phase.is_not_in(RUNNING))
            .filter(import_job::Column::UpdatedAt.lt(at - KEPT_FOR))
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.id)
            .collect();
        for id in old {
            crate::db::transaction(db, async |txn| {
                remove_upload(txn, id).await?;
                import_job::Entity::delete_many()
                    .filter(import_job::Column::Id.eq(id))
                    .filter(import_job::Column::Phase.is_not_in(RUNNING))
                    .exec(txn)
                    .await?;
                Ok::<_, DbErr>(())
            })
            .await?;
        }
        Ok(())
    }
}

/// At start: the files of the version that kept uploads in
/// `<data>/imports/` go; then [`Jobs::sweep`] now and every quarter hour.
pub fn spawn_sweeper(
    jobs: Arc<Jobs>,
    db: DatabaseConnection,
    data_dir: &Path,
    clock: &crate::clock::Clock,
) {
    match std::fs::remove_dir_all(data_dir.join("imports")) {
        Ok(()) => tracing::info!("left-over import files removed"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => tracing::warn!(%err, "left-over import files not removed"),
    }
    tokio::spawn(clock.scope(async move {
        let mut every = tokio::time::interval(SWEEP_EVERY);
        loop {
            every.tick().await;
            if let Err(err) = jobs.sweep(&db).await {
                tracing::warn!(%err, "import jobs not swept");
            }
        }
    }));
}

/// Whether a running job's instance stopped saying it is alive.
fn abandoned(model: &import_job::Model, at: DateTime<Utc>) -> bool {
    RUNNING.contains(&model.phase.as_str())
        && model
            .heartbeat_at
            .is_none_or(|beat| at - beat > STALE_AFTER)
}

/// Marks a running job with a stale heartbeat failed and removes its
/// file; `false` when it was not (any more) in that state.
async fn give_up(db: &DatabaseConnection, id: i32) -> Result<bool, DbErr> {
    let at = now();
    let stale = import_job::Column::HeartbeatAt
        .is_null()
        .or(import_job::Column::HeartbeatAt.lt(at - STALE_AFTER));
    let txn = db.begin().await?;
    let marked = import_job::Entity::update_many()
        .col_expr(import_job::Column::Phase, Expr::value("failed"))
        .col_expr(import_job::Column::Examples, Expr::value("[]"))
        .col_expr(import_job::Column::Error, Expr::value(Some(ABANDONED)))
        .col_expr(import_job::Column::UpdatedAt, Expr::value(at))
        .filter(import_job::Column::Id.eq(id))
        .filter(import_job::Column::Phase.is_in(RUNNING))
        .filter(stale)
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if marked {
        remove_upload(&txn, id).await?;
    }
    txn.commit().await?;
    Ok(marked)
}

/// Marks a running job failed with `message`, and removes its file.
async fn fail(db: &DatabaseConnection, id: i32, message: &str) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    let marked = import_job::Entity::update_many()
        .col_expr(import_job::Column::Phase, Expr::value("failed"))
        .col_expr(import_job::Column::Examples, Expr::value("[]"))
        .col_expr(import_job::Column::Error, Expr::value(Some(message)))
        .col_expr(import_job::Column::UpdatedAt, Expr::value(now()))
        .filter(import_job::Column::Id.eq(id))
        .filter(import_job::Column::Phase.is_in(RUNNING))
        .exec(&txn)
        .await?
        .rows_affected;
    if marked == 1 {
        remove_upload(&txn, id).await?;
    }
    txn.commit().await
}

/// Stores the outcome of a run still going; `false` when the job was
/// given up on meanwhile.
async fn finish(
    db: &impl ConnectionTrait,
    id: i32,
    report: &Report,
    commit: bool,
) -> Result<bool, DbErr> {
    Ok(import_job::Entity::update_many()
        .col_expr(
            import_job::Column::Phase,
            Expr::value(stored_phase(report, commit)),
        )
        .col_expr(import_job::Column::Report, Expr::value(Some(json(report))))
        .col_expr(
            import_job::Column::RowsRead,
            Expr::value(report.rows as i64),
        )
        .col_expr(import_job::Column::UpdatedAt, Expr::value(now()))
        .filter(import_job::Column::Id.eq(id))
        .filter(import_job::Column::Phase.is_in(RUNNING))
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

async fn remove_upload(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    import_upload::Entity::delete_many()
        .filter(import_upload::Column::JobId.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The dry run or the commit, its outcome stored on the job's row.
async fn run(
    db: &DatabaseConnection,
    data_dir: &Path,
    id: i32,
    plan: &Plan,
    commit: bool,
    rows: &AtomicU64,
) -> Result<(), ImportError> {
    let file = copy_upload(db, data_dir, id).await?;
    let table = source::open_file(file)?;
    let progress = |n| rows.store(n, Ordering::Relaxed);
    if !commit {
        let report = super::check(db, table, plan, progress).await?;
        finish(db, id, &report, false).await?;
        return Ok(());
    }
    let (txn, report) = super::write_open(db, table, plan, progress).await?;
    if !report.written {
        txn.rollback().await?;
        finish(db, id, &report, true).await?;
        return Ok(());
    }
    // The records, the job's report and the file's removal: together.
    if finish(&txn, id, &report, true).await? {
        remove_upload(&txn, id).await?;
        txn.commit().await?;
    } else {
        // Taken for abandoned meanwhile: its page says so, nothing is kept.
        txn.rollback().await?;
    }
    Ok(())
}

/// The job's file, copied from the database into an unlinked file.
async fn copy_upload(
    db: &DatabaseConnection,
    data_dir: &Path,
    id: i32,
) -> Result<std::fs::File, ImportError> {
    let unreadable = |e: std::io::Error| Problem::file("import-file-unreadable", e);
    let mut out = tokio::fs::File::from_std(spool_file(data_dir).map_err(unreadable)?);
    let mut seq = 0;
    while let Some(chunk) = import_upload::Entity::find_by_id((id, seq)).one(db).await? {
        out.write_all(&chunk.content).await.map_err(unreadable)?;
        seq += 1;
    }
    if seq == 0 {
        return Err(Problem::file("import-file-unreadable", "fichier absent").into());
    }
    out.flush().await.map_err(unreadable)?;
    Ok(out.into_std().await)
}

/// A new file in the data directory, already unlinked: it goes with its
/// handle, even if the process dies.
pub fn spool_file(data_dir: &Path) -> std::io::Result<std::fs::File> {
    let path: PathBuf = data_dir.join(format!(
        ".import-{}",
        crate::accounts::tokens::random_token()
    ));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)?;
    std::fs::remove_file(&path)?;
    Ok(file)
}

/// Writes the rows read and the heartbeat while the job runs.
async fn heartbeat(
    db: DatabaseConnection,
    id: i32,
    rows: Arc<AtomicU64>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let (mut written, mut beat) = (0u64, Instant::now());
    loop {
        tokio::select! {
            _ = stop.changed() => return,
            _ = tokio::time::sleep(PROGRESS_EVERY) => {}
        }
        let read = rows.load(Ordering::Relaxed);
        if read < written + PROGRESS_ROWS && beat.elapsed() < HEARTBEAT_EVERY {
            continue;
        }
        let wrote = import_job::Entity::update_many()
            .col_expr(import_job::Column::RowsRead, Expr::value(read as i64))
            .col_expr(import_job::Column::HeartbeatAt, Expr::value(Some(now())))
            .filter(import_job::Column::Id.eq(id))
            .filter(import_job::Column::Phase.is_in(RUNNING))
            .exec(&db)
            .await;
        match wrote {
            Ok(_) => (written, beat) = (read, Instant::now()),
            Err(err) => tracing::warn!(%err, job = id, "import heartbeat not written"),
        }
    }
}
