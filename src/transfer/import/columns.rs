//! Which column holds what: the fields an import can fill, and a first
//! guess from French or English headers that the volunteer can correct.

use super::Target;

/// A field of relais a column can be read into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Field {
    // Organisations
    Name,
    Acronym,
    Kind,
    Commune,
    Postcode,
    Address,
    AddressMore,
    Departement,
    Region,
    Insee,
    /// The commune's population (the national list's `pop_com`): a
    /// departmental library reaches the libraries of small communes.
    CommunePopulation,
    /// Hours open per week (the national list's `amplitude_horaire`).
    OpeningHours,
    Latitude,
    Longitude,
    /// "lat, lon" in one cell.
    Coordinates,
    Website,
    Description,
    Tags,
    /// Kept as it is in the organisation's additional data, under its header.
    Keep,
    // People
    FullName,
    FirstName,
    LastName,
    Organisation,
    Role,
    Notes,
    // Both
    Email,
    Phone,
    ExternalId,
}

impl Field {
    /// The longest value the field takes (see [`crate::values::limits`]).
    pub fn limit(self) -> usize {
        use crate::values::limits;
        match self {
            Field::Name
            | Field::Acronym
            | Field::FullName
            | Field::FirstName
            | Field::LastName
            | Field::Organisation => limits::NAME,
            Field::Email => limits::EMAIL,
            Field::Website => limits::URL,
            Field::Description | Field::Notes | Field::Keep | Field::Tags => limits::TEXT,
            _ => limits::LINE,
        }
    }
}

const ORGANISATION_FIELDS: &[Field] = &[
    Field::Name,
    Field::Acronym,
    Field::Kind,
    Field::Commune,
    Field::Postcode,
    Field::Address,
    Field::AddressMore,
    Field::Departement,
    Field::Region,
    Field::Insee,
    Field::CommunePopulation,
    Field::OpeningHours,
    Field::Latitude,
    Field::Longitude,
    Field::Coordinates,
    Field::Website,
    Field::Email,
    Field::Phone,
    Field::Description,
    Field::Tags,
    Field::ExternalId,
    Field::Keep,
];

const PEOPLE_FIELDS: &[Field] = &[
    Field::FullName,
    Field::FirstName,
    Field::LastName,
    Field::Email,
    Field::Phone,
    Field::Organisation,
    Field::Role,
    Field::Notes,
    Field::ExternalId,
];

impl Field {
    pub fn all(target: Target) -> &'static [Field] {
        match target {
            Target::Organisations => ORGANISATION_FIELDS,
            Target::People => PEOPLE_FIELDS,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Acronym => "acronym",
            Field::Kind => "kind",
            Field::Commune => "commune",
            Field::Postcode => "postcode",
            Field::Address => "address",
            Field::AddressMore => "address_more",
            Field::Departement => "departement",
            Field::Region => "region",
            Field::Insee => "insee",
            Field::CommunePopulation => "commune_population",
            Field::OpeningHours => "weekly_opening_hours",
            Field::Latitude => "latitude",
            Field::Longitude => "longitude",
            Field::Coordinates => "coordinates",
            Field::Website => "website",
            Field::Description => "description",
            Field::Tags => "tags",
            Field::Keep => "keep",
            Field::FullName => "full_name",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Organisation => "organisation",
            Field::Role => "role",
            Field::Notes => "notes",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::ExternalId => "external_id",
        }
    }

    pub fn parse(target: Target, code: &str) -> Option<Field> {
        Field::all(target)
            .iter()
            .copied()
            .find(|f| f.as_str() == code)
    }

    pub fn label_key(self) -> String {
        format!("import-field-{}", self.as_str().replace('_', "-"))
    }

    /// Several columns may be kept; every other field takes one column.
    pub fn repeatable(self) -> bool {
        self == Field::Keep
    }

    /// Headers (normalised by [`normalise_header`]) that mean this field,
    /// the likeliest first.
    fn synonyms(self, target: Target) -> &'static [&'static str] {
        match (self, target) {
            (Field::Name, _) => &[
                "nom",
                "name",
                "libelle1",
                "libelle",
                "nom_structure",
                "nom_de_la_structure",
                "nom_du_lieu",
                "organisation",
                "organization",
                "organization_name",
                "organisation_name",
                "raison_sociale",
                "denomination",
                "structure",
                "etablissement",
            ],
            (Field::Acronym, _) => &["sigle", "acronyme", "acronym", "abbreviation"],
            (Field::Kind, _) => &[
                "type",
                "statut",
                "kind",
                "categorie",
                "category",
                "typologie",
            ],
            (Field::Commune, _) => &[
                "commune",
                "ville",
                "city",
                "town",
                "localite",
                "nom_commune",
            ],
            (Field::Postcode, _) => &[
                "code_postal",
                "cp",
                "postcode",
                "postal_code",
                "zip",
                "zip_code",
                "codepostal",
            ],
            (Field::Address, _) => &[
                "adresse",
                "address",
                "voie",
                "street",
                "street_address",
                "adresse_postale",
                "rue",
                "address1",
            ],
            (Field::AddressMore, _) => &[
                "complement_adresse",
                "complement_d_adresse",
                "adresse2",
                "address2",
                "address_2",
            ],
            (Field::Departement, _) => &[
                "departement",
                "dept",
                "department",
                "code_departement",
                "dep",
            ],
            (Field::Region, _) => &["code_region", "region"],
            (Field::Insee, _) => &["code_insee", "insee", "code_commune"],
            (Field::CommunePopulation, _) => &[
                "pop_com",
                "population_commune",
                "population_municipale",
                "pop_commune",
                "population",
            ],
            (Field::OpeningHours, _) => &[
                "amplitude_horaire",
                "heures_ouverture_hebdomadaires",
                "weekly_opening_hours",
            ],
            (Field::Latitude, _) => &["latitude", "lat"],
            (Field::Longitude, _) => &["longitude", "lon", "lng", "long"],
            (Field::Coordinates, _) => &[
                "coordonnees_finales",
                "coordonnees",
                "coordinates",
                "geopoint",
                "coordonnees_gps",
            ],
            (Field::Website, _) => &[
                "site_web",
                "website",
                "site",
                "url",
                "site_internet",
                "web",
                "url_lieu",
            ],
            (Field::Description, _) => &["description", "presentation_resume", "presentation"],
            (Field::Tags, _) => &["tags", "etiquettes", "mots_cles", "keywords"],
            (Field::Keep, _) => &[
                "services",
                "publics_specifiquement_adresses",
                "prise_en_charge_specifique",
                "frais_a_charge",
                "modalites_acces",
                "modalites_accompagnement",
                "horaires",
                "itinerance",
                "dispositif_programmes_nationaux",
                "formations_labels",
                "autres_formations_labels",
                "presentation_detail",
                "prise_rdv",
                "fiche_acces_libre",
                "structure_parente",
                "pivot",
                "source",
                "date_maj",
            ],
            (Field::FullName, _) => &[
                "nom_complet",
                "full_name",
                "nom_et_prenom",
                "prenom_nom",
                "name",
                "display_name",
                "contact",
            ],
            (Field::FirstName, _) => &["prenom", "first_name", "firstname", "given_name"],
            (Field::LastName, _) => &[
                "nom",
                "last_name",
                "lastname",
                "nom_de_famille",
                "family_name",
                "surname",
            ],
            (Field::Organisation, _) => &[
                "organisation",
                "organization",
                "structure",
                "company_name",
                "company",
                "entreprise",
                "employeur",
                "societe",
            ],
            (Field::Role, _) => &["role", "fonction", "poste", "title", "job_title"],
            (Field::Notes, _) => &["notes", "note", "commentaire", "commentaires", "remarques"],
            (Field::Email, Target::Organisations) => &[
                "courriels",
                "courriel",
                "email",
                "e_mail",
                "mail",
                "contact_email",
                "adresse_mail",
            ],
            (Field::Email, Target::People) => &[
                "email",
                "courriel",
                "e_mail",
                "mail",
                "adresse_mail",
                "email_work",
                "email_home",
                "email_other",
            ],
            (Field::Phone, _) => &[
                "telephone",
                "tel",
                "phone",
                "contact_tel",
                "phone_work",
                "mobile",
                "portable",
                "phone_home",
            ],
            (Field::ExternalId, _) => &[
                "code_bib",
                "id",
                "identifiant",
                "external_id",
                "bfc_id",
                "contact_id",
            ],
        }
    }
}

/// Lower case, accents and punctuation gone: "Code région" → "code_region".
pub fn normalise_header(header: &str) -> String {
    let ascii = deunicode::deunicode(header).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

/// A first mapping: each field takes the first column whose header is one
/// of its synonyms (the likeliest synonym first); other columns stay unread.
pub fn guess(target: Target, headers: &[String]) -> Vec<Option<Field>> {
    let normalised: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
    let mut mapping: Vec<Option<Field>> = vec![None; headers.len()];
    for field in Field::all(target) {
        for synonym in field.synonyms(target) {
            let free = normalised
                .iter()
                .enumerate()
                .filter(|(i, h)| mapping[*i].is_none() && h == synonym)
                .map(|(i, _)| i)
                .collect::<Vec<_>>();
            if field.repeatable() {
                for i in free {
                    mapping[i] = Some(*field);
                }
            } else if let Some(i) = free.first() {
                mapping[*i] = Some(*field);
                break;
            }
        }
    }
    mapping
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(line: &str, sep: char) -> Vec<String> {
        line.split(sep).map(str::to_owned).collect()
    }

    #[test]
    fn library_list_headers_are_understood() {
        let h = headers(
            "Libelle1;Libelle2;voie;CP;Ville;DEPT;INSEE;coordonnees_ban;coordonnees_finales;code_bib;Code region;Statut",
            ';',
        );
        let m = guess(Target::Organisations, &h);
        let at = |name: &str| m[h.iter().position(|x| x == name).unwrap()];
        assert_eq!(at("Libelle1"), Some(Field::Name));
        assert_eq!(at("Libelle2"), None);
        assert_eq!(at("Ville"), Some(Field::Commune));
        assert_eq!(at("CP"), Some(Field::Postcode));
        assert_eq!(at("coordonnees_finales"), Some(Field::Coordinates));
        assert_eq!(at("coordonnees_ban"), None);
        assert_eq!(at("code_bib"), Some(Field::ExternalId));
        assert_eq!(at("Code region"), Some(Field::Region));
        assert_eq!(at("Statut"), Some(Field::Kind));
        let h = headers("Libelle1;DEPT;INSEE;pop_com", ';');
        let m = guess(Target::Organisations, &h);
        assert_eq!(m[3], Some(Field::CommunePopulation));
    }

    #[test]
    fn people_headers_in_english_and_french() {
        let h = headers("First Name,Last Name,E-mail,Société,Fonction", ',');
        assert_eq!(
            guess(Target::People, &h),
            [
                Some(Field::FirstName),
                Some(Field::LastName),
                Some(Field::Email),
                Some(Field::Organisation),
                Some(Field::Role)
            ]
        );
        let h = headers("nom,prénom,email_work,email_home", ',');
        let m = guess(Target::People, &h);
        assert_eq!(m[0], Some(Field::LastName));
        assert_eq!(m[1], Some(Field::FirstName));
        assert_eq!((m[2], m[3]), (Some(Field::Email), None));
    }
}
