//! Seed events (the professional days of the campaign documents) and
//! workshop kits.

use chrono::{NaiveDate, NaiveDateTime};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Deserialize;

use super::{OrgIds, SeedError, SeedReport, invalid};
use crate::agenda::time::{DEFAULT_TZ, to_instant};
use crate::entities::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EventsFile {
    events: Vec<EventSeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventSeed {
    key: String,
    title: String,
    kind: EventKind,
    #[serde(default)]
    organisers: Vec<String>,
    all_day: bool,
    /// "2027-06-10" for all-day events, "2027-01-07T09:30" otherwise.
    start: String,
    end: Option<String>,
    rrule: Option<String>,
    region: Option<String>,
    departement: Option<String>,
    commune: Option<String>,
    place: Option<String>,
    #[serde(default)]
    online: bool,
    #[serde(default)]
    themes: Vec<String>,
    url: Option<String>,
    description: Option<String>,
    cfp_deadline: Option<NaiveDate>,
    participation: Participation,
}

fn parse_local(text: &str, all_day: bool) -> Option<NaiveDateTime> {
    if all_day {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    } else {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").ok()
    }
}

pub(super) async fn seed_events(
    txn: &impl ConnectionTrait,
    file: &EventsFile,
    org_ids: &OrgIds,
    report: &mut SeedReport,
) -> Result<(), SeedError> {
    const FILE: &str = "events.toml";
    let now = crate::clock::now();
    for seed in &file.events {
        let exists = event::Entity::find()
            .filter(event::Column::SeedKey.eq(&seed.key))
            .one(txn)
            .await?
            .is_some();
        if exists {
            continue;
        }
        let bad_time = |t: &str| {
            invalid(
                FILE,
                format!("{}: unreadable date or time « {t} »", seed.key),
            )
        };
        let start = parse_local(&seed.start, seed.all_day).ok_or_else(|| bad_time(&seed.start))?;
        let end = match &seed.end {
            Some(text) => Some(parse_local(text, seed.all_day).ok_or_else(|| bad_time(text))?),
            None => None,
        };
        let row = event::ActiveModel {
            title: Set(seed.title.clone()),
            kind: Set(seed.kind),
            description: Set(seed.description.clone()),
            all_day: Set(seed.all_day),
            start_local: Set(start),
            end_local: Set(end),
            time_zone: Set(DEFAULT_TZ.name().to_owned()),
            starts_at: Set(to_instant(start, DEFAULT_TZ)),
            ends_at: Set(end.map(|e| to_instant(e, DEFAULT_TZ))),
            rrule: Set(seed.rrule.clone()),
            rdates: Set(None),
            exdates: Set(None),
            place: Set(seed.place.clone()),
            commune: Set(seed.commune.clone()),
            region_code: Set(seed.region.clone()),
            departement_code: Set(seed.departement.clone()),
            online: Set(seed.online),
            themes: Set(
                (!seed.themes.is_empty()).then(|| serde_json::Value::from(seed.themes.clone()))
            ),
            url: Set(seed.url.clone()),
            cfp_deadline: Set(seed.cfp_deadline),
            cfp_url: Set(None),
            participation: Set(seed.participation),
            participants: Set(None),
            external_uid: Set(None),
            feed_id: Set(None),
            edited_fields: Set(None),
            seed_key: Set(Some(seed.key.clone())),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for key in &seed.organisers {
            let organisation_id = *org_ids.get(key).ok_or_else(|| {
                invalid(FILE, format!("{}: unknown organiser « {key} »", seed.key))
            })?;
            event_organiser::ActiveModel {
                event_id: Set(row.id),
                organisation_id: Set(organisation_id),
            }
            .insert(txn)
            .await?;
        }
        report.events += 1;
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KitsFile {
    kits: Vec<KitSeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KitSeed {
    key: String,
    title: String,
    goal: String,
    audience: String,
    duration_minutes: Option<i32>,
    materials: Option<String>,
    prerequisites: Option<String>,
    licence: String,
    kit_version: String,
    steps_md: String,
}

pub(super) async fn seed_kits(
    txn: &impl ConnectionTrait,
    file: &KitsFile,
    report: &mut SeedReport,
) -> Result<(), SeedError> {
    let now = crate::clock::now();
    for seed in &file.kits {
        let exists = workshop_kit::Entity::find()
            .filter(workshop_kit::Column::SeedKey.eq(&seed.key))
            .one(txn)
            .await?
            .is_some();
        if exists {
            continue;
        }
        workshop_kit::ActiveModel {
            title: Set(seed.title.clone()),
            goal: Set(seed.goal.clone()),
            audience: Set(seed.audience.clone()),
            duration_minutes: Set(seed.duration_minutes),
            materials: Set(seed.materials.clone()),
            prerequisites: Set(seed.prerequisites.clone()),
            steps_md: Set(seed.steps_md.clone()),
            licence: Set(seed.licence.clone()),
            kit_version: Set(seed.kit_version.clone()),
            previous_version_id: Set(None),
            seed_key: Set(Some(seed.key.clone())),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.kits += 1;
    }
    Ok(())
}
