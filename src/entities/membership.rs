#[allow(unused_imports)]
use super::vocabulary::*;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: i32,
    pub organisation_id: i32,
    pub role: String,
    pub started_on: Option<Date>,
    pub ended_on: Option<Date>,
    /// The day an elected or fixed-term mandate ends.
    pub mandate_ends_on: Option<Date>,
    /// The body that elects it.
    pub elected_by: Option<String>,
    /// When relais acted on that end (see `campaign::mandates`).
    pub mandate_handled_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
