//! Spreadsheets and public datasets in: organisations and people from CSV
//! (any encoding and separator French exports use) or from JSON arrays
//! such as the "lieux de médiation numérique" files.
//!
//! A file is first opened ([`source::open`]: encoding, separator,
//! headers), its columns mapped to fields ([`columns::guess`], then
//! corrected by the volunteer), and read row by row ([`run`]): each row is
//! checked, matched against what is stored and what came before in the
//! file ([`matching`]), and either reported (dry run) or written. Writing
//! happens in one transaction: a row in error stops the writing, every
//! other error is still reported, and nothing is kept — unless the
//! volunteer chose to leave the rows in error out.

pub mod columns;
pub mod jobs;
pub mod matching;
pub mod mediation;
pub mod rows;
mod run;
pub mod source;
mod write;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub use columns::Field;
pub use matching::{Known, Reason};
pub use rows::Defaults;
pub use run::{check, commit, write_open};
pub use source::{Shape, Table};

use crate::web::Locale;
use crate::web::i18n::arg;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    Organisations,
    People,
}

impl Target {
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Organisations => "organisations",
            Target::People => "people",
        }
    }

    pub fn parse(text: &str) -> Option<Target> {
        match text {
            "organisations" => Some(Target::Organisations),
            "people" => Some(Target::People),
            _ => None,
        }
    }
}

/// What becomes of a row that looks like a record already known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DuplicateChoice {
    /// Leave it out.
    Skip,
    /// Complete the known record with the row's values.
    Merge,
    /// Store it as a record of its own.
    Create,
}

impl DuplicateChoice {
    pub const ALL: [DuplicateChoice; 3] = [
        DuplicateChoice::Skip,
        DuplicateChoice::Merge,
        DuplicateChoice::Create,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DuplicateChoice::Skip => "skip",
            DuplicateChoice::Merge => "merge",
            DuplicateChoice::Create => "create",
        }
    }

    pub fn parse(text: &str) -> Option<DuplicateChoice> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }

    pub fn label_key(self) -> String {
        format!("import-choice-{}", self.as_str())
    }
}

/// Everything decided before the rows are read (kept with a web import
/// job as JSON).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Plan {
    pub target: Target,
    /// One entry per column: the field it fills, if any.
    pub mapping: Vec<Option<Field>>,
    pub defaults: Defaults,
    pub duplicates: DuplicateChoice,
    /// Choices for single rows (by line), over `duplicates`.
    pub choices: HashMap<u64, DuplicateChoice>,
    /// Fields of a merged row whose value replaces the known one, by line
    /// (a merge otherwise only fills what the known record leaves empty).
    pub take_from_row: HashMap<u64, Vec<String>>,
    /// Write the good rows and leave the rows in error out.
    pub skip_errors: bool,
    pub actor: Option<i32>,
}

impl Plan {
    fn choice(&self, line: u64) -> DuplicateChoice {
        self.choices.get(&line).copied().unwrap_or(self.duplicates)
    }
}

/// A problem with a file or one of its rows, translated when shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Line of the file (element number for JSON); none for the whole file.
    pub line: Option<u64>,
    /// Header of the column, when one is at fault.
    pub column: String,
    /// Translation key of the message (owned once read back from a stored
    /// report).
    pub key: Cow<'static, str>,
    /// The value at fault, or another detail.
    pub detail: String,
}

impl Problem {
    pub fn file(key: &'static str, detail: impl fmt::Display) -> Self {
        Problem {
            line: None,
            column: String::new(),
            key: Cow::Borrowed(key),
            detail: detail.to_string(),
        }
    }

    pub fn row(line: u64, column: &str, key: &'static str, detail: impl fmt::Display) -> Self {
        Problem {
            line: Some(line),
            column: column.to_owned(),
            key: Cow::Borrowed(key),
            detail: detail.to_string(),
        }
    }

    /// The reason alone ("adresse e-mail invalide : « x »").
    pub fn reason(&self, locale: Locale) -> String {
        locale.t_args(&self.key, &[arg("detail", self.detail.clone())])
    }

    /// The whole message, with the line and column.
    pub fn message(&self, locale: Locale) -> String {
        let reason = self.reason(locale);
        match (self.line, self.column.is_empty()) {
            (None, _) => reason,
            (Some(line), true) => locale.t_args(
                "import-at-line",
                &[arg("line", line), arg("reason", reason)],
            ),
            (Some(line), false) => locale.t_args(
                "import-at-line-column",
                &[
                    arg("line", line),
                    arg("column", self.column.clone()),
                    arg("reason", reason),
                ],
            ),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Locale::Fr))
    }
}

/// What was (or would be) done with a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Action {
    Create,
    Update(i32),
    Unchanged(i32),
    Duplicate {
        of: Known,
        of_label: String,
        reason: Reason,
        choice: DuplicateChoice,
    },
    Error,
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowReport {
    pub line: u64,
    pub label: String,
    pub action: Action,
    /// Errors, or warnings for a row that is still taken.
    pub problems: Vec<Problem>,
    /// Where a row merged into a known record says something else: the
    /// known value is kept unless the volunteer takes the row's.
    pub disagreements: Vec<Disagreement>,
}

/// A field on which the known record and the row disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disagreement {
    /// The form field's name (`commune`, `website`…).
    pub field: Cow<'static, str>,
    pub known: String,
    pub row: String,
    /// Whether the row's value was taken (the volunteer asked for it).
    pub taken: bool,
}

/// Rows described one by one in a report, beyond which only counts grow.
pub const DETAILED_ROWS: usize = 2_000;
/// Rows to create described in a report, as a sample.
const SAMPLE_CREATES: usize = 20;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub rows: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub duplicates: u64,
    pub errors: u64,
    pub warnings: u64,
    /// Whether the rows were written (a commit without errors, or with
    /// errors left out by choice).
    pub written: bool,
    pub details: Vec<RowReport>,
    sampled_creates: usize,
    /// Organisation rows linked to a reference commune (see `geo`)…
    #[serde(default)]
    pub communes_linked: u64,
    /// …and those not linked, by reason (`no_commune`, `unknown_code`,
    /// `no_match`, `ambiguous`, `not_loaded`), with a few of their lines.
    #[serde(default)]
    pub communes_not_linked: u64,
    #[serde(default)]
    pub not_linked: std::collections::BTreeMap<String, NotLinked>,
}

/// Rows not linked to a commune for one reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotLinked {
    pub rows: u64,
    /// The first lines, to look at.
    pub lines: Vec<u64>,
}

/// Lines kept per reason a row was not linked to a commune.
const NOT_LINKED_LINES: usize = 10;

impl Report {
    /// Notes whether a row was linked to a reference commune.
    fn commune_link(&mut self, line: u64, outcome: Result<(), crate::geo::store::Unlinked>) {
        match outcome {
            Ok(()) => self.communes_linked += 1,
            Err(reason) => {
                self.communes_not_linked += 1;
                let entry = self
                    .not_linked
                    .entry(reason.as_str().to_owned())
                    .or_default();
                entry.rows += 1;
                if entry.lines.len() < NOT_LINKED_LINES {
                    entry.lines.push(line);
                }
            }
        }
    }

    /// "1 234 rows linked to their commune, 56 not: …" in `locale`.
    pub fn communes_summary(&self, locale: Locale) -> Option<String> {
        if self.communes_linked + self.communes_not_linked == 0 {
            return None;
        }
        let reasons: Vec<String> = self
            .not_linked
            .iter()
            .map(|(reason, n)| {
                locale.t_args(
                    "import-communes-reason",
                    &[
                        arg(
                            "reason",
                            locale.t(&format!("import-communes-{}", reason.replace('_', "-"))),
                        ),
                        arg("rows", n.rows),
                        arg(
                            "lines",
                            n.lines
                                .iter()
                                .map(u64::to_string)
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                    ],
                )
            })
            .collect();
        let summary = locale.t_args(
            "import-communes-summary",
            &[
                arg("linked", self.communes_linked),
                arg("not_linked", self.communes_not_linked),
            ],
        );
        Some(if reasons.is_empty() {
            summary
        } else {
            locale.t_args(
                "import-communes-reasons",
                &[arg("summary", summary), arg("reasons", reasons.join(" ; "))],
            )
        })
    }
}

impl Report {
    fn add(&mut self, row: RowReport) {
        match &row.action {
            Action::Create => self.created += 1,
            Action::Update(_) => self.updated += 1,
            Action::Unchanged(_) => self.unchanged += 1,
            Action::Duplicate { .. } => self.duplicates += 1,
            Action::Error => self.errors += 1,
        }
        if !row.problems.is_empty() && row.action != Action::Error {
            self.warnings += 1;
        }
        let keep = match row.action {
            Action::Create if row.problems.is_empty() => {
                self.sampled_creates += 1;
                self.sampled_creates <= SAMPLE_CREATES
            }
            Action::Unchanged(_) => false,
            _ => true,
        };
        if keep && self.details.len() < DETAILED_ROWS {
            self.details.push(row);
        }
    }

    /// One line: "12 créations, 3 mises à jour…".
    pub fn summary(&self, locale: Locale) -> String {
        locale.t_args(
            "import-summary",
            &[
                arg("rows", self.rows),
                arg("created", self.created),
                arg("updated", self.updated),
                arg("unchanged", self.unchanged),
                arg("duplicates", self.duplicates),
                arg("errors", self.errors),
            ],
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    File(Problem),
    #[error("base de données : {0}")]
    Database(#[from] sea_orm::DbErr),
}

impl From<Problem> for ImportError {
    fn from(problem: Problem) -> Self {
        ImportError::File(problem)
    }
}

/// Lower case without accents or punctuation, words single-spaced: how
/// names are compared ("Médiathèque  Jean-Macé" = "MEDIATHEQUE JEAN MACE").
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
