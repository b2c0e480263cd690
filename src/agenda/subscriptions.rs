//! Followed agendas: iCalendar feeds published by organisers, followed and
//! unfollowed by volunteers (each change with its audit entry, in one
//! transaction) and read again periodically in the background. Each
//! background read claims the feed with a conditional update, so several
//! app instances never read one feed twice at once; the outcome (ok, or
//! the error) is shown on the feeds page. Feeds are read through
//! [`fetch`] (public addresses only, unless allowed), and
//! one feed failing never stops the others.

use std::collections::HashSet;
use std::time::Duration as StdDuration;

use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::fetch::{self, FetchError, Reach};
use super::import::{self, ImportError, ImportReport, database_error};
use super::message::Message;
use crate::audit;
use crate::config::Config;
use crate::entities::{AuditAction, EntityKind, FeedStatus, event, event_feed};

/// A followed feed with its organiser's name, for the feeds page.
#[derive(Debug, Clone)]
pub struct Followed {
    pub feed: event_feed::Model,
    pub organiser: Option<String>,
}

/// Every followed feed, by name.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<Followed>, DbErr> {
    let feeds = event_feed::Entity::find()
        .order_by_asc(event_feed::Column::Name)
        .all(db)
        .await?;
    let organisers: HashSet<i32> = feeds.iter().filter_map(|f| f.organiser_id).collect();
    let names = crate::directory::store::names(db, organisers).await?;
    Ok(feeds
        .into_iter()
        .map(|feed| Followed {
            organiser: feed.organiser_id.and_then(|id| names.get(&id).cloned()),
            feed,
        })
        .collect())
}

pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Option<event_feed::Model>, DbErr> {
    event_feed::Entity::find_by_id(id).one(db).await
}

/// A feed to follow, as checked from the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFeed {
    pub name: String,
    pub url: String,
    pub organiser: Option<i32>,
}

fn audit_entry(
    actor: Option<i32>,
    action: AuditAction,
    feed: &event_feed::Model,
    changes: serde_json::Value,
) -> audit::Entry<'_> {
    audit::Entry {
        actor,
        action,
        entity: EntityKind::Feed,
        entity_id: feed.id,
        label: &feed.name,
        changes,
    }
}

/// Follows a feed: the row and its audit entry, in one transaction.
pub async fn follow(
    db: &DatabaseConnection,
    new: &NewFeed,
    actor: Option<i32>,
) -> Result<i32, DbErr> {
    crate::db::transaction(db, async |txn| {
        let now = crate::clock::now();
        let feed = event_feed::ActiveModel {
            name: Set(new.name.clone()),
            url: Set(new.url.clone()),
            organiser_id: Set(new.organiser),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let changes = audit::diff(None, Some(&feed));
        audit::record(txn, audit_entry(actor, AuditAction::Create, &feed, changes)).await?;
        Ok(feed.id)
    })
    .await
}

/// Stops following a feed, in one transaction: the feed and its audit
/// entry go; the events it brought stay (with an entry each saying they no
/// longer come from it) and are simply not refreshed any more.
pub async fn unfollow(db: &DatabaseConnection, id: i32, actor: Option<i32>) -> Result<(), DbErr> {
    crate::db::transaction(db, async |txn| {
        let Some(feed) = get(txn, id).await? else {
            return Ok(());
        };
        let brought: Vec<(i32, String)> = event::Entity::find()
            .select_only()
            .column(event::Column::Id)
            .column(event::Column::Title)
            .filter(event::Column::FeedId.eq(id))
            .into_tuple()
            .all(txn)
            .await?;
        event::Entity::update_many()
            .col_expr(event::Column::FeedId, Expr::value(Option::<i32>::None))
            .filter(event::Column::FeedId.eq(id))
            .exec(txn)
            .await?;
        let detached = serde_json::json!({ "feed_id": [id, null] });
        audit::record_many(
            txn,
            brought.iter().map(|(event_id, title)| audit::Entry {
                actor,
                action: AuditAction::Update,
                entity: EntityKind::Event,
                entity_id: *event_id,
                label: title,
                changes: detached.clone(),
            }),
        )
        .await?;
        event_feed::Entity::delete_by_id(id).exec(txn).await?;
        let changes = audit::diff(Some(&feed), None);
        audit::record(txn, audit_entry(actor, AuditAction::Delete, &feed, changes)).await
    })
    .await
}

/// Why a read failed.
#[derive(Debug)]
pub enum RefreshError {
    Fetch(FetchError),
    /// Not a calendar: where reading stopped. The feed's own text is not
    /// repeated: it is whatever the server answered (with a private
    /// address allowed, maybe an internal page).
    Invalid {
        line: usize,
    },
    Database(DbErr),
    /// The read panicked.
    Internal,
}

impl RefreshError {
    pub fn message(&self) -> Message {
        match self {
            RefreshError::Fetch(error) => error.message(),
            RefreshError::Invalid { line } => {
                Message::new("agenda-feed-error-invalid").with("line", line)
            }
            RefreshError::Database(err) => database_error(err),
            RefreshError::Internal => Message::new("agenda-feed-error-internal"),
        }
    }
}

/// In French, as stored on the feed.
impl std::fmt::Display for RefreshError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// `webcal://` is `https://` for a program.
pub fn fetchable_url(url: &str) -> String {
    match url.trim().strip_prefix("webcal://") {
        Some(rest) => format!("https://{rest}"),
        None => url.trim().to_owned(),
    }
}

fn is_valid_url(url: &str) -> bool {
    let url = url.trim();
    ["http://", "https://", "webcal://"]
        .iter()
        .any(|scheme| url.len() > scheme.len() + 3 && url.starts_with(scheme))
}

/// Checks a feed address typed in the form; the error is a translation
/// key. A private address written out (or `localhost`) is refused at once
/// unless `reach` allows it; names are checked each time they are read.
pub fn check_url(url: &str, reach: Reach) -> Result<(), &'static str> {
    if !is_valid_url(url) {
        Err("agenda-feed-url-invalid")
    } else if reach == Reach::Public && fetch::names_private_host(&fetchable_url(url)) {
        Err("agenda-feed-url-private")
    } else {
        Ok(())
    }
}

/// Reads one feed now and records the outcome on it.
pub async fn refresh(
    db: &DatabaseConnection,
    feed: &event_feed::Model,
    reach: Reach,
) -> Result<ImportReport, RefreshError> {
    let outcome = match fetch::download(&fetchable_url(&feed.url), reach).await {
        Ok(text) => import::import(db, &text, Some(feed.id), feed.organiser_id, None)
            .await
            .map_err(|e| match e {
                ImportError::Invalid(parse) => RefreshError::Invalid { line: parse.line },
                ImportError::Database(err) => RefreshError::Database(err),
            }),
        Err(error) => Err(RefreshError::Fetch(error)),
    };
    if let Ok(report) = &outcome {
        for warning in &report.warnings {
            tracing::info!(feed = feed.id, %warning, "feed read with a warning");
        }
    }
    record(db, feed, &outcome).await;
    outcome
}

/// Records the outcome of a read on the feed.
async fn record(
    db: &DatabaseConnection,
    feed: &event_feed::Model,
    outcome: &Result<ImportReport, RefreshError>,
) {
    // Stored as text, in French: the column is shown as is, whoever reads it.
    let (status, error) = match outcome {
        Ok(_) => (FeedStatus::Ok, None),
        Err(error) => (FeedStatus::Error, Some(error.to_string())),
    };
    let saved = event_feed::ActiveModel {
        id: Set(feed.id),
        last_refresh_at: Set(Some(crate::clock::now())),
        last_status: Set(Some(status)),
        last_error: Set(error),
        ..Default::default()
    }
    .update(db)
    .await;
    if let Err(err) = saved {
        tracing::warn!(%err, feed = feed.id, "feed status not saved");
    }
}

/// Claims a due feed for this instance: only one claim succeeds.
async fn claim(db: &DatabaseConnection, feed: &event_feed::Model) -> Result<bool, DbErr> {
    let unchanged = match feed.last_refresh_at {
        Some(at) => event_feed::Column::LastRefreshAt.eq(at),
        None => event_feed::Column::LastRefreshAt.is_null(),
    };
    let result = event_feed::Entity::update_many()
        .col_expr(
            event_feed::Column::LastRefreshAt,
            Expr::value(crate::clock::now()),
        )
        .filter(event_feed::Column::Id.eq(feed.id))
        .filter(unchanged)
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Reads every feed not read for `every`, one after the other; a feed that
/// fails (even by a panic) is recorded and the round goes on.
pub async fn refresh_due(
    db: &DatabaseConnection,
    every: Duration,
    reach: Reach,
) -> Result<usize, DbErr> {
    let due = event_feed::Entity::find()
        .filter(
            Condition::any()
                .add(event_feed::Column::LastRefreshAt.is_null())
                .add(event_feed::Column::LastRefreshAt.lt(crate::clock::now() - every)),
        )
        .all(db)
        .await?;
    let mut read = 0;
    for feed in due {
        match claim(db, &feed).await {
            Ok(true) => {}
            Ok(false) => continue,
            Err(err) => {
                tracing::warn!(%err, feed = feed.id, "feed not claimed");
                continue;
            }
        }
        read += 1;
        // In a task of its own: a panic reading one feed ends that task only.
        let task = {
            let (db, feed) = (db.clone(), feed.clone());
            tokio::spawn(
                crate::clock::current().scope(async move { refresh(&db, &feed, reach).await }),
            )
        };
        match task.await {
            Ok(Ok(_)) => {}
            Ok(Err(error)) => tracing::warn!(feed = feed.id, %error, "feed refresh failed"),
            Err(panic) => {
                tracing::error!(feed = feed.id, %panic, "feed refresh failed unexpectedly");
                record(db, &feed, &Err(RefreshError::Internal)).await;
            }
        }
    }
    Ok(read)
}

/// The background loop: checks for due feeds every minute, reading only
/// public addresses unless `feeds_allow_private` says otherwise.
pub fn spawn(db: DatabaseConnection, config: &Config, clock: &crate::clock::Clock) {
    let reach = Reach::of(config);
    let every = Duration::minutes(config.feed_refresh_minutes.clamp(5, 60 * 24 * 365));
    tokio::spawn(clock.scope(async move {
        let mut tick = tokio::time::interval(StdDuration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(err) = refresh_due(&db, every, reach).await {
                tracing::warn!(%err, "feed refresh round failed");
            }
        }
    }));
}
