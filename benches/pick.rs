//! Record picker benchmark: `GET /pick/organisations?q=…` served by the real
//! application over HTTP, on SQLite with 100,000 organisations indexed by
//! the embedded engine — what the picker's script asks at each pause in
//! the typing. Prints p50/p99 per kind of query, and the same for the
//! people picker. Beside it, on an index of the same data built in the
//! benchmark: the picker's engine query alone, its floor (the bare tantivy
//! query, top 12 by score) and, when `MEILI_URL` is set, the same query
//! through the Meilisearch adapter (index `relais-bench-pick`, dropped after).
//!
//! Run: `cargo bench --bench pick`. Set `RELAIS_BENCH_ORGS` for another size.

#[allow(dead_code)] // each benchmark uses part of what they share
mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use common::percentile;
use relais::entities::*;
use relais::search::embedded::EmbeddedEngine;
use relais::search::meili::MeiliEngine;
use relais::search::{DocKind, SearchEngine, pick, worker};
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

    // The engine alone, on an index of the same data built here.
    let started = Instant::now();
    let engine = EmbeddedEngine::open_in_ram().expect("index");
    worker::reindex(&db, &engine, |_, _| {})
        .await
        .expect("reindex");
    println!(
        "engine index built from SQLite in {:.1} s, {} segments",
        started.elapsed().as_secs_f64(),
        engine.segments()
    );
    let segments = engine.settle(Duration::from_secs(120));
    println!("background merges settled: {segments} segments");
    let meili = match std::env::var("MEILI_URL") {
        Ok(url) => {
            let key = std::env::var("MEILI_MASTER_KEY").ok();
            let meili = MeiliEngine::connect(&url, key.as_deref(), "relais-bench-pick")
                .expect("meilisearch");
            meili.apply_settings().await.expect("settings");
            let started = Instant::now();
            worker::reindex(&db, &meili, |_, _| {})
                .await
                .expect("meilisearch reindex");
            println!(
                "meilisearch index built from SQLite in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Some(meili)
        }
        Err(_) => None,
    };

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
    println!(
        "\n| picker query | floor p50 | floor p99 | engine p50 | engine p99 | × floor (p50 / p99) | Meilisearch p50 | Meilisearch p99 |\n|---|---|---|---|---|---|---|---|"
    );
    for (label, texts) in cases {
        let mut floor = Vec::with_capacity(runs);
        let mut alone = Vec::with_capacity(runs);
        let mut scale = Vec::with_capacity(runs);
        for i in 0..runs {
            let q = pick::query(DocKind::Organisation, texts[i % texts.len()]).expect("query");
            let started = Instant::now();
            engine.floor_blocking(&q).expect("floor");
            floor.push(started.elapsed());
            let started = Instant::now();
            engine.search_blocking(&q).expect("search");
            alone.push(started.elapsed());
            if let Some(meili) = &meili {
                let started = Instant::now();
                meili.search(&q).await.expect("meilisearch");
                scale.push(started.elapsed());
            }
        }
        let (f50, f99) = (percentile(&mut floor, 0.5), percentile(&mut floor, 0.99));
        let (e50, e99) = (percentile(&mut alone, 0.5), percentile(&mut alone, 0.99));
        let (m50, m99) = if scale.is_empty() {
            ("—".to_owned(), "—".to_owned())
        } else {
            (
                format!("{:.2}", percentile(&mut scale, 0.5)),
                format!("{:.2}", percentile(&mut scale, 0.99)),
            )
        };
        println!(
            "| {label} (`{}`…) | {f50:.2} | {f99:.2} | {e50:.2} | {e99:.2} | {:.1} / {:.1} | {m50} | {m99} |",
            texts[0],
            e50 / f50,
            e99 / f99
        );
    }
    if let Some(meili) = meili {
        meili.drop_index().await.expect("drop the benchmark index");
    }
    drop(engine);

    println!("\n| picker query over HTTP | p50 (ms) | p99 (ms) | offered |\n|---|---|---|---|");
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
