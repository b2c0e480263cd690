//! The dashboard's counts of follow-ups: one `COUNT` each, so the cards
//! stay cheap however long the lists behind them (the ready organisations
//! and the closing calls are listed in full, and counted from the list).

use chrono::{Duration, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

use crate::entities::interaction;

/// Open follow-ups of `user` due before `today`.
pub async fn overdue_follow_ups(
    db: &impl ConnectionTrait,
    user: i32,
    today: NaiveDate,
) -> Result<u64, DbErr> {
    open_follow_ups_of(user)
        .filter(interaction::Column::FollowUpOn.lt(today))
        .count(db)
        .await
}

/// Open follow-ups of `user` due from `today` to the coming Sunday.
pub async fn follow_ups_this_week(
    db: &impl ConnectionTrait,
    user: i32,
    today: NaiveDate,
) -> Result<u64, DbErr> {
    use chrono::Datelike;
    let sunday = today + Duration::days(6 - i64::from(today.weekday().num_days_from_monday()));
    open_follow_ups_of(user)
        .filter(interaction::Column::FollowUpOn.gte(today))
        .filter(interaction::Column::FollowUpOn.lte(sunday))
        .count(db)
        .await
}

fn open_follow_ups_of(user: i32) -> sea_orm::Select<interaction::Entity> {
    interaction::Entity::find()
        .filter(interaction::Column::FollowUpDone.eq(false))
        .filter(interaction::Column::UserId.eq(user))
}
