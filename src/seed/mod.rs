//! Seed data: the reference geography and the facts from the campaign
//! documents, read from the TOML files in `seed-data/` (embedded at build
//! time). Seeding is idempotent and conservative: a row is identified by its
//! `seed_key` (or INSEE code) and created only when absent — a row that is
//! already there, whether edited by a volunteer or not, is never touched.

mod agenda;

use std::collections::HashMap;
use std::fmt;

use agenda::{EventsFile, KitsFile, seed_events, seed_kits};

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, Set, TransactionTrait,
};
use serde::Deserialize;

use crate::entities::*;

const GEO: &str = include_str!("../../seed-data/geo.toml");
const ORGANISATIONS: &str = include_str!("../../seed-data/organisations.toml");
const CAMPAIGNS: &str = include_str!("../../seed-data/campaigns.toml");
const EVENTS: &str = include_str!("../../seed-data/events.toml");
const KITS: &str = include_str!("../../seed-data/kits.toml");

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("seed-data/{file}: {message}")]
    File { file: &'static str, message: String },
    #[error("{0}")]
    Database(#[from] DbErr),
}

/// How many rows of each kind a run created.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub regions: usize,
    pub departements: usize,
    pub organisations: usize,
    pub campaigns: usize,
    pub events: usize,
    pub kits: usize,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "seed: created {} régions, {} départements, {} organisations, {} campaigns, {} events, {} workshop kits",
            self.regions,
            self.departements,
            self.organisations,
            self.campaigns,
            self.events,
            self.kits
        )
    }
}

/// A database is new when its reference geography has not been loaded.
pub async fn database_is_new(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(region::Entity::find().count(db).await? == 0)
}

/// Loads every seed file in one transaction: all of it or nothing.
pub async fn run(db: &DatabaseConnection) -> Result<SeedReport, SeedError> {
    let files = SeedFiles::parse()?;
    let txn = db.begin().await?;
    let mut report = SeedReport::default();
    seed_geography(&txn, &files.geo, &mut report).await?;
    let org_ids = seed_organisations(&txn, &files.organisations, &mut report).await?;
    seed_campaigns(&txn, &files.campaigns, &org_ids, &mut report).await?;
    seed_events(&txn, &files.events, &org_ids, &mut report).await?;
    seed_kits(&txn, &files.kits, &mut report).await?;
    crate::directory::reach::refresh(&txn).await?;
    txn.commit().await?;
    Ok(report)
}

struct SeedFiles {
    geo: GeoFile,
    organisations: OrganisationsFile,
    campaigns: CampaignsFile,
    events: EventsFile,
    kits: KitsFile,
}

impl SeedFiles {
    fn parse() -> Result<Self, SeedError> {
        Ok(SeedFiles {
            geo: parse_toml("geo.toml", GEO)?,
            organisations: parse_toml("organisations.toml", ORGANISATIONS)?,
            campaigns: parse_toml("campaigns.toml", CAMPAIGNS)?,
            events: parse_toml("events.toml", EVENTS)?,
            kits: parse_toml("kits.toml", KITS)?,
        })
    }
}

fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &'static str,
    text: &str,
) -> Result<T, SeedError> {
    toml::from_str(text).map_err(|e| SeedError::File {
        file,
        message: e.to_string(),
    })
}

fn invalid(file: &'static str, message: impl Into<String>) -> SeedError {
    SeedError::File {
        file,
        message: message.into(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GeoFile {
    regions: Vec<RegionSeed>,
    departements: Vec<DepartementSeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionSeed {
    code: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartementSeed {
    code: String,
    name: String,
    region: String,
}

async fn seed_geography(
    txn: &impl ConnectionTrait,
    geo: &GeoFile,
    report: &mut SeedReport,
) -> Result<(), SeedError> {
    for r in &geo.regions {
        if region::Entity::find_by_id(r.code.clone())
            .one(txn)
            .await?
            .is_none()
        {
            region::ActiveModel {
                code: Set(r.code.clone()),
                name: Set(r.name.clone()),
            }
            .insert(txn)
            .await?;
            report.regions += 1;
        }
    }
    for d in &geo.departements {
        if departement::Entity::find_by_id(d.code.clone())
            .one(txn)
            .await?
            .is_none()
        {
            departement::ActiveModel {
                code: Set(d.code.clone()),
                name: Set(d.name.clone()),
                region_code: Set(d.region.clone()),
            }
            .insert(txn)
            .await?;
            report.departements += 1;
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganisationsFile {
    organisations: Vec<OrganisationSeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganisationSeed {
    key: String,
    name: String,
    acronym: Option<String>,
    kind: OrgKind,
    scope: Scope,
    parent: Option<String>,
    region: Option<String>,
    departement: Option<String>,
    commune: Option<String>,
    postcode: Option<String>,
    address: Option<String>,
    website: Option<String>,
    contact_form_url: Option<String>,
    description: Option<String>,
    governance_notes: Option<String>,
    /// When the elected members' mandates end (the ABF's commissions).
    mandates_end_on: Option<chrono::NaiveDate>,
    workshops_offered: Option<String>,
    #[serde(default)]
    workshop_runners: Vec<WorkshopRunner>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    channels: Vec<ChannelSeed>,
    #[serde(default)]
    relations: Vec<RelationSeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChannelSeed {
    kind: ChannelKind,
    address: Option<String>,
    label: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationSeed {
    kind: RelationKind,
    target: String,
}

/// Seed key → id of every seeded organisation present in the database.
type OrgIds = HashMap<String, i32>;

async fn seed_organisations(
    txn: &impl ConnectionTrait,
    file: &OrganisationsFile,
    report: &mut SeedReport,
) -> Result<OrgIds, SeedError> {
    const FILE: &str = "organisations.toml";
    let mut ids = OrgIds::new();
    let mut created = Vec::new();
    let now = crate::clock::now();
    for seed in &file.organisations {
        if let Some(existing) = organisation::Entity::find()
            .filter(organisation::Column::SeedKey.eq(&seed.key))
            .one(txn)
            .await?
        {
            ids.insert(seed.key.clone(), existing.id);
            continue;
        }
        let parent_id = match &seed.parent {
            Some(key) => Some(*ids.get(key).ok_or_else(|| {
                invalid(
                    FILE,
                    format!("{}: parent « {key} » must be declared before", seed.key),
                )
            })?),
            None => None,
        };
        let runners = (!seed.workshop_runners.is_empty()).then(|| {
            serde_json::Value::from(
                seed.workshop_runners
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>(),
            )
        });
        let row = organisation::ActiveModel {
            name: Set(seed.name.clone()),
            sort_name: Set(Some(crate::values::sort_key(&seed.name))),
            acronym: Set(seed.acronym.clone()),
            kind: Set(seed.kind),
            parent_id: Set(parent_id),
            scope: Set(seed.scope),
            region_code: Set(seed.region.clone()),
            departement_code: Set(seed.departement.clone()),
            commune: Set(seed.commune.clone()),
            postcode: Set(seed.postcode.clone()),
            address: Set(seed.address.clone()),
            latitude: Set(None),
            longitude: Set(None),
            website: Set(seed.website.clone()),
            contact_form_url: Set(seed.contact_form_url.clone()),
            email: Set(None),
            phone: Set(None),
            description: Set(seed.description.clone()),
            governance_notes: Set(seed.governance_notes.clone()),
            mandates_end_on: Set(seed.mandates_end_on),
            mandates_elected_by: Set(None),
            mandates_handled_on: Set(None),
            workshops_offered: Set(seed.workshops_offered.clone()),
            workshop_runners: Set(runners),
            external_id: Set(None),
            seed_key: Set(Some(seed.key.clone())),
            extra: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.insert(seed.key.clone(), row.id);
        created.push((seed, row.id));
        report.organisations += 1;
    }
    // Channels, tags and relations come with a newly created organisation
    // only, so a re-run never adds them twice.
    for (seed, id) in created {
        for channel_seed in &seed.channels {
            channel::ActiveModel {
                organisation_id: Set(id),
                kind: Set(channel_seed.kind),
                label: Set(channel_seed.label.clone()),
                address: Set(channel_seed.address.clone()),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
        for name in &seed.tags {
            let tag_id = ensure_tag(txn, name).await?;
            organisation_tag::ActiveModel {
                organisation_id: Set(id),
                tag_id: Set(tag_id),
            }
            .insert(txn)
            .await?;
        }
        for relation in &seed.relations {
            let target_id = *ids.get(&relation.target).ok_or_else(|| {
                invalid(
                    FILE,
                    format!(
                        "{}: unknown relation target « {} »",
                        seed.key, relation.target
                    ),
                )
            })?;
            organisation_relation::ActiveModel {
                source_id: Set(id),
                target_id: Set(target_id),
                kind: Set(relation.kind),
                note: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(ids)
}

async fn ensure_tag(txn: &impl ConnectionTrait, name: &str) -> Result<i32, DbErr> {
    let name = name.trim();
    if let Some(tag) = tag::Entity::find()
        .filter(tag::Column::Name.eq(name))
        .one(txn)
        .await?
    {
        return Ok(tag.id);
    }
    let tag = tag::ActiveModel {
        name: Set(name.to_owned()),
        created_at: Set(crate::clock::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(tag.id)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CampaignsFile {
    campaigns: Vec<CampaignSeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CampaignSeed {
    key: String,
    name: String,
    description: Option<String>,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    #[serde(default)]
    objectives: Vec<ObjectiveSeed>,
    #[serde(default)]
    outreach: Vec<OutreachSeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ObjectiveSeed {
    level: StrategicLevel,
    title: String,
    metric: ObjectiveMetric,
    target: i32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutreachSeed {
    organisation: String,
    stage: Stage,
    level: Option<StrategicLevel>,
    priority: Priority,
    not_before: Option<NaiveDate>,
}

async fn seed_campaigns(
    txn: &impl ConnectionTrait,
    file: &CampaignsFile,
    org_ids: &OrgIds,
    report: &mut SeedReport,
) -> Result<(), SeedError> {
    const FILE: &str = "campaigns.toml";
    let now = crate::clock::now();
    for seed in &file.campaigns {
        let exists = campaign::Entity::find()
            .filter(campaign::Column::SeedKey.eq(&seed.key))
            .one(txn)
            .await?
            .is_some();
        if exists {
            continue;
        }
        let row = campaign::ActiveModel {
            name: Set(seed.name.clone()),
            description: Set(seed.description.clone()),
            starts_on: Set(seed.starts_on),
            ends_on: Set(seed.ends_on),
            seed_key: Set(Some(seed.key.clone())),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for objective in &seed.objectives {
            if objective.target < 1 {
                return Err(invalid(
                    FILE,
                    format!("{}: targets must be positive", seed.key),
                ));
            }
            campaign_objective::ActiveModel {
                campaign_id: Set(row.id),
                level: Set(objective.level.get()),
                title: Set(objective.title.clone()),
                metric: Set(objective.metric),
                target: Set(objective.target),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
        for outreach in &seed.outreach {
            let organisation_id = *org_ids.get(&outreach.organisation).ok_or_else(|| {
                invalid(
                    FILE,
                    format!(
                        "{}: unknown organisation « {} »",
                        seed.key, outreach.organisation
                    ),
                )
            })?;
            let status = outreach_status::ActiveModel {
                organisation_id: Set(organisation_id),
                campaign_id: Set(row.id),
                stage: Set(outreach.stage),
                owner_id: Set(None),
                priority: Set(outreach.priority),
                level: Set(outreach.level.map(|l| l.get())),
                not_before: Set(outreach.not_before),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            outreach_stage_change::ActiveModel {
                outreach_status_id: Set(status.id),
                from_stage: Set(None),
                to_stage: Set(outreach.stage),
                changed_by: Set(None),
                changed_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
        report.campaigns += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_files_parse_and_name_the_reference_geography() {
        let files = SeedFiles::parse().expect("seed files parse");
        assert_eq!(files.geo.regions.len(), 18);
        assert_eq!(files.geo.departements.len(), 101);
        let region_codes: Vec<&str> = files.geo.regions.iter().map(|r| r.code.as_str()).collect();
        for d in &files.geo.departements {
            assert!(
                region_codes.contains(&d.region.as_str()),
                "{} has unknown région",
                d.code
            );
        }
        let departmental = files
            .organisations
            .organisations
            .iter()
            .filter(|o| o.kind == OrgKind::DepartmentalLibrary)
            .count();
        assert!(departmental >= 5);
    }
}
