use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The external id of a person merged into another: a re-import finds the
/// kept person by it (see [`crate::people::merge`]).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "person_aliases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The person kept.
    pub person_id: i32,
    pub external_id: String,
    /// The merged person's id, for the history (no name: least data).
    pub merged_id: i32,
    pub merged_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
