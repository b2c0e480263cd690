//! `TestApp::spawn()`: the real application on a fresh database.

use std::sync::atomic::{AtomicU32, Ordering};

use relais::app::Application;
use relais::config::Config;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

/// Environment variable naming a PostgreSQL database for the tests; each
/// test gets its own schema in it.
pub const PG_URL_VAR: &str = "RELAIS_TEST_DATABASE_URL";

pub struct TestApp {
    pub address: String,
    pub db: DatabaseConnection,
    pub client: reqwest::Client,
    _data_dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        let data_dir = tempfile::tempdir().expect("temporary data directory");
        let db = fresh_database(&data_dir).await;
        let mut config = Config::for_data_dir(data_dir.path());
        config.bind = "127.0.0.1:0".parse().expect("address");
        let app = Application::build_with_db(config, db.clone())
            .await
            .expect("application starts");
        let address = format!("http://{}", app.local_addr().expect("bound address"));
        tokio::spawn(app.run_until(std::future::pending()));
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client");
        TestApp {
            address,
            db,
            client,
            _data_dir: data_dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn get_html(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.text().await.expect("body")
    }
}

/// A database with nothing in it: a new SQLite file, or a new PostgreSQL
/// schema on the server named by `RELAIS_TEST_DATABASE_URL`.
pub async fn fresh_database(data_dir: &tempfile::TempDir) -> DatabaseConnection {
    match std::env::var(PG_URL_VAR) {
        Ok(url) if !url.trim().is_empty() => {
            static COUNTER: AtomicU32 = AtomicU32::new(0);
            let schema = format!(
                "t_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed),
                chrono::Utc::now().timestamp_micros()
            );
            let admin = relais::db::connect(&url).await.expect("postgres reachable");
            admin
                .execute_unprepared(&format!("CREATE SCHEMA \"{schema}\""))
                .await
                .expect("create test schema");
            admin.close().await.ok();
            relais::db::connect_with(&url, Some(&schema))
                .await
                .expect("connect to test schema")
        }
        _ => {
            let url = format!(
                "sqlite://{}?mode=rwc",
                data_dir.path().join("test.sqlite").display()
            );
            relais::db::connect(&url).await.expect("sqlite opens")
        }
    }
}

/// Names of the tables of the current database or schema.
pub async fn table_names(db: &DatabaseConnection) -> Vec<String> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => {
            "SELECT name AS name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        _ => {
            "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
        }
    };
    db.query_all(Statement::from_string(backend, sql))
        .await
        .expect("list tables")
        .iter()
        .map(|row| row.try_get::<String>("", "name").expect("table name"))
        .collect()
}

/// Row count of a table.
pub async fn count(db: &DatabaseConnection, table: &str) -> i64 {
    let backend = db.get_database_backend();
    let row = db
        .query_one(Statement::from_string(
            backend,
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .expect("count query")
        .expect("one row");
    row.try_get::<i64>("", "n").expect("count")
}
