//! The Meilisearch engine (scale path), through meilisearch-sdk. Chosen when
//! `MEILI_URL` is set; the app applies the index settings at start
//! (searchable attributes in ranking order, filterable attributes, typo
//! rules: one typo from 5 letters, two from 9). Accent folding, typos and
//! prefix search are Meilisearch's own; highlighting uses the same Rust
//! code as the embedded engine, so both present results alike.

use std::collections::HashMap;
use std::time::Duration;

use chrono::Datelike;
use meilisearch_sdk::client::Client;
use meilisearch_sdk::errors::Error as MeiliError;
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::{MatchingStrategies, Selectors};
use meilisearch_sdk::settings::{MinWordSizeForTypos, Settings, TypoToleranceSettings};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde::{Deserialize, Serialize};

use super::text;
use super::{
    DocKind, Facet, FacetCounts, Hit, SearchDocument, SearchEngine, SearchError, SearchQuery,
    SearchResults, sort_facet_values,
};

/// A document as stored in Meilisearch. Its primary key `key` only uses
/// the characters Meilisearch allows (`organisation-12`).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct MeiliDoc {
    key: String,
    id: String,
    kind: String,
    title: String,
    acronym: Option<String>,
    commune: Option<String>,
    region_code: Option<String>,
    departement_code: Option<String>,
    org_kind: Option<String>,
    stages: Vec<String>,
    tags: Vec<String>,
    description: String,
    url: String,
    /// Days since the common era, for the upcoming/past facet.
    date: Option<i64>,
}

impl From<&SearchDocument> for MeiliDoc {
    fn from(d: &SearchDocument) -> Self {
        MeiliDoc {
            key: meili_key(&d.id),
            id: d.id.clone(),
            kind: d.kind.as_str().to_owned(),
            title: d.title.clone(),
            acronym: d.acronym.clone(),
            commune: d.commune.clone(),
            region_code: d.region_code.clone(),
            departement_code: d.departement_code.clone(),
            org_kind: d.org_kind.clone(),
            stages: d.stages.clone(),
            tags: d.tags.clone(),
            description: d.description.clone(),
            url: d.url.clone(),
            date: d.date.map(|date| i64::from(date.num_days_from_ce())),
        }
    }
}

fn meili_key(id: &str) -> String {
    id.replace(':', "-")
}

/// The document attribute holding each facet.
fn attribute(facet: Facet) -> &'static str {
    match facet {
        Facet::Type => "kind",
        Facet::Kind => "org_kind",
        Facet::Region => "region_code",
        Facet::Departement => "departement_code",
        Facet::Stage => "stages",
        Facet::Tag => "tags",
        Facet::When => "date",
    }
}

const TIMEOUT: Duration = Duration::from_secs(30);

pub struct MeiliEngine {
    client: Client,
    index: Index,
}

fn unavailable(e: MeiliError) -> SearchError {
    SearchError::Unavailable(e.to_string())
}

impl MeiliEngine {
    pub fn connect(url: &str, api_key: Option<&str>, index_uid: &str) -> Result<Self, SearchError> {
        let client = Client::new(url, api_key).map_err(unavailable)?;
        let index = client.index(index_uid);
        Ok(MeiliEngine { client, index })
    }

    async fn wait(&self, task: TaskInfo) -> Result<(), SearchError> {
        let task = task
            .wait_for_completion(&self.client, Some(Duration::from_millis(50)), Some(TIMEOUT))
            .await
            .map_err(unavailable)?;
        match task {
            Task::Failed { content } => Err(SearchError::Index(format!("{:?}", content.error))),
            _ => Ok(()),
        }
    }

    /// Creates the index if needed and applies relais's settings.
    pub async fn apply_settings(&self) -> Result<(), SearchError> {
        let created = self.client.create_index(&self.index.uid, Some("key")).await;
        if let Ok(task) = created {
            // "already exists" fails the task: that is fine.
            let _ = task
                .wait_for_completion(&self.client, None, Some(TIMEOUT))
                .await;
        }
        let settings = Settings::new()
            // An acronym is an exact identifier ("abf" means the association,
            // before "Congrès de l'ABF"): the embedded engine weighs it
            // above the title too.
            .with_searchable_attributes(["acronym", "title", "commune", "tags", "description"])
            .with_filterable_attributes([
                "kind",
                "org_kind",
                "region_code",
                "departement_code",
                "stages",
                "tags",
                "date",
            ])
            .with_ranking_rules([
                "words",
                "typo",
                "proximity",
                "attribute",
                "sort",
                "exactness",
            ])
            .with_typo_tolerance(TypoToleranceSettings {
                enabled: Some(true),
                disable_on_attributes: None,
                disable_on_words: None,
                min_word_size_for_typos: Some(MinWordSizeForTypos {
                    one_typo: Some(5),
                    two_typos: Some(9),
                }),
                disable_on_numbers: None,
            });
        let task = self
            .index
            .set_settings(&settings)
            .await
            .map_err(unavailable)?;
        self.wait(task).await
    }

    /// Deletes the whole index (tests clean up after themselves).
    pub async fn drop_index(self) -> Result<(), SearchError> {
        let task = self.index.clone().delete().await.map_err(unavailable)?;
        self.wait(task).await
    }

    fn filter(query: &SearchQuery, when: Option<&str>) -> String {
        let quote = |v: &str| format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""));
        let today = i64::from(query.today.num_days_from_ce());
        let date_filter = |w: &str| {
            if w == "upcoming" {
                format!("date >= {today}")
            } else {
                format!("date < {today}")
            }
        };
        let mut clauses = Vec::new();
        for facet in Facet::ALL {
            let values: Vec<&String> = query
                .filters
                .iter()
                .filter(|(f, _)| *f == facet)
                .map(|(_, v)| v)
                .collect();
            if values.is_empty() {
                continue;
            }
            let any: Vec<String> = values
                .iter()
                .map(|v| {
                    if facet == Facet::When {
                        date_filter(v)
                    } else {
                        format!("{} = {}", attribute(facet), quote(v))
                    }
                })
                .collect();
            clauses.push(format!("({})", any.join(" OR ")));
        }
        if let Some(w) = when {
            clauses.push(date_filter(w));
        }
        if !query.include_people {
            clauses.push("kind != \"person\"".to_owned());
        }
        clauses.join(" AND ")
    }
}

#[async_trait::async_trait]
impl SearchEngine for MeiliEngine {
    fn name(&self) -> &'static str {
        "meilisearch"
    }

    fn consumer(&self) -> String {
        format!("meilisearch:{}", self.index.uid)
    }

    async fn upsert(&self, docs: Vec<SearchDocument>) -> Result<(), SearchError> {
        if docs.is_empty() {
            return Ok(());
        }
        let docs: Vec<MeiliDoc> = docs.iter().map(MeiliDoc::from).collect();
        let task = self
            .index
            .add_or_replace(&docs, Some("key"))
            .await
            .map_err(unavailable)?;
        self.wait(task).await
    }

    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        let keys: Vec<String> = ids.iter().map(|id| meili_key(id)).collect();
        let task = self
            .index
            .delete_documents(&keys)
            .await
            .map_err(unavailable)?;
        self.wait(task).await
    }

    async fn clear(&self) -> Result<(), SearchError> {
        let task = self
            .index
            .delete_all_documents()
            .await
            .map_err(unavailable)?;
        self.wait(task).await
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        let filter = Self::filter(query, None);
        let facet_attributes = [
            "kind",
            "org_kind",
            "region_code",
            "departement_code",
            "stages",
            "tags",
        ];
        let mut request = self.index.search();
        // Every word must match, as on the embedded engine (Meilisearch's
        // default drops the last words when too few documents match).
        request
            .with_query(&query.text)
            .with_matching_strategy(MatchingStrategies::ALL)
            .with_limit(query.limit)
            .with_offset(query.offset);
        if query.facets {
            request.with_facets(Selectors::Some(&facet_attributes));
        }
        if !filter.is_empty() {
            request.with_filter(&filter);
        }
        let found = request.execute::<MeiliDoc>().await.map_err(unavailable)?;
        let query_words = text::words(&query.text);
        let hits = found
            .hits
            .into_iter()
            .map(|hit| {
                let d = hit.result;
                Hit {
                    kind: DocKind::parse(&d.kind).unwrap_or(DocKind::Organisation),
                    title_highlighted: text::highlight(&d.title, &query_words),
                    snippet: text::snippet(&d.description, &query_words),
                    id: d.id,
                    title: d.title,
                    url: d.url,
                    commune: d.commune.filter(|c| !c.is_empty()),
                    score: hit.ranking_score.unwrap_or(0.0) as f32,
                }
            })
            .collect();
        let distribution: HashMap<String, HashMap<String, usize>> =
            found.facet_distribution.unwrap_or_default();
        let mut facets = Vec::new();
        for facet in [
            Facet::Type,
            Facet::Kind,
            Facet::Region,
            Facet::Departement,
            Facet::Stage,
            Facet::Tag,
        ] {
            let mut values: Vec<(String, u64)> = distribution
                .get(attribute(facet))
                .map(|m| m.iter().map(|(k, v)| (k.clone(), *v as u64)).collect())
                .unwrap_or_default();
            sort_facet_values(&mut values);
            facets.push(FacetCounts { facet, values });
        }
        // Upcoming/past only concern events: two more requests, only when
        // some event matched.
        let has_events = distribution
            .get(attribute(Facet::Type))
            .is_some_and(|kinds| kinds.get(DocKind::Event.as_str()).is_some_and(|n| *n > 0));
        let mut when = Vec::new();
        for label in ["upcoming", "past"].into_iter().filter(|_| has_events) {
            let filter = Self::filter(query, Some(label));
            let mut count = self.index.search();
            count
                .with_query(&query.text)
                .with_matching_strategy(MatchingStrategies::ALL)
                .with_limit(0)
                .with_filter(&filter);
            let n = count.execute::<MeiliDoc>().await.map_err(unavailable)?;
            let total = n.estimated_total_hits.or(n.total_hits).unwrap_or(0) as u64;
            if total > 0 {
                when.push((label.to_owned(), total));
            }
        }
        sort_facet_values(&mut when);
        facets.push(FacetCounts {
            facet: Facet::When,
            values: when,
        });
        Ok(SearchResults {
            total: found.estimated_total_hits.or(found.total_hits).unwrap_or(0),
            hits,
            facets,
        })
    }

    async fn count(&self) -> Result<u64, SearchError> {
        let stats = self.index.get_stats().await.map_err(unavailable)?;
        Ok(stats.number_of_documents as u64)
    }
}
