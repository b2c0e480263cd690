//! Directory list pages kept in memory while the directory is unchanged.
//!
//! With the national list loaded a page costs several queries, a count
//! over 15,000 rows among them, and volunteers page and filter through it
//! all day. A page is kept under the `directory` change stamp, which
//! database triggers move on every write a list can show (organisations,
//! their stages and tags): see [`crate::changes`] for how soon each
//! instance sees it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sea_orm::{ConnectionTrait, DbErr};

use super::store::{self, ListFilter, OrganisationLine};
use crate::changes::Watched;

/// The change stamp the directory's triggers move.
const STAMP: &str = "directory";
/// Beyond this many different pages the cache starts afresh.
const MAX_PAGES: usize = 1_000;

/// One page of the list and the number of organisations the filter keeps.
pub struct ListPage {
    pub lines: Vec<OrganisationLine>,
    pub total: u64,
}

pub struct ListCache {
    stamp: Watched,
    /// Pages by filter, with the stamp they were read under.
    pages: Mutex<(i64, HashMap<String, Arc<ListPage>>)>,
}

impl Default for ListCache {
    fn default() -> Self {
        ListCache {
            stamp: Watched::new(STAMP),
            pages: Mutex::default(),
        }
    }
}

impl ListCache {
    /// The page `filter` asks for, from memory while nothing changed.
    pub async fn list(
        &self,
        db: &impl ConnectionTrait,
        filter: &ListFilter,
    ) -> Result<Arc<ListPage>, DbErr> {
        // Read before the page: a change committed in between is newer
        // than the stamp it is kept under, so the next reading drops it.
        let stamp = self.stamp.current(db).await?;
        let key = format!("{filter:?}");
        {
            let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
            if pages.0 == stamp
                && let Some(page) = pages.1.get(&key)
            {
                return Ok(page.clone());
            }
        }
        let (lines, total) = store::list(db, filter).await?;
        let page = Arc::new(ListPage { lines, total });
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.0 != stamp || pages.1.len() >= MAX_PAGES {
            *pages = (stamp, HashMap::new());
        }
        pages.1.insert(key, page.clone());
        Ok(page)
    }

    /// Reads the stamp again at the next request (this instance wrote).
    pub fn expire(&self) {
        self.stamp.expire();
    }
}
