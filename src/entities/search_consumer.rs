use sea_orm::entity::prelude::*;

/// A reader of the search log: an instance's embedded index, or the one
/// shared Meilisearch index (see `search::worker`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "search_consumers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    /// Last log position applied to the engine.
    pub position: i64,
    pub seen_at: DateTimeUtc,
    /// The process applying entries for this consumer, until `lease_until`.
    pub lease_holder: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    /// Failed attempts in a row, and the last error (the engine was down).
    pub attempts: i32,
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
