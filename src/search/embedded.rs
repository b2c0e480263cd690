//! The embedded engine: a tantivy index under the data directory.
//!
//! Text fields hold words already normalised by [`super::text::words`]
//! (split on spaces at indexing), so a query word is matched against the
//! index as is: exactly (boosted), within its typo budget, and — for the
//! last word — as a prefix. Fields are weighted so that title and acronym
//! come before commune, then tags, then description. Scores are constant per
//! match (field weight × exact 3, prefix 1.5, typo 1) rather than BM25:
//! names are short, and length normalisation would sink a one-word acronym
//! field below a long title. Facets live in one
//! hierarchical facet field (`/kind/library`, `/tag/…`).

use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};

use chrono::NaiveDate;
use tantivy::collector::TopDocs;
use tantivy::merge_policy::LogMergePolicy;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};

use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, Warmer};

use super::gather::{Gather, SegmentFactsCache};
use super::text::{self, typo_budget};
use super::tiered::{TieredWordQuery, Tiers};
use super::{
    DocKind, Facet, FacetCounts, Hit, SearchDocument, SearchEngine, SearchError, SearchQuery,
    SearchResults, sort_facet_values,
};

/// Bumped whenever the schema or the text normalisation changes: an index
/// with another version is rebuilt from the database at start.
const SCHEMA_VERSION: &str = "relais-search-6";
const VERSION_FILE: &str = "relais-schema-version";
const TOKENIZER: &str = "relais_words";
const WRITER_MEMORY: usize = 50_000_000;
/// At most this many threads search one query's segments side by side.
const SEARCH_THREADS: usize = 4;
/// A rebuild ([`SearchEngine::load`]) commits every this many documents:
/// searches see the index fill up, without a commit per batch.
const LOAD_COMMIT_EVERY: u64 = 100_000;

/// (field name, weight) of the searchable text fields.
const WEIGHTS: [(&str, f32); 5] = [
    ("title_words", 8.0),
    // An acronym is an exact identifier: "abf" means the association.
    ("acronym_words", 10.0),
    ("commune_words", 3.0),
    ("tag_words", 2.0),
    ("description_words", 1.0),
];

struct Fields {
    id: Field,
    kind: Field,
    title: Field,
    commune: Field,
    description: Field,
    url: Field,
    facets: Field,
    date: Field,
    sort_key: Field,
    title_length: Field,
    searchable: Vec<(Field, f32)>,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let id = builder.add_text_field("id", STRING | STORED);
    let kind = builder.add_text_field("kind", STRING | STORED);
    let title = builder.add_text_field("title", STORED);
    let commune = builder.add_text_field("commune", STORED);
    let description = builder.add_text_field("description", STORED);
    let url = builder.add_text_field("url", STORED);
    let facets = builder.add_facet_field("facets", FacetOptions::default());
    let date = builder.add_i64_field("date", INDEXED | FAST);
    let sort_key = builder.add_u64_field("sort_key", FAST);
    let title_length = builder.add_u64_field("title_length", FAST);
    let searchable = WEIGHTS
        .iter()
        .map(|(name, weight)| (builder.add_text_field(name, words.clone()), *weight))
        .collect();
    let fields = Fields {
        id,
        kind,
        title,
        commune,
        description,
        url,
        facets,
        date,
        sort_key,
        title_length,
        searchable,
    };
    (builder.build(), fields)
}

fn days(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

use chrono::Datelike;

pub struct EmbeddedEngine {
    index: Index,
    reader: IndexReader,
    writer: Arc<Mutex<IndexWriter>>,
    fields: Arc<Fields>,
    /// What the hits of a search read, per segment (kept up by the reader).
    facts: Arc<SegmentFactsCache>,
    /// Documents [`SearchEngine::load`]ed since the last commit.
    loaded: Arc<AtomicU64>,
    rebuilt: bool,
    consumer: String,
}

/// The file beside the index naming it as a reader of the search log.
const CONSUMER_FILE: &str = "relais-consumer";

/// A new reader name for a new index.
fn new_consumer() -> String {
    format!(
        "embedded:{}",
        &crate::accounts::tokens::random_token()[..16]
    )
}

fn index_error(e: impl std::fmt::Display) -> SearchError {
    SearchError::Index(e.to_string())
}

impl EmbeddedEngine {
    /// Opens the index in `dir`, creating it — or recreating it when it was
    /// written by another schema version or cannot be read.
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        let version_file = dir.join(VERSION_FILE);
        let current = std::fs::read_to_string(&version_file).unwrap_or_default();
        if current.trim() == SCHEMA_VERSION {
            let consumer = std::fs::read_to_string(dir.join(CONSUMER_FILE)).unwrap_or_default();
            if let Some(engine) = Index::open_in_dir(dir)
                .ok()
                .filter(|_| !consumer.trim().is_empty())
                .and_then(|index| Self::from_index(index, false, consumer.trim().into()).ok())
            {
                return Ok(engine);
            }
            tracing::warn!(dir = %dir.display(), "search index unreadable: rebuilding it");
        }
        Self::recreate(dir)
    }

    /// Wipes `dir` and opens a new, empty index there.
    pub fn recreate(dir: &Path) -> Result<Self, SearchError> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(index_error)?;
        }
        std::fs::create_dir_all(dir).map_err(index_error)?;
        let (schema, _) = schema();
        let index = Index::create_in_dir(dir, schema).map_err(index_error)?;
        std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION).map_err(index_error)?;
        let consumer = new_consumer();
        std::fs::write(dir.join(CONSUMER_FILE), &consumer).map_err(index_error)?;
        Self::from_index(index, true, consumer)
    }

    /// An index in memory, for tests and benchmarks.
    pub fn open_in_ram() -> Result<Self, SearchError> {
        let (schema, _) = schema();
        Self::from_index(Index::create_in_ram(schema), true, new_consumer())
    }

    fn from_index(mut index: Index, rebuilt: bool, consumer: String) -> Result<Self, SearchError> {
        let (expected, fields) = schema();
        if index.schema() != expected {
            return Err(SearchError::Index("schema mismatch".into()));
        }
        // A search walks its segments on every core (tantivy splits a
        // search by segment): a query matching a fifth of a large directory
        // answers in about half the time on two cores.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores > 1 {
            index
                .set_multithread_executor(cores.min(SEARCH_THREADS))
                .map_err(index_error)?;
        }
        index.tokenizers().register(
            TOKENIZER,
            TextAnalyzer::from(WhitespaceTokenizer::default()),
        );
        // Writes reload the reader themselves (a search right after a write
        // sees it); the watch also picks up segments merged in the
        // background, which no write would otherwise make visible.
        let facts = Arc::new(SegmentFactsCache::default());
        let warmer: Weak<dyn Warmer> = Arc::downgrade(&facts) as Weak<dyn Warmer>;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .warmers(vec![warmer])
            .try_into()
            .map_err(index_error)?;
        let writer: IndexWriter = index.writer(WRITER_MEMORY).map_err(index_error)?;
        writer.set_merge_policy(Box::new(merge_policy()));
        Ok(EmbeddedEngine {
            index,
            reader,
            writer: Arc::new(Mutex::new(writer)),
            fields: Arc::new(fields),
            facts,
            loaded: Arc::default(),
            rebuilt,
            consumer,
        })
    }

    /// Whether this index was (re)created empty and needs a full reindex.
    pub fn needs_rebuild(&self) -> bool {
        self.rebuilt
    }

    pub fn path_in(data_dir: &Path) -> PathBuf {
        data_dir.join("search")
    }

    fn document(&self, doc: &SearchDocument) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.id, &doc.id);
        d.add_text(f.kind, doc.kind.as_str());
        d.add_text(f.title, &doc.title);
        d.add_text(f.commune, doc.commune.as_deref().unwrap_or_default());
        d.add_text(f.description, &doc.description);
        d.add_text(f.url, &doc.url);
        let texts = [
            doc.title.clone(),
            doc.acronym.clone().unwrap_or_default(),
            doc.commune.clone().unwrap_or_default(),
            doc.tags.join(" "),
            doc.description.clone(),
        ];
        for ((field, _), text) in f.searchable.iter().zip(texts) {
            d.add_text(*field, text::words(&text).join(" "));
        }
        for (facet, value) in facet_values(doc) {
            d.add_facet(
                f.facets,
                tantivy::schema::Facet::from_path([facet.as_str(), value.as_str()]),
            );
        }
        if let Some(date) = doc.date {
            d.add_i64(f.date, days(date));
        }
        d.add_u64(f.sort_key, title_sort_key(&doc.title));
        d.add_u64(f.title_length, text::words(&doc.title).len().max(1) as u64);
        d
    }

    fn write(
        &self,
        change: impl FnOnce(&mut IndexWriter) -> tantivy::Result<()>,
    ) -> Result<(), SearchError> {
        let mut writer = self
            .writer
            .lock()
            .map_err(|_| SearchError::Index("index writer poisoned".into()))?;
        change(&mut writer).map_err(index_error)?;
        self.commit(&mut writer)
    }

    fn commit(&self, writer: &mut IndexWriter) -> Result<(), SearchError> {
        writer.commit().map_err(index_error)?;
        self.loaded.store(0, Ordering::Relaxed);
        self.reader.reload().map_err(index_error)
    }

    /// Adds documents without replacing any (a rebuild after `clear`: no
    /// delete by id to apply at commit), committing only every
    /// [`LOAD_COMMIT_EVERY`] documents.
    fn add_loaded(&self, docs: Vec<TantivyDocument>) -> Result<(), SearchError> {
        let mut writer = self
            .writer
            .lock()
            .map_err(|_| SearchError::Index("index writer poisoned".into()))?;
        let added = docs.len() as u64;
        for doc in docs {
            writer.add_document(doc).map_err(index_error)?;
        }
        if self.loaded.fetch_add(added, Ordering::Relaxed) + added >= LOAD_COMMIT_EVERY {
            self.commit(&mut writer)?;
        }
        Ok(())
    }

    fn run(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        let f = &self.fields;
        let query_words = text::words(&query.text);
        let base = self.filtered_query(&query_words, query)?;
        let searcher = self.reader.searcher();

        // A tighter title ranks a little higher ("Réseau Parcours Numérique"
        // before "Journée … du Réseau Parcours Numérique"); equal scores are
        // ordered by title, so pages are stable.
        let gather = Gather {
            facts: self.facts.clone(),
            limit: query.limit.max(1),
            offset: query.offset,
            with_text: !query_words.is_empty(),
            facets: query.facets,
            today: days(query.today),
        };
        let found = searcher.search(&base, &gather).map_err(index_error)?;
        let (total, mut facet_counts) = (found.total, found.facets);

        let mut facets = Vec::new();
        for facet in [
            Facet::Type,
            Facet::Kind,
            Facet::Region,
            Facet::Departement,
            Facet::Stage,
            Facet::Tag,
        ] {
            let mut values = facet_counts.remove(&facet).unwrap_or_default();
            sort_facet_values(&mut values);
            facets.push(FacetCounts { facet, values });
        }
        let mut when: Vec<(String, u64)> = [("upcoming", found.upcoming), ("past", found.past)]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(label, n)| (label.to_owned(), n))
            .collect();
        sort_facet_values(&mut when);
        facets.push(FacetCounts {
            facet: Facet::When,
            values: when,
        });

        let mut hits = Vec::with_capacity(found.page.len());
        for (score, address) in found.page {
            let doc: TantivyDocument = searcher.doc(address).map_err(index_error)?;
            let get = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let title = get(f.title);
            let description = get(f.description);
            let commune = Some(get(f.commune)).filter(|c| !c.is_empty());
            hits.push(Hit {
                id: get(f.id),
                kind: DocKind::parse(&get(f.kind)).unwrap_or(DocKind::Organisation),
                title_highlighted: text::highlight(&title, &query_words),
                snippet: text::snippet(&description, &query_words),
                title,
                url: get(f.url),
                commune,
                score,
            });
        }
        Ok(SearchResults {
            total,
            hits,
            facets,
        })
    }

    /// The text query combined with the filters.
    fn filtered_query(
        &self,
        words: &[String],
        query: &SearchQuery,
    ) -> Result<Box<dyn Query>, SearchError> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if words.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let last = words.len().saturating_sub(1);
        for (i, word) in words.iter().enumerate() {
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (field, weight) in &f.searchable {
                // Typos are forgiven in names (title, acronym, commune), not
                // in tags and descriptions: cheaper, and fewer false friends.
                let budget = if *weight >= 3.0 { typo_budget(word) } else { 0 };
                let prefix = i == last;
                let query: Box<dyn Query> = if !prefix && budget == 0 {
                    let term = Term::from_field_text(*field, word);
                    let exact = TermQuery::new(term, IndexRecordOption::Basic);
                    Box::new(ConstScoreQuery::new(Box::new(exact), weight * 3.0))
                } else {
                    Box::new(TieredWordQuery::new(
                        *field,
                        word,
                        budget,
                        prefix,
                        tiers(*weight, budget, prefix),
                    ))
                };
                alternatives.push((Occur::Should, query));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
        }
        let facet_term = |facet: Facet, value: &str| {
            Term::from_facet(
                f.facets,
                &tantivy::schema::Facet::from_path([facet.as_str(), value]),
            )
        };
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
            let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for value in values {
                let q: Box<dyn Query> = if facet == Facet::When {
                    let today = days(query.today);
                    let (lower, upper) = if value == "upcoming" {
                        (Bound::Included(today), Bound::Unbounded)
                    } else {
                        (Bound::Unbounded, Bound::Excluded(today))
                    };
                    Box::new(date_range_query(f.date, lower, upper))
                } else {
                    Box::new(TermQuery::new(
                        facet_term(facet, value),
                        IndexRecordOption::Basic,
                    ))
                };
                any.push((Occur::Should, q));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if !query.include_people {
            let person = Term::from_field_text(f.kind, DocKind::Person.as_str());
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(person, IndexRecordOption::Basic)),
            ));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }
}

/// What a word scores in a field of `weight`: × 3 written exactly, × 1.5
/// begun (the last word), × 1 within its typo budget — added up, as a
/// word written exactly is also begun and within any budget of itself.
fn tiers(weight: f32, budget: u8, prefix: bool) -> Tiers {
    let typo = if budget > 0 { weight } else { 0.0 };
    let begun = if prefix { weight * 1.5 } else { 0.0 };
    Tiers {
        exact: weight * 3.0 + begun + typo,
        prefix: begun + typo,
        typo,
    }
}

/// Few segments: every fuzzy or prefix word walks the term dictionary of
/// each segment, and the dictionaries (communes, names) are nearly the same
/// in all of them, so a query costs about as many walks as there are
/// segments — tantivy's default (merge 8 segments of a level, levels ×1.7
/// apart) left 11 segments after a reindex of 100,000 documents and made
/// that walk 90 % of a search. Here a level spans ×8 and 3 segments of a
/// level are merged: at most a few segments, each document rewritten about
/// log₈(documents) times. Segments stop growing at
/// [`SEGMENT_MAX_DOCS`]: a large index stays in a few segments of similar
/// size, which a search walks on several cores at once (one segment of
/// 84 % of a million documents left the second core idle).
fn merge_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_level_log_size(3.0);
    policy.set_min_num_segments(3);
    policy.set_min_layer_size(5_000);
    policy.set_max_docs_before_merge(SEGMENT_MAX_DOCS);
    policy
}

/// Segments holding this many documents are no longer merged.
const SEGMENT_MAX_DOCS: usize = 200_000;

/// The first letters of a title, folded, as a number that sorts like them.
fn title_sort_key(title: &str) -> u64 {
    let folded = text::words(title).join(" ");
    let mut key = [0u8; 8];
    for (slot, byte) in key.iter_mut().zip(folded.bytes()) {
        *slot = byte;
    }
    u64::from_be_bytes(key)
}

fn date_range_query(field: Field, lower: Bound<i64>, upper: Bound<i64>) -> RangeQuery {
    let term = |v: i64| Term::from_field_i64(field, v);
    let map = |b: Bound<i64>| match b {
        Bound::Included(v) => Bound::Included(term(v)),
        Bound::Excluded(v) => Bound::Excluded(term(v)),
        Bound::Unbounded => Bound::Unbounded,
    };
    RangeQuery::new(map(lower), map(upper))
}

/// The (facet, value) pairs a document is counted under.
pub(crate) fn facet_values(doc: &SearchDocument) -> Vec<(Facet, String)> {
    let mut values = vec![(Facet::Type, doc.kind.as_str().to_owned())];
    let optional = [
        (Facet::Kind, &doc.org_kind),
        (Facet::Region, &doc.region_code),
        (Facet::Departement, &doc.departement_code),
    ];
    for (facet, value) in optional {
        if let Some(v) = value.as_ref().filter(|v| !v.is_empty()) {
            values.push((facet, v.clone()));
        }
    }
    values.extend(doc.stages.iter().map(|s| (Facet::Stage, s.clone())));
    values.extend(doc.tags.iter().map(|t| (Facet::Tag, t.clone())));
    values
}

#[async_trait::async_trait]
impl SearchEngine for EmbeddedEngine {
    fn name(&self) -> &'static str {
        "embedded"
    }

    fn consumer(&self) -> String {
        self.consumer.clone()
    }

    async fn upsert(&self, docs: Vec<SearchDocument>) -> Result<(), SearchError> {
        self.apply(docs, Vec::new()).await
    }

    /// One commit for the whole batch: a commit is the costly part.
    async fn apply(
        &self,
        upserts: Vec<SearchDocument>,
        deletes: Vec<String>,
    ) -> Result<(), SearchError> {
        let prepared: Vec<(String, TantivyDocument)> = upserts
            .iter()
            .map(|d| (d.id.clone(), self.document(d)))
            .collect();
        let id_field = self.fields.id;
        let engine = self.clone_handle();
        tokio::task::spawn_blocking(move || {
            engine.write(|writer| {
                for id in deletes {
                    writer.delete_term(Term::from_field_text(id_field, &id));
                }
                for (id, doc) in prepared {
                    writer.delete_term(Term::from_field_text(id_field, &id));
                    writer.add_document(doc)?;
                }
                Ok(())
            })
        })
        .await
        .map_err(index_error)?
    }

    async fn load(&self, docs: Vec<SearchDocument>) -> Result<(), SearchError> {
        let prepared: Vec<TantivyDocument> = docs.iter().map(|d| self.document(d)).collect();
        let engine = self.clone_handle();
        tokio::task::spawn_blocking(move || engine.add_loaded(prepared))
            .await
            .map_err(index_error)?
    }

    async fn flush(&self) -> Result<(), SearchError> {
        let engine = self.clone_handle();
        tokio::task::spawn_blocking(move || engine.write(|_| Ok(())))
            .await
            .map_err(index_error)?
    }

    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError> {
        let id_field = self.fields.id;
        let engine = self.clone_handle();
        tokio::task::spawn_blocking(move || {
            engine.write(|writer| {
                for id in ids {
                    writer.delete_term(Term::from_field_text(id_field, &id));
                }
                Ok(())
            })
        })
        .await
        .map_err(index_error)?
    }

    async fn clear(&self) -> Result<(), SearchError> {
        let engine = self.clone_handle();
        tokio::task::spawn_blocking(move || {
            engine.write(|writer| writer.delete_all_documents().map(|_| ()))
        })
        .await
        .map_err(index_error)?
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        let engine = self.clone_handle();
        let query = query.clone();
        tokio::task::spawn_blocking(move || engine.run(&query))
            .await
            .map_err(index_error)?
    }

    async fn count(&self) -> Result<u64, SearchError> {
        Ok(self.reader.searcher().num_docs())
    }
}

impl EmbeddedEngine {
    /// A handle sharing the same index, reader and writer (for blocking tasks).
    fn clone_handle(&self) -> EmbeddedEngine {
        EmbeddedEngine {
            index: self.index.clone(),
            reader: self.reader.clone(),
            writer: self.writer.clone(),
            fields: self.fields.clone(),
            facts: self.facts.clone(),
            loaded: self.loaded.clone(),
            rebuilt: self.rebuilt,
            consumer: self.consumer.clone(),
        }
    }

    /// Searches on the calling thread (benchmarks measure the engine alone).
    pub fn search_blocking(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        self.run(query)
    }

    /// The floor under [`Self::search_blocking`], for the benchmark: the same
    /// tantivy query, top `limit` by score alone — no count, no facets, no
    /// stored document read. Returns how many documents it ranked.
    pub fn floor_blocking(&self, query: &SearchQuery) -> Result<usize, SearchError> {
        let words = text::words(&query.text);
        let base = self.filtered_query(&words, query)?;
        let top = TopDocs::with_limit(query.limit.max(1)).and_offset(query.offset);
        let found = self
            .reader
            .searcher()
            .search(&base, &top)
            .map_err(index_error)?;
        Ok(found.len())
    }

    /// How many segments the index is made of (the benchmark reports it).
    pub fn segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Bytes held in memory for the hits' per-document facts (the
    /// benchmark reports it beside the process's resident memory).
    pub fn facts_bytes(&self) -> usize {
        self.facts.bytes()
    }

    /// Waits (up to `limit`) until background merges have settled: the
    /// number of segments seen by searches stays the same for a second.
    /// Benchmarks measure the index as it is once a reindex has settled.
    pub fn settle(&self, limit: std::time::Duration) -> usize {
        let started = std::time::Instant::now();
        let mut last = (self.segments(), std::time::Instant::now());
        while started.elapsed() < limit {
            std::thread::sleep(std::time::Duration::from_millis(200));
            let _ = self.reader.reload();
            let now = self.segments();
            if now != last.0 {
                last = (now, std::time::Instant::now());
            } else if last.1.elapsed() >= std::time::Duration::from_secs(1) {
                break;
            }
        }
        self.segments()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, FacetCollector};

    fn organisation(id: i32, title: &str, tags: &[&str]) -> SearchDocument {
        SearchDocument {
            id: SearchDocument::doc_id(DocKind::Organisation, id),
            kind: DocKind::Organisation,
            title: title.into(),
            acronym: None,
            commune: Some("Rennes".into()),
            region_code: Some("53".into()),
            departement_code: Some(if id % 2 == 0 { "35" } else { "22" }.into()),
            org_kind: Some("library".into()),
            stages: vec![],
            tags: tags.iter().map(|t| t.to_string()).collect(),
            description: String::new(),
            url: format!("/organisations/{id}"),
            date: None,
        }
    }

    /// The tiered word query replaced three constant-score queries (exact,
    /// prefix, within the typo budget) summed by a union: every document
    /// must get the score the three gave, for the last word and the others,
    /// and for every budget.
    #[tokio::test]
    async fn a_tiered_word_scores_what_its_three_queries_summed() {
        use tantivy::query::FuzzyTermQuery;
        let engine = EmbeddedEngine::open_in_ram().expect("index");
        let titles = [
            "Médiathèque Louise Michel",
            "Médiathèques du pays",
            "Mediatheque mediatheques",
            "Médiatèque de la Gare",
            "Médiathécaire",
            "Bibliothèque Michel Serres",
            "Michelle",
            "Mich",
            "Lecture publique",
            "Rennes Rennepont Bennecourt",
        ];
        let docs = titles
            .iter()
            .enumerate()
            .map(|(i, t)| organisation(i as i32, t, &[]))
            .collect();
        engine.upsert(docs).await.expect("upsert");
        let searcher = engine.reader.searcher();
        let (field, weight) = engine.fields.searchable[0];
        let scores = |query: &dyn Query| {
            let mut found: Vec<(u32, u32, f32)> = searcher
                .search(query, &TopDocs::with_limit(100))
                .expect("search")
                .into_iter()
                .map(|(score, address)| (address.segment_ord, address.doc_id, score))
                .collect();
            found.sort_by_key(|(segment, doc, _)| (*segment, *doc));
            found
        };
        let mut compared = 0;
        for word in [
            "mediatheque",
            "mediat",
            "michel",
            "mich",
            "renes",
            "lecture",
            "zzz",
        ] {
            for prefix in [true, false] {
                let budget = typo_budget(word);
                let term = Term::from_field_text(field, word);
                let scored = |q: Box<dyn Query>, score: f32| -> (Occur, Box<dyn Query>) {
                    (Occur::Should, Box::new(ConstScoreQuery::new(q, score)))
                };
                let mut three = vec![scored(
                    Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic)),
                    weight * 3.0,
                )];
                if prefix {
                    let begun = FuzzyTermQuery::new_prefix(term.clone(), 0, true);
                    three.push(scored(Box::new(begun), weight * 1.5));
                    if budget > 0 {
                        let typo = FuzzyTermQuery::new_prefix(term, budget, true);
                        three.push(scored(Box::new(typo), weight));
                    }
                } else if budget > 0 {
                    three.push(scored(
                        Box::new(FuzzyTermQuery::new(term, budget, true)),
                        weight,
                    ));
                }
                let expected = scores(&BooleanQuery::new(three));
                let tiered = TieredWordQuery::new(
                    field,
                    word,
                    budget,
                    prefix,
                    tiers(weight, budget, prefix),
                );
                assert_eq!(scores(&tiered), expected, "{word}, prefix {prefix}");
                compared += expected.len();
            }
        }
        assert!(compared > 20, "the words matched too little: {compared}");
    }

    /// The one-pass collector must page exactly as tantivy's `TopDocs`
    /// ranked by (score × title tightness, title key) did, and count as
    /// `Count` does: over several segments, with replaced documents, equal
    /// ranks, any offset, words searched or none.
    #[tokio::test]
    async fn the_gathered_page_is_tantivys_top_docs_by_the_same_rank() {
        use std::cmp::Reverse;
        use tantivy::{DocId, Score, SegmentReader};
        let engine = EmbeddedEngine::open_in_ram().expect("index");
        // Several segments, as a large index has.
        engine
            .writer
            .lock()
            .expect("writer")
            .set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        let titles = [
            "Médiathèque",
            "Médiathèque de Rennes",
            "Médiathèque Louise Michel",
            "Bibliothèque",
            "Médiathèques du pays de Vitré",
            "Espace numérique",
        ];
        for batch in 0..4 {
            let docs = (0..15)
                .map(|i| {
                    // The last batch replaces documents of the first ones.
                    let id = if batch == 3 { i * 3 } else { batch * 15 + i };
                    let title = titles[(id as usize * 7 + batch as usize) % titles.len()];
                    organisation(id, title, &[])
                })
                .collect();
            engine.upsert(docs).await.expect("upsert");
        }
        let searcher = engine.reader.searcher();
        assert!(searcher.segment_readers().len() > 1, "one segment only");
        let mut compared = 0;
        for text in ["mediatheque", "med", "michel", ""] {
            let query = SearchQuery {
                text: text.into(),
                filters: vec![],
                include_people: true,
                today: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
                limit: 7,
                offset: 0,
                facets: true,
            };
            let words = text::words(text);
            let with_text = !words.is_empty();
            let base = engine.filtered_query(&words, &query).expect("query");
            for offset in [0, 5, 20, 60] {
                let top = TopDocs::with_limit(7).and_offset(offset).tweak_score(
                    move |segment: &SegmentReader| {
                        let keys = segment.fast_fields().u64("sort_key").expect("keys");
                        let lengths = segment.fast_fields().u64("title_length").expect("lengths");
                        move |doc: DocId, score: Score| {
                            let length = lengths.first(doc).unwrap_or(1).max(1);
                            let factor = if with_text {
                                1.0 + 0.5 / length as f32
                            } else {
                                1.0
                            };
                            (score * factor, Reverse(keys.first(doc).unwrap_or(u64::MAX)))
                        }
                    },
                );
                let (expected, count) = searcher.search(&base, &(top, Count)).expect("top docs");
                let gather = Gather {
                    facts: engine.facts.clone(),
                    limit: 7,
                    offset,
                    with_text,
                    facets: false,
                    today: days(query.today),
                };
                let found = searcher.search(&base, &gather).expect("gather");
                let expected: Vec<_> = expected
                    .into_iter()
                    .map(|((score, _), address)| (score, address))
                    .collect();
                assert_eq!(found.page, expected, "{text:?} from {offset}");
                assert_eq!(found.total, count, "{text:?}");
                compared += expected.len();
            }
        }
        assert!(compared > 40, "the queries matched too little: {compared}");
    }

    /// The tally reads facet ordinals itself: it must count exactly what
    /// tantivy's own facet collector counts, over several segments and with
    /// a value repeated on one document.
    #[tokio::test]
    async fn facet_counts_are_those_of_tantivys_facet_collector() {
        let engine = EmbeddedEngine::open_in_ram().expect("index");
        for batch in 0..3 {
            let docs = (0..10)
                .map(|i| {
                    let id = batch * 10 + i;
                    let tags: &[&str] = match i % 3 {
                        0 => &["lecture", "lecture"],
                        1 => &["numerique", "lecture"],
                        _ => &[],
                    };
                    organisation(id, &format!("Médiathèque {id}"), tags)
                })
                .collect();
            engine.upsert(docs).await.expect("upsert");
        }
        let query = SearchQuery {
            text: "mediatheque".into(),
            filters: vec![],
            include_people: true,
            today: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
            limit: 5,
            offset: 0,
            facets: true,
        };
        let results = engine.search(&query).await.expect("search");
        assert_eq!(results.total, 30);

        let searcher = engine.reader.searcher();
        let mut collector = FacetCollector::for_field("facets");
        for facet in [
            Facet::Type,
            Facet::Kind,
            Facet::Region,
            Facet::Departement,
            Facet::Tag,
        ] {
            collector.add_facet(tantivy::schema::Facet::from_path([facet.as_str()]));
        }
        let words = text::words(&query.text);
        let base = engine.filtered_query(&words, &query).expect("query");
        let expected = searcher.search(&base, &collector).expect("facets");
        for counts in &results.facets {
            if counts.facet == Facet::When {
                continue;
            }
            let root = tantivy::schema::Facet::from_path([counts.facet.as_str()]);
            let mut want: Vec<(String, u64)> = expected
                .get(root)
                .filter_map(|(value, n)| value.to_path().get(1).map(|v| ((*v).to_owned(), n)))
                .collect();
            sort_facet_values(&mut want);
            assert_eq!(counts.values, want, "{:?}", counts.facet);
        }
        let tags = results
            .facets
            .iter()
            .find(|f| f.facet == Facet::Tag)
            .expect("tags");
        assert_eq!(
            tags.values,
            vec![("lecture".to_owned(), 21), ("numerique".to_owned(), 9)]
        );
    }
}
