#[allow(unused_imports)]
use super::vocabulary::*;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "workshop_kits")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub title: String,
    pub goal: String,
    pub audience: String,
    pub duration_minutes: Option<i32>,
    pub materials: Option<String>,
    pub prerequisites: Option<String>,
    /// Markdown, rendered sanitised.
    pub steps_md: String,
    pub licence: String,
    pub kit_version: String,
    pub previous_version_id: Option<i32>,
    pub seed_key: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
