//! Translations: every visible string goes through Fluent files in
//! `locales/<lang>/main.ftl`, embedded in the binary. French is the default
//! and the fallback; a key missing from a language is a test failure
//! (see the `i18n` tests), and shows as the key itself at run time.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{LazyLock, Mutex};

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static FR: LanguageIdentifier = langid!("fr");
static EN: LanguageIdentifier = langid!("en");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    Fr,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Fr, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        match code.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("fr") => Some(Locale::Fr),
            Some("en") => Some(Locale::En),
            _ => None,
        }
    }

    /// First supported language of an `Accept-Language` header, by weight.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut tags: Vec<(f32, &str)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let weight = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((weight, tag))
            })
            .collect();
        tags.sort_by(|a, b| b.0.total_cmp(&a.0));
        tags.into_iter().find_map(|(_, tag)| Locale::from_code(tag))
    }

    fn langid(self) -> &'static LanguageIdentifier {
        match self {
            Locale::Fr => &FR,
            Locale::En => &EN,
        }
    }

    /// The translation of `key`, or the key itself when it is missing.
    pub fn t(self, key: &str) -> String {
        self.note_if_missing(key);
        LOCALES
            .try_lookup(self.langid(), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The translation of `key` with `{ $name }` arguments.
    pub fn t_args(self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), value.clone()))
            .collect();
        LOCALES
            .try_lookup_with_args(self.langid(), key, &args)
            .unwrap_or_else(|| key.to_owned())
    }

    /// Whether `key` is defined in this language's own file (no fallback).
    pub fn has(self, key: &str) -> bool {
        let ids = match self {
            Locale::Fr => &*FR_IDS,
            Locale::En => &*EN_IDS,
        };
        ids.contains(key)
    }

    fn note_if_missing(self, key: &str) {
        if !self.has(key) {
            tracing::warn!(locale = self.code(), key, "missing translation");
            if let Ok(mut missing) = MISSING.lock() {
                missing.insert(format!("{}:{key}", self.code()));
            }
        }
    }
}

/// Message identifiers defined in a Fluent file (lines `id = …`).
fn message_ids(source: &str) -> HashSet<String> {
    source
        .lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|line| line.split_once('=').map(|(id, _)| id.trim().to_owned()))
        .collect()
}

/// Every Fluent file, per language; an area adds its own file to both lists
/// (fluent-templates loads every `.ftl` of `locales/<lang>/` by itself).
const FR_FILES: &[&str] = &[
    include_str!("../../locales/fr/main.ftl"),
    include_str!("../../locales/fr/privacy.ftl"),
    include_str!("../../locales/fr/campaign.ftl"),
    include_str!("../../locales/fr/search.ftl"),
    include_str!("../../locales/fr/directory.ftl"),
    include_str!("../../locales/fr/people.ftl"),
    include_str!("../../locales/fr/agenda.ftl"),
    include_str!("../../locales/fr/import.ftl"),
    include_str!("../../locales/fr/workshops.ftl"),
    include_str!("../../locales/fr/records.ftl"),
    include_str!("../../locales/fr/api.ftl"),
    include_str!("../../locales/fr/geo.ftl"),
];
const EN_FILES: &[&str] = &[
    include_str!("../../locales/en/main.ftl"),
    include_str!("../../locales/en/privacy.ftl"),
    include_str!("../../locales/en/campaign.ftl"),
    include_str!("../../locales/en/search.ftl"),
    include_str!("../../locales/en/directory.ftl"),
    include_str!("../../locales/en/people.ftl"),
    include_str!("../../locales/en/agenda.ftl"),
    include_str!("../../locales/en/import.ftl"),
    include_str!("../../locales/en/workshops.ftl"),
    include_str!("../../locales/en/records.ftl"),
    include_str!("../../locales/en/api.ftl"),
    include_str!("../../locales/en/geo.ftl"),
];

static FR_IDS: LazyLock<HashSet<String>> =
    LazyLock::new(|| FR_FILES.iter().flat_map(|f| message_ids(f)).collect());
static EN_IDS: LazyLock<HashSet<String>> =
    LazyLock::new(|| EN_FILES.iter().flat_map(|f| message_ids(f)).collect());
static MISSING: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// Keys looked up so far that a language lacks, as `lang:key` (for tests).
pub fn missing_keys() -> Vec<String> {
    MISSING
        .lock()
        .map(|m| m.iter().cloned().collect())
        .unwrap_or_default()
}

/// All message identifiers of a language's file (for tests).
pub fn defined_keys(locale: Locale) -> Vec<String> {
    let ids = match locale {
        Locale::Fr => &*FR_IDS,
        Locale::En => &*EN_IDS,
    };
    let mut keys: Vec<String> = ids.iter().cloned().collect();
    keys.sort();
    keys
}

/// Argument helper: `arg("count", 3)`.
pub fn arg(
    name: &'static str,
    value: impl Into<FluentValue<'static>>,
) -> (&'static str, FluentValue<'static>) {
    (name, value.into())
}
