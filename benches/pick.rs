//! Record picker benchmark: `GET /pick/organisations?q=…` served by the real
//! application over HTTP, on SQLite with 100,000 organisations indexed by
//! the embedded engine — what the picker's script asks at each pause in
//! the typing. Prints p50/p99 per kind of query, and the same for the
//! people picker.
//!
//! Run: `cargo bench --bench pick`. Set `RELAIS_BENCH_ORGS` for another size.

#[allow(dead_code)] // each benchmark uses part of what they share
mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use common::percentile;
use relais::entities::*;
use sea_orm::{EntityTrait, Set};

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
    ("Saint-Étienne", "42", "84"),
    ("Besançon", "25", "27"),
];
const PREFIXES: &[&str] = &[
    "Médiathèque",
    "Bibliothèque municipale",
    "Espace public numérique",
    "Cyber-centre",
    "Maison France Services",
    "Tiers-lieu",
];
const NAMES: &[&str] = &[
    "Louise Michel",
    "Jules Verne",
    "Victor Hugo",
    "George Sand",
    "Émile Zola",
    "Jean Jaurès",
    "Aimé Césaire",
    "des Capucins",
    "de la Gare",
    "Les Tilleuls",
];
const KINDS: &[OrgKind] = &[
    OrgKind::Library,
    OrgKind::MediationPlace,
    OrgKind::Association,
    OrgKind::CyberCentre,
];

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("RELAIS_BENCH_ORGS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let (dir, db) = common::fresh_database("pick").await;
    let now = Utc::now();
    let started = Instant::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(1_000) {
        let rows = chunk.iter().map(|i| {
            let (commune, dep, region) = COMMUNES[i % COMMUNES.len()];
            let prefix = PREFIXES[(i / 7) % PREFIXES.len()];
            let name = match i % 3 {
                0 => format!("{prefix} de {commune}"),
                _ => format!("{prefix} {} {i}", NAMES[(i / 3) % NAMES.len()]),
            };
            organisation::ActiveModel {
                name: Set(name),
                kind: Set(KINDS[i % KINDS.len()]),
                scope: Set(Scope::Local),
                commune: Set(Some(commune.into())),
                departement_code: Set(Some(dep.into())),
                region_code: Set(Some(region.into())),
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
    println!(
        "data: {n} organisations loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    common::create_volunteer(&db).await;
    let base = common::serve(&dir, db).await;
    let client = common::logged_in_client(&base).await;
    // The startup rebuild indexes every organisation: wait until the last
    // numbered one is found, so the rebuild does not share the timing.
    let started = Instant::now();
    let late = (0..n).rev().find(|i| i % 3 != 0).unwrap_or(1);
    let last = format!("{base}/pick/organisations?q={late}");
    loop {
        let body = client
            .get(&last)
            .header("Accept", "application/json")
            .send()
            .await
            .expect("request")
            .text()
            .await
            .expect("body");
        if body.contains(&format!(" {late}\"")) || started.elapsed() > Duration::from_secs(600) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    println!(
        "index rebuilt at startup in about {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let runs = 300;
    // What the script sends as a volunteer types, pause after pause.
    let cases: &[(&str, &[&str])] = &[
        ("two letters", &["me", "bi", "ly", "cy"]),
        (
            "a word, being typed",
            &["mediat", "biblio", "jaur", "tille"],
        ),
        (
            "name and commune",
            &[
                "mediatheque rennes",
                "bibliotheque municipale lyon",
                "tiers lieu dijon",
            ],
        ),
        (
            "accents left out",
            &["emile zola", "aime cesaire", "saint etienne"],
        ),
        ("typo", &["mediatheqe", "bibliotheque jaures", "capucin"]),
        ("a name with its number", &["victor hugo 4711", "sand 9"]),
    ];
    println!("\n| picker query | p50 (ms) | p99 (ms) | offered |\n|---|---|---|---|");
    for (label, texts) in cases {
        let mut samples = Vec::with_capacity(runs);
        let mut offered = 0;
        for i in 0..runs {
            let text = texts[i % texts.len()];
            let url = format!("{base}/pick/organisations?q={}", text.replace(' ', "%20"));
            let started = Instant::now();
            let response = client
                .get(url)
                .header("Accept", "application/json")
                .send()
                .await
                .expect("request");
            assert!(
                response.status().is_success(),
                "{label}: {}",
                response.status()
            );
            let found: Vec<serde_json::Value> = response.json().await.expect("json");
            samples.push(started.elapsed());
            offered = offered.max(found.len());
        }
        println!(
            "| {label} (`{}`…) | {:.2} | {:.2} | {offered} |",
            texts[0],
            percentile(&mut samples, 0.5),
            percentile(&mut samples, 0.99)
        );
    }
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let response = client
            .get(format!("{base}/pick/people?q=bench"))
            .header("Accept", "application/json")
            .send()
            .await
            .expect("request");
        assert!(response.status().is_success());
        response.bytes().await.expect("body");
        samples.push(started.elapsed());
    }
    println!(
        "| people picker (`bench`) | {:.2} | {:.2} | — |",
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.99)
    );
}
