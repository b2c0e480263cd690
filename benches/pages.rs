//! Page benchmark: the organisation list and organisation pages served by
//! the real application over HTTP, on SQLite with 20,000 organisations and
//! 100,000 interactions. Prints p50/p99 per page kind.
//!
//! Run: `cargo bench --bench pages`.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use relais::accounts::{password, store};
use relais::app::Application;
use relais::config::Config;
use relais::entities::*;
use relais::values::Email;
use sea_orm::{EntityTrait, Set};

/// Builds the path of the i-th request of one measured page.
type PathFor = Box<dyn Fn(usize) -> String>;

const ORGS: usize = 20_000;
const INTERACTIONS: usize = 100_000;
const COMMUNES: &[(&str, &str, &str)] = &[
    ("Rennes", "35", "53"),
    ("Nantes", "44", "52"),
    ("Lyon", "69", "84"),
    ("Lille", "59", "32"),
    ("Bordeaux", "33", "75"),
    ("Toulouse", "31", "76"),
    ("Marseille", "13", "93"),
    ("Strasbourg", "67", "44"),
    ("Dijon", "21", "27"),
    ("Rouen", "76", "28"),
    ("Brest", "29", "53"),
    ("Angers", "49", "52"),
    ("Cergy", "95", "11"),
    ("Moulins", "03", "84"),
    ("Quimper", "29", "53"),
];
const KINDS: &[OrgKind] = &[
    OrgKind::Library,
    OrgKind::MediationPlace,
    OrgKind::Association,
    OrgKind::DepartmentalLibrary,
    OrgKind::CyberCentre,
];

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("pages.sqlite").display()
    );
    let db = relais::db::connect(&url).await.expect("sqlite");
    relais::db::migrate(&db).await.expect("migrate");
    relais::seed::run(&db).await.expect("seed");
    let now = Utc::now();
    let started = Instant::now();
    for chunk in (0..ORGS).collect::<Vec<_>>().chunks(1_000) {
        let rows = chunk.iter().map(|i| {
            let (commune, dep, region) = COMMUNES[i % COMMUNES.len()];
            organisation::ActiveModel {
                name: Set(format!("Médiathèque {i} de {commune}")),
                kind: Set(KINDS[i % KINDS.len()]),
                scope: Set(Scope::Local),
                commune: Set(Some(commune.into())),
                departement_code: Set(Some(dep.into())),
                region_code: Set(Some(region.into())),
                description: Set(Some("Structure générée pour le banc d'essai.".into())),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
        });
        organisation::Entity::insert_many(rows)
            .exec(&db)
            .await
            .expect("organisations");
    }
    let first_org = organisation::Entity::find()
        .all(&db)
        .await
        .expect("orgs")
        .iter()
        .map(|o| o.id)
        .min()
        .unwrap_or(1);
    let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    for chunk in (0..INTERACTIONS).collect::<Vec<_>>().chunks(2_000) {
        let rows = chunk.iter().map(|i| interaction::ActiveModel {
            occurred_on: Set(day + chrono::Duration::days((*i % 300) as i64)),
            channel: Set(InteractionChannel::Email),
            direction: Set(Direction::Outbound),
            organisation_id: Set(Some(first_org + (*i % ORGS) as i32)),
            summary: Set(format!("Échange numéro {i}")),
            follow_up_on: Set((i % 7 == 0).then(|| day + chrono::Duration::days(400))),
            follow_up_done: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        });
        interaction::Entity::insert_many(rows)
            .exec(&db)
            .await
            .expect("interactions");
    }
    println!(
        "data: {ORGS} organisations, {INTERACTIONS} interactions loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let email = Email::parse("bench@example.org").expect("email");
    let hash = password::hash("une phrase de passe".into())
        .await
        .expect("hash");
    store::create(
        &db,
        store::NewUser {
            email: &email,
            display_name: "Bench",
            role: Role::Volunteer,
            password_hash: Some(hash),
            actor: None,
        },
    )
    .await
    .expect("user");
    let mut config = Config::for_data_dir(dir.path());
    config.bind = "127.0.0.1:0".parse().expect("address");
    let app = Application::build_with_db(config, db).await.expect("app");
    let base = format!("http://{}", app.local_addr().expect("address"));
    tokio::spawn(app.run_until(std::future::pending()));
    let client = reqwest::Client::builder()
        .cookie_store(true)
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
            ("email", "bench@example.org"),
            ("password", "une phrase de passe"),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("login");
    // Let the background index rebuild finish so it does not share the timing.
    tokio::time::sleep(Duration::from_secs(8)).await;

    let runs = 300;
    let pages: Vec<(&str, PathFor)> = vec![
        ("list, first page", Box::new(|_| "/organisations".into())),
        (
            "list, filtered (kind + région)",
            Box::new(|_| "/organisations?kind=library&region=53".into()),
        ),
        (
            "list, sorted by commune, page 40",
            Box::new(|_| "/organisations?sort=commune&page=40".into()),
        ),
        (
            "list, name contains",
            Box::new(|_| "/organisations?name=m%C3%A9diath%C3%A8que%201".into()),
        ),
        (
            "organisation page (5 interactions each)",
            Box::new(move |i| format!("/organisations/{}", first_org + (i * 37 % ORGS) as i32)),
        ),
        ("dashboard", Box::new(|_| "/".into())),
    ];
    println!("\n| page | p50 (ms) | p99 (ms) |\n|---|---|---|");
    for (label, path) in pages {
        let mut samples = Vec::with_capacity(runs);
        for i in 0..runs {
            let started = Instant::now();
            let response = client
                .get(format!("{base}{}", path(i)))
                .send()
                .await
                .expect("request");
            assert!(
                response.status().is_success(),
                "{label}: {}",
                response.status()
            );
            response.bytes().await.expect("body");
            samples.push(started.elapsed());
        }
        println!(
            "| {label} | {:.2} | {:.2} |",
            percentile(&mut samples, 0.5),
            percentile(&mut samples, 0.99)
        );
    }
}
