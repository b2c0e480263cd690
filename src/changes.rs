//! Change stamps: counters in the database (`change_stamps`) that tell
//! every instance that something it keeps in memory changed, wherever the
//! change was made.
//!
//! A [`Watched`] stamp is read at most once a second, and again at the
//! next request after this instance handled a write (the guard calls
//! [`Watched::expire`] after every POST). So a change is seen at once on
//! the instance where it was made, and within about a second on the others.
//!
//! - `sessions` is bumped in code with the change (logout, role change,
//!   disabled account, password or language).
//! - `directory` is bumped by database triggers on `organisations`,
//!   `outreach_statuses`, `organisation_tags` and `tags` (migration
//!   `m20261201_000007_instances`), so no write path can forget it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::entities::change_stamp;

/// How often a stamp is read at most.
const POLL: Duration = Duration::from_secs(1);

/// One stamp as this instance last read it.
pub struct Watched {
    name: &'static str,
    /// The value read, and when; `None` until read or after `expire`.
    last: Mutex<Option<(i64, Instant)>>,
}

impl Watched {
    pub const fn new(name: &'static str) -> Watched {
        Watched {
            name,
            last: Mutex::new(None),
        }
    }

    /// The stamp's value, read from the database when the last reading is a
    /// second old or was expired.
    pub async fn current(&self, db: &impl ConnectionTrait) -> Result<i64, DbErr> {
        let known = *self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((value, at)) = known
            && at.elapsed() < POLL
        {
            return Ok(value);
        }
        let value = change_stamp::Entity::find_by_id(self.name.to_owned())
            .one(db)
            .await?
            .map_or(0, |s| s.value);
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some((value, Instant::now()));
        Ok(value)
    }

    /// Reads the stamp again at the next [`Watched::current`].
    pub fn expire(&self) {
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// Moves a stamp on, in the caller's transaction.
pub async fn bump(db: &impl ConnectionTrait, name: &str) -> Result<(), DbErr> {
    change_stamp::Entity::update_many()
        .col_expr(
            change_stamp::Column::Value,
            Expr::col(change_stamp::Column::Value).add(1),
        )
        .filter(change_stamp::Column::Name.eq(name))
        .exec(db)
        .await?;
    Ok(())
}
