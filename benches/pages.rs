//! Page benchmark: the organisation list and organisation pages served by
//! the real application over HTTP, on SQLite with 20,000 organisations and
//! 100,000 interactions. Prints p50/p99 per page kind.
//!
//! Run: `cargo bench --bench pages`.

#[allow(dead_code)] // each benchmark uses part of what they share
mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use relais::entities::*;
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

#[tokio::main]
async fn main() {
    let (dir, db) = common::fresh_database("pages").await;
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
    let org_ids: Vec<i32> = (0..ORGS as i32).map(|i| first_org + i).collect();
    common::insert_interactions(&db, INTERACTIONS, &org_ids, 7).await;
    println!(
        "data: {ORGS} organisations, {INTERACTIONS} interactions loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    common::create_volunteer(&db).await;
    let base = common::serve(&dir, db).await;
    let client = common::logged_in_client(&base).await;
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
        ("contact form", Box::new(|_| "/interactions/new".into())),
        (
            "follow-ups (team)",
            Box::new(|_| "/follow-ups?who=team".into()),
        ),
        (
            "contact log, first page",
            Box::new(|_| "/interactions".into()),
        ),
    ];
    println!("\n| page | size (KB) | p50 (ms) | p99 (ms) |\n|---|---|---|---|");
    for (label, path) in pages {
        println!(
            "{}",
            common::measure(&client, &base, runs, path).await.row(label)
        );
    }
}
