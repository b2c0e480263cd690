//! The forms of places: "around" as it comes in the address, the commune
//! field of the organisation form (a picker that resolves a typed name),
//! the commune note, "my commune" and the visits to record.

use sea_orm::{ConnectionTrait, DbErr};

use super::around::{AroundFilter, RADIUS_DEFAULT, RADIUS_MAX, RADIUS_MIN};
use super::store::{self, Resolved};
use crate::entities::*;
use crate::values::{limits, optional_text};
use crate::web::Ctx;
use crate::web::forms::{Candidate, Fields, FormErrors};

/// A picker's candidates carry a number: INSEE codes are numbers but for
/// Corsica's "2A"/"2B", which become 100,000 / 200,000 plus the rest
/// (no commune code reaches 100,000). [`code_of_candidate`] undoes it.
pub fn candidate_id(code: &str) -> i32 {
    match code.split_at_checked(2) {
        Some(("2A", rest)) => 100_000 + rest.parse::<i32>().unwrap_or(0),
        Some(("2B", rest)) => 200_000 + rest.parse::<i32>().unwrap_or(0),
        _ => code.parse().unwrap_or(0),
    }
}

/// The INSEE code a picker sent: the code itself (the script), or a
/// candidate's number (a radio button, see [`candidate_id`]).
pub fn code_of_candidate(text: &str) -> String {
    let text = text.trim().to_uppercase();
    match text.parse::<i32>() {
        Ok(n) if (100_000..200_000).contains(&n) => format!("2A{:03}", n - 100_000),
        Ok(n) if (200_000..300_000).contains(&n) => format!("2B{:03}", n - 200_000),
        Ok(n) if text.len() < 5 => format!("{n:05}"),
        _ => text,
    }
}

pub fn candidates(communes: &[commune::Model]) -> Vec<Candidate> {
    communes
        .iter()
        .map(|c| Candidate {
            id: candidate_id(&c.code),
            label: c.name.clone(),
            detail: store::detail(c, None),
        })
        .collect()
}

/// The commune an organisation form names: its code and its name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommuneChoice {
    pub code: Option<String>,
    /// The reference name once linked; else the text as typed (to check).
    pub name: Option<String>,
}

/// Reads a commune picker (`field` the chosen code, `text` the name
/// typed): a chosen code must exist; a name is resolved (see
/// [`store::resolve`]) — one commune: linked; several: refused with the
/// namesakes offered when the form has the picker (`field_sent`), else
/// kept as typed; none: kept as typed, unlinked ("to check").
#[allow(clippy::too_many_arguments)]
pub async fn read_commune(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    errors: &mut FormErrors,
    field: &str,
    code: Option<&str>,
    text: &str,
    postcode: Option<&str>,
    departement: Option<&str>,
) -> Result<CommuneChoice, DbErr> {
    let text = text.trim();
    if text.chars().count() > limits::LINE {
        errors.add(field, ctx.t("error-too-long"));
        return Ok(CommuneChoice::default());
    }
    let field_sent = code.is_some();
    if let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) {
        match store::get(db, &code_of_candidate(code)).await? {
            // The name typed since (without the script) wins over a code
            // left from before.
            Some(c) if text.is_empty() || super::fold(text) == c.search_name => {
                return Ok(CommuneChoice {
                    code: Some(c.code),
                    name: Some(c.name),
                });
            }
            Some(_) => {}
            None => {
                errors.add(field, ctx.t("geo-commune-unknown"));
                return Ok(CommuneChoice::default());
            }
        }
    }
    if text.is_empty() {
        return Ok(CommuneChoice::default());
    }
    let unlinked = CommuneChoice {
        code: None,
        name: Some(text.to_owned()),
    };
    Ok(
        match store::resolve(db, text, postcode, departement).await? {
            Resolved::One(c) => CommuneChoice {
                code: Some(c.code),
                name: Some(c.name),
            },
            Resolved::Several(namesakes) if field_sent => {
                errors.add(field, ctx.t("pick-ambiguous"));
                errors.offer(field, candidates(&namesakes));
                unlinked
            }
            Resolved::Several(_) | Resolved::None => unlinked,
        },
    )
}

/// "Around" as it comes in the address: a place (a commune chosen or
/// typed, an organisation, or "my commune"), a radius and filters.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct AroundQuery {
    /// A commune's code (the picker's choice)…
    pub at: String,
    /// …or its name or postcode as typed.
    pub at_name: String,
    /// An organisation's id.
    pub from: String,
    /// "1": from the user's own commune.
    pub me: String,
    pub radius: String,
    pub kind: String,
    pub stage: String,
    pub tag: String,
    pub population_max: String,
    pub population_min: String,
    pub workshops: String,
    pub runner: String,
}

/// Where "around" starts, as asked.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Commune(String),
    Named(String),
    Organisation(i32),
    Mine,
    Nothing,
}

impl AroundQuery {
    pub fn place(&self) -> Place {
        if let Some(code) = optional_text(&self.at) {
            Place::Commune(code_of_candidate(&code))
        } else if let Some(name) = optional_text(&self.at_name) {
            Place::Named(name)
        } else if let Some(id) = optional_text(&self.from) {
            id.parse()
                .map(Place::Organisation)
                .unwrap_or(Place::Nothing)
        } else if self.me == "1" {
            Place::Mine
        } else {
            Place::Nothing
        }
    }

    /// The filters; every problem at once, in the user's language.
    pub fn filter(&self, ctx: &Ctx) -> Result<AroundFilter, FormErrors> {
        let mut f = Fields::new(ctx);
        let radius = if self.radius.trim().is_empty() {
            Some(RADIUS_DEFAULT)
        } else {
            f.optional_number(
                "radius",
                &self.radius,
                RADIUS_MIN..=RADIUS_MAX,
                "geo-radius-invalid",
            )
        };
        let kind = f.optional_choice::<OrgKind>("kind", &self.kind);
        let stage = f.optional_choice::<Stage>("stage", &self.stage);
        let runner = f.optional_choice::<WorkshopRunner>("runner", &self.runner);
        let tag = f.optional_text("tag", &self.tag, limits::NAME);
        let digits = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let population_max = f.optional_number(
            "population_max",
            &digits(&self.population_max),
            0..=10_000_000,
            "geo-population-invalid",
        );
        let population_min = f.optional_number(
            "population_min",
            &digits(&self.population_min),
            0..=10_000_000,
            "geo-population-invalid",
        );
        f.finish()?;
        Ok(AroundFilter {
            radius_km: radius.unwrap_or(RADIUS_DEFAULT),
            kind,
            stage,
            campaign_id: None,
            tag,
            population_max,
            population_min,
            has_workshops: matches!(self.workshops.as_str(), "1" | "on" | "true"),
            runner,
            exclude: None,
        })
    }

    /// The address of this search with another place kept as is.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("at", self.at.clone()),
            ("at_name", self.at_name.clone()),
            ("from", self.from.clone()),
            ("me", self.me.clone()),
            ("radius", self.radius.clone()),
            ("kind", self.kind.clone()),
            ("stage", self.stage.clone()),
            ("tag", self.tag.clone()),
            ("population_max", self.population_max.clone()),
            ("population_min", self.population_min.clone()),
            ("workshops", self.workshops.clone()),
            ("runner", self.runner.clone()),
        ]
    }
}

/// The commune note's form, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NoteForm {
    pub library_decides: String,
    pub priorities: String,
    pub mayor: String,
    pub source: String,
    pub noted_on: String,
    pub version: String,
}

impl NoteForm {
    pub fn from_model(n: &commune_note::Model) -> NoteForm {
        NoteForm {
            library_decides: n.library_decides.clone().unwrap_or_default(),
            priorities: n.priorities.clone().unwrap_or_default(),
            mayor: n.mayor.clone().unwrap_or_default(),
            source: n.source.clone(),
            noted_on: n.noted_on.to_string(),
            version: n.version.to_string(),
        }
    }

    pub fn parse(&self, ctx: &Ctx) -> Result<super::notes::NoteInput, FormErrors> {
        let mut f = Fields::new(ctx);
        let library_decides =
            f.optional_text("library_decides", &self.library_decides, limits::TEXT);
        let priorities = f.optional_text("priorities", &self.priorities, limits::TEXT);
        let mayor = f.optional_text("mayor", &self.mayor, limits::LINE);
        let source = f.required_text("source", &self.source, limits::LINE);
        let noted_on = f.date("noted_on", &self.noted_on);
        if noted_on.is_some_and(|d| d > crate::clock::today()) {
            f.error("noted_on", "geo-note-date-future");
        }
        if library_decides.is_none() && priorities.is_none() && mayor.is_none() {
            f.error("library_decides", "geo-note-empty");
        }
        f.finish()?;
        match (source, noted_on) {
            (Some(source), Some(noted_on)) => Ok(super::notes::NoteInput {
                library_decides,
                priorities,
                mayor,
                source,
                noted_on,
            }),
            _ => Err(FormErrors::default()),
        }
    }
}
