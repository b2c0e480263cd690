//! Campaign progress, computed from real records — never typed in:
//! level 1 from organisations at the relay/partner stage and interactions,
//! level 2 from events where our participation is "presented", level 3 from
//! held workshop sessions (confirmed: attendance recorded), split into run
//! without us and with us.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use crate::entities::*;

#[derive(Debug, Clone)]
pub struct ObjectiveProgress {
    pub objective: campaign_objective::Model,
    pub value: u64,
}

impl ObjectiveProgress {
    /// Share of the target reached, in percent (may exceed 100).
    pub fn percent(&self) -> u64 {
        if self.objective.target <= 0 {
            return 0;
        }
        self.value * 100 / self.objective.target as u64
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub relay_organisations: u64,
    pub organisations_contacted: u64,
    pub organisations_with_interactions: u64,
    pub presentations: u64,
    pub sessions_without_us: u64,
    pub sessions_with_us: u64,
}

impl Figures {
    pub fn value(&self, metric: ObjectiveMetric) -> u64 {
        match metric {
            ObjectiveMetric::RelayOrganisations => self.relay_organisations,
            ObjectiveMetric::OrganisationsContacted => self.organisations_contacted,
            ObjectiveMetric::Presentations => self.presentations,
            ObjectiveMetric::SessionsWithoutUs => self.sessions_without_us,
            ObjectiveMetric::SessionsTotal => self.sessions_without_us + self.sessions_with_us,
        }
    }
}

#[derive(Debug, Clone)]
pub struct RegionCoverage {
    pub code: String,
    pub name: String,
    pub organisations: u64,
    pub relays: u64,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub figures: Figures,
    pub objectives: Vec<ObjectiveProgress>,
    /// Organisations per stage, in board order.
    pub funnel: Vec<(Stage, u64)>,
    /// Interactions per week (the Monday opening it).
    pub weekly: Vec<(NaiveDate, u64)>,
    pub regions: Vec<RegionCoverage>,
    /// The window the dated figures cover.
    pub from: NaiveDate,
    pub to: NaiveDate,
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// The campaign's window: its period, bounded by today; without a period,
/// the last 26 weeks.
fn window(c: &campaign::Model, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let to = c.ends_on.map_or(today, |end| end.min(today));
    let from = c.starts_on.unwrap_or(to - Duration::weeks(26));
    (from.min(to), to)
}

pub async fn compute(
    db: &impl ConnectionTrait,
    c: &campaign::Model,
    today: NaiveDate,
) -> Result<Report, DbErr> {
    let (from, to) = window(c, today);
    let statuses = outreach_status::Entity::find()
        .filter(outreach_status::Column::CampaignId.eq(c.id))
        .all(db)
        .await?;
    let org_ids: HashSet<i32> = statuses.iter().map(|s| s.organisation_id).collect();

    // Interactions of the campaign: tagged with it, or with one of its organisations.
    let interactions: Vec<(Option<i32>, Option<i32>, NaiveDate)> = interaction::Entity::find()
        .select_only()
        .column(interaction::Column::OrganisationId)
        .column(interaction::Column::CampaignId)
        .column(interaction::Column::OccurredOn)
        .into_tuple()
        .all(db)
        .await?;
    let campaign_interactions: Vec<(Option<i32>, NaiveDate)> = interactions
        .into_iter()
        .filter(|(org, campaign, _)| {
            *campaign == Some(c.id) || org.is_some_and(|o| org_ids.contains(&o))
        })
        .map(|(org, _, date)| (org, date))
        .collect();
    let with_interactions: HashSet<i32> = campaign_interactions
        .iter()
        .filter_map(|(org, _)| *org)
        .filter(|org| org_ids.contains(org))
        .collect();

    let reached = [
        Stage::Contacted,
        Stage::InDiscussion,
        Stage::Relay,
        Stage::Declined,
    ];
    let contacted: HashSet<i32> = statuses
        .iter()
        .filter(|s| reached.contains(&s.stage))
        .map(|s| s.organisation_id)
        .chain(with_interactions.iter().copied())
        .collect();

    let presented = event::Entity::find()
        .filter(event::Column::Participation.eq(Participation::Presented))
        .all(db)
        .await?
        .into_iter()
        .filter(|e| in_period(c, e.start_local.date()))
        .count() as u64;

    let sessions = workshop_session::Entity::find()
        .filter(workshop_session::Column::HeldOn.lte(today))
        // Held means confirmed: recorded attendance (see workshops::store::is_held).
        .filter(workshop_session::Column::Attendance.is_not_null())
        .all(db)
        .await?;
    let (mut without_us, mut with_us) = (0, 0);
    for s in sessions.iter().filter(|s| in_period(c, s.held_on)) {
        if s.without_us() {
            without_us += 1;
        } else {
            with_us += 1;
        }
    }

    let figures = Figures {
        relay_organisations: statuses.iter().filter(|s| s.stage == Stage::Relay).count() as u64,
        organisations_contacted: contacted.len() as u64,
        organisations_with_interactions: with_interactions.len() as u64,
        presentations: presented,
        sessions_without_us: without_us,
        sessions_with_us: with_us,
    };

    let objectives = super::store::objectives(db, c.id)
        .await?
        .into_iter()
        .map(|objective| ObjectiveProgress {
            value: figures.value(objective.metric),
            objective,
        })
        .collect();

    let funnel = Stage::ALL
        .iter()
        .map(|stage| {
            (
                *stage,
                statuses.iter().filter(|s| s.stage == *stage).count() as u64,
            )
        })
        .collect();

    let mut weeks: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    let mut week = monday(from);
    while week <= to {
        weeks.insert(week, 0);
        week += Duration::weeks(1);
    }
    for (_, date) in &campaign_interactions {
        if (from..=to).contains(date) {
            *weeks.entry(monday(*date)).or_default() += 1;
        }
    }

    Ok(Report {
        regions: coverage(db, &statuses).await?,
        figures,
        objectives,
        funnel,
        weekly: weeks.into_iter().collect(),
        from,
        to,
    })
}

fn in_period(c: &campaign::Model, date: NaiveDate) -> bool {
    c.starts_on.is_none_or(|start| date >= start) && c.ends_on.is_none_or(|end| date <= end)
}

async fn coverage(
    db: &impl ConnectionTrait,
    statuses: &[outreach_status::Model],
) -> Result<Vec<RegionCoverage>, DbErr> {
    let ids: Vec<i32> = statuses.iter().map(|s| s.organisation_id).collect();
    let org_region: HashMap<i32, Option<String>> = organisation::Entity::find()
        .select_only()
        .column(organisation::Column::Id)
        .column(organisation::Column::RegionCode)
        .filter(organisation::Column::Id.is_in(ids))
        .into_tuple::<(i32, Option<String>)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let names: HashMap<String, String> = region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect();
    let mut by_region: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for s in statuses {
        let code = org_region
            .get(&s.organisation_id)
            .cloned()
            .flatten()
            .unwrap_or_default();
        let entry = by_region.entry(code).or_default();
        entry.0 += 1;
        if s.stage == Stage::Relay {
            entry.1 += 1;
        }
    }
    let mut regions: Vec<RegionCoverage> = by_region
        .into_iter()
        .map(|(code, (organisations, relays))| RegionCoverage {
            name: names.get(&code).cloned().unwrap_or_default(),
            code,
            organisations,
            relays,
        })
        .collect();
    regions.sort_by(|a, b| {
        b.organisations
            .cmp(&a.organisations)
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(regions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        let thursday = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        assert_eq!(
            monday(thursday),
            NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
        );
        assert_eq!(monday(monday(thursday)), monday(thursday));
    }
}
