//! One date of a series, changed (moved, renamed, cancelled) or restored
//! to what the series says, without touching the rest.

use chrono::NaiveDateTime;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Set,
};

use super::{record, snapshot};
use crate::agenda::message::Message;
use crate::agenda::recurrence::{Occurrence, day_around, expand, zone_of};
use crate::agenda::time::to_instant;
use crate::entities::*;
use crate::versioning::{Saved, update_versioned};

/// A change to one occurrence of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct OccurrenceChange {
    pub recurrence_local: NaiveDateTime,
    pub cancelled: bool,
    pub start_local: Option<NaiveDateTime>,
    pub end_local: Option<NaiveDateTime>,
    pub title: Option<String>,
    pub note: Option<String>,
}

/// Records (or replaces) the change of one occurrence; the series itself
/// is untouched apart from its version, so feeds announce the change.
pub async fn change_occurrence(
    db: &impl ConnectionTrait,
    e: &event::Model,
    change: &OccurrenceChange,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    event_override::Entity::delete_many()
        .filter(event_override::Column::EventId.eq(e.id))
        .filter(event_override::Column::RecurrenceLocal.eq(change.recurrence_local))
        .exec(db)
        .await?;
    let now = crate::clock::now();
    event_override::ActiveModel {
        event_id: Set(e.id),
        recurrence_local: Set(change.recurrence_local),
        cancelled: Set(change.cancelled),
        start_local: Set(change.start_local),
        end_local: Set(change.end_local),
        title: Set(change.title.clone()),
        note: Set(change.note.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let now = if change.cancelled {
        Message::new("agenda-audit-cancelled").to_string()
    } else {
        change
            .start_local
            .unwrap_or(change.recurrence_local)
            .to_string()
    };
    touch(db, e).await?;
    record_occurrence(db, e, change.recurrence_local, now, actor).await
}

/// What a volunteer does to one date of a series.
#[derive(Debug, Clone, PartialEq)]
pub enum OccurrenceAction {
    /// Moves, renames or cancels it.
    Change(OccurrenceChange),
    /// Back to what the series says (the date the series gives).
    Restore(NaiveDateTime),
}

/// Applies a volunteer's action on one date, in one transaction.
pub async fn edit_occurrence(
    db: &DatabaseConnection,
    e: &event::Model,
    action: &OccurrenceAction,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    crate::db::transaction(db, async |txn| match action {
        OccurrenceAction::Change(change) => change_occurrence(txn, e, change, actor).await,
        OccurrenceAction::Restore(original) => restore_occurrence(txn, e, *original, actor).await,
    })
    .await
}

/// Applies a volunteer's action on one date as [`edit_occurrence`] does,
/// if the event is still at `expected_version` (the API names the version
/// it read); `false`, and nothing written, otherwise.
pub async fn edit_occurrence_at_version(
    db: &DatabaseConnection,
    e: &event::Model,
    expected_version: i32,
    action: &OccurrenceAction,
    actor: Option<i32>,
) -> Result<bool, DbErr> {
    crate::db::transaction(db, async |txn| {
        // The version is claimed first, so a save made meanwhile wins; the
        // change then bumps it to the same next version as the page's does.
        let claim = event::ActiveModel {
            id: Set(e.id),
            ..Default::default()
        };
        if update_versioned(txn, claim, expected_version).await? == Saved::Conflict {
            return Ok(false);
        }
        let e = event::Model {
            version: expected_version,
            ..e.clone()
        };
        match action {
            OccurrenceAction::Change(change) => change_occurrence(txn, &e, change, actor).await?,
            OccurrenceAction::Restore(original) => {
                restore_occurrence(txn, &e, *original, actor).await?
            }
        }
        Ok(true)
    })
    .await
}

/// The date the series gives `e` at `original` (its wall-clock start
/// before any change), as changed — wherever a change moved it, cancelled
/// ones included so they can be restored; `None` when the series has no
/// such date.
pub async fn occurrence_named(
    db: &impl ConnectionTrait,
    e: &event::Model,
    original: NaiveDateTime,
) -> Result<Option<Occurrence>, DbErr> {
    let tz = zone_of(e);
    let (from, to) = day_around(to_instant(original, tz));
    // Asked of the series alone: is `original` one of its dates?
    if !expand(e, &[], from, to)
        .iter()
        .any(|o| o.recurrence_local == original)
    {
        return Ok(None);
    }
    let changed = super::overrides(db, &[e.id])
        .await?
        .remove(&e.id)
        .unwrap_or_default();
    let moved_to = changed
        .iter()
        .find(|c| c.recurrence_local == original)
        .and_then(|c| c.start_local)
        .unwrap_or(original);
    let (moved_from, moved_until) = day_around(to_instant(moved_to, tz));
    Ok(
        expand(e, &changed, from.min(moved_from), to.max(moved_until))
            .into_iter()
            .find(|o| o.recurrence_local == original),
    )
}

/// Restores an occurrence to what the series says.
async fn restore_occurrence(
    db: &impl ConnectionTrait,
    e: &event::Model,
    recurrence_local: NaiveDateTime,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    event_override::Entity::delete_many()
        .filter(event_override::Column::EventId.eq(e.id))
        .filter(event_override::Column::RecurrenceLocal.eq(recurrence_local))
        .exec(db)
        .await?;
    touch(db, e).await?;
    let now = Message::new("agenda-audit-restored").to_string();
    record_occurrence(db, e, recurrence_local, now, actor).await
}

/// The audit entry of a date's change: the event as it is, and what became
/// of that date — in French, as every stored text (the history shows the
/// values as they were recorded).
async fn record_occurrence(
    db: &impl ConnectionTrait,
    e: &event::Model,
    recurrence_local: NaiveDateTime,
    now: String,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    let before = snapshot(db, e.id).await?;
    let mut after = before.clone();
    if let Some(map) = after.as_object_mut() {
        map.insert(
            format!("occurrence {recurrence_local}"),
            serde_json::Value::from(now),
        );
    }
    record(
        db,
        actor,
        AuditAction::Update,
        e.id,
        &e.title,
        Some(&before),
        Some(&after),
    )
    .await
}

/// Bumps the version (and SEQUENCE in feeds) after an occurrence change.
async fn touch(db: &impl ConnectionTrait, e: &event::Model) -> Result<(), DbErr> {
    event::ActiveModel {
        id: Set(e.id),
        version: Set(e.version + 1),
        updated_at: Set(crate::clock::now()),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}
