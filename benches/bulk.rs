//! Bulk actions benchmark: 5,000 organisations a directory filter matches,
//! added to a new campaign in one transaction (`directory::bulk::apply`,
//! the path of `POST /organisations/bulk`), then their stage moved, then a
//! tag added; SQLite, several runs, median and extremes.
//!
//! Run: `cargo bench --bench bulk`.

#[allow(dead_code)] // each benchmark uses part of what they share
mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use relais::directory::bulk::{self, Action, Targets};
use relais::directory::store::ListFilter;
use relais::entities::*;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

const ORGS: usize = 5_000;
const RUNS: usize = 5;

#[tokio::main]
async fn main() {
    let (_dir, db) = common::fresh_database("bulk").await;
    let actor = common::create_volunteer(&db).await;
    let now = Utc::now();
    for chunk in (0..ORGS).collect::<Vec<_>>().chunks(1_000) {
        let rows = chunk.iter().map(|i| organisation::ActiveModel {
            name: Set(format!("Point numérique {i}")),
            sort_name: Set(Some(format!("point numerique {i}"))),
            kind: Set(OrgKind::CyberCentre),
            scope: Set(Scope::Local),
            departement_code: Set(Some("22".into())),
            region_code: Set(Some("53".into())),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        });
        organisation::Entity::insert_many(rows)
            .exec_without_returning(&db)
            .await
            .expect("insert");
    }
    let filter = ListFilter {
        kind: Some(OrgKind::CyberCentre),
        departement: Some("22".into()),
        ..ListFilter::default()
    };
    let ids: Vec<i32> = bulk::targets(&db, &Targets::Matching(filter))
        .await
        .expect("targets")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids.len(), ORGS);

    let mut timings: Vec<(&str, Vec<Duration>)> = vec![
        ("add 5,000 to a campaign", Vec::new()),
        ("move 5,000 to another stage", Vec::new()),
        ("add a tag to 5,000", Vec::new()),
    ];
    for run in 0..RUNS {
        let campaign = campaign::ActiveModel {
            name: Set(format!("Campagne de mesure {run}")),
            created_at: Set(Utc::now()),
            updated_at: Set(Utc::now()),
            version: Set(1),
            ..Default::default()
        }
        .insert(&db)
        .await
        .expect("campaign");
        let actions = [
            Action::AddToCampaign {
                campaign: campaign.id,
                stage: Stage::ToContact,
            },
            Action::MoveStage {
                campaign: campaign.id,
                stage: Stage::Contacted,
            },
            Action::AddTags(vec![format!("tournée {run}")]),
        ];
        for (action, (_, samples)) in actions.iter().zip(timings.iter_mut()) {
            let as_of = Utc::now();
            let started = Instant::now();
            let report = relais::db::transaction(&db, async |txn| {
                bulk::apply(txn, &ids, action, as_of, Some(actor)).await
            })
            .await
            .expect("bulk");
            samples.push(started.elapsed());
            assert_eq!(
                report.done,
                ORGS,
                "{action:?}: {:?}",
                report.refused.first()
            );
        }
    }
    println!("| bulk action, {ORGS} organisations, one transaction | median (ms) | min | max |");
    println!("|---|---|---|---|");
    for (label, mut samples) in timings {
        let median = common::percentile(&mut samples, 0.5);
        let min = common::percentile(&mut samples, 0.0);
        let max = common::percentile(&mut samples, 1.0);
        println!("| {label} | {median:.0} | {min:.0} | {max:.0} |");
    }
}
