//! Search benchmark: 100,000 generated organisations with French names and
//! real communes; p50/p99 latency of typical queries on the embedded engine
//! beside its floor (the bare tantivy query: top 20 by score, no count, no
//! facets, no stored document read), indexing time, resident memory, a full
//! reindex from SQLite, the same queries through the Meilisearch adapter
//! when `MEILI_URL` is set, and as a plain SQL `LIKE` on the same data.
//!
//! Run: `cargo bench --bench search` (release build). Set `RELAIS_BENCH_ORGS`
//! for another size, `RELAIS_BENCH_LIKE=0` to leave the `LIKE` baseline out
//! (it takes seconds per query at 1,000,000), `MEILI_URL` (and
//! `MEILI_MASTER_KEY`) for Meilisearch: the benchmark writes to, then drops,
//! an index named `relais-bench-search`.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use relais::entities::*;
use relais::search::embedded::EmbeddedEngine;
use relais::search::meili::MeiliEngine;
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
        facets: true,
    }
}

/// Resident memory of this process: (now, peak), in MiB.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The same documents in Meilisearch, when `MEILI_URL` is set: the
/// database's, as the embedded index holds after its reindex.
async fn meilisearch(db: &sea_orm::DatabaseConnection) -> Option<MeiliEngine> {
    let url = std::env::var("MEILI_URL").ok()?;
    let key = std::env::var("MEILI_MASTER_KEY").ok();
    let engine =
        MeiliEngine::connect(&url, key.as_deref(), "relais-bench-search").expect("meilisearch");
    engine.apply_settings().await.expect("settings");
    let started = Instant::now();
    let indexed = worker::reindex(db, &engine, |_, _| {})
        .await
        .expect("meilisearch reindex");
    println!(
        "meilisearch full reindex from SQLite: {indexed} documents in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Some(engine)
}

/// The six queries of the table: label, query, and the `LIKE` pattern of
/// the SQL baseline.
fn cases() -> Vec<(&'static str, SearchQuery, &'static str)> {
    vec![
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
    ]
}

/// `RELAIS_BENCH_INDEX_ONLY=<dir>`: only builds the index of the generated
/// organisations in `dir` (kept) and stops — with
/// `RELAIS_BENCH_ENGINE_ALONE=<dir>` after it, a quick loop for profiling
/// the engine at 1,000,000 without the SQLite part.
async fn index_only(dir: &std::path::Path, n: usize) {
    let engine = EmbeddedEngine::recreate(dir).expect("index");
    let docs = documents(&generate(n));
    let started = Instant::now();
    for chunk in docs.chunks(10_000) {
        engine.upsert(chunk.to_vec()).await.expect("upsert");
    }
    let segments = engine.settle(Duration::from_secs(300));
    println!(
        "indexed {n} documents in {:.2} s (merges settled included), {segments} segments",
        started.elapsed().as_secs_f64()
    );
}

/// The search documents of the generated organisations.
fn documents(orgs: &[Org]) -> Vec<SearchDocument> {
    orgs.iter()
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
        .collect()
}

/// `RELAIS_BENCH_ENGINE_ALONE=<index dir>`: the benchmark re-runs itself in
/// a process that holds only the engine (opened as the server opens it,
/// writer included), so its resident memory is the engine's, not that of
/// the generated organisations and SQLite's cache.
fn engine_alone(dir: &std::path::Path) {
    let engine = EmbeddedEngine::open(dir).expect("open the index");
    let runs: usize = std::env::var("RELAIS_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    // `RELAIS_BENCH_QUERY=prefix`: only the queries whose label holds it
    // (to profile one).
    let only = std::env::var("RELAIS_BENCH_QUERY").unwrap_or_default();
    let mut all = Vec::new();
    for (label, q, _) in cases().into_iter().filter(|(l, _, _)| l.contains(&only)) {
        let mut times = Vec::with_capacity(runs);
        let mut floor = Vec::with_capacity(runs);
        for _ in 0..runs {
            let started = Instant::now();
            engine.floor_blocking(&q).expect("floor");
            floor.push(started.elapsed());
            let started = Instant::now();
            engine.search_blocking(&q).expect("search");
            times.push(started.elapsed());
        }
        println!(
            "  {label}: p50 {:.2} ms, p99 {:.2} ms (floor p50 {:.2} ms, p99 {:.2} ms)",
            percentile(&mut times, 0.5),
            percentile(&mut times, 0.99),
            percentile(&mut floor, 0.5),
            percentile(&mut floor, 0.99)
        );
        all.extend(times);
    }
    let (rss, peak) = memory();
    println!(
        "  engine alone, {} segments: p50 {:.2} ms, p99 {:.2} ms; resident memory {rss:.0} MiB (peak {peak:.0} MiB), of which per-document facts {:.0} MiB",
        engine.segments(),
        percentile(&mut all, 0.5),
        percentile(&mut all, 0.99),
        engine.facts_bytes() as f64 / 1_048_576.0,
    );
}

#[tokio::main]
async fn main() {
    if let Some(dir) = std::env::var_os("RELAIS_BENCH_ENGINE_ALONE") {
        engine_alone(std::path::Path::new(&dir));
        return;
    }
    let n: usize = std::env::var("RELAIS_BENCH_ORGS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    if let Some(dir) = std::env::var_os("RELAIS_BENCH_INDEX_ONLY") {
        index_only(std::path::Path::new(&dir), n).await;
        return;
    }
    let with_like = std::env::var("RELAIS_BENCH_LIKE").map_or(true, |v| v != "0");
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
    let docs = documents(&orgs);
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
        "full reindex from SQLite: {reindexed} documents in {:.2} s, {} segments",
        started.elapsed().as_secs_f64(),
        engine.segments()
    );
    let started = Instant::now();
    let segments = engine.settle(Duration::from_secs(120));
    println!(
        "background merges settled in {:.1} s: {segments} segments",
        started.elapsed().as_secs_f64()
    );
    let (rss, peak) = memory();
    println!("resident memory after indexing: {rss:.0} MiB (peak {peak:.0} MiB)");

    drop(docs);
    let meili = meilisearch(&db).await;

    let cases = cases();
    println!();
    println!(
        "| query | floor p50 | floor p99 | engine p50 | engine p99 | × floor (p50 / p99) | Meilisearch p50 | Meilisearch p99 | LIKE p50 | LIKE p99 | hits (engine / Meilisearch) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    // `RELAIS_BENCH_DUMP=file`: every answer in full, to check that a change
    // of the engine leaves hits, order, scores and facet counts as they were.
    if let Ok(path) = std::env::var("RELAIS_BENCH_DUMP") {
        let answers: Vec<_> = cases
            .iter()
            .map(|(_, q, _)| engine.search_blocking(q).expect("search"))
            .collect();
        let json = serde_json::to_string_pretty(&answers).expect("json");
        std::fs::write(&path, json).expect("dump");
    }
    let backend = db.get_database_backend();
    let mut all_engine = Vec::new();
    for (label, q, like) in cases {
        // Floor and full search alternate, so both see the same machine.
        let mut floor_times = Vec::with_capacity(runs);
        let mut engine_times = Vec::with_capacity(runs);
        let mut total = 0;
        for _ in 0..runs {
            let started = Instant::now();
            engine.floor_blocking(&q).expect("floor");
            floor_times.push(started.elapsed());
            let started = Instant::now();
            let results = engine.search_blocking(&q).expect("search");
            engine_times.push(started.elapsed());
            total = results.total;
        }
        let mut meili_times = Vec::with_capacity(runs);
        let mut meili_total = None;
        if let Some(meili) = &meili {
            for _ in 0..runs {
                let started = Instant::now();
                let results = meili.search(&q).await.expect("meilisearch");
                meili_times.push(started.elapsed());
                meili_total = Some(results.total);
            }
        }
        let mut like_times = Vec::with_capacity(runs / 3);
        if with_like {
            let sql = format!(
                "SELECT id, name FROM organisations WHERE name LIKE '{like}' OR commune LIKE '{like}' ORDER BY name LIMIT 20"
            );
            for _ in 0..runs / 3 {
                let started = Instant::now();
                db.query_all(Statement::from_string(backend, sql.clone()))
                    .await
                    .expect("like");
                like_times.push(started.elapsed());
            }
        }
        let figure = |samples: &mut Vec<Duration>, p: f64| {
            if samples.is_empty() {
                "—".to_owned()
            } else {
                format!("{:.2}", percentile(samples, p))
            }
        };
        let (floor50, floor99) = (
            percentile(&mut floor_times, 0.5),
            percentile(&mut floor_times, 0.99),
        );
        let (full50, full99) = (
            percentile(&mut engine_times, 0.5),
            percentile(&mut engine_times, 0.99),
        );
        println!(
            "| {label} (`{}`) | {floor50:.2} | {floor99:.2} | {full50:.2} | {full99:.2} | {:.1} / {:.1} | {} | {} | {} | {} | {total} / {} |",
            q.text,
            full50 / floor50,
            full99 / floor99,
            figure(&mut meili_times, 0.5),
            figure(&mut meili_times, 0.99),
            figure(&mut like_times, 0.5),
            figure(&mut like_times, 0.99),
            meili_total.map_or("—".to_owned(), |t| t.to_string()),
        );
        all_engine.extend(engine_times);
    }
    let (rss, peak) = memory();
    println!(
        "\nall queries: engine p50 {:.2} ms, p99 {:.2} ms; resident memory {rss:.0} MiB (peak {peak:.0} MiB)",
        percentile(&mut all_engine, 0.5),
        percentile(&mut all_engine, 0.99),
    );
    println!(
        "LIKE matches accents and case only as typed (no folding, no typos): it is a floor for speed, not a rival for quality."
    );
    if let Some(meili) = meili {
        meili.drop_index().await.expect("drop the benchmark index");
    }

    // The index has one writer at a time: close ours before the child
    // opens it.
    drop(engine);
    println!("\nthe same index opened by a process holding only the engine (100 runs per query):");
    let status = std::process::Command::new(std::env::current_exe().expect("this benchmark"))
        .env("RELAIS_BENCH_ENGINE_ALONE", dir.path().join("search"))
        .status()
        .expect("run the engine alone");
    assert!(status.success(), "the engine-alone run failed");
}
