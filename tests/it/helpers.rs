//! `TestApp::spawn()`: the real application on a fresh database.

use std::sync::atomic::{AtomicU32, Ordering};

use relais::accounts::{password, store};
use relais::app::Application;
use relais::clock::Clock;
use relais::config::Config;
use relais::entities::{Role, campaign, organisation, person};
use relais::values::Email;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    Statement,
};

/// Password of every account the tests create.
pub const PASSWORD: &str = "une phrase de passe";

/// Environment variable naming a PostgreSQL database for the tests; each
/// test gets its own schema in it.
pub const PG_URL_VAR: &str = "RELAIS_TEST_DATABASE_URL";

/// Environment variable read only by this harness: the day (`2031-06-15`)
/// or instant every application started with [`TestApp::spawn`] believes it
/// is. CI runs the suite once with a far date, so a test that still reads
/// the wall clock instead of its app's clock fails there.
pub const CLOCK_VAR: &str = "RELAIS_TEST_CLOCK";

pub struct TestApp {
    pub address: String,
    pub db: DatabaseConnection,
    pub client: reqwest::Client,
    /// The server's clock: what "today" is for this application.
    pub clock: Clock,
    /// Where the database is, so another instance can connect on its own.
    database: Option<DatabaseAddress>,
    _data_dir: std::sync::Arc<tempfile::TempDir>,
}

/// How to open another connection pool on a test's database.
#[derive(Clone)]
pub struct DatabaseAddress {
    url: String,
    schema: Option<String>,
}

impl DatabaseAddress {
    pub async fn connect(&self) -> DatabaseConnection {
        relais::db::connect_with(&self.url, self.schema.as_deref())
            .await
            .expect("database reachable")
    }
}

pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client")
}

/// The clock of an application whose test does not pin one: the system's,
/// or the one `RELAIS_TEST_CLOCK` names.
pub fn harness_clock() -> Clock {
    match std::env::var(CLOCK_VAR) {
        Ok(setting) if !setting.trim().is_empty() => {
            Clock::parse_setting(&setting).unwrap_or_else(|| {
                panic!("{CLOCK_VAR}={setting:?}: expected 2031-06-15 or an RFC 3339 instant")
            })
        }
        _ => Clock::system(),
    }
}

/// A day of the calendar (tests write many).
pub fn date(year: i32, month: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(year, month, day).expect("valid date")
}

/// Starts the real application on port 0 over `db` with `clock`; returns
/// its address.
pub async fn start(data_dir: &std::path::Path, db: DatabaseConnection, clock: &Clock) -> String {
    start_configured(data_dir, db, clock, |_| {}).await
}

/// [`start`], with the configuration changed by `configure` first.
pub async fn start_configured(
    data_dir: &std::path::Path,
    db: DatabaseConnection,
    clock: &Clock,
    configure: impl FnOnce(&mut Config),
) -> String {
    let mut config = Config::for_data_dir(data_dir);
    config.bind = "127.0.0.1:0".parse().expect("address");
    config.clock = clock.clone();
    configure(&mut config);
    let app = Application::build_with_db(config, db)
        .await
        .expect("application starts");
    let address = format!("http://{}", app.local_addr().expect("bound address"));
    tokio::spawn(app.run_until(std::future::pending()));
    address
}

impl TestApp {
    /// The application on a fresh database, nobody signed in, on the
    /// harness clock (see [`CLOCK_VAR`]).
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with_clock(harness_clock()).await
    }

    /// The application believing it is `day` (10:00 in Paris, then time
    /// runs on): for tests whose figures depend on the date.
    pub async fn spawn_at(day: chrono::NaiveDate) -> TestApp {
        TestApp::spawn_with_clock(Clock::starting_on(day)).await
    }

    pub async fn spawn_with_clock(clock: Clock) -> TestApp {
        TestApp::spawn_configured(clock, |_| {}).await
    }

    /// The application on a fresh database with its configuration changed
    /// by `configure` (e.g. webhooks allowed to reach 127.0.0.1).
    pub async fn spawn_configured(clock: Clock, configure: fn(&mut Config)) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temporary data directory");
        let database = fresh_database_address(&data_dir).await;
        let db = database.connect().await;
        let address = start_configured(data_dir.path(), db.clone(), &clock, configure).await;
        TestApp {
            address,
            db,
            client: new_client(),
            clock,
            database: Some(database),
            _data_dir: std::sync::Arc::new(data_dir),
        }
    }

    /// A handle on an application started by the test itself.
    pub fn attach(
        address: String,
        db: DatabaseConnection,
        data_dir: tempfile::TempDir,
        clock: Clock,
    ) -> TestApp {
        TestApp {
            address,
            db,
            client: new_client(),
            clock,
            database: None,
            _data_dir: std::sync::Arc::new(data_dir),
        }
    }

    /// The application with a signed-in user of `role`.
    pub async fn spawn_as(role: Role) -> TestApp {
        let app = TestApp::spawn().await;
        app.login_as(role).await;
        app
    }

    /// The same, believing it is `day`.
    pub async fn spawn_as_at(role: Role, day: chrono::NaiveDate) -> TestApp {
        let app = TestApp::spawn_at(day).await;
        app.login_as(role).await;
        app
    }

    /// Today in Paris by the server's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// Now by the server's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// This instance's data directory.
    pub fn data_dir(&self) -> &std::path::Path {
        self._data_dir.path()
    }

    /// The same application seen from another browser (no cookies).
    pub fn with_new_client(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            db: self.db.clone(),
            client: new_client(),
            clock: self.clock.clone(),
            database: self.database.clone(),
            _data_dir: self._data_dir.clone(),
        }
    }

    /// Another instance of the application on the same database, as a
    /// second process would be: its own connection pool, data directory
    /// (so its own embedded index) and browser; nobody signed in.
    pub async fn peer(&self) -> TestApp {
        self.peer_configured(|_| {}).await
    }

    /// [`TestApp::peer`], with the configuration changed by `configure`.
    pub async fn peer_configured(&self, configure: fn(&mut Config)) -> TestApp {
        let database = self
            .database
            .clone()
            .expect("an application started by spawn");
        let data_dir = tempfile::tempdir().expect("peer data directory");
        let db = database.connect().await;
        let address = start_configured(data_dir.path(), db.clone(), &self.clock, configure).await;
        TestApp {
            address,
            db,
            client: new_client(),
            clock: self.clock.clone(),
            database: Some(database),
            _data_dir: std::sync::Arc::new(data_dir),
        }
    }

    /// A second instance of the application on the same database (with its
    /// own data directory: an embedded index belongs to one instance).
    pub async fn second_instance(&self) -> (String, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("second data directory");
        let address = start(dir.path(), self.db.clone(), &self.clock).await;
        (address, dir)
    }

    /// Creates an account of `role` (email `<role>@example.org`).
    pub async fn create_user(&self, role: Role) -> i32 {
        let email = Email::parse(&format!("{}@example.org", role.as_str())).expect("email");
        let hash = password::hash(PASSWORD.into()).await.expect("hash");
        store::create(
            &self.db,
            store::NewUser {
                email: &email,
                display_name: &format!("Test {}", role.as_str()),
                role,
                password_hash: Some(hash),
                actor: None,
            },
        )
        .await
        .expect("user created")
        .id
    }

    /// Creates an account of `role` and signs this client in with it.
    pub async fn login_as(&self, role: Role) -> i32 {
        let id = self.create_user(role).await;
        let response = self
            .post_form(
                "/login",
                &[
                    ("email", &format!("{}@example.org", role.as_str())),
                    ("password", PASSWORD),
                    ("next", "/"),
                ],
            )
            .await;
        assert_eq!(response.status(), 303, "login as {role}");
        id
    }

    /// The CSRF token of this client (the hidden field of any form).
    pub async fn csrf_token(&self) -> String {
        // The login page, or where it sends us (setup, or home when signed in).
        let mut path = "/login".to_owned();
        for _ in 0..3 {
            let response = self.get(&path).await;
            if let Some(next) = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
            {
                path = next.to_owned();
                continue;
            }
            let page = response.text().await.expect("body");
            return extract_csrf(&page).expect("a page with a CSRF field");
        }
        panic!("no page with a form reached from /login")
    }

    /// POSTs a form with this client's CSRF token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut body: Vec<(&str, &str)> = fields.to_vec();
        body.push(("_csrf", &token));
        self.client
            .post(self.url(path))
            .form(&body)
            .send()
            .await
            .expect("request sent")
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
    fresh_database_address(data_dir).await.connect().await
}

/// A new empty database: a schema of its own in PostgreSQL when
/// [`PG_URL_VAR`] is set, else an SQLite file in `data_dir`.
pub async fn fresh_database_address(data_dir: &tempfile::TempDir) -> DatabaseAddress {
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
            DatabaseAddress {
                url,
                schema: Some(schema),
            }
        }
        _ => DatabaseAddress {
            url: format!(
                "sqlite://{}?mode=rwc",
                data_dir.path().join("test.sqlite").display()
            ),
            schema: None,
        },
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

/// The value of the hidden `_csrf` field in a page.
pub fn extract_csrf(page: &str) -> Option<String> {
    let marker = "name=\"_csrf\" value=\"";
    let start = page.find(marker)? + marker.len();
    let end = page[start..].find('"')? + start;
    Some(page[start..end].to_owned())
}

/// Every value of every table as text (to prove some data is gone).
pub async fn all_text(db: &DatabaseConnection) -> String {
    let backend = db.get_database_backend();
    let mut out = String::new();
    for table in table_names(db).await {
        let sql = match backend {
            DbBackend::Sqlite => {
                let columns: Vec<String> = db
                    .query_all(Statement::from_string(
                        backend,
                        format!("PRAGMA table_info(\"{table}\")"),
                    ))
                    .await
                    .expect("table info")
                    .iter()
                    .map(|row| row.try_get::<String>("", "name").expect("column name"))
                    .collect();
                let parts: Vec<String> = columns
                    .iter()
                    .map(|c| format!("COALESCE(CAST(\"{c}\" AS TEXT), '')"))
                    .collect();
                format!(
                    "SELECT {} AS line FROM \"{table}\"",
                    parts.join(" || '|' || ")
                )
            }
            _ => format!("SELECT row_to_json(t)::text AS line FROM \"{table}\" t"),
        };
        for row in db
            .query_all(Statement::from_string(backend, sql))
            .await
            .expect("dump")
        {
            out.push_str(&row.try_get::<String>("", "line").unwrap_or_default());
            out.push('\n');
        }
    }
    out
}

/// The campaign of the seed data (seed 004's plan).
pub async fn seeded_campaign(app: &TestApp) -> campaign::Model {
    campaign::Entity::find()
        .filter(campaign::Column::SeedKey.eq("mediateurs-numeriques"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("seeded campaign")
}

/// An organisation of the seed data, by its key.
pub async fn seeded_organisation(app: &TestApp, key: &str) -> organisation::Model {
    organisation::Entity::find()
        .filter(organisation::Column::SeedKey.eq(key))
        .one(&app.db)
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("{key} seeded"))
}

/// Checks that a form was refused (422) with `message` on the page.
pub async fn assert_refused(response: reqwest::Response, message: &str) {
    assert_eq!(response.status(), 422, "refused: {message}");
    let page = response.text().await.expect("body");
    assert!(page.contains(message), "the page says {message:?}");
}

/// Creates a person through the form (with an email address; marked
/// do-not-contact if asked); returns their id.
pub async fn create_person(app: &TestApp, name: &str, do_not_contact: bool) -> i32 {
    let fields = [
        ("full_name", name),
        ("email", "personne@example.org"),
        ("phone", ""),
        ("notes", ""),
        ("lawful_basis", "legitimate_interest"),
        ("lawful_basis_on", "2026-11-01"),
        ("source", "Page publique"),
    ];
    let mut fields: Vec<(&str, &str)> = fields.to_vec();
    if do_not_contact {
        fields.push(("do_not_contact", "on"));
    }
    let response = app.post_form("/people", &fields).await;
    assert_eq!(response.status(), 303);
    person::Entity::find()
        .filter(person::Column::FullName.eq(name))
        .one(&app.db)
        .await
        .expect("query")
        .expect("created")
        .id
}
