#[allow(unused_imports)]
use super::vocabulary::*;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "search_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub entity: EntityKind,
    pub entity_id: i32,
    pub op: OutboxOp,
    pub created_at: DateTimeUtc,
    pub attempts: i32,
    pub available_at: DateTimeUtc,
    pub locked_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
