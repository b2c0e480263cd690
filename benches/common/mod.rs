//! What the HTTP benchmarks share: a fresh SQLite database, a volunteer
//! account, the real application on a free port, percentiles.

use std::time::Duration;

use relais::accounts::{password, store};
use relais::app::Application;
use relais::config::Config;
use relais::entities::Role;
use relais::values::Email;
use sea_orm::DatabaseConnection;
use tempfile::TempDir;

pub const EMAIL: &str = "bench@example.org";
pub const PASSWORD: &str = "une phrase de passe";

/// p in [0, 1], in milliseconds.
pub fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

/// A migrated, seeded SQLite database in a temporary directory.
pub async fn fresh_database(name: &str) -> (TempDir, DatabaseConnection) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join(format!("{name}.sqlite")).display()
    );
    let db = relais::db::connect(&url).await.expect("sqlite");
    relais::db::migrate(&db).await.expect("migrate");
    relais::seed::run(&db).await.expect("seed");
    (dir, db)
}

/// Creates the volunteer the benchmark logs in as; returns its id.
pub async fn create_volunteer(db: &DatabaseConnection) -> i32 {
    let email = Email::parse(EMAIL).expect("email");
    let hash = password::hash(PASSWORD.into()).await.expect("hash");
    store::create(
        db,
        store::NewUser {
            email: &email,
            display_name: "Bench",
            role: Role::Volunteer,
            password_hash: Some(hash),
            actor: None,
        },
    )
    .await
    .expect("user")
    .id
}

/// Starts the application on a free port; returns its base URL.
pub async fn serve(dir: &TempDir, db: DatabaseConnection) -> String {
    let mut config = Config::for_data_dir(dir.path());
    config.bind = "127.0.0.1:0".parse().expect("address");
    let app = Application::build_with_db(config, db).await.expect("app");
    let base = format!("http://{}", app.local_addr().expect("address"));
    tokio::spawn(app.run_until(std::future::pending()));
    base
}

/// A client logged in as the benchmark's volunteer.
pub async fn logged_in_client(base: &str) -> reqwest::Client {
    logged_in(base).await.0
}

/// The same, with its cookies as a `Cookie` header value (for `wrk`).
pub async fn logged_in(base: &str) -> (reqwest::Client, String) {
    use reqwest::cookie::CookieStore;
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let login = client
        .get(format!("{base}/login"))
        .send()
        .await
        .expect("login page")
        .text()
        .await
        .expect("body");
    let token = login
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    client
        .post(format!("{base}/login"))
        .form(&[
            ("_csrf", token.as_str()),
            ("email", EMAIL),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("login");
    let url = base.parse().expect("base URL");
    let cookies = jar
        .cookies(&url)
        .and_then(|v| v.to_str().ok().map(str::to_owned))
        .unwrap_or_default();
    (client, cookies)
}

/// `count` interactions spread over `organisations` during 2026, one in
/// `follow_up_every` with a follow-up due next year (list and dashboard
/// pages read them).
pub async fn insert_interactions(
    db: &DatabaseConnection,
    count: usize,
    organisations: &[i32],
    follow_up_every: usize,
) {
    use relais::entities::{Direction, InteractionChannel, interaction};
    use sea_orm::{EntityTrait, Set};
    let now = chrono::Utc::now();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    for chunk in (0..count).collect::<Vec<_>>().chunks(2_000) {
        let rows =
            chunk.iter().map(|i| interaction::ActiveModel {
                occurred_on: Set(day + chrono::Duration::days((*i % 300) as i64)),
                channel: Set(InteractionChannel::Email),
                direction: Set(Direction::Outbound),
                organisation_id: Set(Some(organisations[i % organisations.len()])),
                summary: Set(format!("Échange numéro {i}")),
                follow_up_on: Set(
                    (i % follow_up_every == 0).then(|| day + chrono::Duration::days(400))
                ),
                follow_up_done: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            });
        interaction::Entity::insert_many(rows)
            .exec(db)
            .await
            .expect("interactions");
    }
}

/// Sizes and timings of `runs` GET requests of one page kind.
pub struct Measured {
    /// Size of the last answer, in bytes.
    pub size: usize,
    pub samples: Vec<Duration>,
}

impl Measured {
    /// `| label | size KB | p50 | p99 |`, the tables' row.
    pub fn row(&mut self, label: &str) -> String {
        format!(
            "| {label} | {:.1} | {:.2} | {:.2} |",
            self.size as f64 / 1024.0,
            percentile(&mut self.samples, 0.5),
            percentile(&mut self.samples, 0.99)
        )
    }
}

/// Requests `base` + `path(i)` for i in 0..runs, each answer read whole;
/// panics on a status other than success (a benchmark of errors is none).
pub async fn measure(
    client: &reqwest::Client,
    base: &str,
    runs: usize,
    path: impl Fn(usize) -> String,
) -> Measured {
    let mut measured = Measured {
        size: 0,
        samples: Vec::with_capacity(runs),
    };
    for i in 0..runs {
        let url = format!("{base}{}", path(i));
        let started = std::time::Instant::now();
        let response = client.get(&url).send().await.expect("request");
        assert!(
            response.status().is_success(),
            "{url}: {}",
            response.status()
        );
        measured.size = response.bytes().await.expect("body").len();
        measured.samples.push(started.elapsed());
    }
    measured
}

/// The national library list in `../shared/data`, or `None` with a note.
pub fn library_list() -> Option<std::path::PathBuf> {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/bibliotheques/adresses-des-bibliotheques-publiques.csv");
    if path.exists() {
        Some(path)
    } else {
        println!("note: {} absent, library list skipped", path.display());
        None
    }
}

/// An import of organisations with the columns guessed, rows in error left
/// out, duplicates skipped: what a volunteer accepts as proposed.
pub fn organisations_plan(path: &std::path::Path) -> relais::transfer::import::Plan {
    use relais::transfer::import::{self, DuplicateChoice, Plan, Target};
    let table = import::source::open(path).expect("file opens");
    let headers = table.shape.headers.clone();
    Plan {
        target: Target::Organisations,
        mapping: import::columns::guess(Target::Organisations, &headers),
        defaults: import::Defaults::for_file("bench.csv", &headers, None, None),
        duplicates: DuplicateChoice::Skip,
        choices: Default::default(),
        take_from_row: Default::default(),
        skip_errors: true,
        actor: None,
    }
}
