//! One query word against one text field, scored by how well the field
//! matches it: the word itself, a word it begins (the last word, being
//! typed), or a word within its typo budget.
//!
//! The same answers as the three queries it replaces — a term query, a
//! prefix query and a fuzzy query, each with a constant score, summed by a
//! union — with one walk of the term dictionary instead of two, each
//! posting list read once instead of up to three times, and one scorer in
//! the word's union instead of three. The tiers nest (the word itself also
//! begins itself and is within any budget of itself), so a document's
//! score is that of its best term: the sum the union gave.

use std::sync::{Arc, OnceLock};

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError};
use tantivy_fst::Automaton;

/// The score of a document whose best term is the word itself, a word it
/// begins, or a word within the typo budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tiers {
    pub exact: Score,
    pub prefix: Score,
    pub typo: Score,
}

/// `word` in `field`: exactly, as a prefix when `prefix` (the last word),
/// and within `budget` typos (of a prefix, for the last word).
#[derive(Debug, Clone)]
pub struct TieredWordQuery {
    field: Field,
    word: String,
    budget: u8,
    prefix: bool,
    tiers: Tiers,
}

impl TieredWordQuery {
    pub fn new(field: Field, word: &str, budget: u8, prefix: bool, tiers: Tiers) -> Self {
        TieredWordQuery {
            field,
            word: word.to_owned(),
            budget,
            prefix,
            tiers,
        }
    }
}

impl Query for TieredWordQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let budget = self.budget.min(2);
        let typos = (budget > 0).then(|| {
            let builder = builder(budget);
            let dfa = if self.prefix {
                builder.build_prefix_dfa(&self.word)
            } else {
                builder.build_dfa(&self.word)
            };
            Arc::new(Dfa(dfa))
        });
        Ok(Box::new(TieredWeight {
            query: self.clone(),
            typos,
        }))
    }
}

/// Building a Levenshtein automaton builder is costly: one per budget,
/// kept (transpositions count as one typo, as in tantivy's fuzzy query).
fn builder(budget: u8) -> &'static LevenshteinAutomatonBuilder {
    static BUILDERS: [OnceLock<LevenshteinAutomatonBuilder>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    BUILDERS[usize::from(budget)].get_or_init(|| LevenshteinAutomatonBuilder::new(budget, true))
}

/// The walk's automaton: the typo automaton when there is a budget, else
/// the word as a prefix (the last word), else the word alone.
struct Walk<'a> {
    typos: Option<&'a Dfa>,
    word: &'a [u8],
    prefix: bool,
}

impl Automaton for Walk<'_> {
    /// The typo automaton's state, or how many bytes of the word matched
    /// (`u32::MAX`: none can match any more).
    type State = u32;

    fn start(&self) -> u32 {
        match self.typos {
            Some(dfa) => dfa.0.initial_state(),
            None => 0,
        }
    }

    fn is_match(&self, state: &u32) -> bool {
        match self.typos {
            Some(dfa) => matches!(dfa.0.distance(*state), Distance::Exact(_)),
            None => {
                *state != u32::MAX
                    && (*state as usize == self.word.len()
                        || (self.prefix && *state as usize > self.word.len()))
            }
        }
    }

    fn can_match(&self, state: &u32) -> bool {
        match self.typos {
            Some(_) => *state != SINK_STATE,
            None => *state != u32::MAX,
        }
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        match self.typos {
            Some(dfa) => dfa.0.transition(*state, byte),
            None => {
                let at = *state as usize;
                if *state == u32::MAX {
                    u32::MAX
                } else if at < self.word.len() {
                    if self.word[at] == byte {
                        *state + 1
                    } else {
                        u32::MAX
                    }
                } else if self.prefix {
                    // Past the word: any continuation, counted no further.
                    (self.word.len() + 1) as u32
                } else {
                    u32::MAX
                }
            }
        }
    }
}

struct Dfa(DFA);

struct TieredWeight {
    query: TieredWordQuery,
    typos: Option<Arc<Dfa>>,
}

impl TieredWeight {
    /// The tier of a term the walk accepted.
    fn tier_of(&self, term: &[u8]) -> Tier {
        let word = self.query.word.as_bytes();
        if term == word {
            Tier::Exact
        } else if self.query.prefix && term.starts_with(word) {
            Tier::Prefix
        } else {
            Tier::Typo
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Typo,
    Prefix,
    Exact,
}

impl Weight for TieredWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let index = reader.inverted_index(self.query.field)?;
        let walk = Walk {
            typos: self.typos.as_deref(),
            word: self.query.word.as_bytes(),
            prefix: self.query.prefix,
        };
        let mut terms = index.terms().search(walk).into_stream()?;
        let max_doc = reader.max_doc();
        let mut sets: Option<TierSets> = None;
        while terms.advance() {
            let tier = self.tier_of(terms.key());
            let sets = sets.get_or_insert_with(|| TierSets::new(max_doc));
            let mut postings =
                index.read_block_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
            loop {
                let docs = postings.docs();
                if docs.is_empty() {
                    break;
                }
                for &doc in docs {
                    sets.insert(doc, tier);
                }
                postings.advance();
            }
        }
        let Some(sets) = sets else {
            return Ok(Box::new(EmptyScorer));
        };
        let tiers = self.query.tiers;
        let mut scorer = TieredScorer {
            size: sets.any.iter().map(|w| w.count_ones()).sum(),
            sets,
            scores: [
                tiers.typo * boost,
                tiers.prefix * boost,
                tiers.exact * boost,
            ],
            doc: 0,
            max_doc,
        };
        // A docset starts on its first document.
        if !scorer.sets.any(0) {
            scorer.advance();
        }
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("TieredWordQuery", scorer.score()))
        } else {
            Err(TantivyError::InvalidArgument(
                "the document does not match".to_owned(),
            ))
        }
    }
}

/// Which documents have a term of each tier or better, one bit each.
struct TierSets {
    any: Vec<u64>,
    prefix_or_better: Vec<u64>,
    exact: Vec<u64>,
}

impl TierSets {
    fn new(max_doc: DocId) -> Self {
        let words = (max_doc as usize).div_ceil(64);
        TierSets {
            any: vec![0; words],
            prefix_or_better: vec![0; words],
            exact: vec![0; words],
        }
    }

    fn insert(&mut self, doc: DocId, tier: Tier) {
        let (word, bit) = ((doc / 64) as usize, 1u64 << (doc % 64));
        self.any[word] |= bit;
        if tier >= Tier::Prefix {
            self.prefix_or_better[word] |= bit;
        }
        if tier == Tier::Exact {
            self.exact[word] |= bit;
        }
    }

    fn has(set: &[u64], doc: DocId) -> bool {
        set.get((doc / 64) as usize)
            .is_some_and(|w| w & (1u64 << (doc % 64)) != 0)
    }

    fn any(&self, doc: DocId) -> bool {
        Self::has(&self.any, doc)
    }

    /// The first document at or after `from` with any term, or TERMINATED.
    fn next_from(&self, from: DocId) -> DocId {
        let mut word = (from / 64) as usize;
        let Some(first) = self.any.get(word) else {
            return TERMINATED;
        };
        let masked = first & (u64::MAX << (from % 64));
        if masked != 0 {
            return word as DocId * 64 + masked.trailing_zeros();
        }
        word += 1;
        while let Some(bits) = self.any.get(word) {
            if *bits != 0 {
                return word as DocId * 64 + bits.trailing_zeros();
            }
            word += 1;
        }
        TERMINATED
    }
}

struct TieredScorer {
    sets: TierSets,
    /// How many documents it holds.
    size: u32,
    /// Typo, prefix, exact.
    scores: [Score; 3],
    doc: DocId,
    max_doc: DocId,
}

impl DocSet for TieredScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.doc = self.sets.next_from(self.doc + 1);
        if self.doc >= self.max_doc {
            self.doc = TERMINATED;
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc == TERMINATED || target <= self.doc {
            return self.doc;
        }
        self.doc = self.sets.next_from(target);
        if self.doc >= self.max_doc {
            self.doc = TERMINATED;
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.size
    }
}

impl Scorer for TieredScorer {
    fn score(&mut self) -> Score {
        if TierSets::has(&self.sets.exact, self.doc) {
            self.scores[2]
        } else if TierSets::has(&self.sets.prefix_or_better, self.doc) {
            self.scores[1]
        } else {
            self.scores[0]
        }
    }
}
