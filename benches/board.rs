//! Board benchmark: the outreach board of a campaign following the 2,693
//! libraries of the documents, spread over the stages as a campaign under
//! way would be (most still to research or to contact), with 10,000
//! interactions, served by the real application over HTTP on SQLite.
//! Prints the page size and server p50/p99 per board view.
//!
//! Run: `cargo bench --bench board`.

#[allow(dead_code)] // each benchmark uses part of what they share
mod common;

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use relais::entities::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

/// Builds the path of the i-th request of one measured view.
type PathFor = Box<dyn Fn(usize) -> String>;

const LIBRARIES: usize = 2_693;
const INTERACTIONS: usize = 10_000;
/// How many of the libraries stand at each stage.
const SPREAD: &[(Stage, usize)] = &[
    (Stage::ToResearch, 1_400),
    (Stage::ToContact, 800),
    (Stage::Contacted, 250),
    (Stage::InDiscussion, 120),
    (Stage::Relay, 60),
    (Stage::Declined, 40),
    (Stage::OnHold, 23),
];
const PLACES: &[(&str, &str, &str)] = &[
    ("Rennes", "35", "53"),
    ("Nantes", "44", "52"),
    ("Lyon", "69", "84"),
    ("Lille", "59", "32"),
    ("Bordeaux", "33", "75"),
    ("Toulouse", "31", "76"),
    ("Brest", "29", "53"),
];

#[tokio::main]
async fn main() {
    let (dir, db) = common::fresh_database("board").await;
    let now = Utc::now();
    let started = Instant::now();
    let owner = common::create_volunteer(&db).await;
    let campaign = campaign::ActiveModel {
        name: Set("Bibliothèques 2026".into()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&db)
    .await
    .expect("campaign");
    for chunk in (0..LIBRARIES).collect::<Vec<_>>().chunks(1_000) {
        let rows = chunk.iter().map(|i| {
            let (commune, dep, region) = PLACES[i % PLACES.len()];
            organisation::ActiveModel {
                name: Set(format!("Médiathèque {i:04} de {commune}")),
                kind: Set(OrgKind::Library),
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
    let ids: Vec<i32> = organisation::Entity::find()
        .filter(organisation::Column::Name.starts_with("Médiathèque "))
        .filter(organisation::Column::Name.contains(" de "))
        .order_by_asc(organisation::Column::Id)
        .all(&db)
        .await
        .expect("orgs")
        .into_iter()
        .map(|o| o.id)
        .rev()
        .take(LIBRARIES)
        .collect();
    let stages: Vec<Stage> = SPREAD
        .iter()
        .flat_map(|(stage, n)| std::iter::repeat_n(*stage, *n))
        .collect();
    let parked = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap_or_default();
    let statuses: Vec<outreach_status::ActiveModel> = ids
        .iter()
        .zip(&stages)
        .enumerate()
        .map(|(i, (id, stage))| outreach_status::ActiveModel {
            organisation_id: Set(*id),
            campaign_id: Set(campaign.id),
            stage: Set(*stage),
            owner_id: Set((i % 3 == 0).then_some(owner)),
            priority: Set([Priority::Low, Priority::Normal, Priority::High][i % 3]),
            not_before: Set((*stage == Stage::OnHold).then_some(parked)),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        })
        .collect();
    for chunk in statuses.chunks(1_000) {
        outreach_status::Entity::insert_many(chunk.to_vec())
            .exec(&db)
            .await
            .expect("statuses");
    }
    common::insert_interactions(&db, INTERACTIONS, &ids, 5).await;
    println!(
        "data: {} libraries in one campaign, {INTERACTIONS} interactions loaded in {:.1} s",
        ids.len(),
        started.elapsed().as_secs_f64()
    );

    let base = common::serve(&dir, db).await;
    let client = common::logged_in_client(&base).await;
    // Let the background index rebuild finish so it does not share the timing.
    tokio::time::sleep(Duration::from_secs(5)).await;

    let board = format!("/campaigns/{}/board", campaign.id);
    let runs = 200;
    let views: Vec<(&str, PathFor)> = vec![
        ("board, all columns", {
            let b = board.clone();
            Box::new(move |_| b.clone())
        }),
        ("board, région filter", {
            let b = board.clone();
            Box::new(move |_| format!("{b}?region=53"))
        }),
        ("board, owner + priority filter", {
            let b = board.clone();
            Box::new(move |_| format!("{b}?owner={owner}&priority=low"))
        }),
        ("board, column page 20 (to research)", {
            let b = board.clone();
            Box::new(move |_| format!("{b}?stage=to_research&page=20"))
        }),
    ];
    println!("\n| view | page size (KB) | p50 (ms) | p99 (ms) |\n|---|---|---|---|");
    for (label, path) in views {
        let mut measured = common::measure(&client, &base, runs, path).await;
        let size = measured.size;
        assert!(size < 300 * 1024, "{label}: {size} bytes, over 300 KB");
        println!("{}", measured.row(label));
    }
}
