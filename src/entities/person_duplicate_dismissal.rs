use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Two people a volunteer said are not the same person: the list of
/// probable duplicates no longer offers them. `first_id < second_id`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "person_duplicate_dismissals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub first_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub second_id: i32,
    pub user_id: Option<i32>,
    pub dismissed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
