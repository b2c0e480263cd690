//! The national standard for digital-mediation places, "schéma des lieux
//! de médiation numérique" v1 (LaMednum, Licence Ouverte): recognising a
//! file that follows it, and checking each row against its rules. The
//! rules below restate those of the schema's fields (required, unique,
//! patterns, lists of allowed values, maximum length).

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::Problem;

/// A field's rule in the schema.
enum Rule {
    /// Free text.
    Text,
    /// Must match this pattern.
    Pattern(&'static str),
    /// One or more of these values, separated by `|`.
    OneOrMore(&'static [&'static str]),
    /// At most this many characters.
    MaxLength(usize),
    Number,
    /// ISO date (YYYY-MM-DD).
    Date,
}

struct SchemaField {
    name: &'static str,
    required: bool,
    rule: Rule,
}

const fn field(name: &'static str, required: bool, rule: Rule) -> SchemaField {
    SchemaField {
        name,
        required,
        rule,
    }
}

static FIELDS: &[SchemaField] = &[
    field("id", true, Rule::Text),
    field("pivot", true, Rule::Pattern(r"^[a-zA-Z0-9]{9,14}$")),
    field("nom", true, Rule::Text),
    field("commune", true, Rule::Text),
    field("code_postal", true, Rule::Pattern(r"^\d{5}$")),
    field(
        "code_insee",
        false,
        Rule::Pattern(r"^([013-9]\d|2[AB1-9])\d{3}$"),
    ),
    field("adresse", true, Rule::Text),
    field("complement_adresse", false, Rule::Text),
    field("latitude", false, Rule::Number),
    field("longitude", false, Rule::Number),
    field("typologie", false, Rule::Text),
    field(
        "telephone",
        false,
        Rule::Pattern(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$"),
    ),
    field("courriels", false, Rule::Text),
    field("site_web", false, Rule::Text),
    field("horaires", false, Rule::Text),
    field("presentation_resume", false, Rule::MaxLength(280)),
    field("presentation_detail", false, Rule::Text),
    field("source", false, Rule::Text),
    field("itinerance", false, Rule::OneOrMore(&["Itinérant", "Fixe"])),
    field("structure_parente", false, Rule::Text),
    field("date_maj", true, Rule::Date),
    field(
        "services",
        false,
        Rule::OneOrMore(&[
            "Aide aux démarches administratives",
            "Maîtrise des outils numériques du quotidien",
            "Insertion professionnelle via le numérique",
            "Utilisation sécurisée du numérique",
            "Parentalité et éducation avec le numérique",
            "Loisirs et créations numériques",
            "Compréhension du monde numérique",
            "Accès internet et matériel informatique",
            "Acquisition de matériel informatique à prix solidaire",
        ]),
    ),
    field(
        "publics_specifiquement_adresses",
        false,
        Rule::OneOrMore(&[
            "Jeunes",
            "Étudiants",
            "Familles et/ou enfants",
            "Seniors",
            "Femmes",
        ]),
    ),
    field(
        "prise_en_charge_specifique",
        false,
        Rule::OneOrMore(&[
            "Surdité",
            "Handicaps moteurs",
            "Handicaps mentaux",
            "Illettrisme",
            "Langues étrangères (anglais)",
            "Langues étrangères (autres)",
            "Déficience visuelle",
        ]),
    ),
    field(
        "frais_a_charge",
        false,
        Rule::OneOrMore(&["Gratuit", "Gratuit sous condition", "Payant"]),
    ),
    field(
        "dispositif_programmes_nationaux",
        false,
        Rule::OneOrMore(&[
            "Aidants Connect",
            "Bibliothèques numérique de référence",
            "Certification PIX",
            "Conseillers numériques",
            "Emmaüs Connect",
            "France Services",
            "Grande école du numérique",
            "La Croix Rouge",
            "Point d'accès numérique CAF",
            "Promeneurs du net",
            "Relais numérique (Emmaüs Connect)",
        ]),
    ),
    field(
        "formations_labels",
        false,
        Rule::OneOrMore(&[
            "Formé à « Mon Espace Santé »",
            "Formé à « DUPLEX » (illettrisme)",
            "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
            "Collectif ressources et acteurs réemploi (Normandie)",
            "Étapes numériques(La Poste)",
            "Fabriques de Territoire",
            "Les Éclaireurs du numérique (Drôme)",
            "Mes Papiers (Métropole de Lyon)",
            "ORDI 3.0",
            "SUD LABS (PACA)",
        ]),
    ),
    field("autres_formations_labels", false, Rule::Text),
    field(
        "modalites_acces",
        false,
        Rule::OneOrMore(&[
            "Se présenter",
            "Téléphoner",
            "Contacter par mail",
            "Prendre un RDV en ligne",
            "Ce lieu n'accueille pas de public",
            "Envoyer un mail avec une fiche de prescription",
        ]),
    ),
    field(
        "modalites_accompagnement",
        false,
        Rule::OneOrMore(&[
            "En autonomie",
            "Accompagnement individuel",
            "Dans un atelier collectif",
            "À distance",
        ]),
    ),
    field("fiche_acces_libre", false, Rule::Text),
    field("prise_rdv", false, Rule::Text),
];

static PATTERNS: LazyLock<Vec<Option<Regex>>> = LazyLock::new(|| {
    FIELDS
        .iter()
        .map(|f| match f.rule {
            Rule::Pattern(p) => Some(Regex::new(p).expect("schema pattern")),
            _ => None,
        })
        .collect()
});

/// A file follows the schema when it has every required column.
pub fn follows_schema(headers: &[String]) -> bool {
    FIELDS
        .iter()
        .filter(|f| f.required)
        .all(|f| headers.iter().any(|h| h == f.name))
}

/// Checks rows one by one; remembers ids to report a repeated one.
#[derive(Default)]
pub struct Validator {
    ids: HashSet<String>,
}

impl Validator {
    /// Every violation of the row, each naming its field.
    pub fn check(&mut self, line: u64, headers: &[String], values: &[String]) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (f, pattern) in FIELDS.iter().zip(PATTERNS.iter()) {
            let value = headers
                .iter()
                .position(|h| h == f.name)
                .map(|i| values[i].trim())
                .unwrap_or_default();
            let mut problem = |key: &'static str, detail: String| {
                problems.push(Problem::row(line, f.name, key, detail));
            };
            if value.is_empty() {
                if f.required {
                    problem("import-schema-required", String::new());
                }
                continue;
            }
            match &f.rule {
                Rule::Text => {}
                Rule::Pattern(_) => {
                    if !pattern.as_ref().is_some_and(|p| p.is_match(value)) {
                        problem("import-schema-pattern", value.to_owned());
                    }
                }
                Rule::OneOrMore(allowed) => {
                    if let Some(bad) = value.split('|').find(|v| !allowed.contains(v)) {
                        problem("import-schema-value", bad.to_owned());
                    }
                }
                Rule::MaxLength(max) => {
                    if value.chars().count() > *max {
                        problem("import-schema-too-long", max.to_string());
                    }
                }
                Rule::Number => {
                    if value.parse::<f64>().is_err() {
                        problem("import-schema-number", value.to_owned());
                    }
                }
                Rule::Date => {
                    if chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_err() {
                        problem("import-schema-date", value.to_owned());
                    }
                }
            }
            if f.name == "id" && !self.ids.insert(value.to_owned()) {
                problem("import-schema-id-repeated", value.to_owned());
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Our rules against the published schema, when the shared data is here.
    #[test]
    fn rules_agree_with_the_published_schema() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
            "../shared/data/mediation-numerique/schema-lieux-mediation-numerique-v1.0.2.json",
        );
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("note: {} absent, schema comparison skipped", path.display());
            return;
        };
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        let fields = schema["fields"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        let ours: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        assert_eq!(names, ours);
        for (theirs, ours) in fields.iter().zip(FIELDS) {
            let constraints = &theirs["constraints"];
            assert_eq!(
                constraints["required"].as_bool().unwrap_or(false),
                ours.required,
                "{}",
                ours.name
            );
            match &ours.rule {
                Rule::OneOrMore(values) => {
                    let pattern = Regex::new(constraints["pattern"].as_str().unwrap()).unwrap();
                    for v in *values {
                        assert!(pattern.is_match(v), "{}: {v}", ours.name);
                    }
                    assert!(pattern.is_match(&values.join("|")));
                    assert!(!pattern.is_match("Autre chose"), "{}", ours.name);
                }
                Rule::Pattern(p) => assert_eq!(constraints["pattern"].as_str(), Some(*p)),
                Rule::MaxLength(n) => {
                    assert_eq!(constraints["maxLength"].as_u64(), Some(*n as u64))
                }
                _ => {}
            }
        }
    }

    #[test]
    fn each_violation_names_its_field() {
        let headers: Vec<String> = ["id", "pivot", "nom", "code_postal", "services", "date_maj"]
            .map(String::from)
            .to_vec();
        let row: Vec<String> = [
            "a",
            "123",
            "Lieu",
            "1300",
            "Aide aux démarches administratives|Jeux",
            "2024-02-30",
        ]
        .map(String::from)
        .to_vec();
        let mut validator = Validator::default();
        let problems = validator.check(2, &headers, &row);
        let fields: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
        assert_eq!(
            fields,
            [
                "pivot",
                "commune",
                "code_postal",
                "adresse",
                "date_maj",
                "services"
            ]
        );
        assert!(problems.iter().all(|p| p.line == Some(2)));
        assert_eq!(problems.last().unwrap().detail, "Jeux");
        let again = validator.check(3, &headers, &row);
        assert!(again.iter().any(|p| p.key == "import-schema-id-repeated"));
    }
}
