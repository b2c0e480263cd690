//! "Around a place" benchmark: 100,000 organisations spread over France
//! the way libraries are (a few per commune, around the communes'
//! centres from `../shared/data/geo/communes.csv`), on SQLite. Prints
//! p50/p99 of "25 km around a town" for a few towns, dense and rural:
//! the store's query alone (`geo::around::around`: bounding box on the
//! indexed columns, haversine in Rust), and the whole page
//! `GET /around?at=…&radius=25` over HTTP (logged-in client, real app).
//! Goal: p99 under 50 ms.
//!
//! Run: `cargo bench --bench around`. Set `RELAIS_BENCH_ORGS` for another
//! size; without the communes file the benchmark says so and stops.

#[allow(dead_code)] // each benchmark uses part of what they share
mod common;

use std::time::Instant;

use chrono::Utc;
use common::percentile;
use relais::entities::*;
use relais::geo::around::{self, AroundFilter, Origin};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

const TOWNS: &[(&str, &str)] = &[
    ("35360", "Vitré"),
    ("35238", "Rennes"),
    ("75056", "Paris"),
    ("69123", "Lyon"),
    ("59350", "Lille"),
    ("48095", "Mende"),
];

/// What the page reads in full (`geo::views::SHOWN`).
const SHOWN: usize = 300;

const KINDS: &[OrgKind] = &[
    OrgKind::Library,
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
    let geo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/geo");
    if !geo.join("communes.csv").exists() {
        println!("note: {} absent, benchmark skipped", geo.display());
        return;
    }
    let (dir, db) = common::fresh_database("around").await;
    let started = Instant::now();
    relais::geo::load_dir(&db, &geo).await.expect("communes");
    println!(
        "communes loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let communes: Vec<commune::Model> = commune::Entity::find()
        .filter(commune::Column::Latitude.is_not_null())
        .all(&db)
        .await
        .expect("communes");
    let now = Utc::now();
    let started = Instant::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(1_000) {
        let rows = chunk.iter().map(|i| {
            // Spread over every commune (a prime stride), a little off its
            // centre, as a commune's libraries are.
            let c = &communes[(i * 7_919) % communes.len()];
            let jitter = |k: usize| ((k * 2_654_435_761) % 1_000) as f64 / 1_000.0 - 0.5;
            organisation::ActiveModel {
                name: Set(format!("Médiathèque {i} de {}", c.name)),
                sort_name: Set(Some(format!("mediatheque {i}"))),
                kind: Set(KINDS[i % KINDS.len()]),
                scope: Set(Scope::Local),
                commune: Set(Some(c.name.clone())),
                commune_code: Set(Some(c.code.clone())),
                departement_code: Set(Some(c.departement_code.clone())),
                latitude: Set(c.latitude.map(|l| l + jitter(*i) * 0.03)),
                longitude: Set(c.longitude.map(|l| l + jitter(i + 1) * 0.04)),
                workshops_offered: Set((i % 4 == 0).then(|| "Ateliers".to_owned())),
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

    let runs = 300;
    let filter = AroundFilter {
        radius_km: 25,
        ..Default::default()
    };
    // The query alone, before the app runs (its start rebuilds the search
    // index from the same database: that would share the timing).
    let mut rows = Vec::new();
    for (code, name) in TOWNS {
        let c = commune::Entity::find_by_id((*code).to_owned())
            .one(&db)
            .await
            .expect("query")
            .expect("town");
        let origin = Origin {
            latitude: c.latitude.expect("centre"),
            longitude: c.longitude.expect("centre"),
        };
        let mut query = Vec::with_capacity(runs);
        let mut found = 0;
        for _ in 0..runs {
            let started = Instant::now();
            found = around::around(&db, &origin, &filter, SHOWN)
                .await
                .expect("around")
                .total;
            query.push(started.elapsed());
        }
        rows.push((
            *code,
            *name,
            found,
            percentile(&mut query, 0.5),
            percentile(&mut query, 0.99),
        ));
    }
    // The widest radius asked.
    let c = commune::Entity::find_by_id("35360".to_owned())
        .one(&db)
        .await
        .expect("query")
        .expect("Vitré");
    let origin = Origin {
        latitude: c.latitude.expect("centre"),
        longitude: c.longitude.expect("centre"),
    };
    let wide = AroundFilter {
        radius_km: 100,
        ..Default::default()
    };
    let mut samples = Vec::with_capacity(50);
    let mut wide_found = 0;
    for _ in 0..50 {
        let started = Instant::now();
        wide_found = around::around(&db, &origin, &wide, SHOWN)
            .await
            .expect("around")
            .total;
        samples.push(started.elapsed());
    }

    common::create_volunteer(&db).await;
    let base = common::serve(&dir, db.clone()).await;
    let client = common::logged_in_client(&base).await;
    // Wait for the start's search rebuild to end.
    let started = Instant::now();
    loop {
        let health: serde_json::Value = client
            .get(format!("{base}/health"))
            .send()
            .await
            .expect("health")
            .json()
            .await
            .expect("json");
        if health["search"]["backlog"]["pending"] == 0 || started.elapsed().as_secs() > 600 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    println!(
        "search index rebuilt at start in about {:.0} s",
        started.elapsed().as_secs_f64()
    );
    println!(
        "\n| 25 km around | found | query p50 | query p99 | page p50 | page p99 |\n|---|---|---|---|---|---|"
    );
    for (code, name, found, q50, q99) in rows {
        let url = format!("{base}/around?at={code}&radius=25");
        let mut page = Vec::with_capacity(runs);
        for _ in 0..runs {
            let started = Instant::now();
            let response = client.get(&url).send().await.expect("request");
            assert_eq!(response.status(), 200, "{url}");
            response.bytes().await.expect("body");
            page.push(started.elapsed());
        }
        println!(
            "| {name} | {found} | {q50:.1} ms | {q99:.1} ms | {:.1} ms | {:.1} ms |",
            percentile(&mut page, 0.5),
            percentile(&mut page, 0.99),
        );
    }
    println!(
        "\n100 km around Vitré: {wide_found} found, query p50 {:.1} ms, p99 {:.1} ms",
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.99),
    );
}
