//! Search benchmark: 100,000 generated organisations with French names and
//! real communes; p50/p99 latency of typical queries on the embedded engine,
//! indexing throughput and a full reindex from SQLite, and the same queries
//! as a plain SQL `LIKE` on the same data as the baseline.
//!
//! Run: `cargo bench --bench search` (release build). Set `RELAIS_BENCH_ORGS`
//! for another size.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use relais::entities::*;
use relais::search::embedded::EmbeddedEngine;
use relais::search::{DocKind, Facet, SearchDocument, SearchEngine, SearchQuery, worker};
use sea_orm::{ConnectionTrait, EntityTrait, Set, Statement};

const PREFIXES: &[&str] = &[
    "Médiathèque",
    "Bibliothèque municipale",
    "Espace public numérique",
    "Cyber-centre",
    "Médiathèque intercommunale",
    "Maison France Services",
    "Association",
    "Tiers-lieu",
    "Centre social",
    "Point lecture",
];
const NAMES: &[&str] = &[
    "Louise Michel",
    "Jules Verne",
    "Victor Hugo",
    "Simone de Beauvoir",
    "George Sand",
    "Albert Camus",
    "Colette",
    "Émile Zola",
    "Marguerite Duras",
    "Jean Jaurès",
    "Aimé Césaire",
    "Olympe de Gouges",
    "des Capucins",
    "du Château",
    "de la Gare",
    "des Lilas",
    "Le Florilège",
    "L'Odyssée",
    "La Passerelle",
    "Les Tilleuls",
];
const FALLBACK_COMMUNES: &[(&str, &str, &str)] = &[
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
];
const KINDS: &[OrgKind] = &[
    OrgKind::Library,
    OrgKind::Library,
    OrgKind::MediationPlace,
    OrgKind::Association,
    OrgKind::CyberCentre,
    OrgKind::School,
];

/// Real communes with their département, from the national library list
/// when it is beside the repository.
fn communes() -> Vec<(String, String)> {
    let path = std::env::var("RELAIS_SHARED_DIR").unwrap_or_else(|_| "../shared".into());
    let file = format!("{path}/data/bibliotheques/adresses-des-bibliotheques-publiques.csv");
    let mut out = Vec::new();
    if let Ok(text) = std::fs::read_to_string(&file) {
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split(';').collect();
            if cols.len() > 8 && !cols[6].is_empty() && cols[7].len() >= 2 {
                out.push((cols[6].to_owned(), cols[7].to_owned()));
            }
        }
        out.sort();
        out.dedup();
    }
    if out.is_empty() {
        println!("note: {file} not found, using a short built-in list of communes");
        out = FALLBACK_COMMUNES
            .iter()
            .map(|(c, d, _)| (c.to_string(), d.to_string()))
            .collect();
    }
    out
}

fn region_of(dep: &str) -> &'static str {
    let table: &[(&str, &[&str])] = &[
        (
            "84",
            &[
                "01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74",
            ],
        ),
        ("27", &["21", "25", "39", "58", "70", "71", "89", "90"]),
        ("53", &["22", "29", "35", "56"]),
        ("24", &["18", "28", "36", "37", "41", "45"]),
        ("94", &["2A", "2B"]),
        (
            "44",
            &["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"],
        ),
        ("32", &["02", "59", "60", "62", "80"]),
        ("11", &["75", "77", "78", "91", "92", "93", "94", "95"]),
        ("28", &["14", "27", "50", "61", "76"]),
        (
            "75",
            &[
                "16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87",
            ],
        ),
        (
            "76",
            &[
                "09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82",
            ],
        ),
        ("52", &["44", "49", "53", "72", "85"]),
        ("93", &["04", "05", "06", "13", "83", "84"]),
    ];
    table
        .iter()
        .find(|(_, deps)| deps.contains(&dep))
        .map(|(r, _)| *r)
        .unwrap_or("11")
}

struct Org {
    name: String,
    commune: String,
    dep: String,
    kind: OrgKind,
}

fn generate(n: usize) -> Vec<Org> {
    let communes = communes();
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..n)
        .map(|i| {
            let (commune, dep) = &communes[(next() as usize) % communes.len()];
            let prefix = PREFIXES[(next() as usize) % PREFIXES.len()];
            let name = if i % 3 == 0 {
                format!("{prefix} de {commune}")
            } else {
                format!("{prefix} {}", NAMES[(next() as usize) % NAMES.len()])
            };
            Org {
                name,
                commune: commune.clone(),
                dep: dep.clone(),
                kind: KINDS[(next() as usize) % KINDS.len()],
            }
        })
        .collect()
}

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index].as_secs_f64() * 1000.0
}

fn query(text: &str, filters: Vec<(Facet, String)>) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        filters,
        include_people: true,
        today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default(),
        limit: 20,
        offset: 0,
    }
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("RELAIS_BENCH_ORGS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let runs = 300;
    println!(
        "search benchmark: {n} organisations, {runs} runs per query, {} cores",
        std::thread::available_parallelism()
            .map(|p| p.get())
            .unwrap_or(1)
    );
    let orgs = generate(n);
    let dir = tempfile::tempdir().expect("temp dir");

    // The same data in SQLite, for the reindex and the LIKE baseline.
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.sqlite").display()
    );
    let db = relais::db::connect(&url).await.expect("sqlite");
    relais::db::migrate(&db).await.expect("migrate");
    relais::seed::run(&db).await.expect("seed");
    let now = Utc::now();
    for chunk in orgs.chunks(1_000) {
        let rows = chunk.iter().map(|o| organisation::ActiveModel {
            name: Set(o.name.clone()),
            kind: Set(o.kind),
            scope: Set(Scope::Local),
            commune: Set(Some(o.commune.clone())),
            departement_code: Set(Some(o.dep.clone()).filter(|d| d.len() <= 3)),
            region_code: Set(Some(region_of(&o.dep).to_owned())),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        });
        // Unknown département codes in the source are left out, not fatal.
        if organisation::Entity::insert_many(rows)
            .exec(&db)
            .await
            .is_err()
        {
            for o in chunk {
                let _ = organisation::Entity::insert(organisation::ActiveModel {
                    name: Set(o.name.clone()),
                    kind: Set(o.kind),
                    scope: Set(Scope::Local),
                    commune: Set(Some(o.commune.clone())),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                    ..Default::default()
                })
                .exec(&db)
                .await;
            }
        }
    }

    // Indexing throughput (documents built in memory, then upserted).
    let engine = EmbeddedEngine::recreate(&dir.path().join("search")).expect("index");
    let docs: Vec<SearchDocument> = orgs
        .iter()
        .enumerate()
        .map(|(i, o)| SearchDocument {
            id: SearchDocument::doc_id(DocKind::Organisation, i as i32 + 1),
            kind: DocKind::Organisation,
            title: o.name.clone(),
            acronym: None,
            commune: Some(o.commune.clone()),
            region_code: Some(region_of(&o.dep).to_owned()),
            departement_code: Some(o.dep.clone()),
            org_kind: Some(o.kind.as_str().to_owned()),
            stages: vec![],
            tags: vec![],
            description: String::new(),
            url: format!("/organisations/{}", i + 1),
            date: None,
        })
        .collect();
    let started = Instant::now();
    for chunk in docs.chunks(10_000) {
        engine.upsert(chunk.to_vec()).await.expect("upsert");
    }
    let indexing = started.elapsed();
    println!(
        "indexing: {n} documents in {:.2} s ({:.0} docs/s)",
        indexing.as_secs_f64(),
        n as f64 / indexing.as_secs_f64()
    );

    let started = Instant::now();
    let reindexed = worker::reindex(&db, &engine, |_, _| {})
        .await
        .expect("reindex");
    println!(
        "full reindex from SQLite: {reindexed} documents in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    let cases: Vec<(&str, SearchQuery, &str)> = vec![
        ("one word", query("mediatheque", vec![]), "%mediatheque%"),
        ("two words", query("mediatheque rennes", vec![]), "%rennes%"),
        ("typo", query("bibliotheque michel", vec![]), "%michel%"),
        (
            "typo (2 edits)",
            query("bibliothecque louise", vec![]),
            "%louise%",
        ),
        ("prefix", query("mediat", vec![]), "%mediat%"),
        (
            "faceted",
            query(
                "mediatheque",
                vec![
                    (Facet::Region, "53".into()),
                    (Facet::Kind, "library".into()),
                ],
            ),
            "%mediatheque%",
        ),
    ];
    println!();
    println!(
        "| query | engine p50 (ms) | engine p99 (ms) | LIKE p50 (ms) | LIKE p99 (ms) | hits |"
    );
    println!("|---|---|---|---|---|---|");
    let backend = db.get_database_backend();
    for (label, q, like) in cases {
        let mut engine_times = Vec::with_capacity(runs);
        let mut total = 0;
        for _ in 0..runs {
            let started = Instant::now();
            let results = engine.search_blocking(&q).expect("search");
            engine_times.push(started.elapsed());
            total = results.total;
        }
        let sql = format!(
            "SELECT id, name FROM organisations WHERE name LIKE '{like}' OR commune LIKE '{like}' ORDER BY name LIMIT 20"
        );
        let mut like_times = Vec::with_capacity(runs / 3);
        for _ in 0..runs / 3 {
            let started = Instant::now();
            db.query_all(Statement::from_string(backend, sql.clone()))
                .await
                .expect("like");
            like_times.push(started.elapsed());
        }
        println!(
            "| {label} (`{}`) | {:.2} | {:.2} | {:.2} | {:.2} | {total} |",
            q.text,
            percentile(&mut engine_times, 0.5),
            percentile(&mut engine_times, 0.99),
            percentile(&mut like_times, 0.5),
            percentile(&mut like_times, 0.99),
        );
    }
    println!(
        "\nLIKE matches accents and case only as typed (no folding, no typos): it is a floor for speed, not a rival for quality."
    );
}
