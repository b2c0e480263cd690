//! Search: one contract ([`SearchEngine`]) over organisations, people,
//! events and workshop kits, with two engines behind it — the embedded
//! tantivy index (default, under the data directory) and a Meilisearch
//! server (`MEILI_URL`). The database stays the source of truth: writes
//! record an [`outbox`] row in their own transaction and the [`worker`]
//! applies them to the engine with retries; `relais reindex` rebuilds the
//! index from the database. [`pick`] answers the record picker of forms.

pub mod documents;
pub mod embedded;
mod gather;
pub mod meili;
pub mod outbox;
pub mod palette;
pub mod pick;
mod routes;
pub mod text;
mod tiered;
mod views;
pub mod worker;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use routes::routes;
pub(crate) use routes::{PAGE_SIZE, UrlQuery};

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Organisation,
    Person,
    Event,
    Kit,
}

impl DocKind {
    pub const ALL: [DocKind; 4] = [
        DocKind::Organisation,
        DocKind::Person,
        DocKind::Event,
        DocKind::Kit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Organisation => "organisation",
            DocKind::Person => "person",
            DocKind::Event => "event",
            DocKind::Kit => "kit",
        }
    }

    pub fn parse(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One searchable record, built from the database by [`documents`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchDocument {
    /// `<kind>:<id>`, unique across kinds.
    pub id: String,
    pub kind: DocKind,
    pub title: String,
    pub acronym: Option<String>,
    pub commune: Option<String>,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    /// Organisation kind, or event kind.
    pub org_kind: Option<String>,
    pub stages: Vec<String>,
    pub tags: Vec<String>,
    pub description: String,
    pub url: String,
    /// Events: the (next) date, for the upcoming/past facet.
    pub date: Option<NaiveDate>,
}

impl SearchDocument {
    pub fn doc_id(kind: DocKind, id: i32) -> String {
        format!("{}:{id}", kind.as_str())
    }
}

/// The facets results can be counted and filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Facet {
    Type,
    Kind,
    Region,
    Departement,
    Stage,
    Tag,
    When,
}

impl Facet {
    pub const ALL: [Facet; 7] = [
        Facet::Type,
        Facet::Kind,
        Facet::Region,
        Facet::Departement,
        Facet::Stage,
        Facet::Tag,
        Facet::When,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Facet::Type => "type",
            Facet::Kind => "kind",
            Facet::Region => "region",
            Facet::Departement => "departement",
            Facet::Stage => "stage",
            Facet::Tag => "tag",
            Facet::When => "when",
        }
    }

    pub fn parse(s: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    pub text: String,
    /// AND across facets; several values of one facet are OR-ed.
    pub filters: Vec<(Facet, String)>,
    /// False for callers who may not see people: no person is returned or counted.
    pub include_people: bool,
    /// Splits events into upcoming and past.
    pub today: NaiveDate,
    pub limit: usize,
    pub offset: usize,
    /// Whether to count the hits per facet value (the search page shows
    /// them; the record picker does not, and counting visits every hit).
    pub facets: bool,
}

/// A piece of text, marked when it matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fragment {
    pub text: String,
    pub matched: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: String,
    pub kind: DocKind,
    pub title: String,
    pub title_highlighted: Vec<Fragment>,
    pub snippet: Vec<Fragment>,
    pub url: String,
    pub commune: Option<String>,
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCounts {
    pub facet: Facet,
    /// (value, count), by count then value.
    pub values: Vec<(String, u64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Vec<FacetCounts>,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum SearchError {
    #[error("le moteur de recherche est indisponible : {0}")]
    Unavailable(String),
    #[error("erreur de l'index de recherche : {0}")]
    Index(String),
}

/// The contract every engine fulfils (see `tests/it/search.rs`).
#[async_trait::async_trait]
pub trait SearchEngine: Send + Sync {
    fn name(&self) -> &'static str;
    /// The name this index reads the search log under: each instance's
    /// embedded index has its own, a Meilisearch index is shared by every
    /// instance that writes to it.
    fn consumer(&self) -> String;
    /// Adds or replaces documents by id.
    async fn upsert(&self, docs: Vec<SearchDocument>) -> Result<(), SearchError>;
    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError>;
    /// Adds documents to an index just cleared (a rebuild): an engine may
    /// skip replacing by id and make them visible only at [`Self::flush`].
    async fn load(&self, docs: Vec<SearchDocument>) -> Result<(), SearchError> {
        self.upsert(docs).await
    }
    /// Makes everything [`Self::load`]ed visible to searches.
    async fn flush(&self) -> Result<(), SearchError> {
        Ok(())
    }
    /// Upserts and deletes of one batch of the search log; an engine that
    /// can apply them in one commit does so.
    async fn apply(
        &self,
        upserts: Vec<SearchDocument>,
        deletes: Vec<String>,
    ) -> Result<(), SearchError> {
        if !upserts.is_empty() {
            self.upsert(upserts).await?;
        }
        if !deletes.is_empty() {
            self.delete(deletes).await?;
        }
        Ok(())
    }
    async fn clear(&self) -> Result<(), SearchError>;
    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError>;
    async fn count(&self) -> Result<u64, SearchError>;
}

/// Sorts facet values by count, then value, as both engines present them.
pub(crate) fn sort_facet_values(values: &mut [(String, u64)]) {
    values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
}
