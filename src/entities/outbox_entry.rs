#[allow(unused_imports)]
use super::vocabulary::*;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// "This record changed": written with the change, read by every search
/// consumer in `position` order (see `search::worker`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "search_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub entity: EntityKind,
    pub entity_id: i32,
    pub op: OutboxOp,
    pub created_at: DateTimeUtc,
    /// Place in commit order; empty until the worker sequences the entry.
    pub position: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
