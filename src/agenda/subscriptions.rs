//! Followed agendas: iCalendar feeds published by organisers, read again
//! periodically in the background. Each read claims the feed with a
//! conditional update, so several app instances never read one feed twice
//! at once; the outcome (ok, or the error) is shown on the feeds page.

use std::time::Duration as StdDuration;

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    Set,
};

use super::import::{self, ImportError, ImportReport};
use crate::entities::{FeedStatus, event_feed};

/// Largest feed accepted (OpenAgenda exports of a busy organiser fit).
const MAX_FEED_BYTES: usize = 20 * 1024 * 1024;

/// `webcal://` is `https://` for a program.
pub fn fetchable_url(url: &str) -> String {
    match url.trim().strip_prefix("webcal://") {
        Some(rest) => format!("https://{rest}"),
        None => url.trim().to_owned(),
    }
}

pub fn is_valid_url(url: &str) -> bool {
    let url = url.trim();
    ["http://", "https://", "webcal://"]
        .iter()
        .any(|scheme| url.len() > scheme.len() + 3 && url.starts_with(scheme))
}

async fn download(url: &str) -> Result<String, String> {
    let client = reqwest::Client::builder()
        .timeout(StdDuration::from_secs(30))
        .user_agent(concat!("relais/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| e.to_string())?;
    let mut response = client
        .get(fetchable_url(url))
        .send()
        .await
        .map_err(|e| format!("connexion impossible : {e}"))?;
    if !response.status().is_success() {
        return Err(format!("le serveur répond {}", response.status()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_FEED_BYTES {
            return Err(format!(
                "flux trop volumineux (plus de {} Mo)",
                MAX_FEED_BYTES / 1024 / 1024
            ));
        }
    }
    String::from_utf8(body).map_err(|_| "le flux n'est pas du texte UTF-8".to_owned())
}

/// Reads one feed now and records the outcome on it.
pub async fn refresh(
    db: &DatabaseConnection,
    feed: &event_feed::Model,
) -> Result<ImportReport, String> {
    let outcome = match download(&feed.url).await {
        Ok(text) => import::import(db, &text, Some(feed.id), feed.organiser_id, None)
            .await
            .map_err(|e| match e {
                ImportError::Invalid(parse) => parse.to_string(),
                ImportError::Database(db) => format!("base de données : {db}"),
            }),
        Err(message) => Err(message),
    };
    let (status, error) = match &outcome {
        Ok(_) => (FeedStatus::Ok, None),
        Err(message) => (FeedStatus::Error, Some(message.clone())),
    };
    let saved = event_feed::ActiveModel {
        id: Set(feed.id),
        last_refresh_at: Set(Some(Utc::now())),
        last_status: Set(Some(status)),
        last_error: Set(error),
        ..Default::default()
    }
    .update(db)
    .await;
    if let Err(err) = saved {
        tracing::warn!(%err, feed = feed.id, "feed status not saved");
    }
    outcome
}

/// Claims a due feed for this instance: only one claim succeeds.
async fn claim(db: &DatabaseConnection, feed: &event_feed::Model) -> Result<bool, DbErr> {
    let unchanged = match feed.last_refresh_at {
        Some(at) => event_feed::Column::LastRefreshAt.eq(at),
        None => event_feed::Column::LastRefreshAt.is_null(),
    };
    let result = event_feed::Entity::update_many()
        .col_expr(event_feed::Column::LastRefreshAt, Expr::value(Utc::now()))
        .filter(event_feed::Column::Id.eq(feed.id))
        .filter(unchanged)
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Reads every feed not read for `every`.
pub async fn refresh_due(db: &DatabaseConnection, every: Duration) -> Result<usize, DbErr> {
    let due = event_feed::Entity::find()
        .filter(
            Condition::any()
                .add(event_feed::Column::LastRefreshAt.is_null())
                .add(event_feed::Column::LastRefreshAt.lt(Utc::now() - every)),
        )
        .all(db)
        .await?;
    let mut read = 0;
    for feed in due {
        if claim(db, &feed).await? {
            if let Err(message) = refresh(db, &feed).await {
                tracing::warn!(feed = feed.id, %message, "feed refresh failed");
            }
            read += 1;
        }
    }
    Ok(read)
}

/// The background loop: checks for due feeds every minute.
pub fn spawn(db: DatabaseConnection, every_minutes: i64) {
    let every = Duration::minutes(every_minutes.max(5));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(StdDuration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(err) = refresh_due(&db, every).await {
                tracing::warn!(%err, "feed refresh round failed");
            }
        }
    });
}
