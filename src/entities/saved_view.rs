use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A list's filter saved under a name (see [`crate::saved_views`]).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "saved_views")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Who saved it.
    pub user_id: i32,
    pub name: String,
    /// The list: `/organisations`, `/people`, `/interactions` or `/agenda`.
    pub path: String,
    /// Its query string, without `?` (filters, sort, visible columns).
    pub query: String,
    /// Seen by the whole team, not only its author.
    pub shared: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
