//! A current French commune, reference data loaded by `geo::load_dir`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "communes")]
pub struct Model {
    /// INSEE code ("35238", "2A004").
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name: String,
    /// `name` folded for lookups (see `geo::fold`).
    pub search_name: String,
    pub departement_code: String,
    pub region_code: String,
    /// Its postcodes, separated by spaces.
    pub postcodes: String,
    pub population: Option<i32>,
    pub epci_siren: Option<String>,
    /// Centre point; `None` for the few communes created since 2018.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl Model {
    pub fn postcode_list(&self) -> impl Iterator<Item = &str> {
        self.postcodes.split_whitespace()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
