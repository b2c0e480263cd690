//! Personal API tokens: created for a user (on the account page or with
//! `relais token add`), shown once, stored as a SHA-256 digest like
//! sessions; resolved on every API request together with their user, so a
//! revoked or expired token, or a disabled user, stops at once. Also the
//! per-token rate limit, counted in the database so that every instance
//! counts the same requests. No HTTP here.

use chrono::{DateTime, Duration, DurationRound, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::accounts::tokens;
use crate::entities::{api_rate_window, api_token, user};

/// What a token starts with, so that it is recognised (by people and by
/// secret scanners) when it leaks into a file or a log.
pub const PREFIX: &str = "relais_";

/// `last_used_at` is written at most this often.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// A token as asked for: its name, whether it may write, how long it lasts.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub can_write: bool,
    pub expires_in_days: Option<i64>,
}

/// Creates a token for `user_id`; returns the row and the secret, which is
/// never stored and so can be shown only now.
pub async fn create(
    db: &impl ConnectionTrait,
    user_id: i32,
    new: &NewToken,
) -> Result<(api_token::Model, String), DbErr> {
    let secret = format!("{PREFIX}{}", tokens::random_token());
    let now = crate::clock::now();
    let row = api_token::ActiveModel {
        user_id: Set(user_id),
        name: Set(new.name.clone()),
        digest: Set(tokens::digest(&secret)),
        can_write: Set(new.can_write),
        created_at: Set(now),
        expires_at: Set(new.expires_in_days.map(|d| now + Duration::days(d))),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((row, secret))
}

/// The user's tokens, newest first (revoked ones included, marked).
pub async fn of_user(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<api_token::Model>, DbErr> {
    api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id))
        .order_by_desc(api_token::Column::CreatedAt)
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await
}

/// Revokes one of the user's tokens; `false` when they have no such token.
pub async fn revoke(db: &impl ConnectionTrait, user_id: i32, id: i32) -> Result<bool, DbErr> {
    let result = api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            Expr::value(crate::clock::now()),
        )
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Whether the token may still be used at `now`.
pub fn is_live(token: &api_token::Model, now: DateTime<Utc>) -> bool {
    token.revoked_at.is_none() && token.expires_at.is_none_or(|at| at > now)
}

/// The live token with this secret and its active user, or `None`.
/// Marks it used (at most once a minute).
pub async fn resolve(
    db: &impl ConnectionTrait,
    secret: &str,
) -> Result<Option<(api_token::Model, user::Model)>, DbErr> {
    if !secret.starts_with(PREFIX) || secret.len() > 200 {
        return Ok(None);
    }
    let Some(token) = api_token::Entity::find()
        .filter(api_token::Column::Digest.eq(tokens::digest(secret)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let now = crate::clock::now();
    if !is_live(&token, now) {
        return Ok(None);
    }
    let Some(user) = crate::accounts::store::get(db, token.user_id)
        .await?
        .filter(|u| u.active)
    else {
        return Ok(None);
    };
    touch(db, &token, now).await?;
    Ok(Some((token, user)))
}

/// Writes `last_used_at` unless it was written less than a minute ago
/// (the condition is in the statement: instances do not each write it).
async fn touch(
    db: &impl ConnectionTrait,
    token: &api_token::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let recently = now - Duration::seconds(TOUCH_EVERY_SECONDS);
    if token.last_used_at.is_some_and(|at| at > recently) {
        return Ok(());
    }
    api_token::Entity::update_many()
        .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
        .filter(api_token::Column::Id.eq(token.id))
        .filter(
            api_token::Column::LastUsedAt
                .is_null()
                .or(api_token::Column::LastUsedAt.lte(recently)),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Counts a request of the token in the current minute (a fixed window);
/// `Err(retry_after_seconds)` once the token is over its allowance. One
/// upsert: several instances count into the same row.
pub async fn count_request(
    db: &impl ConnectionTrait,
    token_id: i32,
    per_minute: i32,
) -> Result<Result<(), i64>, DbErr> {
    let now = crate::clock::now();
    let window = now.duration_trunc(Duration::minutes(1)).unwrap_or(now);
    let row = api_rate_window::ActiveModel {
        token_id: Set(token_id),
        window_start: Set(window),
        hits: Set(1),
    };
    let counted = api_rate_window::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                api_rate_window::Column::TokenId,
                api_rate_window::Column::WindowStart,
            ])
            .value(
                api_rate_window::Column::Hits,
                Expr::col((api_rate_window::Entity, api_rate_window::Column::Hits)).add(1),
            )
            .to_owned(),
        )
        .exec_with_returning(db)
        .await?;
    if counted.hits == 1 {
        // A new minute: the token's earlier windows are of no further use.
        api_rate_window::Entity::delete_many()
            .filter(api_rate_window::Column::TokenId.eq(token_id))
            .filter(api_rate_window::Column::WindowStart.lt(window))
            .exec(db)
            .await?;
    }
    if counted.hits > per_minute {
        let retry = (window + Duration::minutes(1) - now).num_seconds().max(0) + 1;
        return Ok(Err(retry));
    }
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(revoked: bool, expires_in: Option<i64>) -> api_token::Model {
        let now = instant();
        api_token::Model {
            id: 1,
            user_id: 1,
            name: "script".into(),
            digest: String::new(),
            can_write: false,
            created_at: now,
            expires_at: expires_in.map(|s| now + Duration::seconds(s)),
            last_used_at: None,
            revoked_at: revoked.then_some(now),
        }
    }

    fn instant() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).expect("instant")
    }

    #[test]
    fn a_token_is_live_until_revoked_or_expired() {
        let now = instant();
        assert!(is_live(&token(false, None), now));
        assert!(is_live(&token(false, Some(60)), now));
        assert!(!is_live(&token(false, Some(-1)), now));
        assert!(!is_live(&token(true, None), now));
    }
}
