//! Webhooks: other tools told when something happens in relais (a chat
//! channel hearing that a contact was logged, a spreadsheet refreshing a
//! campaign's figures).
//!
//! Every change already writes an audit entry inside its own transaction
//! ([`crate::audit::record`]); that is where deliveries are queued too, so a
//! delivery exists exactly when its change was committed, whichever page,
//! API call or import made it. Each instance sends due deliveries
//! ([`delivery`]); an instance takes one by a conditional update, so two
//! instances never send the same delivery twice. A failed delivery is tried
//! again later, up to [`delivery::RETRY_DELAYS`], then marked failed.
//!
//! A delivery is about one event (`organisation.created`,
//! `outreach.stage_changed`, `follow_up.due`…: see [`events`]), and a
//! webhook hears the events it chose, or every event of a kind it named.
//! Most are read from the audit entry; `follow_up.due` is noticed by the
//! senders themselves when the day comes ([`due`]).
//!
//! A delivery carries the least data: what happened to which record (kind,
//! id, name — never a person's, nor a contact's summary, which may name
//! one), when and by which account, and what the event needs besides (the
//! stages of a move, the date cancelled, the due date). The receiver reads
//! more through the API, with a token whose rights are those of its owner.
//! Bodies are signed with HMAC-SHA256 under the webhook's secret (see the
//! README). Owns `webhooks` and `webhook_deliveries`.

pub mod delivery;
pub mod due;
pub mod events;
pub mod form;
mod routes;
pub mod store;
mod views;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

pub use routes::routes;

use crate::entities::EntityKind;

/// The kinds of record a webhook may hear about (those of
/// [`events::EVENTS`]). Accounts, feeds and settings are the team's own
/// business and are not offered.
pub const ENTITIES: [EntityKind; 8] = [
    EntityKind::Organisation,
    EntityKind::Person,
    EntityKind::Interaction,
    EntityKind::Event,
    EntityKind::Campaign,
    EntityKind::Outreach,
    EntityKind::Kit,
    EntityKind::WorkshopSession,
];

/// Whether the name of a record of this kind may leave relais in a
/// delivery: not a person's, nor a contact's summary.
fn label_may_leave(entity: EntityKind) -> bool {
    !matches!(
        entity,
        EntityKind::Person | EntityKind::Interaction | EntityKind::User
    )
}

/// Queues the deliveries of these audit entries for every active webhook
/// that hears about their events; called in the entries' transaction.
pub(crate) async fn enqueue(
    db: &impl ConnectionTrait,
    entries: &[crate::audit::Entry<'_>],
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    if !entries.iter().any(|e| ENTITIES.contains(&e.entity)) {
        return Ok(());
    }
    let hooks = store::active(db).await?;
    if hooks.is_empty() {
        return Ok(());
    }
    let mut rows: Vec<store::NewDelivery> = Vec::new();
    for entry in entries.iter().filter(|e| ENTITIES.contains(&e.entity)) {
        let label: Option<String> =
            label_may_leave(entry.entity).then(|| entry.label.chars().take(500).collect());
        for happened in events::of_entry(entry) {
            for hook in &hooks {
                if !store::hears(hook, &happened.event, entry.entity) {
                    continue;
                }
                rows.push(store::NewDelivery {
                    webhook_id: hook.id,
                    event: happened.event.clone(),
                    entity: entry.entity,
                    entity_id: entry.entity_id,
                    label: label.clone(),
                    actor_id: entry.actor,
                    occurred_at: at,
                    data: happened.data.clone(),
                    once_key: None,
                });
            }
        }
    }
    store::queue(db, rows).await
}
