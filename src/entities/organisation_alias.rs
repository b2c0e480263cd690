use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The external id of an organisation merged into another: a re-import
/// finds the kept one by it (see [`crate::directory::merge`]).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "organisation_aliases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The organisation kept.
    pub organisation_id: i32,
    pub external_id: String,
    /// The merged record's name and id, for the history.
    pub merged_name: String,
    pub merged_id: i32,
    pub merged_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
