//! Followed agendas: iCalendar feeds published by organisers, read again
//! periodically in the background. Each read claims the feed with a
//! conditional update, so several app instances never read one feed twice
//! at once; the outcome (ok, or the error) is shown on the feeds page.
//! Feeds are read through [`fetch`](super::fetch) (public addresses only,
//! unless allowed), and one feed failing never stops the others.

use std::time::Duration as StdDuration;

use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    Set,
};

use super::fetch::{self, Reach};
use super::import::{self, ImportError, ImportReport};
use crate::config::Config;
use crate::entities::{FeedStatus, event_feed};

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
) -> Result<ImportReport, String> {
    let outcome = match fetch::download(&fetchable_url(&feed.url), reach).await {
        Ok(text) => import::import(db, &text, Some(feed.id), feed.organiser_id, None)
            .await
            .map_err(|e| match e {
                // The feed's own text is not repeated: it is whatever the
                // server answered (with a private address allowed, maybe
                // an internal page).
                ImportError::Invalid(parse) => format!(
                    "ligne {} : ce n'est pas un calendrier iCalendar valide",
                    parse.line
                ),
                ImportError::Database(db) => format!("base de données : {db}"),
            }),
        Err(error) => Err(error.to_string()),
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
    outcome: &Result<ImportReport, String>,
) {
    let (status, error) = match outcome {
        Ok(_) => (FeedStatus::Ok, None),
        Err(message) => (FeedStatus::Error, Some(message.clone())),
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
            Ok(Err(message)) => tracing::warn!(feed = feed.id, %message, "feed refresh failed"),
            Err(panic) => {
                tracing::error!(feed = feed.id, %panic, "feed refresh failed unexpectedly");
                let failed: Result<ImportReport, String> =
                    Err("erreur interne pendant la lecture du flux".to_owned());
                record(db, &feed, &failed).await;
            }
        }
    }
    Ok(read)
}

/// The background loop: checks for due feeds every minute, reading only
/// public addresses. [`spawn_for`] also honours `feeds_allow_private`.
/// The background loop, as the configuration says.
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
