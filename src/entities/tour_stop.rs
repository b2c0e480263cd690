//! One organisation to visit on a tour.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "tour_stops")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tour_id: i32,
    pub organisation_id: i32,
    /// Order of addition (the visit order is computed, see `geo::tour`).
    pub position: i32,
    /// The contact the visit became, once recorded.
    pub interaction_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
