//! Server-side sessions in the database, so several app instances share
//! them. The cookie holds a random token; the table holds its digest.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use super::tokens;
use crate::changes::Watched;
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
/// once a minute (so browsing does not write on every request). A session
/// resolved in the last seconds comes from `cache` without a query.
pub async fn resolve(
    db: &impl ConnectionTrait,
    cache: &SessionCache,
    token: &str,
    lifetimes: Lifetimes,
) -> Result<Option<user::Model>, DbErr> {
    let id = tokens::digest(token);
    let now = crate::clock::now();
    let stamp = cache.stamp.current(db).await?;
    if let Some(user) = cache.get(&id, stamp, now, lifetimes) {
        return Ok(Some(user));
    }
    let Some(mut found) = session::Entity::find_by_id(id.clone()).one(db).await? else {
        return Ok(None);
    };
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
    if now - found.last_seen_at > TOUCH_EVERY {
        let mut touch: session::ActiveModel = found.clone().into();
        touch.last_seen_at = Set(now);
        touch.update(db).await?;
        found.last_seen_at = now;
    }
    cache.put(stamp, id, found, owner.clone());
    Ok(Some(owner))
}

/// How often a session's idle clock is written.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// Sessions resolved in the last seconds, so that most requests ask the
/// database nothing. They are forgotten when the `sessions` change stamp
/// moves (see [`crate::changes`]): a logout, a role change or a disabled
/// account takes effect at once on the instance where it happened, and
/// within about a second on the others.
pub struct SessionCache {
    stamp: Watched,
    /// By session digest, with the stamp they were read under.
    entries: std::sync::Mutex<(i64, std::collections::HashMap<String, Cached>)>,
}

impl Default for SessionCache {
    fn default() -> Self {
        SessionCache {
            stamp: Watched::new(STAMP),
            entries: std::sync::Mutex::default(),
        }
    }
}

struct Cached {
    session: session::Model,
    user: user::Model,
    at: std::time::Instant,
}

/// The change stamp sessions follow.
const STAMP: &str = "sessions";
/// How long a resolved session is trusted.
const KEEP: std::time::Duration = std::time::Duration::from_secs(10);
/// Beyond this many sessions the cache starts afresh (bounded memory).
const MAX_CACHED: usize = 10_000;

impl SessionCache {
    fn get(
        &self,
        id: &str,
        stamp: i64,
        now: DateTime<Utc>,
        lifetimes: Lifetimes,
    ) -> Option<user::Model> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.0 != stamp {
            *entries = (stamp, Default::default());
            return None;
        }
        let cached = entries.1.get(id)?;
        // Past its idle clock's next write, or its end: ask the database.
        let fresh = cached.at.elapsed() < KEEP
            && !expired(&cached.session, now, lifetimes)
            && now - cached.session.last_seen_at <= TOUCH_EVERY;
        fresh.then(|| cached.user.clone())
    }

    fn put(&self, stamp: i64, id: String, session: session::Model, user: user::Model) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.0 != stamp || entries.1.len() >= MAX_CACHED {
            *entries = (stamp, Default::default());
        }
        let at = std::time::Instant::now();
        entries.1.insert(id, Cached { session, user, at });
    }

    /// Reads the stamp again at the next request (this instance wrote).
    pub fn expire(&self) {
        self.stamp.expire();
    }
}

/// Tells every instance that sessions or accounts changed (see
/// [`SessionCache`]); written with the change, in its transaction.
pub async fn changed(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    crate::changes::bump(db, STAMP).await
}

fn expired(s: &session::Model, now: DateTime<Utc>, lifetimes: Lifetimes) -> bool {
    now >= s.expires_at || now - s.last_seen_at >= lifetimes.idle
}

pub async fn delete(db: &impl ConnectionTrait, token: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(tokens::digest(token))
        .exec(db)
        .await?;
    changed(db).await
}

/// Ends every session of a user (disabled account, role change).
pub async fn delete_for_user(db: &impl ConnectionTrait, user_id: i32) -> Result<(), DbErr> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    changed(db).await
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
