//! Links between organisations ("coordinates", "relays to"…): each link
//! is recorded in the history of the organisation it starts from, and may
//! change a network's reach (its members).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use super::store::get;
use crate::audit;
use crate::entities::*;

pub async fn relation(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<organisation_relation::Model>, DbErr> {
    organisation_relation::Entity::find_by_id(id).one(db).await
}

/// Whether `source` already has this link to `target`.
pub async fn relation_exists(
    db: &impl ConnectionTrait,
    source_id: i32,
    target_id: i32,
    kind: RelationKind,
) -> Result<bool, DbErr> {
    Ok(organisation_relation::Entity::find()
        .filter(organisation_relation::Column::SourceId.eq(source_id))
        .filter(organisation_relation::Column::TargetId.eq(target_id))
        .filter(organisation_relation::Column::Kind.eq(kind))
        .one(db)
        .await?
        .is_some())
}

/// Links `source` to `target` ("coordinates", "relays to"…), recorded in
/// the source's history.
pub async fn add_relation(
    db: &impl ConnectionTrait,
    source: &organisation::Model,
    target: &organisation::Model,
    kind: RelationKind,
    note: Option<String>,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    let now = crate::clock::now();
    organisation_relation::ActiveModel {
        source_id: Set(source.id),
        target_id: Set(target.id),
        kind: Set(kind),
        note: Set(note),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await?;
    record_relation(db, source, kind, target, true, actor).await?;
    // A member joined a network (or a network coordinates one more).
    super::reach::refresh(db).await?;
    Ok(())
}

pub async fn remove_relation(
    db: &impl ConnectionTrait,
    relation: &organisation_relation::Model,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    organisation_relation::Entity::delete_by_id(relation.id)
        .exec(db)
        .await?;
    if let (Some(source), Some(target)) = (
        get(db, relation.source_id).await?,
        get(db, relation.target_id).await?,
    ) {
        record_relation(db, &source, relation.kind, &target, false, actor).await?;
    }
    super::reach::refresh(db).await?;
    Ok(())
}

async fn record_relation(
    db: &impl ConnectionTrait,
    source: &organisation::Model,
    kind: RelationKind,
    target: &organisation::Model,
    added: bool,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    let link = serde_json::Value::from(format!("{kind} → {}", target.name));
    let (before, after) = if added {
        (serde_json::Value::Null, link)
    } else {
        (link, serde_json::Value::Null)
    };
    audit::record(
        db,
        audit::Entry {
            actor,
            action: AuditAction::Update,
            entity: EntityKind::Organisation,
            entity_id: source.id,
            label: &source.name,
            changes: serde_json::json!({ "relation": [before, after] }),
        },
    )
    .await
}
