//! People queries.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entities::{interaction, person, setting};

pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Option<person::Model>, DbErr> {
    person::Entity::find_by_id(id).one(db).await
}

/// Setting key: months without contact after which a person is listed for review.
pub const REVIEW_MONTHS_KEY: &str = "review_months";
pub const DEFAULT_REVIEW_MONTHS: u32 = 12;

pub async fn review_months(db: &impl ConnectionTrait) -> Result<u32, DbErr> {
    Ok(setting::Entity::find_by_id(REVIEW_MONTHS_KEY.to_owned())
        .one(db)
        .await?
        .and_then(|s| s.value.parse().ok())
        .unwrap_or(DEFAULT_REVIEW_MONTHS))
}

/// People (not erased) neither edited nor in any interaction since `cutoff`,
/// least recently touched first.
pub async fn not_touched_since(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<Vec<person::Model>, DbErr> {
    let stale = person::Entity::find()
        .filter(person::Column::ErasedAt.is_null())
        .filter(person::Column::UpdatedAt.lt(cutoff))
        .order_by_asc(person::Column::UpdatedAt)
        .all(db)
        .await?;
    if stale.is_empty() {
        return Ok(stale);
    }
    let recently_in_touch: HashSet<i32> = interaction::Entity::find()
        .select_only()
        .column(interaction::Column::PersonId)
        .filter(interaction::Column::PersonId.is_not_null())
        .filter(interaction::Column::OccurredOn.gte(cutoff.date_naive()))
        .into_tuple::<Option<i32>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    Ok(stale
        .into_iter()
        .filter(|p| !recently_in_touch.contains(&p.id))
        .collect())
}
