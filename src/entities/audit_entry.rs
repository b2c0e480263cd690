#[allow(unused_imports)]
use super::vocabulary::*;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: DateTimeUtc,
    pub user_id: Option<i32>,
    pub action: AuditAction,
    pub entity: EntityKind,
    pub entity_id: i32,
    pub label: Option<String>,
    /// `{"field": [old, new], …}`
    pub changes: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
