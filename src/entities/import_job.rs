use sea_orm::entity::prelude::*;

/// An import started from the web (see `transfer::import::jobs`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "import_jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub token: String,
    pub owner_id: Option<i32>,
    pub target: String,
    #[sea_orm(column_type = "Text")]
    pub file_name: String,
    /// JSON text.
    #[sea_orm(column_type = "Text")]
    pub shape: String,
    #[sea_orm(column_type = "Text")]
    pub examples: String,
    #[sea_orm(column_type = "Text")]
    pub plan: String,
    pub phase: String,
    pub rows_read: i64,
    pub total_rows: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub report: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub heartbeat_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::import_upload::Entity")]
    Upload,
}

impl Related<super::import_upload::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Upload.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
