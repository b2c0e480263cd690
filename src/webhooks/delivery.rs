//! Sending due deliveries: each instance runs [`spawn`]; a change made
//! through it wakes it at once, and it looks every `webhook_poll` for the
//! rest (retries, changes made through other instances, follow-ups whose
//! day has come: [`super::due`]).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use reqwest::header::{HeaderMap, HeaderValue};
use sea_orm::{DatabaseConnection, DbErr};
use sha2::Sha256;
use tokio::sync::Notify;

use super::store::{self, Outcome};
use crate::agenda::fetch::{self, Reach};
use crate::clock::Clock;
use crate::config::Config;
use crate::entities::{webhook, webhook_delivery};

/// Waits before each new attempt after a failure; after the last, the
/// delivery is given up (about a day in all).
pub const RETRY_DELAYS: [Duration; 7] = [
    Duration::from_secs(30),
    Duration::from_secs(2 * 60),
    Duration::from_secs(10 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(60 * 60),
    Duration::from_secs(6 * 60 * 60),
    Duration::from_secs(16 * 60 * 60),
];

/// How long a receiver has to answer.
const DEADLINE: Duration = Duration::from_secs(10);

/// How long an instance holds a delivery it is sending: well over
/// [`DEADLINE`], so no other instance takes it meanwhile.
const HOLD: Duration = Duration::from_secs(60);

/// Sent or given-up deliveries are kept this long for the page, then
/// forgotten.
pub const KEPT_DAYS: i64 = 30;

/// Deliveries taken per look.
const BATCH: u64 = 50;

/// Header of the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
/// "<t>.<body>" under the webhook's secret>`.
pub const SIGNATURE_HEADER: &str = "relais-signature";

/// Starts this instance's sender; `wake` is notified after a write.
pub fn spawn(db: DatabaseConnection, config: &Config, clock: &Clock, wake: Arc<Notify>) {
    let reach = if config.webhooks_allow_private {
        Reach::Anywhere
    } else {
        Reach::Public
    };
    let poll = config.webhook_poll;
    tokio::spawn(clock.scope(async move {
        loop {
            if let Err(err) = send_due(&db, reach).await {
                tracing::warn!(%err, "webhook deliveries not sent");
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(poll) => {}
            }
        }
    }));
}

/// Queues the follow-ups whose day has come, then sends every delivery due
/// now that no other instance holds.
pub async fn send_due(db: &DatabaseConnection, reach: Reach) -> Result<usize, DbErr> {
    store::prune(db, crate::clock::now() - chrono::Duration::days(KEPT_DAYS)).await?;
    if let Err(err) = super::due::announce(db, crate::clock::now()).await {
        // The deliveries already queued still go.
        tracing::warn!(%err, "follow-ups due not announced");
    }
    let mut sent = 0;
    loop {
        let now = crate::clock::now();
        let due = store::due(db, now, BATCH).await?;
        if due.is_empty() {
            return Ok(sent);
        }
        let mut taken_any = false;
        for id in due {
            let now = crate::clock::now();
            let until = now + chrono::Duration::from_std(HOLD).unwrap_or_default();
            let Some((delivery, hook)) = store::claim(db, id, now, until).await? else {
                continue;
            };
            taken_any = true;
            let outcome = attempt(&delivery, &hook, reach).await;
            store::finish(db, &delivery, outcome, crate::clock::now()).await?;
            sent += 1;
        }
        if !taken_any {
            return Ok(sent);
        }
    }
}

/// One attempt: the signed POST, and what to do next.
async fn attempt(
    delivery: &webhook_delivery::Model,
    hook: &webhook::Model,
    reach: Reach,
) -> Outcome {
    let body = body(delivery);
    let now = crate::clock::now();
    let mut headers = HeaderMap::new();
    let mut set = |name: &'static str, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    set(
        SIGNATURE_HEADER,
        signature(&hook.secret, now.timestamp(), &body),
    );
    set("relais-event", delivery.event.clone());
    set("relais-delivery", delivery.id.to_string());
    let retry_at = RETRY_DELAYS
        .get(delivery.attempts as usize)
        .map(|delay| now + chrono::Duration::from_std(*delay).unwrap_or_default());
    // A test is asked for by hand, also to check a webhook before it is
    // turned on again.
    if !hook.active && delivery.event != super::events::WEBHOOK_TEST {
        return Outcome::Failed {
            status: None,
            error: "webhook turned off".into(),
            retry_at: None,
        };
    }
    match fetch::post_json(&hook.url, body, headers, reach, DEADLINE).await {
        Ok(status) if status.is_success() => Outcome::Delivered {
            status: status.as_u16(),
        },
        Ok(status) => Outcome::Failed {
            status: Some(status.as_u16()),
            error: format!("HTTP {status}"),
            retry_at,
        },
        Err(err) => Outcome::Failed {
            status: None,
            error: err.to_string(),
            retry_at,
        },
    }
}

/// The JSON sent: what happened to which record, when and by whom, and
/// what the event needs besides (`data`, `null` for the plain events).
pub fn body(delivery: &webhook_delivery::Model) -> Vec<u8> {
    let value = serde_json::json!({
        "delivery": delivery.id,
        "event": delivery.event,
        "entity": delivery.entity,
        "id": delivery.entity_id,
        "label": delivery.label,
        "actor_id": delivery.actor_id,
        "occurred_at": rfc3339(delivery.occurred_at),
        "attempt": delivery.attempts + 1,
        "data": delivery.data,
    });
    serde_json::to_vec(&value).unwrap_or_default()
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    format!("t={timestamp},v1={}", crate::accounts::tokens::hex(&digest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_hmac_of_timestamp_and_body() {
        // The same key and message give the same MAC; another body or key
        // does not. (The integration test verifies it as a receiver would.)
        let a = signature("secret", 1_700_000_000, b"{}");
        let b = signature("secret", 1_700_000_000, b"{}");
        let c = signature("secret", 1_700_000_000, b"{ }");
        let d = signature("other", 1_700_000_000, b"{}");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
        assert!(a.starts_with("t=1700000000,v1="));
        assert_eq!(a.len(), "t=1700000000,v1=".len() + 64);
    }
}
