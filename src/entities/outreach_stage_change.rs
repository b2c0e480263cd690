#[allow(unused_imports)]
use super::vocabulary::*;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "outreach_stage_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub outreach_status_id: i32,
    pub from_stage: Option<Stage>,
    pub to_stage: Stage,
    pub changed_by: Option<i32>,
    pub changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
