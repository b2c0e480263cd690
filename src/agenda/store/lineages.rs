//! Lineages: the editions of one yearly event, what we did at each, and
//! the probable next edition (see [`crate::agenda::lineage`] for the rule).
//! Linking an event to a lineage is an edit of the event (versioned, with
//! its audit entry); a lineage left without editions is removed.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

use super::listing::{has_theme, theme_words};
use super::{record, snapshot};
use crate::agenda::lineage::{Probable, lineage_name, probable_call, probable_next, title_key};
use crate::agenda::recurrence::day_start;
use crate::agenda::store::AgendaFilter;
use crate::entities::*;
use crate::versioning::{Saved, update_versioned};

/// One edition of a lineage and what we did there.
#[derive(Debug, Clone)]
pub struct Edition {
    pub event: event::Model,
    /// Contacts logged as talks at an event during its days.
    pub contacts: u64,
    /// People noted at our stand (capture entries, triaged or not).
    pub captured: u64,
}

/// The next edition as expected from the last one.
#[derive(Debug, Clone)]
pub struct Expected {
    pub probable: Probable,
    /// The probable closing of its call for proposals, when an edition had one.
    pub call: Option<NaiveDate>,
}

/// A lineage with its editions, newest first, and its expected edition.
#[derive(Debug, Clone)]
pub struct LineageDetails {
    pub lineage: event_lineage::Model,
    pub editions: Vec<Edition>,
    pub expected: Option<Expected>,
}

/// An expected edition as the agenda lists it.
#[derive(Debug, Clone)]
pub struct ExpectedEdition {
    pub lineage: event_lineage::Model,
    /// The last edition held (its page tells the story).
    pub last: event::Model,
    pub expected: Expected,
}

/// Every lineage, by name (a handful: one per yearly event followed).
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<event_lineage::Model>, DbErr> {
    event_lineage::Entity::find()
        .order_by_asc(event_lineage::Column::Name)
        .order_by_asc(event_lineage::Column::Id)
        .all(db)
        .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<event_lineage::Model>, DbErr> {
    event_lineage::Entity::find_by_id(id).one(db).await
}

/// The expected edition after `editions`, with its probable call.
fn expected(editions: &[event::Model], today: NaiveDate) -> Option<Expected> {
    let days: Vec<NaiveDate> = editions.iter().map(|e| e.start_local.date()).collect();
    let probable = probable_next(&days, today)?;
    // The latest edition whose call for proposals we know.
    let call = editions
        .iter()
        .filter_map(|e| e.cfp_deadline.map(|c| (e.start_local.date(), c)))
        .max()
        .and_then(|(edition, call)| probable_call(edition, call, probable.date));
    Some(Expected { probable, call })
}

/// A lineage, its editions (newest first) with what we did at each, and
/// the edition expected next.
pub async fn details(
    db: &impl ConnectionTrait,
    lineage_id: i32,
    today: NaiveDate,
) -> Result<Option<LineageDetails>, DbErr> {
    let Some(lineage) = get(db, lineage_id).await? else {
        return Ok(None);
    };
    let events = event::Entity::find()
        .filter(event::Column::LineageId.eq(lineage_id))
        .order_by_desc(event::Column::StartLocal)
        .all(db)
        .await?;
    let expected = expected(&events, today);
    let mut editions = Vec::with_capacity(events.len());
    for event in events {
        let first = event.start_local.date();
        let last = event
            .end_local
            .map(|e| e.date())
            .unwrap_or(first)
            .max(first);
        let contacts = interaction::Entity::find()
            .filter(interaction::Column::Channel.eq(InteractionChannel::EventTalk))
            .filter(interaction::Column::OccurredOn.gte(first))
            .filter(interaction::Column::OccurredOn.lte(last))
            .count(db)
            .await?;
        let captured = capture_entry::Entity::find()
            .filter(capture_entry::Column::EventId.eq(event.id))
            .count(db)
            .await?;
        editions.push(Edition {
            event,
            contacts,
            captured,
        });
    }
    Ok(Some(LineageDetails {
        lineage,
        editions,
        expected,
    }))
}

/// Whether an expected edition, described by its last edition, passes
/// the agenda's filters. It has no participation yet: a filter on ours
/// leaves it out.
fn passes(filter: &AgendaFilter, last: &event::Model, organisers: &HashSet<i32>) -> bool {
    let within = |wanted: &[String], value: &Option<String>| {
        wanted.is_empty() || value.as_ref().is_some_and(|v| wanted.contains(v))
    };
    (filter.kind.is_empty() || filter.kind.contains(&last.kind))
        && within(&filter.region, &last.region_code)
        && within(&filter.departement, &last.departement_code)
        && filter.participation.is_none()
        && filter.organiser.is_none_or(|o| organisers.contains(&o))
        && theme_words(filter).is_none_or(|themes| has_theme(last.themes.as_ref(), &themes))
}

/// The editions expected in `[from, to)` (by their probable date) of the
/// lineages whose last edition is over, passing `filter`; soonest first.
pub async fn expected_editions(
    db: &impl ConnectionTrait,
    filter: &AgendaFilter,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<ExpectedEdition>, DbErr> {
    let today = crate::clock::today();
    let members = event::Entity::find()
        .filter(event::Column::LineageId.is_not_null())
        .all(db)
        .await?;
    let mut by_lineage: BTreeMap<i32, Vec<event::Model>> = BTreeMap::new();
    for e in members {
        if let Some(l) = e.lineage_id {
            by_lineage.entry(l).or_default().push(e);
        }
    }
    let lineages: HashMap<i32, event_lineage::Model> =
        all(db).await?.into_iter().map(|l| (l.id, l)).collect();
    let mut found = Vec::new();
    for (lineage_id, editions) in by_lineage {
        let (Some(lineage), Some(expected)) =
            (lineages.get(&lineage_id), expected(&editions, today))
        else {
            continue;
        };
        let starts = day_start(expected.probable.date);
        if starts < from || starts >= to {
            continue;
        }
        let Some(last) = editions.into_iter().max_by_key(|e| e.start_local) else {
            continue;
        };
        let organisers: HashSet<i32> = super::organiser_ids(db, last.id)
            .await?
            .into_iter()
            .collect();
        if passes(filter, &last, &organisers) {
            found.push(ExpectedEdition {
                lineage: lineage.clone(),
                last,
                expected,
            });
        }
    }
    found.sort_by_key(|x| (x.expected.probable.date, x.lineage.id));
    Ok(found)
}

/// Sets the event's lineage if it is still at `expected_version`, with
/// its audit entry; `false` (nothing written) when it moved meanwhile.
async fn set_lineage(
    db: &impl ConnectionTrait,
    e: &event::Model,
    expected_version: i32,
    lineage_id: Option<i32>,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    let before = snapshot(db, e.id).await?;
    let row = event::ActiveModel {
        id: Set(e.id),
        lineage_id: Set(lineage_id),
        ..Default::default()
    };
    if update_versioned(db, row, expected_version).await? == Saved::Conflict {
        return Ok(false);
    }
    let after = snapshot(db, e.id).await?;
    record(
        db,
        actor,
        AuditAction::Update,
        e.id,
        &e.title,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(true)
}

/// Removes the lineage if no event names it any more.
pub(super) async fn drop_if_empty(db: &impl ConnectionTrait, lineage_id: i32) -> Result<(), DbErr> {
    let left = event::Entity::find()
        .filter(event::Column::LineageId.eq(lineage_id))
        .count(db)
        .await?;
    if left == 0 {
        event_lineage::Entity::delete_by_id(lineage_id)
            .exec(db)
            .await?;
    }
    Ok(())
}

/// What a volunteer does with an event's lineage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineageChange {
    /// Joins this existing lineage.
    Join(i32),
    /// Starts a new lineage from this event (named after it).
    Start,
    /// Leaves its lineage.
    Leave,
}

/// Applies `change` to the event in one transaction; `false` when the
/// event was saved by someone else meanwhile (nothing written).
pub async fn change(
    db: &sea_orm::DatabaseConnection,
    e: &event::Model,
    expected_version: i32,
    change: LineageChange,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    crate::db::transaction(db, async |txn| {
        let target = match change {
            LineageChange::Join(id) => Some(id),
            LineageChange::Leave => None,
            LineageChange::Start => Some(
                event_lineage::ActiveModel {
                    name: Set(lineage_name(&e.title)),
                    created_at: Set(crate::clock::now()),
                    ..Default::default()
                }
                .insert(txn)
                .await?
                .id,
            ),
        };
        if !set_lineage(txn, e, expected_version, target, actor).await? {
            return Err(DbErr::Custom(CONFLICT.into()));
        }
        if let Some(previous) = e.lineage_id.filter(|p| Some(*p) != target) {
            drop_if_empty(txn, previous).await?;
        }
        Ok(true)
    })
    .await
    .or_else(|err| match err {
        // The transaction was rolled back: the lineage started is gone too.
        DbErr::Custom(message) if message == CONFLICT => Ok(false),
        other => Err(other),
    })
}

/// Rolls a lineage change back when the event moved meanwhile.
const CONFLICT: &str = "event changed meanwhile";

/// Puts each of these (newly imported) events in the lineage of an
/// earlier edition of the same event: the same [`title_key`], held another
/// year, with an organiser in common when both name theirs. An event
/// matching several lineages joins none. Returns how many joined.
pub async fn join_by_title(
    db: &impl ConnectionTrait,
    event_ids: &[i32],
    actor: Option<i32>,
) -> Result<usize, DbErr> {
    if event_ids.is_empty() {
        return Ok(0);
    }
    // The editions already in a lineage, by title key: a few dozen rows,
    // read once whatever the size of the file.
    let mut editions: HashMap<String, Vec<(i32, i32, i32)>> = HashMap::new();
    for m in event::Entity::find()
        .filter(event::Column::LineageId.is_not_null())
        .all(db)
        .await?
    {
        if let Some(lineage) = m.lineage_id {
            editions.entry(title_key(&m.title)).or_default().push((
                m.id,
                m.start_local.year(),
                lineage,
            ));
        }
    }
    if editions.is_empty() {
        return Ok(0);
    }
    let mut joined = 0;
    for e in super::by_ids(db, event_ids).await? {
        let key = title_key(&e.title);
        let Some(candidates) = editions.get(&key).filter(|_| !key.is_empty()) else {
            continue;
        };
        let year = e.start_local.year();
        let candidates: Vec<&(i32, i32, i32)> =
            candidates.iter().filter(|(_, y, _)| *y != year).collect();
        if e.lineage_id.is_some() || candidates.is_empty() {
            continue;
        }
        let organisers: HashSet<i32> = super::organiser_ids(db, e.id).await?.into_iter().collect();
        let mut lineages = HashSet::new();
        for (edition, _, lineage) in candidates {
            let theirs: HashSet<i32> = super::organiser_ids(db, *edition)
                .await?
                .into_iter()
                .collect();
            if organisers.is_empty() || theirs.is_empty() || !organisers.is_disjoint(&theirs) {
                lineages.insert(*lineage);
            }
        }
        if lineages.len() == 1
            && let Some(&lineage) = lineages.iter().next()
            && set_lineage(db, &e, e.version, Some(lineage), actor).await?
        {
            joined += 1;
        }
    }
    Ok(joined)
}
