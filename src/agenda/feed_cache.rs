//! Rendered feeds, kept while nothing they show has changed.
//!
//! Calendar applications poll the same few feed URLs all day, and a feed of
//! ten thousand events takes a few hundred milliseconds to read and write.
//! Each request first reads a [`Stamp`] — counts, version sums and the
//! latest change of events and organisations (whose names the feed shows) —
//! from the database, so a change made through any app instance is seen at
//! once; an unchanged stamp serves the text rendered before.
//!
//! When something did change, each event's entries are still reused while
//! the event and its organisers are at the same version ([`Fragment`]s):
//! an edit re-renders one event, not ten thousand. Fragments do not depend
//! on the address a request uses, so they are rendered ahead at start.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Statement};

use super::feed::Fragment;
use super::store::RowVersion;

/// Feeds kept at once (each is a few megabytes at most).
const CAPACITY: usize = 8;
/// A safety net for changes the stamp cannot see (a restore, a clock going
/// backwards): no feed is served older than this.
const MAX_AGE: Duration = Duration::from_secs(600);

/// What the feed depends on, read in one query. Of organisations, only
/// those organising an event count: the feed shows no other's name, and
/// the directory's everyday edits leave the feed alone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, FromQueryResult)]
pub struct Stamp {
    events: i64,
    event_versions: i64,
    events_changed: Option<String>,
    organisations: i64,
    organisation_versions: i64,
}

impl Stamp {
    /// How many events exist.
    pub fn events(&self) -> usize {
        usize::try_from(self.events).unwrap_or_default()
    }

    pub async fn read(db: &impl ConnectionTrait) -> Result<Stamp, DbErr> {
        // Plain SQL that means the same on SQLite and PostgreSQL.
        // One pass over each table.
        let sql = "SELECT e.n AS events, e.v AS event_versions, e.changed AS events_changed, \
            o.n AS organisations, o.v AS organisation_versions \
            FROM (SELECT COUNT(*) AS n, COALESCE(SUM(version), 0) AS v, \
                    CAST(MAX(updated_at) AS TEXT) AS changed FROM events) AS e, \
                 (SELECT COUNT(*) AS n, COALESCE(SUM(version), 0) AS v FROM organisations \
                    WHERE id IN (SELECT organisation_id FROM event_organisers)) AS o";
        let statement = Statement::from_string(db.get_database_backend(), sql);
        Stamp::find_by_statement(statement)
            .one(db)
            .await?
            .ok_or_else(|| DbErr::Custom("feed stamp: no row".into()))
    }
}

/// A rendered feed and its entity tag.
#[derive(Clone)]
pub struct Rendered {
    pub body: Bytes,
    pub etag: String,
}

struct Entry {
    stamp: Stamp,
    rendered: Rendered,
    built: Instant,
}

#[derive(Default)]
pub struct FeedCache {
    entries: Mutex<HashMap<String, Entry>>,
    fragments: Mutex<Fragments>,
}

/// Rendered entries by event id, valid for one UID domain (a new one
/// starts afresh).
#[derive(Default)]
struct Fragments {
    context: String,
    by_event: HashMap<i32, Arc<Fragment>>,
}

impl FeedCache {
    /// The feed kept under `key` if it was rendered from the same stamp.
    pub fn get(&self, key: &str, stamp: &Stamp) -> Option<Rendered> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|e| e.stamp == *stamp && e.built.elapsed() < MAX_AGE)
            .map(|e| e.rendered.clone())
    }

    /// The kept fragments of these events that are still current.
    pub fn fragments(
        &self,
        context: &str,
        heads: &[RowVersion],
        organiser_versions: &HashMap<i32, i32>,
    ) -> HashMap<i32, Arc<Fragment>> {
        let kept = self.fragments.lock().unwrap_or_else(|e| e.into_inner());
        if kept.context != context {
            return HashMap::new();
        }
        heads
            .iter()
            .filter_map(|head| {
                kept.by_event
                    .get(&head.id)
                    .filter(|f| f.is_current(head.version, organiser_versions))
                    .map(|f| (head.id, f.clone()))
            })
            .collect()
    }

    /// Keeps fresh fragments; `all_events` (how many events exist) bounds
    /// the fragments of deleted events left behind.
    pub fn keep_fragments(
        &self,
        context: &str,
        fresh: &HashMap<i32, Arc<Fragment>>,
        all_events: usize,
    ) {
        let mut kept = self.fragments.lock().unwrap_or_else(|e| e.into_inner());
        if kept.context != context {
            kept.context = context.to_owned();
            kept.by_event.clear();
        }
        if kept.by_event.len() > 2 * all_events + 1_000 {
            kept.by_event.clear();
        }
        kept.by_event
            .extend(fresh.iter().map(|(id, f)| (*id, f.clone())));
    }

    /// Keeps a freshly rendered feed; returns it with its entity tag.
    pub fn put(&self, key: String, stamp: Stamp, body: String) -> Rendered {
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        stamp.hash(&mut hasher);
        let rendered = Rendered {
            body: Bytes::from(body),
            etag: format!("\"{:016x}\"", hasher.finish()),
        };
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY && !entries.contains_key(&key) {
            let oldest = entries
                .iter()
                .min_by_key(|(_, e)| e.built)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                entries.remove(&oldest);
            }
        }
        entries.insert(
            key,
            Entry {
                stamp,
                rendered: rendered.clone(),
                built: Instant::now(),
            },
        );
        rendered
    }
}
