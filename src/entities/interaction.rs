#[allow(unused_imports)]
use super::vocabulary::*;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "interactions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub occurred_on: Date,
    pub channel: InteractionChannel,
    pub direction: Direction,
    /// The volunteer on our side.
    pub user_id: Option<i32>,
    pub organisation_id: Option<i32>,
    pub person_id: Option<i32>,
    pub summary: String,
    pub outcome: Option<String>,
    pub next_step: Option<String>,
    pub follow_up_on: Option<Date>,
    pub follow_up_done: bool,
    pub campaign_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
