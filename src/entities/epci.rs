//! An intercommunality (EPCI), reference data loaded by `geo::load_dir`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "epcis")]
pub struct Model {
    /// SIREN number.
    #[sea_orm(primary_key, auto_increment = false)]
    pub siren: String,
    pub name: String,
    /// CC, CA, CU, METRO, MET69.
    pub kind: String,
    pub population: Option<i32>,
    /// How many communes belong to it.
    pub members: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
