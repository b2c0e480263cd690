//! Finding what a row already is: the same record (its external id, so a
//! re-import updates), or a likely duplicate — same normalised name and
//! commune, same website, same email — of a stored record or of an earlier
//! row of the file. Two records that both carry an external id are never
//! duplicates of each other by name or website: a dataset's ids tell its
//! records apart (two branch libraries may share a name and a commune).

use std::collections::{HashMap, HashSet};

use super::fold;

/// A record already stored, or an earlier row of the file (its line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Known {
    Record(i32),
    Line(u64),
}

/// Why a row was taken for a duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Reason {
    ExternalId,
    NameAndCommune,
    Website,
    Email,
    Name,
}

impl Reason {
    pub fn label_key(self) -> &'static str {
        match self {
            Reason::ExternalId => "import-reason-external-id",
            Reason::NameAndCommune => "import-reason-name-commune",
            Reason::Website => "import-reason-website",
            Reason::Email => "import-reason-email",
            Reason::Name => "import-reason-name",
        }
    }
}

/// The keys a record is found by.
#[derive(Debug, Default, Clone)]
pub struct Keys {
    pub external_id: Option<String>,
    pub name: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    /// Whether `name` alone identifies (people) or needs the commune (it
    /// then already holds "name|commune").
    pub name_reason: Option<Reason>,
}

impl Keys {
    pub fn organisation(
        external_id: Option<&str>,
        name: &str,
        commune: Option<&str>,
        website: Option<&str>,
        email: Option<&str>,
    ) -> Keys {
        Keys {
            external_id: external_id.map(str::to_owned),
            name: commune.map(|c| format!("{}|{}", fold(name), fold(c))),
            website: website.and_then(site_key),
            email: email.map(str::to_lowercase),
            name_reason: Some(Reason::NameAndCommune),
        }
    }

    pub fn person(external_id: Option<&str>, full_name: &str, email: Option<&str>) -> Keys {
        Keys {
            external_id: external_id.map(str::to_owned),
            name: Some(fold(full_name)).filter(|n| !n.is_empty()),
            website: None,
            email: email.map(str::to_lowercase),
            name_reason: Some(Reason::Name),
        }
    }
}

/// What a row is, against the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    New,
    /// Same external id as a stored record: the row updates it.
    Same(i32),
    Duplicate(Known, Reason),
}

#[derive(Default)]
pub struct Index {
    external: HashMap<String, Known>,
    names: HashMap<String, Known>,
    websites: HashMap<String, Known>,
    emails: HashMap<String, Known>,
    with_external_id: HashSet<Known>,
}

impl Index {
    pub fn find(&self, keys: &Keys) -> Found {
        if let Some(id) = &keys.external_id
            && let Some(known) = self.external.get(id)
        {
            return match known {
                Known::Record(record) => Found::Same(*record),
                line => Found::Duplicate(*line, Reason::ExternalId),
            };
        }
        let checks = [
            (
                &self.names,
                &keys.name,
                keys.name_reason.unwrap_or(Reason::Name),
            ),
            (&self.websites, &keys.website, Reason::Website),
            (&self.emails, &keys.email, Reason::Email),
        ];
        for (map, key, reason) in checks {
            if let Some(known) = key.as_ref().and_then(|k| map.get(k))
                && !(keys.external_id.is_some() && self.with_external_id.contains(known))
            {
                return Found::Duplicate(*known, reason);
            }
        }
        Found::New
    }

    /// Remembers a record (or a row about to be one) under its keys; the
    /// first one keeps a key.
    pub fn remember(&mut self, keys: Keys, known: Known) {
        if let Some(id) = keys.external_id {
            self.with_external_id.insert(known);
            self.external.entry(id).or_insert(known);
        }
        for (map, key) in [
            (&mut self.names, keys.name),
            (&mut self.websites, keys.website),
            (&mut self.emails, keys.email),
        ] {
            if let Some(key) = key {
                map.entry(key).or_insert(known);
            }
        }
    }
}

/// A website reduced to what identifies it: host without `www.`, plus the
/// path when there is one (many places live under one town's site).
/// Addresses on shared platforms (social networks, blog hosts) say nothing
/// of who owns them and are left out.
pub fn site_key(url: &str) -> Option<String> {
    const SHARED: [&str; 12] = [
        "facebook.com",
        "fb.com",
        "instagram.com",
        "linkedin.com",
        "twitter.com",
        "x.com",
        "youtube.com",
        "google.com",
        "sites.google.com",
        "wordpress.com",
        "over-blog.com",
        "wixsite.com",
    ];
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    if host.is_empty()
        || SHARED
            .iter()
            .any(|s| host == *s || host.ends_with(&format!(".{s}")))
    {
        return None;
    }
    let path = path.trim_end_matches('/').to_lowercase();
    Some(if path.is_empty() {
        host
    } else {
        format!("{host}/{path}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_by_each_key() {
        let mut index = Index::default();
        index.remember(
            Keys::organisation(
                None,
                "Médiathèque Jean-Macé",
                Some("Lyon"),
                Some("https://www.mediatheque-lyon.fr/"),
                None,
            ),
            Known::Record(1),
        );
        let same_name =
            Keys::organisation(None, "MEDIATHEQUE  JEAN MACE", Some("lyon"), None, None);
        assert_eq!(
            index.find(&same_name),
            Found::Duplicate(Known::Record(1), Reason::NameAndCommune)
        );
        let same_site = Keys::organisation(
            None,
            "Autre",
            None,
            Some("http://mediatheque-lyon.fr"),
            None,
        );
        assert_eq!(
            index.find(&same_site),
            Found::Duplicate(Known::Record(1), Reason::Website)
        );
        let other = Keys::organisation(None, "Médiathèque Jean-Macé", Some("Lille"), None, None);
        assert_eq!(index.find(&other), Found::New);
    }

    #[test]
    fn records_with_ids_of_their_own_are_not_duplicates_by_name() {
        let mut index = Index::default();
        index.remember(
            Keys::organisation(Some("b1"), "Bibliothèque", Some("Paris"), None, None),
            Known::Line(2),
        );
        let branch = Keys::organisation(Some("b2"), "Bibliothèque", Some("Paris"), None, None);
        assert_eq!(index.find(&branch), Found::New);
        let again = Keys::organisation(Some("b1"), "Bibliothèque", Some("Paris"), None, None);
        assert_eq!(
            index.find(&again),
            Found::Duplicate(Known::Line(2), Reason::ExternalId)
        );
        index.remember(
            Keys::organisation(Some("b3"), "X", None, None, None),
            Known::Record(9),
        );
        assert_eq!(
            index.find(&Keys::organisation(Some("b3"), "Y", None, None, None)),
            Found::Same(9)
        );
    }

    #[test]
    fn shared_platforms_identify_nobody() {
        assert_eq!(site_key("https://www.facebook.com/mediatheque"), None);
        assert_eq!(
            site_key("https://ville.fr/mediatheque/").as_deref(),
            Some("ville.fr/mediatheque")
        );
    }
}
