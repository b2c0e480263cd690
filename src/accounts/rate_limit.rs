//! Login rate limiting, per account and per address, kept in the database
//! so that every app instance counts the same attempts.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::entities::login_attempt;

pub const WINDOW_MINUTES: i64 = 15;
pub const MAX_PER_ACCOUNT: usize = 5;
pub const MAX_PER_ADDRESS: usize = 20;

pub fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

pub fn address_key(address: &str) -> String {
    format!("address:{address}")
}

/// When the caller may try again, if one of `keys` used up its attempts.
pub async fn blocked_until(
    db: &impl ConnectionTrait,
    keys: &[(String, usize)],
) -> Result<Option<DateTime<Utc>>, DbErr> {
    let window = Duration::minutes(WINDOW_MINUTES);
    let since = Utc::now() - window;
    let mut until: Option<DateTime<Utc>> = None;
    for (key, max) in keys {
        let attempts = login_attempt::Entity::find()
            .filter(login_attempt::Column::Key.eq(key.as_str()))
            .filter(login_attempt::Column::At.gt(since))
            .order_by_desc(login_attempt::Column::At)
            .all(db)
            .await?;
        if attempts.len() >= *max {
            // Free again when the oldest attempt that still counts leaves the window.
            let release = attempts[*max - 1].at + window;
            until = Some(until.map_or(release, |u| u.max(release)));
        }
    }
    Ok(until)
}

pub async fn record_failure(db: &impl ConnectionTrait, keys: &[String]) -> Result<(), DbErr> {
    let now = Utc::now();
    for key in keys {
        login_attempt::ActiveModel {
            key: Set(key.clone()),
            at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    // Old attempts are of no further use.
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::At.lt(now - Duration::days(1)))
        .exec(db)
        .await?;
    Ok(())
}

/// A successful login forgives the account's failures.
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}
