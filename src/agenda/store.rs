//! Event queries used across the app (the dashboard, organisation pages).

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entities::event;

/// The next events by first start.
pub async fn upcoming(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<event::Model>, DbErr> {
    event::Entity::find()
        .filter(event::Column::StartsAt.gte(Utc::now() - Duration::hours(12)))
        .order_by_asc(event::Column::StartsAt)
        .limit(limit)
        .all(db)
        .await
}

/// Calls for proposals closing between `today` and `today + weeks`.
pub async fn closing_calls(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    weeks: i64,
) -> Result<Vec<event::Model>, DbErr> {
    event::Entity::find()
        .filter(event::Column::CfpDeadline.gte(today))
        .filter(event::Column::CfpDeadline.lte(today + Duration::weeks(weeks)))
        .order_by_asc(event::Column::CfpDeadline)
        .all(db)
        .await
}
