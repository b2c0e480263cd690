//! `follow_up.due`: a follow-up whose day has come, announced once to each
//! webhook that hears it.
//!
//! No change makes it (the day comes by itself), so no audit entry queues
//! it: every instance's sender looks for follow-ups due each time it looks
//! for deliveries ([`super::delivery`]). Each delivery carries a key (the
//! interaction and its due date) unique per webhook, so however many
//! instances notice the same follow-up at once, one delivery is queued;
//! a follow-up snoozed to a later day is announced again on that day.
//!
//! Only the last [`LOOKBACK_DAYS`] days are looked at (instances stopped
//! for a few days still announce what fell due meanwhile), well within the
//! [`super::delivery::KEPT_DAYS`] a sent delivery — and its key — is kept,
//! so a follow-up is never announced twice for the same day. A webhook
//! hears of follow-ups falling due from the day it was registered on.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbErr};
use serde_json::json;

use super::events::FOLLOW_UP_DUE;
use super::store::{self, NewDelivery};
use crate::entities::EntityKind;
use crate::interactions::store::FollowUp;

/// How far back a due date is still announced.
pub const LOOKBACK_DAYS: u64 = 7;

const _: () = assert!((LOOKBACK_DAYS as i64) < super::delivery::KEPT_DAYS);

/// Follow-ups read per query.
const PAGE: u64 = 200;

/// The key of a follow-up's announcement: one per interaction and due date.
fn once_key(interaction_id: i32, due: NaiveDate) -> String {
    format!("{FOLLOW_UP_DUE}:{interaction_id}:{due}")
}

/// Queues `follow_up.due` for every open follow-up due up to today (by
/// `now`, in Paris) that an active webhook hearing it has not been told
/// of; returns how many deliveries were queued. Safe to run on several
/// instances at once.
pub async fn announce(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let hooks: Vec<_> = store::active(db)
        .await?
        .into_iter()
        .filter(|hook| store::hears(hook, FOLLOW_UP_DUE, EntityKind::Interaction))
        .collect();
    if hooks.is_empty() {
        return Ok(0);
    }
    let today = crate::web::format::paris_date(now);
    let from = today
        .checked_sub_days(chrono::Days::new(LOOKBACK_DAYS))
        .unwrap_or(today);
    let mut queued = 0;
    let mut after = 0;
    loop {
        let page = crate::interactions::store::falling_due(db, from, today, after, PAGE).await?;
        let Some(last) = page.last() else {
            return Ok(queued);
        };
        after = last.interaction.id;
        let full = page.len() as u64 == PAGE;
        let mut rows = Vec::new();
        for follow_up in &page {
            let Some(due) = follow_up.interaction.follow_up_on else {
                continue;
            };
            for hook in &hooks {
                if crate::web::format::paris_date(hook.created_at) > due {
                    continue;
                }
                rows.push(delivery(hook.id, follow_up, due, now));
            }
        }
        queued += store::queue_once(db, rows).await?;
        if !full {
            return Ok(queued);
        }
    }
}

/// The least a receiver needs: which contact's follow-up, at which
/// organisation, for which day — never the person nor the summary.
fn delivery(
    webhook_id: i32,
    follow_up: &FollowUp,
    due: NaiveDate,
    now: DateTime<Utc>,
) -> NewDelivery {
    let (organisation_id, organisation_name) = follow_up
        .organisation
        .clone()
        .map_or((None, None), |(id, name)| (Some(id), Some(name)));
    NewDelivery {
        webhook_id,
        event: FOLLOW_UP_DUE.into(),
        entity: EntityKind::Interaction,
        entity_id: follow_up.interaction.id,
        label: None,
        actor_id: None,
        occurred_at: now,
        data: Some(json!({
            "interaction_id": follow_up.interaction.id,
            "organisation_id": organisation_id,
            "organisation_name": organisation_name,
            "due_on": due.to_string(),
        })),
        once_key: Some(once_key(follow_up.interaction.id, due)),
    }
}
