//! Login throttling, per account and per client address, counted in the
//! database so that every app instance counts the same attempts.
//!
//! An attempt is written *before* its password is checked, then the
//! attempts are counted: of forty guesses sent at once, only those counted
//! within the allowance are checked, whatever the interleaving. An account
//! is never locked: past a few free attempts, each further one must wait
//! twice as long after the previous one (1 s, 2 s, 4 s… at most 15 min), so
//! someone who knows an address can slow its owner down, not lock them out.
//! The address allowance stops one client from trying many accounts.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entities::login_attempt;

pub const WINDOW_MINUTES: i64 = 15;
/// Attempts per account in the window before delays start.
pub const FREE_PER_ACCOUNT: u64 = 5;
/// Attempts per client address in the window.
pub const MAX_PER_ADDRESS: u64 = 20;
/// The longest delay between two attempts on one account.
const MAX_DELAY_SECONDS: i64 = 15 * 60;

pub fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

pub fn address_key(address: &str) -> String {
    format!("address:{address}")
}

/// A written attempt: forgiven on success, kept on failure, taken back
/// when the attempt is refused without being checked.
pub struct Attempt {
    ids: Vec<i32>,
}

/// Writes the attempt, then decides: `Err(until)` when it must not be
/// checked (the attempt is then removed again, so refused tries do not
/// lengthen the wait).
pub async fn begin(
    db: &impl ConnectionTrait,
    account: &str,
    address: &str,
) -> Result<Result<Attempt, DateTime<Utc>>, DbErr> {
    let now = crate::clock::now();
    let mut ids = Vec::with_capacity(2);
    for key in [account, address] {
        let row = login_attempt::ActiveModel {
            key: Set(key.to_owned()),
            at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        ids.push(row.id);
    }
    let attempt = Attempt { ids };
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let mut until = None;

    let by_address = attempts_since(address, since).count(db).await?;
    if by_address > MAX_PER_ADDRESS {
        let oldest = attempts_since(address, since)
            .order_by_asc(login_attempt::Column::At)
            .one(db)
            .await?;
        until = oldest.map(|a| a.at + Duration::minutes(WINDOW_MINUTES));
    }

    let by_account = attempts_since(account, since).count(db).await?;
    if by_account > FREE_PER_ACCOUNT {
        // The attempt before this one (this one is the newest or ties it).
        let previous = attempts_since(account, since)
            .filter(login_attempt::Column::Id.ne(attempt.ids[0]))
            .order_by_desc(login_attempt::Column::At)
            .order_by_desc(login_attempt::Column::Id)
            .limit(1)
            .one(db)
            .await?;
        let extra = (by_account - FREE_PER_ACCOUNT - 1).min(20) as u32;
        let delay = Duration::seconds((1_i64 << extra).min(MAX_DELAY_SECONDS));
        if let Some(previous) = previous {
            let allowed_at = previous.at + delay;
            if allowed_at > now {
                until = Some(until.map_or(allowed_at, |u: DateTime<Utc>| u.max(allowed_at)));
            }
        }
    }

    match until {
        None => Ok(Ok(attempt)),
        Some(until) => {
            forget(db, &attempt).await?;
            Ok(Err(until))
        }
    }
}

fn attempts_since(key: &str, since: DateTime<Utc>) -> sea_orm::Select<login_attempt::Entity> {
    login_attempt::Entity::find()
        .filter(login_attempt::Column::Key.eq(key))
        .filter(login_attempt::Column::At.gt(since))
}

async fn forget(db: &impl ConnectionTrait, attempt: &Attempt) -> Result<(), DbErr> {
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Id.is_in(attempt.ids.clone()))
        .exec(db)
        .await?;
    Ok(())
}

/// A wrong password: the attempt stays counted; attempts older than a day
/// are of no further use.
pub async fn failed(db: &impl ConnectionTrait, _attempt: Attempt) -> Result<(), DbErr> {
    let cutoff = crate::clock::now() - Duration::days(1);
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::At.lt(cutoff))
        .exec(db)
        .await?;
    Ok(())
}

/// A successful login forgives the account's failures; the address keeps
/// its earlier failures (one client trying many accounts stays limited).
pub async fn succeeded(
    db: &impl ConnectionTrait,
    attempt: Attempt,
    account: &str,
) -> Result<(), DbErr> {
    forget(db, &attempt).await?;
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Key.eq(account))
        .exec(db)
        .await?;
    Ok(())
}
