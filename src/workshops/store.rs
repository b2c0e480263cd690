//! Workshop queries and writes: kits with their versions, sessions with
//! their venue and facilitator, and the reproducibility rate.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr,
};

use crate::audit;
use crate::entities::*;
use crate::search::outbox;
use crate::versioning::{Saved, update_versioned};

pub async fn kit(db: &impl ConnectionTrait, id: i32) -> Result<Option<workshop_kit::Model>, DbErr> {
    workshop_kit::Entity::find_by_id(id).one(db).await
}

/// The kit that replaced this one, if any.
async fn successor(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<workshop_kit::Model>, DbErr> {
    workshop_kit::Entity::find()
        .filter(workshop_kit::Column::PreviousVersionId.eq(id))
        .one(db)
        .await
}

/// Every version of a kit, oldest first.
pub async fn lineage(
    db: &impl ConnectionTrait,
    kit: &workshop_kit::Model,
) -> Result<Vec<workshop_kit::Model>, DbErr> {
    let mut versions = vec![kit.clone()];
    let mut seen = HashSet::from([kit.id]);
    while let Some(previous) = versions[0].previous_version_id {
        match self::kit(db, previous).await? {
            Some(k) if seen.insert(k.id) => versions.insert(0, k),
            _ => break,
        }
    }
    while let Some(next) = successor(db, versions[versions.len() - 1].id).await? {
        if !seen.insert(next.id) {
            break;
        }
        versions.push(next);
    }
    Ok(versions)
}

/// Held sessions, and how many of them ran without us.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reproducibility {
    pub held: u64,
    pub without_us: u64,
}

/// A session is held once someone recorded it took place: recording its
/// attendance is the confirmation. A date in the past is not enough — a
/// session planned for today may have been cancelled.
pub fn is_held(s: &workshop_session::Model, today: NaiveDate) -> bool {
    s.held_on <= today && s.attendance.is_some()
}

/// A past (or today's) session nobody has confirmed yet: "à confirmer".
pub fn is_to_confirm(s: &workshop_session::Model, today: NaiveDate) -> bool {
    s.held_on <= today && s.attendance.is_none()
}

impl Reproducibility {
    /// Sessions held (confirmed) up to `today`; planned and unconfirmed
    /// ones do not count.
    pub fn of<'a>(
        sessions: impl IntoIterator<Item = &'a workshop_session::Model>,
        today: NaiveDate,
    ) -> Self {
        let mut r = Reproducibility::default();
        for s in sessions.into_iter().filter(|s| is_held(s, today)) {
            r.held += 1;
            r.without_us += u64::from(s.without_us());
        }
        r
    }

    /// Sessions run without us / all held sessions, in percent.
    pub fn rate(&self) -> Option<u64> {
        (self.held > 0).then(|| (self.without_us * 100 + self.held / 2) / self.held)
    }
}

/// A kit in the library, with what its sessions say.
#[derive(Debug, Clone)]
pub struct KitSummary {
    pub kit: workshop_kit::Model,
    /// Number of versions of this kit.
    pub versions: usize,
    pub reproducibility: Reproducibility,
    pub planned: u64,
    /// Past sessions nobody confirmed yet.
    pub to_confirm: u64,
}

/// The library: the latest version of each kit, by title, with its
/// figures counted over all its versions.
pub async fn library(
    db: &impl ConnectionTrait,
    today: NaiveDate,
) -> Result<Vec<KitSummary>, DbErr> {
    let kits = workshop_kit::Entity::find()
        .order_by_asc(workshop_kit::Column::Title)
        .all(db)
        .await?;
    let sessions = workshop_session::Entity::find().all(db).await?;
    let by_id: HashMap<i32, &workshop_kit::Model> = kits.iter().map(|k| (k.id, k)).collect();
    let replaced: HashSet<i32> = kits.iter().filter_map(|k| k.previous_version_id).collect();
    // Each kit id → the id of the latest version of its line.
    let mut latest_of: HashMap<i32, i32> = HashMap::new();
    for k in kits.iter().filter(|k| !replaced.contains(&k.id)) {
        let mut at = Some(k);
        while let Some(version) = at {
            if latest_of.insert(version.id, k.id).is_some() {
                break;
            }
            at = version
                .previous_version_id
                .and_then(|p| by_id.get(&p).copied());
        }
    }
    Ok(kits
        .iter()
        .filter(|k| !replaced.contains(&k.id))
        .map(|k| {
            let line: Vec<&workshop_session::Model> = sessions
                .iter()
                .filter(|s| latest_of.get(&s.kit_id) == Some(&k.id))
                .collect();
            KitSummary {
                kit: k.clone(),
                versions: latest_of.values().filter(|l| **l == k.id).count(),
                reproducibility: Reproducibility::of(line.iter().copied(), today),
                planned: line.iter().filter(|s| s.held_on > today).count() as u64,
                to_confirm: line.iter().filter(|s| is_to_confirm(s, today)).count() as u64,
            }
        })
        .collect())
}

/// A kit as validated from its form.
#[derive(Debug, Clone, PartialEq)]
pub struct KitInput {
    pub title: String,
    pub goal: String,
    pub audience: String,
    pub duration_minutes: Option<i32>,
    pub materials: Option<String>,
    pub prerequisites: Option<String>,
    pub steps_md: String,
    pub licence: String,
    pub kit_version: String,
}

impl KitInput {
    pub fn from_model(k: &workshop_kit::Model) -> Self {
        KitInput {
            title: k.title.clone(),
            goal: k.goal.clone(),
            audience: k.audience.clone(),
            duration_minutes: k.duration_minutes,
            materials: k.materials.clone(),
            prerequisites: k.prerequisites.clone(),
            steps_md: k.steps_md.clone(),
            licence: k.licence.clone(),
            kit_version: k.kit_version.clone(),
        }
    }

    fn apply(&self, row: &mut workshop_kit::ActiveModel) {
        row.title = Set(self.title.clone());
        row.goal = Set(self.goal.clone());
        row.audience = Set(self.audience.clone());
        row.duration_minutes = Set(self.duration_minutes);
        row.materials = Set(self.materials.clone());
        row.prerequisites = Set(self.prerequisites.clone());
        row.steps_md = Set(self.steps_md.clone());
        row.licence = Set(self.licence.clone());
        row.kit_version = Set(self.kit_version.clone());
    }

    fn applied_to(&self, before: &workshop_kit::Model) -> workshop_kit::Model {
        workshop_kit::Model {
            title: self.title.clone(),
            goal: self.goal.clone(),
            audience: self.audience.clone(),
            duration_minutes: self.duration_minutes,
            materials: self.materials.clone(),
            prerequisites: self.prerequisites.clone(),
            steps_md: self.steps_md.clone(),
            licence: self.licence.clone(),
            kit_version: self.kit_version.clone(),
            ..before.clone()
        }
    }
}

/// Creates a kit (`previous` names the version it replaces), with its
/// audit entry and search update. `None` when `previous` already has a
/// newer version: a kit line never forks.
pub async fn create_kit(
    db: &impl ConnectionTrait,
    input: &KitInput,
    previous: Option<i32>,
    actor: Option<i32>,
) -> Result<Option<workshop_kit::Model>, DbErr> {
    let now = crate::clock::now();
    let mut row = workshop_kit::ActiveModel {
        previous_version_id: Set(previous),
        seed_key: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    };
    input.apply(&mut row);
    let created = match row.insert(db).await {
        Ok(created) => created,
        // The unique index on previous_version_id: someone made the new version first.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Create,
            entity: EntityKind::Kit,
            entity_id: created.id,
            label: &created.title,
            changes: audit::diff(None, Some(&created)),
        },
    )
    .await?;
    outbox::enqueue(db, EntityKind::Kit, created.id, OutboxOp::Upsert).await?;
    Ok(Some(created))
}

/// Saves an edit made from `version`; `false` when someone saved meanwhile.
pub async fn update_kit(
    db: &impl ConnectionTrait,
    before: &workshop_kit::Model,
    version: i32,
    input: &KitInput,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    let mut changes = workshop_kit::ActiveModel {
        id: Set(before.id),
        ..Default::default()
    };
    input.apply(&mut changes);
    if update_versioned(db, changes, version).await? == Saved::Conflict {
        return Ok(false);
    }
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Update,
            entity: EntityKind::Kit,
            entity_id: before.id,
            label: &input.title,
            changes: audit::diff(Some(before), Some(&input.applied_to(before))),
        },
    )
    .await?;
    outbox::enqueue(db, EntityKind::Kit, before.id, OutboxOp::Upsert).await?;
    Ok(true)
}

/// Deletes a kit no session used; `false` if one did (sessions are history).
pub async fn delete_kit(
    db: &impl ConnectionTrait,
    kit: &workshop_kit::Model,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    let used = workshop_session::Entity::find()
        .filter(workshop_session::Column::KitId.eq(kit.id))
        .one(db)
        .await?
        .is_some();
    if used {
        return Ok(false);
    }
    // The next version, if any, then follows the one before this (after
    // the delete: previous_version_id is unique).
    let next = successor(db, kit.id).await?;
    workshop_kit::Entity::delete_by_id(kit.id).exec(db).await?;
    if let Some(next) = next {
        workshop_kit::Entity::update_many()
            .col_expr(
                workshop_kit::Column::PreviousVersionId,
                Expr::value(kit.previous_version_id),
            )
            .filter(workshop_kit::Column::Id.eq(next.id))
            .exec(db)
            .await?;
    }
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Delete,
            entity: EntityKind::Kit,
            entity_id: kit.id,
            label: &kit.title,
            changes: audit::diff(Some(kit), None),
        },
    )
    .await?;
    outbox::enqueue(db, EntityKind::Kit, kit.id, OutboxOp::Delete).await?;
    Ok(true)
}

/// The version number after `v`: "1.0" → "1.1", "2" → "3", "v1-beta" → "v1-beta.1".
pub fn next_version(v: &str) -> String {
    let v = v.trim();
    match v.rsplit_once('.') {
        Some((head, last)) if last.parse::<u32>().is_ok() => {
            format!(
                "{head}.{}",
                last.parse::<u32>().unwrap_or(0).saturating_add(1)
            )
        }
        _ => match v.parse::<u32>() {
            Ok(n) => n.saturating_add(1).to_string(),
            Err(_) if v.is_empty() => "1.0".to_owned(),
            Err(_) => format!("{v}.1"),
        },
    }
}

/// A session with the names it points to.
#[derive(Debug, Clone)]
pub struct SessionLine {
    pub session: workshop_session::Model,
    pub kit_title: String,
    pub kit_version: String,
    pub venue: Option<(i32, String)>,
    pub facilitator: Option<(i32, String)>,
}

/// Which sessions to list; all given conditions hold.
#[derive(Debug, Clone, Default)]
pub struct SessionFilter {
    pub kit_ids: Option<Vec<i32>>,
    pub venue_id: Option<i32>,
    pub facilitator_id: Option<i32>,
    /// Held on or after this date.
    pub from: Option<NaiveDate>,
    /// Held on or before this date.
    pub to: Option<NaiveDate>,
    /// Only confirmed sessions (attendance recorded), or only unconfirmed ones.
    pub confirmed: Option<bool>,
    pub newest_first: bool,
    pub limit: Option<u64>,
}

pub async fn sessions(
    db: &impl ConnectionTrait,
    filter: &SessionFilter,
) -> Result<Vec<SessionLine>, DbErr> {
    use workshop_session::Column;
    let mut query = workshop_session::Entity::find();
    if let Some(ids) = &filter.kit_ids {
        query = query.filter(Column::KitId.is_in(ids.clone()));
    }
    if let Some(id) = filter.venue_id {
        query = query.filter(Column::VenueOrganisationId.eq(id));
    }
    if let Some(id) = filter.facilitator_id {
        query = query.filter(Column::FacilitatorPersonId.eq(id));
    }
    if let Some(from) = filter.from {
        query = query.filter(Column::HeldOn.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(Column::HeldOn.lte(to));
    }
    match filter.confirmed {
        Some(true) => query = query.filter(Column::Attendance.is_not_null()),
        Some(false) => query = query.filter(Column::Attendance.is_null()),
        None => {}
    }
    query = if filter.newest_first {
        query
            .order_by_desc(Column::HeldOn)
            .order_by_desc(Column::Id)
    } else {
        query.order_by_asc(Column::HeldOn).order_by_asc(Column::Id)
    };
    if let Some(limit) = filter.limit {
        query = query.limit(limit);
    }
    let sessions = query.all(db).await?;
    with_names(db, sessions).await
}

async fn with_names(
    db: &impl ConnectionTrait,
    sessions: Vec<workshop_session::Model>,
) -> Result<Vec<SessionLine>, DbErr> {
    let kit_ids: HashSet<i32> = sessions.iter().map(|s| s.kit_id).collect();
    let kits: HashMap<i32, (String, String)> = workshop_kit::Entity::find()
        .select_only()
        .column(workshop_kit::Column::Id)
        .column(workshop_kit::Column::Title)
        .column(workshop_kit::Column::KitVersion)
        .filter(workshop_kit::Column::Id.is_in(kit_ids))
        .into_tuple::<(i32, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, title, version)| (id, (title, version)))
        .collect();
    let venue_ids: HashSet<i32> = sessions
        .iter()
        .filter_map(|s| s.venue_organisation_id)
        .collect();
    let venues = crate::directory::store::names(db, venue_ids).await?;
    let person_ids: HashSet<i32> = sessions
        .iter()
        .filter_map(|s| s.facilitator_person_id)
        .collect();
    let people: HashMap<i32, String> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::FullName)
        .filter(person::Column::Id.is_in(person_ids))
        .filter(person::Column::ErasedAt.is_null())
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(sessions
        .into_iter()
        .map(|session| {
            let (kit_title, kit_version) = kits.get(&session.kit_id).cloned().unwrap_or_default();
            let named = |id: Option<i32>, names: &HashMap<i32, String>| {
                id.and_then(|id| names.get(&id).map(|n| (id, n.clone())))
            };
            SessionLine {
                venue: named(session.venue_organisation_id, &venues),
                facilitator: named(session.facilitator_person_id, &people),
                kit_title,
                kit_version,
                session,
            }
        })
        .collect())
}

pub async fn session(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<workshop_session::Model>, DbErr> {
    workshop_session::Entity::find_by_id(id).one(db).await
}

/// A session as validated from its form.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionInput {
    pub kit_id: i32,
    pub held_on: NaiveDate,
    pub venue_organisation_id: i32,
    pub facilitator_person_id: Option<i32>,
    pub run_by_us: bool,
    pub we_attend: bool,
    pub attendance: Option<i32>,
    pub feedback: Option<String>,
    pub campaign_id: Option<i32>,
}

impl SessionInput {
    fn apply(&self, row: &mut workshop_session::ActiveModel) {
        row.kit_id = Set(self.kit_id);
        row.held_on = Set(self.held_on);
        row.venue_organisation_id = Set(Some(self.venue_organisation_id));
        row.facilitator_person_id = Set(self.facilitator_person_id);
        row.run_by_us = Set(self.run_by_us);
        row.we_attend = Set(self.we_attend);
        row.attendance = Set(self.attendance);
        row.feedback = Set(self.feedback.clone());
        row.campaign_id = Set(self.campaign_id);
    }

    fn applied_to(&self, before: &workshop_session::Model) -> workshop_session::Model {
        workshop_session::Model {
            kit_id: self.kit_id,
            held_on: self.held_on,
            venue_organisation_id: Some(self.venue_organisation_id),
            facilitator_person_id: self.facilitator_person_id,
            run_by_us: self.run_by_us,
            we_attend: self.we_attend,
            attendance: self.attendance,
            feedback: self.feedback.clone(),
            campaign_id: self.campaign_id,
            ..before.clone()
        }
    }
}

/// "Kit title — date", how a session is named in the audit log.
fn session_label(db_kit_title: &str, held_on: NaiveDate) -> String {
    format!("{db_kit_title} — {held_on}")
}

async fn kit_title(db: &impl ConnectionTrait, kit_id: i32) -> Result<String, DbErr> {
    Ok(kit(db, kit_id).await?.map(|k| k.title).unwrap_or_default())
}

pub async fn create_session(
    db: &impl ConnectionTrait,
    input: &SessionInput,
    actor: Option<i32>,
) -> Result<workshop_session::Model, DbErr> {
    let now = crate::clock::now();
    let mut row = workshop_session::ActiveModel {
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    };
    input.apply(&mut row);
    let created = row.insert(db).await?;
    let label = session_label(&kit_title(db, input.kit_id).await?, input.held_on);
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Create,
            entity: EntityKind::WorkshopSession,
            entity_id: created.id,
            label: &label,
            changes: audit::diff(None, Some(&created)),
        },
    )
    .await?;
    Ok(created)
}

/// Saves an edit made from `version`; `false` when someone saved meanwhile.
pub async fn update_session(
    db: &impl ConnectionTrait,
    before: &workshop_session::Model,
    version: i32,
    input: &SessionInput,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    let mut changes = workshop_session::ActiveModel {
        id: Set(before.id),
        ..Default::default()
    };
    input.apply(&mut changes);
    if update_versioned(db, changes, version).await? == Saved::Conflict {
        return Ok(false);
    }
    let label = session_label(&kit_title(db, input.kit_id).await?, input.held_on);
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Update,
            entity: EntityKind::WorkshopSession,
            entity_id: before.id,
            label: &label,
            changes: audit::diff(Some(before), Some(&input.applied_to(before))),
        },
    )
    .await?;
    Ok(true)
}

pub async fn delete_session(
    db: &impl ConnectionTrait,
    session: &workshop_session::Model,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    workshop_session::Entity::delete_by_id(session.id)
        .exec(db)
        .await?;
    let label = session_label(&kit_title(db, session.kit_id).await?, session.held_on);
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Delete,
            entity: EntityKind::WorkshopSession,
            entity_id: session.id,
            label: &label,
            changes: audit::diff(Some(session), None),
        },
    )
    .await
}

/// Organisations that already run digital workshops and have not hosted
/// a session of these kits: where a kit might fit next. At most `limit`.
pub async fn where_it_fits(
    db: &impl ConnectionTrait,
    kit_ids: &[i32],
    region_code: Option<&str>,
    limit: u64,
) -> Result<Vec<organisation::Model>, DbErr> {
    let hosted: Vec<i32> = workshop_session::Entity::find()
        .select_only()
        .column(workshop_session::Column::VenueOrganisationId)
        .filter(workshop_session::Column::KitId.is_in(kit_ids.to_vec()))
        .filter(workshop_session::Column::VenueOrganisationId.is_not_null())
        .into_tuple::<Option<i32>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    let mut query = organisation::Entity::find()
        .filter(
            Condition::any()
                .add(organisation::Column::WorkshopsOffered.is_not_null())
                .add(organisation::Column::WorkshopRunners.is_not_null()),
        )
        .filter(organisation::Column::Id.is_not_in(hosted));
    if let Some(code) = region_code {
        query = query.filter(organisation::Column::RegionCode.eq(code));
    }
    query
        .order_by_asc(organisation::Column::SortName)
        .limit(limit)
        .all(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_up_from_their_last_number() {
        assert_eq!(next_version("1.0"), "1.1");
        assert_eq!(next_version("1.9"), "1.10");
        assert_eq!(next_version("2"), "3");
        assert_eq!(next_version("v1-beta"), "v1-beta.1");
        assert_eq!(next_version(""), "1.0");
    }

    #[test]
    fn the_rate_counts_confirmed_held_sessions_only() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
        let session = |held_on, run_by_us, we_attend, attendance| workshop_session::Model {
            id: 0,
            kit_id: 1,
            venue_organisation_id: None,
            facilitator_person_id: None,
            run_by_us,
            we_attend,
            held_on,
            attendance,
            feedback: None,
            campaign_id: None,
            created_at: crate::clock::now(),
            updated_at: crate::clock::now(),
            version: 1,
        };
        let sessions = [
            session(day(1), false, false, Some(8)),
            session(day(2), false, false, Some(5)),
            session(day(3), false, true, Some(12)),
            // Past but never confirmed: not held.
            session(day(4), false, false, None),
            session(day(25), true, false, None),
            session(day(30), false, false, None),
        ];
        let r = Reproducibility::of(&sessions, day(25));
        assert_eq!(
            r,
            Reproducibility {
                held: 3,
                without_us: 2
            }
        );
        assert_eq!(r.rate(), Some(67));
        assert_eq!(Reproducibility::default().rate(), None);
    }
}
