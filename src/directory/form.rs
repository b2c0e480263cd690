//! The organisation form: kept as typed text so that errors can show it
//! back, and parsed into a validated [`OrganisationInput`].

use sea_orm::{DbErr, EntityTrait};

use super::store::{self, Audience, ListFilter, OrganisationInput, Sort};
use crate::app::AppState;
use crate::entities::*;
use crate::values::{Email, optional_text};
use crate::web::Ctx;
use crate::web::forms::{Fields, FormErrors};

/// The directory list's filters as they come in the address (also the
/// filters of its export).
#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    departement: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    page: String,
    /// "1": only organisations whose commune is not linked (see `geo`).
    #[serde(default)]
    commune_to_check: String,
    /// A campaign's id: only the organisations it follows.
    #[serde(default)]
    in_campaign: String,
}

impl ListQuery {
    pub fn filter(&self) -> ListFilter {
        ListFilter {
            kind: self.kind.parse().ok(),
            region: optional_text(&self.region),
            departement: optional_text(&self.departement),
            stage: self.stage.parse().ok(),
            tag: optional_text(&self.tag),
            name: optional_text(&self.name),
            sort: Sort::parse(&self.sort),
            page: self.page.parse().unwrap_or(0).min(10_000),
            commune_to_check: matches!(self.commune_to_check.as_str(), "1" | "on"),
            campaign: self.in_campaign.trim().parse().ok(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ChannelRow {
    pub kind: String,
    pub address: String,
    pub label: String,
}

#[derive(Debug, Clone, Default)]
pub struct OrganisationForm {
    pub name: String,
    pub acronym: String,
    pub kind: String,
    pub scope: String,
    pub parent_id: String,
    /// The parent's name as typed in the picker (or its label, once chosen).
    pub parent_id_name: String,
    pub region_code: String,
    pub departement_code: String,
    pub commune: String,
    /// The commune picker's choice (INSEE code); `None` when the
    /// submission did not carry the picker (the API): a name is then
    /// linked only when it designates one commune.
    pub commune_code: Option<String>,
    pub postcode: String,
    pub address: String,
    pub latitude: String,
    pub longitude: String,
    pub website: String,
    pub contact_form_url: String,
    pub email: String,
    pub phone: String,
    pub description: String,
    pub governance_notes: String,
    pub workshops_offered: String,
    pub workshop_runners: Vec<String>,
    pub tags: String,
    pub channels: Vec<ChannelRow>,
    /// The audience estimate and its source as typed; `None` when the
    /// submission did not carry the field (then the stored one stays).
    pub audience_estimate: Option<String>,
    pub audience_source: Option<String>,
    /// When its elected members' mandates end, and who elects them; `None`
    /// when the submission did not carry the field (the stored one stays).
    pub mandates_end_on: Option<String>,
    pub mandates_elected_by: Option<String>,
    pub version: String,
}

/// The largest audience estimate taken: ten million readers is beyond any
/// French professional list; a larger figure is a typing slip.
pub const AUDIENCE_MAX: i32 = 10_000_000;

/// The rule of the audience fields, written once (the HTML form and the
/// API read organisations through [`OrganisationForm::parse`]): a whole
/// number from 1 to [`AUDIENCE_MAX`] (spaces between thousands allowed),
/// and where it comes from, at most a line ([`crate::values::limits::LINE`]
/// characters, as the column on PostgreSQL); the source is required with a
/// figure and refused without one.
pub fn audience(f: &mut Fields<'_>, estimate: &str, source: &str) -> Audience {
    let digits: String = estimate.chars().filter(|c| !c.is_whitespace()).collect();
    let estimate = f.optional_number(
        "audience_estimate",
        &digits,
        1..=AUDIENCE_MAX,
        "reach-audience-invalid",
    );
    let source = f.optional_text("audience_source", source, crate::values::limits::LINE);
    let given = !digits.is_empty();
    if given && source.is_none() && !f.has_error("audience_source") {
        f.error("audience_source", "reach-audience-source-required");
    }
    if !given && source.is_some() {
        f.error("audience_estimate", "reach-audience-estimate-required");
    }
    Audience { estimate, source }
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

impl OrganisationForm {
    pub fn blank() -> Self {
        OrganisationForm {
            kind: OrgKind::Library.as_str().into(),
            scope: Scope::Local.as_str().into(),
            audience_estimate: Some(String::new()),
            audience_source: Some(String::new()),
            mandates_end_on: Some(String::new()),
            mandates_elected_by: Some(String::new()),
            commune_code: Some(String::new()),
            ..Default::default()
        }
    }

    pub fn from_model(
        o: &organisation::Model,
        tags: &[String],
        channels: &[channel::Model],
    ) -> Self {
        OrganisationForm {
            name: o.name.clone(),
            acronym: text(&o.acronym),
            kind: o.kind.as_str().into(),
            scope: o.scope.as_str().into(),
            parent_id: o.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            parent_id_name: String::new(),
            region_code: text(&o.region_code),
            departement_code: text(&o.departement_code),
            commune: text(&o.commune),
            commune_code: Some(text(&o.commune_code)),
            postcode: text(&o.postcode),
            address: text(&o.address),
            latitude: o.latitude.map(|v| v.to_string()).unwrap_or_default(),
            longitude: o.longitude.map(|v| v.to_string()).unwrap_or_default(),
            website: text(&o.website),
            contact_form_url: text(&o.contact_form_url),
            email: text(&o.email),
            phone: text(&o.phone),
            description: text(&o.description),
            governance_notes: text(&o.governance_notes),
            workshops_offered: text(&o.workshops_offered),
            workshop_runners: o
                .workshop_runners
                .as_ref()
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|r| r.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            tags: tags.join(", "),
            channels: channels
                .iter()
                .map(|c| ChannelRow {
                    kind: c.kind.as_str().into(),
                    address: text(&c.address),
                    label: text(&c.label),
                })
                .collect(),
            audience_estimate: Some(
                o.audience_estimate
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            ),
            audience_source: Some(text(&o.audience_source)),
            mandates_end_on: Some(o.mandates_end_on.map(|d| d.to_string()).unwrap_or_default()),
            mandates_elected_by: Some(text(&o.mandates_elected_by)),
            version: o.version.to_string(),
        }
    }

    pub fn from_fields(fields: &[(String, String)]) -> Self {
        let mut form = OrganisationForm::default();
        for (key, value) in fields {
            let v = value.clone();
            match key.as_str() {
                "name" => form.name = v,
                "acronym" => form.acronym = v,
                "kind" => form.kind = v,
                "scope" => form.scope = v,
                "parent_id" => form.parent_id = v,
                "parent_id_name" => form.parent_id_name = v,
                "region_code" => form.region_code = v,
                "departement_code" => form.departement_code = v,
                "commune" | "commune_code_name" => form.commune = v,
                "commune_code" => form.commune_code = Some(v),
                "postcode" => form.postcode = v,
                "address" => form.address = v,
                "latitude" => form.latitude = v,
                "longitude" => form.longitude = v,
                "website" => form.website = v,
                "contact_form_url" => form.contact_form_url = v,
                "email" => form.email = v,
                "phone" => form.phone = v,
                "description" => form.description = v,
                "governance_notes" => form.governance_notes = v,
                "workshops_offered" => form.workshops_offered = v,
                "workshop_runner" => form.workshop_runners.push(v),
                "tags" => form.tags = v,
                "audience_estimate" => form.audience_estimate = Some(v),
                "audience_source" => form.audience_source = Some(v),
                "mandates_end_on" => form.mandates_end_on = Some(v),
                "mandates_elected_by" => form.mandates_elected_by = Some(v),
                "version" => form.version = v,
                other => {
                    let Some(rest) = other.strip_prefix("channel-") else {
                        continue;
                    };
                    let Some((index, field)) = rest.split_once('-') else {
                        continue;
                    };
                    let Some(index) = index.parse::<usize>().ok().filter(|i| *i < 30) else {
                        continue;
                    };
                    if form.channels.len() <= index {
                        form.channels.resize(index + 1, ChannelRow::default());
                    }
                    match field {
                        "kind" => form.channels[index].kind = v,
                        "address" => form.channels[index].address = v,
                        "label" => form.channels[index].label = v,
                        _ => {}
                    }
                }
            }
        }
        form
    }

    /// Validates everything at once; `editing` is the id of the record being
    /// edited (a parent must not be itself or one of its descendants).
    pub async fn parse(
        &self,
        ctx: &Ctx,
        state: &AppState,
        editing: Option<i32>,
    ) -> Result<Result<OrganisationInput, FormErrors>, DbErr> {
        let db = &state.db;
        let mut e = FormErrors::default();
        let name = self.name.trim();
        if name.is_empty() {
            e.add("name", ctx.t("error-required"));
        } else if name.chars().count() > crate::values::limits::NAME {
            e.add("name", ctx.t("error-too-long"));
        }
        let kind = self
            .kind
            .parse::<OrgKind>()
            .map_err(|_| e.add("kind", ctx.t("error-choice-invalid")))
            .ok();
        let scope = self
            .scope
            .parse::<Scope>()
            .map_err(|_| e.add("scope", ctx.t("error-choice-invalid")))
            .ok();
        let mut f = Fields::new(ctx);
        let parent = f
            .picked(
                "parent_id",
                &self.parent_id,
                &self.parent_id_name,
                "directory-parent-unknown",
                async |pid| store::get(db, pid).await,
                async |name| crate::search::pick::organisations(state, ctx, name).await,
            )
            .await?;
        let parent_id = parent.map(|p| p.id);
        if let (Some(id), Some(pid)) = (editing, parent_id)
            && store::would_cycle(db, id, pid).await?
        {
            f.error("parent_id", "directory-parent-cycle");
        }
        let audience = match (&self.audience_estimate, &self.audience_source) {
            (None, None) => None,
            (estimate, source) => Some(audience(
                &mut f,
                estimate.as_deref().unwrap_or_default(),
                source.as_deref().unwrap_or_default(),
            )),
        };
        let mandates = match (&self.mandates_end_on, &self.mandates_elected_by) {
            (None, None) => None,
            (end, body) => Some((
                f.optional_date("mandates_end_on", end.as_deref().unwrap_or_default()),
                f.optional_text(
                    "mandates_elected_by",
                    body.as_deref().unwrap_or_default(),
                    crate::values::limits::NAME,
                ),
            )),
        };
        if let Err(found) = f.finish() {
            e.extend(found);
        }
        let mut region_code = optional_text(&self.region_code);
        let departement_code = optional_text(&self.departement_code).map(|d| d.to_uppercase());
        if let Some(code) = &region_code
            && region::Entity::find_by_id(code.clone())
                .one(db)
                .await?
                .is_none()
        {
            e.add("region_code", ctx.t("directory-region-unknown"));
        }
        if let Some(code) = &departement_code {
            match departement::Entity::find_by_id(code.clone())
                .one(db)
                .await?
            {
                None => e.add("departement_code", ctx.t("directory-departement-unknown")),
                Some(d) => match &region_code {
                    None => region_code = Some(d.region_code),
                    Some(r) if *r != d.region_code => e.add(
                        "departement_code",
                        ctx.t("directory-departement-outside-region"),
                    ),
                    Some(_) => {}
                },
            }
        }
        let postcode = optional_text(&self.postcode);
        if let Some(pc) = &postcode
            && !(pc.len() == 5 && pc.chars().all(|c| c.is_ascii_digit()))
        {
            e.add("postcode", ctx.t("directory-postcode-invalid"));
        }
        let commune = crate::geo::form::read_commune(
            db,
            ctx,
            &mut e,
            "commune_code",
            self.commune_code.as_deref(),
            &self.commune,
            postcode.as_deref(),
            departement_code.as_deref(),
        )
        .await?;
        let coordinate = |e: &mut FormErrors, field: &str, text: &str, limit: f64| -> Option<f64> {
            let text = text.trim().replace(',', ".");
            if text.is_empty() {
                return None;
            }
            match text.parse::<f64>() {
                Ok(v) if v.abs() <= limit => Some(v),
                _ => {
                    e.add(field, ctx.t("directory-coordinate-invalid"));
                    None
                }
            }
        };
        let latitude = coordinate(&mut e, "latitude", &self.latitude, 90.0);
        let longitude = coordinate(&mut e, "longitude", &self.longitude, 180.0);
        let url = |e: &mut FormErrors, field: &str, text: &str| -> Option<String> {
            let text = optional_text(text)?;
            let lower = text.to_lowercase();
            if (lower.starts_with("http://") || lower.starts_with("https://"))
                && !text.contains(char::is_whitespace)
                && text.len() <= 500
            {
                Some(text)
            } else {
                e.add(field, ctx.t("directory-url-invalid"));
                None
            }
        };
        let website = url(&mut e, "website", &self.website);
        let contact_form_url = url(&mut e, "contact_form_url", &self.contact_form_url);
        let email = match optional_text(&self.email) {
            None => None,
            Some(text) => Email::parse(&text)
                .map_err(|key| e.add("email", ctx.t(key)))
                .ok()
                .map(|m| m.to_string()),
        };
        let mut workshop_runners = Vec::new();
        for r in &self.workshop_runners {
            match r.parse::<WorkshopRunner>() {
                Ok(runner) if !workshop_runners.contains(&runner) => workshop_runners.push(runner),
                Ok(_) => {}
                Err(_) => e.add("workshop_runners", ctx.t("error-choice-invalid")),
            }
        }
        let tags: Vec<String> = self
            .tags
            .split(',')
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect();
        if tags.iter().any(|t| t.chars().count() > 60) {
            e.add("tags", ctx.t("error-too-long"));
        }
        let mut channels = Vec::new();
        for (i, row) in self.channels.iter().enumerate() {
            if row.address.trim().is_empty() && row.label.trim().is_empty() {
                continue;
            }
            match row.kind.parse::<ChannelKind>() {
                Ok(kind) => {
                    channels.push((kind, optional_text(&row.address), optional_text(&row.label)))
                }
                Err(_) => e.add(&format!("channel-{i}-kind"), ctx.t("error-choice-invalid")),
            }
        }
        let (Some(kind), Some(scope)) = (kind, scope) else {
            return Ok(Err(e));
        };
        if !e.is_empty() {
            return Ok(Err(e));
        }
        Ok(Ok(OrganisationInput {
            name: name.to_owned(),
            acronym: optional_text(&self.acronym),
            kind,
            scope,
            parent_id,
            region_code,
            departement_code,
            commune: commune.name,
            commune_code: commune.code,
            postcode,
            address: optional_text(&self.address),
            latitude,
            longitude,
            website,
            contact_form_url,
            email,
            phone: optional_text(&self.phone),
            description: optional_text(&self.description),
            governance_notes: optional_text(&self.governance_notes),
            workshops_offered: optional_text(&self.workshops_offered),
            workshop_runners,
            tags,
            channels,
            audience,
            mandates,
        }))
    }
}
