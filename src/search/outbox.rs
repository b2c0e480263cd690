//! The search outbox: a write records "this record changed" in the same
//! transaction as the change; a worker applies it to the engine later, so a
//! search outage never fails or loses a write.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use crate::entities::{EntityKind, OutboxOp, outbox_entry};

pub async fn enqueue(
    db: &impl ConnectionTrait,
    entity: EntityKind,
    id: i32,
    op: OutboxOp,
) -> Result<(), DbErr> {
    let now = Utc::now();
    outbox_entry::ActiveModel {
        entity: Set(entity),
        entity_id: Set(id),
        op: Set(op),
        created_at: Set(now),
        attempts: Set(0),
        available_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
