//! Several instances on one database: after the national library list
//! (15,779 rows) is imported in one commit through instance A, how long
//! until A's and B's embedded search indexes have applied every change and
//! find the last library of the file.
//!
//! Run: `cargo bench --bench instances` (release build; an SQLite file
//! shared by both instances, or PostgreSQL when `RELAIS_BENCH_DATABASE_URL`
//! names one — each run gets a schema of its own; the library list is read
//! from `../shared/data`, skipped with a note when absent).

#[allow(dead_code)] // each benchmark uses part of what they share
mod common;

use std::time::{Duration, Instant};

use relais::app::Application;
use relais::config::Config;
use relais::transfer::import;
use sea_orm::{ConnectionTrait, DatabaseConnection};

const RUNS: usize = 3;

/// Where the shared database is: a URL and, for PostgreSQL, a schema.
struct Database {
    url: String,
    schema: Option<String>,
}

impl Database {
    async fn create(dir: &tempfile::TempDir, run: usize) -> Database {
        match std::env::var("RELAIS_BENCH_DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => {
                let schema = format!("bench_{}_{run}", std::process::id());
                let admin = relais::db::connect(&url).await.expect("postgres");
                admin
                    .execute_unprepared(&format!("CREATE SCHEMA \"{schema}\""))
                    .await
                    .expect("schema");
                Database {
                    url,
                    schema: Some(schema),
                }
            }
            _ => Database {
                url: format!(
                    "sqlite://{}?mode=rwc",
                    dir.path().join("shared.sqlite").display()
                ),
                schema: None,
            },
        }
    }

    async fn connect(&self) -> DatabaseConnection {
        relais::db::connect_with(&self.url, self.schema.as_deref())
            .await
            .expect("database")
    }
}

async fn start(db: DatabaseConnection) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("data dir");
    let mut config = Config::for_data_dir(dir.path());
    config.bind = "127.0.0.1:0".parse().expect("address");
    let app = Application::build_with_db(config, db).await.expect("app");
    let base = format!("http://{}", app.local_addr().expect("address"));
    tokio::spawn(app.run_until(std::future::pending()));
    (base, dir)
}

/// The instance's search backlog, from `/health`.
async fn pending(client: &reqwest::Client, base: &str) -> u64 {
    let health: serde_json::Value = client
        .get(format!("{base}/health"))
        .send()
        .await
        .expect("health")
        .json()
        .await
        .expect("json");
    health["search"]["backlog"]["pending"]
        .as_u64()
        .unwrap_or(u64::MAX)
}

/// Waits until the instance has applied everything; returns when.
async fn caught_up(client: &reqwest::Client, base: &str) -> Instant {
    let deadline = Instant::now() + Duration::from_secs(600);
    while Instant::now() < deadline {
        if pending(client, base).await == 0 {
            return Instant::now();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{base} never caught up");
}

/// Whether the instance's search finds `name` (as a logged-in volunteer).
async fn finds(client: &reqwest::Client, base: &str, name: &str) -> bool {
    let body: serde_json::Value = client
        .get(format!("{base}/search"))
        .query(&[("q", name)])
        .header("Accept", "application/json")
        .send()
        .await
        .expect("search")
        .json()
        .await
        .expect("json");
    body["total"].as_u64().unwrap_or(0) > 0
}

#[tokio::main]
async fn main() {
    let Some(library) = common::library_list() else {
        return;
    };
    // The last library of the file: the last one the import writes.
    let table = import::source::open(&library).expect("file opens");
    let name_column = table
        .shape
        .headers
        .iter()
        .position(|h| h == "Libelle1")
        .expect("a name column");
    let last_name = std::fs::read_to_string(&library)
        .expect("file")
        .lines()
        .rev()
        .find_map(|l| {
            l.split(';')
                .nth(name_column)
                .map(|n| n.trim_matches('"').to_owned())
        })
        .expect("a last row");
    drop(table);

    let http = reqwest::Client::new();
    let mut figures: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    for run in 0..RUNS {
        let dir = tempfile::tempdir().expect("dir");
        let database = Database::create(&dir, run).await;
        let db_a = database.connect().await;
        let (a, _dir_a) = start(db_a.clone()).await;
        let (b, _dir_b) = start(database.connect().await).await;
        common::create_volunteer(&db_a).await;
        let (client_a, client_b) = (
            common::logged_in_client(&a).await,
            common::logged_in_client(&b).await,
        );
        caught_up(&http, &a).await;
        caught_up(&http, &b).await;

        let plan = common::organisations_plan(&library);
        let table = import::source::open(&library).expect("file opens");
        let report = import::commit(&db_a, table, &plan, |_| {})
            .await
            .expect("import");
        let committed = Instant::now();
        let (done_a, done_b) = tokio::join!(caught_up(&http, &a), caught_up(&http, &b));
        for (i, done) in [done_a, done_b].into_iter().enumerate() {
            figures[i].push(done - committed);
        }
        assert!(
            finds(&client_a, &a, &last_name).await,
            "A finds {last_name}"
        );
        assert!(
            finds(&client_b, &b, &last_name).await,
            "B finds {last_name}"
        );
        println!(
            "run {}: {} organisations created; searchable on A after {:.2} s, on B after {:.2} s",
            run + 1,
            report.created,
            (done_a - committed).as_secs_f64(),
            (done_b - committed).as_secs_f64(),
        );
    }
    for (name, mut runs) in ["A (imported through)", "B (the other)"]
        .into_iter()
        .zip(figures)
    {
        runs.sort();
        println!(
            "instance {name}: median {:.2} s, min {:.2} s, max {:.2} s over {RUNS} runs",
            runs[runs.len() / 2].as_secs_f64(),
            runs[0].as_secs_f64(),
            runs[runs.len() - 1].as_secs_f64(),
        );
    }
}
