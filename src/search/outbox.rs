//! The search outbox: a write records "this record changed" in the same
//! transaction as the change; every instance's worker applies it to its
//! engine later (see [`super::worker`]), so a search outage never fails or
//! loses a write.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set};

use crate::entities::{EntityKind, OutboxOp, outbox_entry};

fn row(entity: EntityKind, id: i32, op: OutboxOp, now: DateTime<Utc>) -> outbox_entry::ActiveModel {
    outbox_entry::ActiveModel {
        entity: Set(entity),
        entity_id: Set(id),
        op: Set(op),
        created_at: Set(now),
        position: Set(None),
        ..Default::default()
    }
}

pub async fn enqueue(
    db: &impl ConnectionTrait,
    entity: EntityKind,
    id: i32,
    op: OutboxOp,
) -> Result<(), DbErr> {
    row(entity, id, op, crate::clock::now()).insert(db).await?;
    Ok(())
}

/// The same for many records at once (imports).
pub async fn enqueue_many(
    db: &impl ConnectionTrait,
    entity: EntityKind,
    ids: &[i32],
    op: OutboxOp,
) -> Result<(), DbErr> {
    let now = crate::clock::now();
    for chunk in ids.chunks(1_000) {
        let rows = chunk.iter().map(|id| row(entity, *id, op, now));
        outbox_entry::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
