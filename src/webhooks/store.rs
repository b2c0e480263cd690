//! Queries on `webhooks` and `webhook_deliveries`.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use super::events::{self, Listed};
use crate::audit;
use crate::entities::{AuditAction, EntityKind, webhook, webhook_delivery};

pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<webhook::Model>, DbErr> {
    webhook::Entity::find()
        .order_by_asc(webhook::Column::Id)
        .all(db)
        .await
}

/// Active webhooks, in id order (so instances queueing the same deliveries
/// at once insert them in the same order, and never wait on each other in
/// a circle).
pub async fn active(db: &impl ConnectionTrait) -> Result<Vec<webhook::Model>, DbErr> {
    webhook::Entity::find()
        .filter(webhook::Column::Active.eq(true))
        .order_by_asc(webhook::Column::Id)
        .all(db)
        .await
}

/// What `hook` hears about: kinds alone and event names.
pub fn listed(hook: &webhook::Model) -> Vec<Listed> {
    events::read(&hook.entities)
}

/// Whether `hook` hears `event` about a record of `kind`.
pub fn hears(hook: &webhook::Model, event: &str, kind: EntityKind) -> bool {
    events::heard(&hook.entities, event, kind)
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Option<webhook::Model>, DbErr> {
    webhook::Entity::find_by_id(id).one(db).await
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    webhook::Entity::find().count(db).await
}

/// Queues a `webhook.test` delivery to webhook `id`, due now; its id, or
/// `None` when there is no such webhook. It goes out like any other
/// (signed, logged, tried again), and names the webhook itself.
pub async fn queue_test(
    db: &impl ConnectionTrait,
    id: i32,
    actor: i32,
) -> Result<Option<i32>, DbErr> {
    let Some(hook) = find(db, id).await? else {
        return Ok(None);
    };
    let queued = NewDelivery {
        webhook_id: hook.id,
        event: events::WEBHOOK_TEST.to_owned(),
        entity: EntityKind::Webhook,
        entity_id: hook.id,
        label: Some(hook.url.chars().take(500).collect()),
        actor_id: Some(actor),
        occurred_at: crate::clock::now(),
        data: Some(serde_json::json!({ "test": true })),
        once_key: None,
    }
    .row()
    .insert(db)
    .await?;
    Ok(Some(queued.id))
}

/// A webhook as the form validated it.
pub struct NewWebhook {
    pub url: String,
    pub description: String,
    /// Kinds alone and event names, as [`events::choose`] gives them.
    pub entities: Vec<String>,
}

/// Registers a webhook with a new secret (returned with it: it is shown to
/// the administrator, who gives it to the receiver).
pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    new: NewWebhook,
    actor: i32,
) -> Result<webhook::Model, DbErr> {
    let txn = db.begin().await?;
    let created = webhook::ActiveModel {
        url: Set(new.url),
        description: Set(new.description),
        entities: Set(new.entities.join(",")),
        secret: Set(crate::accounts::tokens::random_token()),
        active: Set(true),
        created_by: Set(Some(actor)),
        created_at: Set(crate::clock::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(actor),
            action: AuditAction::Create,
            entity: EntityKind::Webhook,
            entity_id: created.id,
            label: &created.url,
            changes: audit::diff(None, Some(&created)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Turns a webhook on or off; `false` when there is no such webhook.
pub async fn set_active(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: i32,
    active: bool,
    actor: i32,
) -> Result<bool, DbErr> {
    let txn = db.begin().await?;
    let Some(before) = webhook::Entity::find_by_id(id).one(&txn).await? else {
        return Ok(false);
    };
    let mut row: webhook::ActiveModel = before.clone().into();
    row.active = Set(active);
    let after = row.update(&txn).await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(actor),
            action: AuditAction::Update,
            entity: EntityKind::Webhook,
            entity_id: id,
            label: &after.url,
            changes: audit::diff(Some(&before), Some(&after)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Removes a webhook and its deliveries; `false` when there is none.
pub async fn delete(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: i32,
    actor: i32,
) -> Result<bool, DbErr> {
    let txn = db.begin().await?;
    let Some(before) = webhook::Entity::find_by_id(id).one(&txn).await? else {
        return Ok(false);
    };
    webhook_delivery::Entity::delete_many()
        .filter(webhook_delivery::Column::WebhookId.eq(id))
        .exec(&txn)
        .await?;
    webhook::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(actor),
            action: AuditAction::Delete,
            entity: EntityKind::Webhook,
            entity_id: id,
            label: &before.url,
            changes: audit::diff(Some(&before), None),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// A delivery to queue.
pub struct NewDelivery {
    pub webhook_id: i32,
    pub event: String,
    pub entity: EntityKind,
    pub entity_id: i32,
    pub label: Option<String>,
    pub actor_id: Option<i32>,
    pub occurred_at: DateTime<Utc>,
    /// What the event needs beyond the record.
    pub data: Option<serde_json::Value>,
    /// Unique per webhook: see [`queue_once`].
    pub once_key: Option<String>,
}

impl NewDelivery {
    fn row(self) -> webhook_delivery::ActiveModel {
        webhook_delivery::ActiveModel {
            webhook_id: Set(self.webhook_id),
            event: Set(self.event),
            entity: Set(self.entity.as_str().to_owned()),
            entity_id: Set(self.entity_id),
            label: Set(self.label),
            actor_id: Set(self.actor_id),
            occurred_at: Set(self.occurred_at),
            attempts: Set(0),
            next_attempt_at: Set(self.occurred_at),
            data: Set(self.data),
            once_key: Set(self.once_key),
            ..Default::default()
        }
    }
}

/// Rows per insert: well under the bind-parameter limits of SQLite and
/// PostgreSQL.
const CHUNK: usize = 500;

pub async fn queue(db: &impl ConnectionTrait, deliveries: Vec<NewDelivery>) -> Result<(), DbErr> {
    let rows: Vec<webhook_delivery::ActiveModel> =
        deliveries.into_iter().map(NewDelivery::row).collect();
    for chunk in rows.chunks(CHUNK) {
        webhook_delivery::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Queues the deliveries (each with a `once_key`) not queued yet: those
/// already there are left out first, and of instances inserting the same
/// one at once the unique key (webhook, `once_key`) lets one succeed — the
/// others' rows are skipped, not failed. Returns how many were queued.
pub async fn queue_once(
    db: &impl ConnectionTrait,
    deliveries: Vec<NewDelivery>,
) -> Result<u64, DbErr> {
    if deliveries.is_empty() {
        return Ok(0);
    }
    let keys: Vec<String> = deliveries
        .iter()
        .filter_map(|d| d.once_key.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut known = std::collections::HashSet::new();
    for chunk in keys.chunks(CHUNK) {
        let found: Vec<(i32, Option<String>)> = webhook_delivery::Entity::find()
            .select_only()
            .column(webhook_delivery::Column::WebhookId)
            .column(webhook_delivery::Column::OnceKey)
            .filter(webhook_delivery::Column::OnceKey.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        known.extend(
            found
                .into_iter()
                .filter_map(|(hook, key)| Some((hook, key?))),
        );
    }
    // Without a key the row could not be told apart from another: not here.
    let rows: Vec<webhook_delivery::ActiveModel> = deliveries
        .into_iter()
        .filter(|d| {
            d.once_key
                .as_ref()
                .is_some_and(|key| !known.contains(&(d.webhook_id, key.clone())))
        })
        .map(NewDelivery::row)
        .collect();
    let mut queued = 0;
    for chunk in rows.chunks(CHUNK) {
        queued += webhook_delivery::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::columns([
                    webhook_delivery::Column::WebhookId,
                    webhook_delivery::Column::OnceKey,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(queued)
}

/// Neither sent nor given up, due at `now`, and not held by an instance.
fn waiting(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(webhook_delivery::Column::DeliveredAt.is_null())
        .add(webhook_delivery::Column::FailedAt.is_null())
        .add(webhook_delivery::Column::NextAttemptAt.lte(now))
        .add(
            Condition::any()
                .add(webhook_delivery::Column::ClaimedUntil.is_null())
                .add(webhook_delivery::Column::ClaimedUntil.lt(now)),
        )
}

/// Ids of deliveries due at `now`, oldest first.
pub async fn due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<i32>, DbErr> {
    webhook_delivery::Entity::find()
        .select_only()
        .column(webhook_delivery::Column::Id)
        .filter(waiting(now))
        .order_by_asc(webhook_delivery::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// Takes delivery `id` until `until` if it is still waiting: of several
/// instances asking at once, one gets it (the update's condition is
/// checked again on the row it changes).
pub async fn claim(
    db: &impl ConnectionTrait,
    id: i32,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Option<(webhook_delivery::Model, webhook::Model)>, DbErr> {
    let taken = webhook_delivery::Entity::update_many()
        .col_expr(webhook_delivery::Column::ClaimedUntil, Expr::value(until))
        .filter(webhook_delivery::Column::Id.eq(id))
        .filter(waiting(now))
        .exec(db)
        .await?;
    if taken.rows_affected != 1 {
        return Ok(None);
    }
    let Some(delivery) = webhook_delivery::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let hook = webhook::Entity::find_by_id(delivery.webhook_id)
        .one(db)
        .await?;
    Ok(hook.map(|hook| (delivery, hook)))
}

/// How an attempt ended.
pub enum Outcome {
    Delivered {
        status: u16,
    },
    /// Try again at `retry_at`, or give up when `None`.
    Failed {
        status: Option<u16>,
        error: String,
        retry_at: Option<DateTime<Utc>>,
    },
}

pub async fn finish(
    db: &impl ConnectionTrait,
    delivery: &webhook_delivery::Model,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut row: webhook_delivery::ActiveModel = delivery.clone().into();
    row.attempts = Set(delivery.attempts + 1);
    row.claimed_until = Set(None);
    match outcome {
        Outcome::Delivered { status } => {
            row.delivered_at = Set(Some(now));
            row.last_status = Set(Some(i32::from(status)));
            row.last_error = Set(None);
        }
        Outcome::Failed {
            status,
            error,
            retry_at,
        } => {
            row.last_status = Set(status.map(i32::from));
            row.last_error = Set(Some(error.chars().take(500).collect()));
            match retry_at {
                Some(at) => row.next_attempt_at = Set(at),
                None => row.failed_at = Set(Some(now)),
            }
        }
    }
    row.update(db).await?;
    Ok(())
}

/// Forgets deliveries sent or given up before `before` (the page shows
/// the latest; the queue must not grow with every change for ever).
pub async fn prune(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let done = webhook_delivery::Entity::delete_many()
        .filter(
            Condition::any()
                .add(webhook_delivery::Column::DeliveredAt.lt(before))
                .add(webhook_delivery::Column::FailedAt.lt(before)),
        )
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}

/// The latest deliveries of a webhook, newest first.
pub async fn recent(
    db: &impl ConnectionTrait,
    webhook_id: i32,
    limit: u64,
) -> Result<Vec<webhook_delivery::Model>, DbErr> {
    webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::WebhookId.eq(webhook_id))
        .order_by_desc(webhook_delivery::Column::Id)
        .limit(limit)
        .all(db)
        .await
}
