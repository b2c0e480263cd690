//! Imports started from the web: the uploaded file waits on disk while
//! the volunteer maps its columns; the dry run and the commit run in the
//! background, their progress read by the page that refreshes itself.
//! Jobs live in memory: a restart forgets them (the page then says so).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use sea_orm::DatabaseConnection;

use super::{ImportError, Plan, Report, Shape, Target, source};

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
    Done(Report),
    Failed(String),
}

impl Phase {
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

/// One uploaded file and what is being done with it.
pub struct Job {
    pub token: String,
    pub owner: Option<i32>,
    pub path: PathBuf,
    pub file_name: String,
    pub shape: Shape,
    /// The first rows, shown beside each column.
    pub examples: Vec<Vec<String>>,
    pub schema: bool,
    state: Mutex<(Plan, Phase)>,
    /// Rows read so far by the running check or commit.
    pub progress: AtomicU64,
}

impl Job {
    pub fn new(
        owner: Option<i32>,
        path: PathBuf,
        file_name: String,
        shape: Shape,
        examples: Vec<Vec<String>>,
        plan: Plan,
    ) -> Job {
        Job {
            token: crate::accounts::tokens::random_token(),
            owner,
            path,
            file_name,
            schema: plan.target == Target::Organisations
                && super::mediation::follows_schema(&shape.headers),
            shape,
            examples,
            state: Mutex::new((plan, Phase::Mapping)),
            progress: AtomicU64::new(0),
        }
    }

    pub fn plan(&self) -> Plan {
        self.lock().0.clone()
    }

    pub fn phase(&self) -> Phase {
        self.lock().1.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (Plan, Phase)> {
        // A panic elsewhere leaves the state readable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set_phase(&self, phase: Phase) {
        self.lock().1 = phase;
    }

    /// Starts the dry run (`commit` false) or the commit with `plan`;
    /// `false` when one is already running, or a commit lacks its dry run.
    pub fn start(
        self: &Arc<Self>,
        db: DatabaseConnection,
        plan: Plan,
        commit: bool,
        done: impl FnOnce() + Send + 'static,
    ) -> bool {
        {
            let mut state = self.lock();
            let total = match (&state.1, commit) {
                (phase, _) if phase.running() => return false,
                (Phase::Checked(report), true) => report.rows,
                // Refused for rows in error: may be tried again leaving them out.
                (Phase::Done(report), true) if !report.written => report.rows,
                (_, true) => return false,
                (_, false) => 0,
            };
            state.0 = plan.clone();
            state.1 = if commit {
                Phase::Committing { total }
            } else {
                Phase::Checking
            };
        }
        self.progress.store(0, Ordering::Relaxed);
        let job = Arc::clone(self);
        // Started from a request: the job keeps the request's clock.
        tokio::spawn(crate::clock::current().scope(async move {
            let result = job.run(&db, &plan, commit).await;
            let phase = match result {
                Ok(report) if commit && report.written => {
                    let _ = std::fs::remove_file(&job.path);
                    Phase::Done(report)
                }
                Ok(report) if commit => Phase::Done(report),
                Ok(report) => Phase::Checked(report),
                Err(err) => Phase::Failed(err.to_string()),
            };
            job.set_phase(phase);
            done();
        }));
        true
    }

    async fn run(
        &self,
        db: &DatabaseConnection,
        plan: &Plan,
        commit: bool,
    ) -> Result<Report, ImportError> {
        let table = source::open(&self.path)?;
        let progress = |rows| self.progress.store(rows, Ordering::Relaxed);
        if commit {
            super::commit(db, table, plan, progress).await
        } else {
            super::check(db, table, plan, progress).await
        }
    }
}

/// Jobs by token.
#[derive(Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<String, Arc<Job>>>,
}

impl Jobs {
    pub fn add(&self, job: Job) -> Arc<Job> {
        let job = Arc::new(job);
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(job.token.clone(), Arc::clone(&job));
        job
    }

    /// The job, if it exists and `user` started it.
    pub fn get(&self, token: &str, user: Option<i32>) -> Option<Arc<Job>> {
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(token)
            .filter(|j| j.owner == user)
            .cloned()
    }
}
