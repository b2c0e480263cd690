//! One row of a file, read through the column mapping into what relais
//! stores: values cleaned the way French exports need (codes ending in
//! `.0`, a postcode that lost its leading zero, names in capitals,
//! "lat, lon" in one cell) and checked, each problem naming its column.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::Problem;
use super::columns::Field;
use crate::directory::store::OrganisationInput;
use crate::entities::{LawfulBasis, OrgKind, Scope};
use crate::people::store::PersonInput;
use crate::values::Email;

/// Départements (code → région) and régions known to relais.
#[derive(Debug, Default, Clone)]
pub struct Geo {
    pub departements: HashMap<String, String>,
    pub regions: std::collections::HashSet<String>,
}

/// Choices made for the whole file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Defaults {
    /// Kind of an organisation whose row names none.
    pub kind: OrgKind,
    pub lawful_basis: LawfulBasis,
    /// Where the people of this file come from ("Import de contacts.csv").
    pub source: String,
    pub today: chrono::NaiveDate,
}

impl Defaults {
    /// Defaults for a file: the kind its shape suggests (a mediation-places
    /// file holds mediation places, the national library list libraries)
    /// unless one is given; people under legitimate interest unless told.
    pub fn for_file(
        file_name: &str,
        headers: &[String],
        kind: Option<OrgKind>,
        lawful_basis: Option<LawfulBasis>,
    ) -> Defaults {
        let kind = kind.unwrap_or_else(|| {
            if super::mediation::follows_schema(headers) {
                OrgKind::MediationPlace
            } else if headers.iter().any(|h| h == "code_bib") {
                OrgKind::Library
            } else {
                OrgKind::Other
            }
        });
        Defaults {
            kind,
            lawful_basis: lawful_basis.unwrap_or(LawfulBasis::LegitimateInterest),
            source: format!("Import « {file_name} »"),
            today: crate::clock::today(),
        }
    }
}

/// An organisation row, ready to be stored.
#[derive(Debug, Clone)]
pub struct OrganisationRow {
    pub input: OrganisationInput,
    /// The kind the row itself gives (an update keeps the stored one otherwise).
    pub given_kind: Option<OrgKind>,
    pub external_id: Option<String>,
    /// Columns kept as they are (services, opening hours…).
    pub extra: Map<String, Value>,
    /// Population of the commune, when the file gives it (`pop_com`).
    pub commune_population: Option<i32>,
    /// The commune's INSEE code as the file gives it (linked to a
    /// reference commune by the run, see `geo::store::CommuneIndex`).
    pub insee: Option<String>,
    /// Hours open per week (`amplitude_horaire`).
    pub weekly_opening_hours: Option<f64>,
}

/// A person row, ready to be stored.
#[derive(Debug, Clone)]
pub struct PersonRow {
    pub input: PersonInput,
    pub external_id: Option<String>,
    /// Name or acronym of the organisation the person belongs to.
    pub organisation: Option<String>,
    pub role: Option<String>,
}

/// The values of one row, by field.
struct Cells<'a> {
    line: u64,
    values: Vec<(Field, &'a str, &'a str)>,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
}

impl<'a> Cells<'a> {
    fn new(
        line: u64,
        headers: &'a [String],
        values: &'a [String],
        mapping: &[Option<Field>],
    ) -> Self {
        let values = mapping
            .iter()
            .zip(headers.iter().zip(values))
            .filter_map(|(field, (header, value))| {
                let value = value.trim();
                Some((*field.as_ref()?, header.as_str(), value)).filter(|_| !value.is_empty())
            })
            .collect();
        let mut cells = Cells {
            line,
            values,
            problems: Vec::new(),
            warnings: Vec::new(),
        };
        cells.check_limits();
        cells
    }

    /// The same limits as the forms: a cell too long, or holding a control
    /// character (a NUL from a broken export), is an error of its row.
    fn check_limits(&mut self) {
        use crate::values::limits;
        let mut found = Vec::new();
        for (field, header, value) in &self.values {
            let max = field.limit();
            let length = value.chars().count();
            if length > max {
                found.push((
                    *header,
                    "import-value-too-long",
                    format!("{length} > {max}"),
                ));
            } else if value.chars().any(limits::is_forbidden_char) {
                let shown: String = value
                    .chars()
                    .map(|c| {
                        if limits::is_forbidden_char(c) {
                            '�'
                        } else {
                            c
                        }
                    })
                    .take(60)
                    .collect();
                found.push((*header, "import-value-control-character", shown));
            }
        }
        for (header, key, detail) in found {
            self.error(header, key, detail);
        }
    }

    /// The first non-empty value of `field`, with its column.
    fn get(&self, field: Field) -> Option<(&'a str, &'a str)> {
        self.values
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, h, v)| (*h, *v))
    }

    fn text(&self, field: Field) -> Option<String> {
        self.get(field).map(|(_, v)| squeeze(v))
    }

    fn error(&mut self, column: &str, key: &'static str, detail: impl std::fmt::Display) {
        self.problems
            .push(Problem::row(self.line, column, key, detail));
    }

    fn warn(&mut self, column: &str, key: &'static str, detail: impl std::fmt::Display) {
        self.warnings
            .push(Problem::row(self.line, column, key, detail));
    }

    fn email(&mut self) -> Option<String> {
        let (column, value) = self.get(Field::Email)?;
        let first = first_of_list(value);
        match Email::parse(first) {
            Ok(email) => Some(email.to_string()),
            Err(_) => {
                self.error(column, "import-value-email", first);
                None
            }
        }
    }

    /// The row's identifier in its source, named after its column
    /// ("code_bib:8724", "id:dora-3d64…"): two datasets that both number
    /// their rows from 1 do not collide.
    fn external_id(&self) -> Option<String> {
        self.get(Field::ExternalId).map(|(header, value)| {
            format!(
                "{}:{}",
                super::columns::normalise_header(header),
                without_float_suffix(value)
            )
        })
    }
}

/// Reads an organisation row; `Err` holds every problem found.
pub fn organisation(
    line: u64,
    headers: &[String],
    values: &[String],
    mapping: &[Option<Field>],
    geo: &Geo,
    defaults: &Defaults,
) -> (Result<OrganisationRow, Vec<Problem>>, Vec<Problem>) {
    let mut cells = Cells::new(line, headers, values, mapping);
    let name = cells.text(Field::Name).map(|n| tidy_name(&n));
    if name.is_none() {
        let column = column_of(headers, mapping, Field::Name);
        cells.error(&column, "import-value-required", "");
    }
    let given_kind = match cells.get(Field::Kind) {
        None => None,
        Some((column, value)) => {
            let kind = kind_from_text(value);
            if kind.is_none() {
                cells.warn(column, "import-value-kind-unknown", value);
            }
            kind
        }
    };
    let kind = given_kind.unwrap_or(defaults.kind);
    let postcode = match cells.get(Field::Postcode) {
        None => None,
        Some((column, value)) => {
            let code = without_float_suffix(value).replace(' ', "");
            let code = if code.len() == 4 {
                format!("0{code}")
            } else {
                code
            };
            if code.len() == 5 && code.chars().all(|c| c.is_ascii_digit()) {
                Some(code)
            } else {
                cells.error(column, "import-value-postcode", value);
                None
            }
        }
    };
    let insee = cells
        .get(Field::Insee)
        .map(|(_, v)| without_float_suffix(v).to_uppercase());
    let (departement_code, region_code) =
        place(&mut cells, geo, postcode.as_deref(), insee.as_deref());
    let (latitude, longitude) = coordinates(&mut cells);
    let commune_population = population(&mut cells);
    let weekly_opening_hours = opening_hours(&mut cells);
    let website = match cells.get(Field::Website) {
        None => None,
        Some((column, value)) => {
            let first = first_of_list(value);
            let url = if first.contains("://") {
                first.to_owned()
            } else {
                format!("https://{first}")
            };
            let host = url.split("://").nth(1).unwrap_or_default();
            if (url.starts_with("http://") || url.starts_with("https://"))
                && host.contains('.')
                && !url.contains(char::is_whitespace)
                && url.len() <= 500
            {
                Some(url)
            } else {
                cells.error(column, "import-value-url", first);
                None
            }
        }
    };
    let email = cells.email();
    let address = match (cells.text(Field::Address), cells.text(Field::AddressMore)) {
        (Some(a), Some(more)) => Some(format!("{a}, {more}")),
        (a, more) => a.or(more),
    };
    let tags = cells
        .text(Field::Tags)
        .map(|t| {
            t.split([',', '|', ';'])
                .map(|x| x.trim().to_owned())
                .filter(|x| !x.is_empty() && x.chars().count() <= 60)
                .collect()
        })
        .unwrap_or_default();
    let mut extra = Map::new();
    for (field, header, value) in &cells.values {
        if *field == Field::Keep {
            extra.insert((*header).to_owned(), Value::from(*value));
        }
    }
    let scope = match kind {
        OrgKind::DepartmentalLibrary => Scope::Departmental,
        _ => Scope::Local,
    };
    let warnings = std::mem::take(&mut cells.warnings);
    let (Some(name), true) = (name, cells.problems.is_empty()) else {
        return (Err(cells.problems), warnings);
    };
    let input = OrganisationInput {
        name,
        acronym: cells.text(Field::Acronym),
        kind,
        scope,
        parent_id: None,
        region_code,
        departement_code,
        commune: cells.text(Field::Commune).map(|c| tidy_name(&c)),
        commune_code: None,
        postcode,
        address,
        latitude,
        longitude,
        website,
        contact_form_url: None,
        email,
        phone: cells
            .text(Field::Phone)
            .map(|p| first_of_list(&p).to_owned()),
        description: cells.get(Field::Description).map(|(_, v)| v.to_owned()),
        governance_notes: None,
        workshops_offered: None,
        workshop_runners: Vec::new(),
        tags,
        channels: Vec::new(),
        audience: None,
        mandates: None,
    };
    (
        Ok(OrganisationRow {
            input,
            given_kind,
            external_id: cells.external_id(),
            extra,
            commune_population,
            insee,
            weekly_opening_hours,
        }),
        warnings,
    )
}

/// Reads a person row; only the mapped columns are read (least data).
pub fn person(
    line: u64,
    headers: &[String],
    values: &[String],
    mapping: &[Option<Field>],
    defaults: &Defaults,
) -> (Result<PersonRow, Vec<Problem>>, Vec<Problem>) {
    let mut cells = Cells::new(line, headers, values, mapping);
    let full_name = cells.text(Field::FullName).or_else(|| {
        let parts: Vec<String> = [Field::FirstName, Field::LastName]
            .into_iter()
            .filter_map(|f| cells.text(f))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    if full_name.is_none() {
        let column = [Field::FullName, Field::LastName, Field::FirstName]
            .into_iter()
            .map(|f| column_of(headers, mapping, f))
            .find(|c| !c.is_empty())
            .unwrap_or_default();
        cells.error(&column, "import-value-required", "");
    }
    let email = cells.email();
    let warnings = std::mem::take(&mut cells.warnings);
    let (Some(full_name), true) = (full_name, cells.problems.is_empty()) else {
        return (Err(cells.problems), warnings);
    };
    let input = PersonInput {
        full_name,
        email,
        phone: cells
            .text(Field::Phone)
            .map(|p| first_of_list(&p).to_owned()),
        notes: cells.get(Field::Notes).map(|(_, v)| v.to_owned()),
        lawful_basis: defaults.lawful_basis,
        lawful_basis_on: Some(defaults.today),
        source: defaults.source.clone(),
        do_not_contact: false,
    };
    (
        Ok(PersonRow {
            input,
            external_id: cells.external_id(),
            organisation: cells.text(Field::Organisation),
            role: cells.text(Field::Role),
        }),
        warnings,
    )
}

pub fn column_of(headers: &[String], mapping: &[Option<Field>], field: Field) -> String {
    mapping
        .iter()
        .position(|f| *f == Some(field))
        .map(|i| headers[i].clone())
        .unwrap_or_default()
}

/// Département and région: from their columns, else from the INSEE code
/// or the postcode; the région always follows a known département.
fn place(
    cells: &mut Cells,
    geo: &Geo,
    postcode: Option<&str>,
    insee: Option<&str>,
) -> (Option<String>, Option<String>) {
    let given = cells
        .get(Field::Departement)
        .map(|(column, value)| (column, value, departement_code(value)));
    let departement = match given {
        Some((column, value, code)) => {
            if geo.departements.contains_key(&code) {
                Some(code)
            } else {
                cells.warn(column, "import-value-departement-unknown", value);
                None
            }
        }
        None => insee
            .or(postcode)
            .and_then(departement_of_code)
            .filter(|d| geo.departements.contains_key(d)),
    };
    let region = match &departement {
        Some(d) => geo.departements.get(d).cloned(),
        None => match cells.get(Field::Region) {
            None => None,
            Some((column, value)) => {
                let code = without_float_suffix(value);
                let code = if code.len() == 1 {
                    format!("0{code}")
                } else {
                    code.to_owned()
                };
                if geo.regions.contains(&code) {
                    Some(code)
                } else {
                    cells.warn(column, "import-value-region-unknown", value);
                    None
                }
            }
        },
    };
    (departement, region)
}

/// A département code as files write it, as relais files it: "1" and
/// "1.0" are "01"; INSEE's "69M" (Métropole de Lyon) and "69D" (the rest
/// of the Rhône) are both in the Rhône, "69", whose outline and région
/// they share.
fn departement_code(value: &str) -> String {
    let code = without_float_suffix(value).trim().to_uppercase();
    match code.as_str() {
        "69M" | "69D" => "69".to_owned(),
        _ if code.len() == 1 => format!("0{code}"),
        _ => code,
    }
}

/// The département of an INSEE commune code or a postcode ("2A004" →
/// "2A", "97105" → "971"); none for Corsican postcodes (20…: two).
fn departement_of_code(code: &str) -> Option<String> {
    if code.len() != 5 {
        return None;
    }
    let upper = code.to_uppercase();
    if upper.starts_with("2A") || upper.starts_with("2B") {
        return Some(upper[..2].to_owned());
    }
    if !upper.chars().all(|c| c.is_ascii_digit()) || upper.starts_with("20") {
        return None;
    }
    Some(if upper.starts_with("97") {
        upper[..3].to_owned()
    } else {
        upper[..2].to_owned()
    })
}

/// The most inhabitants a French commune has, with room to spare (Paris:
/// about 2.1 million); more is a column mapped by mistake.
const LARGEST_COMMUNE: f64 = 5_000_000.0;

/// The commune's population: "4226.0", "4226" or "4 226" are 4,226. A
/// value that is no population is a warning, not an error: the row is
/// still a library, only its size is unknown.
fn population(cells: &mut Cells) -> Option<i32> {
    let (column, value) = cells.get(Field::CommunePopulation)?;
    let digits: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    match digits.replace(',', ".").parse::<f64>() {
        Ok(n) if n.is_finite() && (0.0..=LARGEST_COMMUNE).contains(&n) => Some(n.round() as i32),
        _ => {
            cells.warn(column, "import-value-population", value);
            None
        }
    }
}

/// Hours open per week: at most the 168 hours of a week.
fn opening_hours(cells: &mut Cells) -> Option<f64> {
    let (column, value) = cells.get(Field::OpeningHours)?;
    match value.trim().replace(',', ".").parse::<f64>() {
        Ok(n) if n.is_finite() && (0.0..=168.0).contains(&n) => Some(n),
        _ => {
            cells.warn(column, "import-value-opening-hours", value);
            None
        }
    }
}

fn coordinates(cells: &mut Cells) -> (Option<f64>, Option<f64>) {
    let read = |cells: &mut Cells, column: &str, text: &str, limit: f64| -> Option<f64> {
        match text.trim().replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= limit => Some(v),
            _ => {
                cells.error(column, "import-value-coordinate", text);
                None
            }
        }
    };
    if let Some((column, value)) = cells.get(Field::Coordinates) {
        let parts: Vec<&str> = if value.contains(';') {
            value.split(';').collect()
        } else if value.contains(", ") || value.contains('.') {
            value.split(',').collect()
        } else {
            vec![value]
        };
        if let [lat, lon] = parts[..] {
            return (
                read(cells, column, lat, 90.0),
                read(cells, column, lon, 180.0),
            );
        }
        cells.error(column, "import-value-coordinate", value);
        return (None, None);
    }
    let latitude = cells
        .get(Field::Latitude)
        .and_then(|(c, v)| read(cells, c, v, 90.0));
    let longitude = cells
        .get(Field::Longitude)
        .and_then(|(c, v)| read(cells, c, v, 180.0));
    (latitude, longitude)
}

/// The kind an organisation's "type" cell means: a relais code, or words
/// of French labels and dataset vocabularies (BIB, EPN, TIERS_LIEUX…).
pub fn kind_from_text(text: &str) -> Option<OrgKind> {
    if let Ok(kind) = text.trim().parse::<OrgKind>() {
        return Some(kind);
    }
    let plain = super::fold(text).replace(['_', '-', '|', '/', ','], " ");
    let words: Vec<&str> = plain.split_whitespace().collect();
    let has = |w: &[&str]| words.iter().any(|x| w.contains(x));
    let contains = |s: &[&str]| s.iter().any(|x| plain.contains(x));
    Some(
        if contains(&["departementale", "bibliotheque departementale"]) || has(&["bdp"]) {
            OrgKind::DepartmentalLibrary
        } else if contains(&["bibliotheque", "mediatheque", "library"]) || has(&["bib"]) {
            OrgKind::Library
        } else if contains(&["cyber", "espace public numerique"]) || has(&["epn"]) {
            OrgKind::CyberCentre
        } else if has(&["ecole", "college", "lycee", "school", "universite"]) {
            OrgKind::School
        } else if contains(&["tiers lieu", "fablab", "france services", "mediation"])
            || has(&["fs", "pimms"])
        {
            OrgKind::MediationPlace
        } else if has(&["asso", "association"]) {
            OrgKind::Association
        } else if has(&[
            "muni",
            "mairie",
            "commune",
            "epci",
            "ccas",
            "cias",
            "cd",
            "dept",
            "reg",
            "collectivite",
            "conseil",
            "agglomeration",
            "metropole",
        ]) {
            OrgKind::LocalAuthority
        } else if contains(&["liste de diffusion", "mailing list"]) {
            OrgKind::MailingList
        } else if contains(&["reseau", "network"]) {
            OrgKind::MediationNetwork
        } else {
            return None;
        },
    )
}

/// Spaces squeezed, line breaks kept: "Médiathèque  de  Lyon " →
/// "Médiathèque de Lyon" (an address may span two lines).
fn squeeze(text: &str) -> String {
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// "8724.0" → "8724": spreadsheets turn codes into decimals.
fn without_float_suffix(text: &str) -> &str {
    match text.strip_suffix(".0") {
        Some(head) if !head.is_empty() && head.chars().all(|c| c.is_ascii_digit()) => head,
        _ => text,
    }
}

/// The first of several values in one cell ("a@x.fr|b@x.fr").
fn first_of_list(text: &str) -> &str {
    text.split(['|', ';'])
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or(text)
}

/// A name typed all in capitals, in ordinary case; French small words
/// stay lower case: "BIBLIOTHEQUE DE SAINT-JEAN" → "Bibliotheque de Saint-Jean".
fn tidy_name(name: &str) -> String {
    let name = squeeze(name);
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 4 || name.chars().any(char::is_lowercase) {
        return name;
    }
    const SMALL: [&str; 12] = [
        "de", "du", "des", "la", "le", "les", "et", "en", "sur", "sous", "aux", "au",
    ];
    let mut out = String::with_capacity(name.len());
    for (i, word) in name.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lower = word.to_lowercase();
        if i > 0 && SMALL.contains(&lower.as_str()) {
            out.push_str(&lower);
            continue;
        }
        // Capitalise after a hyphen or an apostrophe too: Saint-Jean, L'Isle.
        let mut capital = true;
        for c in lower.chars() {
            if capital {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            capital = matches!(c, '-' | '\'' | '’');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_from_french_exports_are_cleaned() {
        assert_eq!(without_float_suffix("8724.0"), "8724");
        assert_eq!(without_float_suffix("12.5"), "12.5");
        assert_eq!(
            tidy_name("BIBLIOTHEQUE  DE SAINT-JEAN"),
            "Bibliotheque de Saint-Jean"
        );
        assert_eq!(tidy_name("Médiathèque de l'Isle"), "Médiathèque de l'Isle");
        assert_eq!(departement_of_code("2A004").as_deref(), Some("2A"));
        for (given, filed) in [
            ("69M", "69"),
            ("69D", "69"),
            ("1", "01"),
            ("2a", "2A"),
            ("974", "974"),
            ("33.0", "33"),
        ] {
            assert_eq!(departement_code(given), filed, "{given}");
        }
        assert_eq!(departement_of_code("97105").as_deref(), Some("971"));
        assert_eq!(departement_of_code("20000"), None);
        assert_eq!(departement_of_code("01000").as_deref(), Some("01"));
    }

    #[test]
    fn the_communes_population_is_read_and_a_bad_one_only_warned_about() {
        let headers: Vec<String> = ["Libelle1", "pop_com"].map(str::to_owned).to_vec();
        let mapping = [Some(Field::Name), Some(Field::CommunePopulation)];
        let defaults = Defaults {
            kind: OrgKind::Library,
            lawful_basis: LawfulBasis::LegitimateInterest,
            source: String::new(),
            today: chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap(),
        };
        let read = |population: &str| {
            let values = ["Médiathèque".to_owned(), population.to_owned()];
            let (row, warnings) =
                organisation(2, &headers, &values, &mapping, &Geo::default(), &defaults);
            (row.expect("a row").commune_population, warnings.len())
        };
        assert_eq!(read("4226.0"), (Some(4226), 0));
        assert_eq!(read("4 226"), (Some(4226), 0));
        assert_eq!(read(""), (None, 0));
        assert_eq!(read("beaucoup"), (None, 1));
        assert_eq!(read("-3"), (None, 1));
        assert_eq!(read("nan"), (None, 1));
    }

    #[test]
    fn kinds_from_labels_and_codes() {
        assert_eq!(
            kind_from_text("Bibliothèque départementale"),
            Some(OrgKind::DepartmentalLibrary)
        );
        assert_eq!(
            kind_from_text("Bibliothèque municipale classée"),
            Some(OrgKind::Library)
        );
        assert_eq!(
            kind_from_text("TIERS_LIEUX|ASSO"),
            Some(OrgKind::MediationPlace)
        );
        assert_eq!(kind_from_text("BIB"), Some(OrgKind::Library));
        assert_eq!(kind_from_text("cyber_centre"), Some(OrgKind::CyberCentre));
        assert_eq!(kind_from_text("Boulangerie"), None);
    }
}
