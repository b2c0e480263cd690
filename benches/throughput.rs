//! Throughput under load, as ratios measured in one run: a static asset,
//! the directory list, an organisation page and a search, with the
//! national library list imported, each driven by `wrk` (16 connections,
//! 2 threads) as a signed-in volunteer. Server and load generator share the
//! machine, so the ratios say more than the absolute figures.
//!
//! Run: `cargo bench --bench throughput` (release build; needs `wrk`
//! — `apt-get install wrk` — and the library list in `../shared/data`;
//! skipped with a note when either is absent). `WRK_SECONDS` sets the
//! length of each measurement (default 10).

#[allow(dead_code)] // each benchmark uses part of what they share
mod common;

use std::process::Command;

use relais::transfer::import;
use sea_orm::{EntityTrait, QueryOrder};

/// Requests per second `wrk` reached on `url`.
fn requests_per_second(url: &str, cookie: &str, seconds: u32) -> f64 {
    let output = Command::new("wrk")
        .args(["-t2", "-c16", &format!("-d{seconds}s")])
        .args(["-H", &format!("Cookie: {cookie}")])
        .arg(url)
        .output()
        .expect("wrk runs");
    let text = String::from_utf8_lossy(&output.stdout);
    if text.contains("Non-2xx") {
        panic!("{url} answered errors under load:\n{text}");
    }
    text.lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no figure from wrk for {url}:\n{text}"))
}

#[tokio::main]
async fn main() {
    let Some(library) = common::library_list() else {
        return;
    };
    if Command::new("wrk").arg("--version").output().is_err() {
        println!("note: wrk not installed (apt-get install wrk): throughput skipped");
        return;
    }
    let seconds: u32 = std::env::var("WRK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let (dir, db) = common::fresh_database("throughput").await;
    common::create_volunteer(&db).await;
    let plan = common::organisations_plan(&library);
    let table = import::source::open(&library).expect("file opens");
    let report = import::commit(&db, table, &plan, |_| {})
        .await
        .expect("import");
    let organisation = relais::entities::organisation::Entity::find()
        .order_by_desc(relais::entities::organisation::Column::Id)
        .one(&db)
        .await
        .expect("query")
        .expect("imported");
    let base = common::serve(&dir, db).await;
    let (_, cookie) = common::logged_in(&base).await;
    // Let the search index take in the import before measuring.
    for _ in 0..600 {
        let health: serde_json::Value = reqwest::get(format!("{base}/health"))
            .await
            .expect("health")
            .json()
            .await
            .expect("json");
        if health["search"]["backlog"]["pending"] == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let pages = [
        (
            "static asset (app.css)",
            relais::web::assets::url("app.css").to_owned(),
        ),
        ("directory list", "/organisations".to_owned()),
        (
            "organisation page",
            format!("/organisations/{}", organisation.id),
        ),
        (
            "search (médiathèque)",
            "/search?q=m%C3%A9diath%C3%A8que".to_owned(),
        ),
    ];
    println!(
        "{} organisations imported; wrk -t2 -c16 -d{seconds}s per page",
        report.created
    );
    let base_url = base.clone();
    let figures: Vec<(String, f64)> = tokio::task::spawn_blocking(move || {
        pages
            .iter()
            .map(|(name, path)| {
                let rate = requests_per_second(&format!("{base_url}{path}"), &cookie, seconds);
                (name.to_string(), rate)
            })
            .collect()
    })
    .await
    .expect("measured");
    let asset = figures[0].1;
    println!("| page | requests/s | ratio to the asset |");
    println!("|---|---:|---:|");
    for (name, rate) in &figures {
        println!("| {name} | {rate:.0} | {:.2} |", rate / asset);
    }
}
