//! One pass over the hits of a search: the exact count, the facet counts
//! and the page's documents, reading per-document facts from plain arrays.
//!
//! A query matching a fifth of a large directory has 200,000 hits, and the
//! search visits every one of them (the floor — top 20 by score alone —
//! does too, but does nothing with most). Read from tantivy's columns, the
//! title tie-break (two fast fields) and the facet values (a multi-valued
//! column) cost some 55 ns a hit: more than the query itself. A segment
//! never changes, so what a hit needs is decoded once per segment, when the
//! reader first sees it ([`SegmentFactsCache`] is a tantivy warmer), into
//! arrays a hit reads in a few nanoseconds: about 16 bytes a document,
//! 16 MB for a million.

use std::cmp::{Ordering, Reverse};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector, TopNComputer};
use tantivy::index::SegmentId;
use tantivy::{
    DocAddress, DocId, Score, Searcher, SearcherGeneration, SegmentOrdinal, SegmentReader, Warmer,
};

use super::Facet;

/// Separates the levels of a facet path in tantivy's encoding.
const FACET_SEP_BYTE: u8 = 0;

/// What a search reads of each document of one segment.
pub(super) struct SegmentFacts {
    /// The rank factor of a title of so many words (a tighter title ranks
    /// a little higher).
    tightness: Vec<f32>,
    /// The first letters of the title, folded: equal scores sort by title.
    sort_key: Vec<u64>,
    /// Per document, its combination of counted facet values. Documents
    /// share a few thousand combinations (kind × département × tags…), so a
    /// hit costs one increment, not one per value; the values of each
    /// counted combination are added up once, at the end.
    combination: Vec<u32>,
    /// The values of combination `c` are `values[starts[c]..starts[c + 1]]`,
    /// indexes into `names`.
    starts: Vec<u32>,
    values: Vec<u32>,
    names: Vec<(Facet, String)>,
    /// Which documents have a date (events), one bit each, and their day:
    /// upcoming and past are counted in the same pass.
    dated: Vec<u64>,
    dates: Vec<(DocId, i64)>,
}

/// The rank factor of a title of `words` words.
fn title_tightness(words: u64) -> f32 {
    1.0 + 0.5 / words.max(1) as f32
}

impl SegmentFacts {
    fn read(segment: &SegmentReader) -> tantivy::Result<SegmentFacts> {
        let max_doc = segment.max_doc();
        let fast = segment.fast_fields();
        let keys = fast.u64("sort_key")?;
        let lengths = fast.u64("title_length")?;
        let days = fast.i64("date")?;
        let mut dated = vec![0; (max_doc as usize).div_ceil(64)];
        let mut dates = Vec::new();
        for doc in 0..max_doc {
            if let Some(day) = days.first(doc) {
                if let Some(bits) = dated.get_mut(doc as usize / 64) {
                    *bits |= 1u64 << (doc % 64);
                }
                dates.push((doc, day));
            }
        }
        let sort_key = (0..max_doc)
            .map(|doc| keys.first(doc).unwrap_or(u64::MAX))
            .collect();
        let tightness = (0..max_doc)
            .map(|doc| title_tightness(lengths.first(doc).unwrap_or(1)))
            .collect();

        // Facet ordinals of the segment's dictionary → the counted values
        // (two levels, `/kind/library`; upcoming/past are counted by query).
        let facets = segment.facet_reader("facets")?;
        let dictionary = facets.facet_dict();
        let mut slot_of = vec![u32::MAX; dictionary.num_terms()];
        let mut names = Vec::new();
        let mut terms = dictionary.stream()?;
        while terms.advance() {
            let key = String::from_utf8_lossy(terms.key());
            let mut path = key.split(char::from(FACET_SEP_BYTE));
            if let (Some(root), Some(value), None) = (path.next(), path.next(), path.next())
                && let Some(facet) = Facet::parse(root).filter(|f| *f != Facet::When)
                && let Some(slot) = slot_of.get_mut(terms.term_ord() as usize)
            {
                *slot = names.len() as u32;
                names.push((facet, value.to_owned()));
            }
        }
        let mut combinations: HashMap<Vec<u32>, u32> = HashMap::new();
        let (mut starts, mut values) = (vec![0], Vec::new());
        let mut combination = Vec::with_capacity(max_doc as usize);
        let mut current = Vec::new();
        for doc in 0..max_doc {
            // A value present twice on a document counts once (ordinals of
            // a document come sorted), as with tantivy's facet collector.
            current.clear();
            let mut previous = u64::MAX;
            for ord in facets.facet_ords(doc) {
                if ord != previous
                    && let Some(&slot) = slot_of.get(ord as usize)
                    && slot != u32::MAX
                {
                    current.push(slot);
                }
                previous = ord;
            }
            let next = combinations.len() as u32;
            let id = *combinations.entry(current.clone()).or_insert_with(|| {
                values.extend_from_slice(&current);
                starts.push(values.len() as u32);
                next
            });
            combination.push(id);
        }
        Ok(SegmentFacts {
            tightness,
            sort_key,
            combination,
            starts,
            values,
            names,
            dated,
            dates,
        })
    }

    /// The day of a dated document.
    fn day_of(&self, doc: DocId) -> Option<i64> {
        let dated = self
            .dated
            .get(doc as usize / 64)
            .is_some_and(|bits| bits & (1u64 << (doc % 64)) != 0);
        if !dated {
            return None;
        }
        let at = self.dates.binary_search_by_key(&doc, |(d, _)| *d).ok()?;
        self.dates.get(at).map(|(_, day)| *day)
    }

    /// The counted values of a combination.
    fn values_of(&self, combination: usize) -> &[u32] {
        match (
            self.starts.get(combination),
            self.starts.get(combination + 1),
        ) {
            (Some(&start), Some(&end)) => self
                .values
                .get(start as usize..end as usize)
                .unwrap_or_default(),
            _ => &[],
        }
    }

    /// How many hits each facet value has, from how many each combination has.
    fn value_counts(&self, per_combination: &[u64]) -> Vec<((Facet, String), u64)> {
        let mut per_value = vec![0; self.names.len()];
        for (combination, &count) in per_combination.iter().enumerate() {
            if count > 0 {
                for &slot in self.values_of(combination) {
                    if let Some(total) = per_value.get_mut(slot as usize) {
                        *total += count;
                    }
                }
            }
        }
        per_value
            .iter()
            .zip(self.names.iter())
            .filter(|(count, _)| **count > 0)
            .map(|(count, name)| (name.clone(), *count))
            .collect()
    }

    fn bytes(&self) -> usize {
        self.tightness.len() * 4
            + self.sort_key.len() * 8
            + (self.combination.len() + self.starts.len() + self.values.len()) * 4
            + self.dated.len() * 8
            + self.dates.len() * 16
    }
}

/// The facts of the segments searches see, by segment. As a warmer it reads
/// a segment's facts when a reader reload first shows it (after a commit or
/// a merge, before any search sees the segment) and forgets segments no
/// searcher holds. Reading them takes about 0.3 s per million documents.
#[derive(Default)]
pub(super) struct SegmentFactsCache {
    segments: Mutex<HashMap<SegmentId, Arc<SegmentFacts>>>,
}

impl SegmentFactsCache {
    fn get(&self, segment: &SegmentReader) -> tantivy::Result<Arc<SegmentFacts>> {
        let id = segment.segment_id();
        if let Some(facts) = self.segments.lock().ok().and_then(|s| s.get(&id).cloned()) {
            return Ok(facts);
        }
        let facts = Arc::new(SegmentFacts::read(segment)?);
        if let Ok(mut segments) = self.segments.lock() {
            segments.insert(id, facts.clone());
        }
        Ok(facts)
    }

    /// Bytes held, for the benchmark's account of memory.
    pub(super) fn bytes(&self) -> usize {
        self.segments
            .lock()
            .map(|s| s.values().map(|f| f.bytes()).sum())
            .unwrap_or(0)
    }
}

impl Warmer for SegmentFactsCache {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        for segment in searcher.segment_readers() {
            // A segment that cannot be read now is read by the search that
            // needs it (and fails there, with the reason).
            if let Err(e) = self.get(segment) {
                tracing::warn!(error = %e, "search: reading a segment's facts");
            }
        }
        Ok(())
    }

    fn garbage_collect(&self, live: &[&SearcherGeneration]) {
        let alive: HashSet<SegmentId> = live
            .iter()
            .flat_map(|generation| generation.segments().keys().copied())
            .collect();
        if let Ok(mut segments) = self.segments.lock() {
            segments.retain(|id, _| alive.contains(id));
        }
    }
}

/// How a hit ranks: its score (times the title's tightness when words were
/// searched), then its title, A before Z.
type Rank = (Score, Reverse<u64>);

/// Collects, in one pass, what a results page shows.
pub(super) struct Gather {
    pub facts: Arc<SegmentFactsCache>,
    pub limit: usize,
    pub offset: usize,
    /// Words were searched: tighter titles rank higher.
    pub with_text: bool,
    /// Count the facet values (the record picker shows none).
    pub facets: bool,
    /// Today, as the index's day number: dated hits on or after it are
    /// upcoming, the others past.
    pub today: i64,
}

/// What [`Gather`] found.
pub(super) struct Gathered {
    pub total: usize,
    /// The page, best first: (score, where the document is).
    pub page: Vec<(Score, DocAddress)>,
    /// Per facet, (value, count) in no particular order.
    pub facets: HashMap<Facet, Vec<(String, u64)>>,
    /// Dated hits from today on, and before (counted with the facets).
    pub upcoming: u64,
    pub past: u64,
}

pub(super) struct SegmentGather {
    facts: Arc<SegmentFacts>,
    segment: SegmentOrdinal,
    with_text: bool,
    today: i64,
    total: usize,
    counts: Option<Vec<u64>>,
    upcoming: u64,
    past: u64,
    top: TopNComputer<Rank, DocId, true>,
}

pub(super) struct SegmentGathered {
    total: usize,
    top: Vec<(Rank, DocAddress)>,
    facets: Vec<((Facet, String), u64)>,
    upcoming: u64,
    past: u64,
}

impl Collector for Gather {
    type Fruit = Gathered;
    type Child = SegmentGather;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentGather> {
        let facts = self.facts.get(reader)?;
        Ok(SegmentGather {
            counts: self.facets.then(|| vec![0; facts.starts.len() - 1]),
            facts,
            segment,
            with_text: self.with_text,
            today: self.today,
            total: 0,
            upcoming: 0,
            past: 0,
            top: TopNComputer::new((self.offset + self.limit).max(1)),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<SegmentGathered>) -> tantivy::Result<Gathered> {
        let (mut total, mut upcoming, mut past) = (0, 0, 0);
        let mut top = Vec::new();
        let mut counts: HashMap<(Facet, String), u64> = HashMap::new();
        for segment in segments {
            total += segment.total;
            upcoming += segment.upcoming;
            past += segment.past;
            top.extend(segment.top);
            for (name, count) in segment.facets {
                *counts.entry(name).or_default() += count;
            }
        }
        // Best rank first; equal ranks in index order, as tantivy's TopDocs.
        top.sort_by(|(a, at), (b, bt)| {
            b.partial_cmp(a)
                .unwrap_or(Ordering::Equal)
                .then_with(|| at.cmp(bt))
        });
        let page = top
            .into_iter()
            .skip(self.offset)
            .take(self.limit)
            .map(|((score, _), address)| (score, address))
            .collect();
        let mut facets: HashMap<Facet, Vec<(String, u64)>> = HashMap::new();
        for ((facet, value), count) in counts {
            facets.entry(facet).or_default().push((value, count));
        }
        Ok(Gathered {
            total,
            page,
            facets,
            upcoming,
            past,
        })
    }
}

impl SegmentCollector for SegmentGather {
    type Fruit = SegmentGathered;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.total += 1;
        let index = doc as usize;
        if let Some(counts) = self.counts.as_mut()
            && let Some(&combination) = self.facts.combination.get(index)
            && let Some(count) = counts.get_mut(combination as usize)
        {
            *count += 1;
            if let Some(day) = self.facts.day_of(doc) {
                if day >= self.today {
                    self.upcoming += 1;
                } else {
                    self.past += 1;
                }
            }
        }
        let rank = if self.with_text {
            score * self.facts.tightness.get(index).copied().unwrap_or(1.5)
        } else {
            score
        };
        let key = self.facts.sort_key.get(index).copied().unwrap_or(u64::MAX);
        self.top.push((rank, Reverse(key)), doc);
    }

    fn harvest(self) -> SegmentGathered {
        let segment = self.segment;
        let top = self
            .top
            .into_vec()
            .into_iter()
            .map(|found| (found.feature, DocAddress::new(segment, found.doc)))
            .collect();
        let facets = match self.counts {
            Some(counts) => self.facts.value_counts(&counts),
            None => Vec::new(),
        };
        SegmentGathered {
            total: self.total,
            top,
            facets,
            upcoming: self.upcoming,
            past: self.past,
        }
    }
}
