use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "webhooks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub url: String,
    pub description: String,
    /// What it hears about, comma-separated: event names
    /// (`outreach.stage_changed`) or kinds (`organisation`: every event of
    /// that kind). See `webhooks::events`.
    pub entities: String,
    /// Key of the deliveries' HMAC-SHA256 signature (hex).
    #[serde(skip_serializing)]
    pub secret: String,
    pub active: bool,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
