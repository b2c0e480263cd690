//! Server-side sessions in the database, so several app instances share
//! them. The cookie holds a random token; the table holds its digest.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use super::tokens;
use crate::entities::{session, user};

pub const SESSION_COOKIE: &str = "relais_session";
pub const CSRF_COOKIE: &str = "relais_csrf";

/// How long a session lives without use, and at most.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    pub idle: Duration,
    pub absolute: Duration,
}

/// Opens a session for `user_id`; returns the cookie token.
pub async fn create(
    db: &impl ConnectionTrait,
    user_id: i32,
    lifetimes: Lifetimes,
) -> Result<String, DbErr> {
    let token = tokens::random_token();
    let now = crate::clock::now();
    session::ActiveModel {
        id: Set(tokens::digest(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + lifetimes.absolute),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The active user of a session token, refreshing its idle clock at most
/// once a minute (so browsing does not write on every request).
pub async fn resolve(
    db: &impl ConnectionTrait,
    token: &str,
    lifetimes: Lifetimes,
) -> Result<Option<user::Model>, DbErr> {
    let Some(found) = session::Entity::find_by_id(tokens::digest(token))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let now = crate::clock::now();
    if expired(&found, now, lifetimes) {
        session::Entity::delete_by_id(found.id).exec(db).await?;
        return Ok(None);
    }
    let Some(owner) = user::Entity::find_by_id(found.user_id).one(db).await? else {
        return Ok(None);
    };
    if !owner.active {
        return Ok(None);
    }
    if now - found.last_seen_at > Duration::minutes(1) {
        let mut touch: session::ActiveModel = found.into();
        touch.last_seen_at = Set(now);
        touch.update(db).await?;
    }
    Ok(Some(owner))
}

fn expired(s: &session::Model, now: DateTime<Utc>, lifetimes: Lifetimes) -> bool {
    now >= s.expires_at || now - s.last_seen_at >= lifetimes.idle
}

pub async fn delete(db: &impl ConnectionTrait, token: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(tokens::digest(token))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a user (disabled account, role change).
pub async fn delete_for_user(db: &impl ConnectionTrait, user_id: i32) -> Result<(), DbErr> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// `Set-Cookie` value; `Secure` when the site is served over HTTPS.
pub fn cookie(name: &str, value: &str, max_age: Option<Duration>, secure: bool) -> String {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={}", age.num_seconds().max(0)));
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}
