//! `/api/v1/organisations`: list (filters of the directory list, cursor
//! pagination), read, create, update and delete. A body is turned into the
//! very fields the HTML form posts and read by the form's own reader
//! ([`OrganisationForm`]): a field's rule is written once. Writes go
//! through the directory's store (audit entry, search outbox row) under
//! optimistic locking: `ETag` is the version, `If-Match` is required.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problem::{ChangeRefused, ReadRefused};
use crate::app::AppState;
use crate::db;
use crate::directory::form::OrganisationForm;
use crate::directory::store::{self, Children, ListFilter};
use crate::entities::{OrgKind, Stage, channel, organisation};
use crate::values::optional_text;
use crate::web::forms::{Fields, FormErrors};
use crate::web::{AppError, AppResult, Ctx, editing};

/// A way to reach an organisation.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Channel {
    /// A channel kind (the values are listed in the schema).
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
}

/// An organisation as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Organisation {
    pub id: i32,
    pub name: String,
    pub acronym: Option<String>,
    /// Kind of organisation.
    pub kind: String,
    /// Geographic reach.
    pub scope: String,
    pub parent_id: Option<i32>,
    /// INSEE code of the région.
    pub region_code: Option<String>,
    /// Code of the département (`33`, `2A`…).
    pub departement_code: Option<String>,
    /// The commune's name: the reference one when linked, else as given
    /// (to check).
    pub commune: Option<String>,
    /// INSEE code of the reference commune it is linked to.
    pub commune_code: Option<String>,
    pub postcode: Option<String>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub website: Option<String>,
    pub contact_form_url: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub description: Option<String>,
    pub governance_notes: Option<String>,
    pub workshops_offered: Option<String>,
    pub workshop_runners: Vec<String>,
    pub tags: Vec<String>,
    pub channels: Vec<Channel>,
    /// Inhabitants of its commune (from the national library list).
    pub commune_population: Option<i32>,
    /// Readers or subscribers a volunteer estimated (mailing lists,
    /// newsletters), with where the figure comes from.
    pub audience_estimate: Option<i32>,
    pub audience_source: Option<String>,
    /// How many libraries, members or readers it reaches, derived from the
    /// directory (never written through the API).
    pub reach: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The version, also sent as `ETag`; a change names it in `If-Match`.
    pub version: i32,
}

/// An organisation as sent to create or replace one. The rules are the
/// form's: `name` and `kind` are required, `scope` defaults to `local`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct OrganisationBody {
    #[schema(required = true)]
    pub name: Option<String>,
    pub acronym: Option<String>,
    #[schema(required = true)]
    pub kind: Option<String>,
    pub scope: Option<String>,
    pub parent_id: Option<i32>,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    /// The commune's name. Without `commune_code` it is looked up among
    /// the reference communes (with `postcode` and `departement_code`):
    /// one match links it; several are refused, the namesakes listed in
    /// the problem's `choices`; none keeps the name, to check.
    pub commune: Option<String>,
    /// INSEE code of the commune (`35238`), or the `id` of a choice.
    pub commune_code: Option<String>,
    pub postcode: Option<String>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub website: Option<String>,
    pub contact_form_url: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub description: Option<String>,
    pub governance_notes: Option<String>,
    pub workshops_offered: Option<String>,
    pub workshop_runners: Vec<String>,
    pub tags: Vec<String>,
    pub channels: Vec<Channel>,
    /// Estimated readers or subscribers; given together with its source.
    /// Leave both out to keep the stored ones.
    pub audience_estimate: Option<i64>,
    pub audience_source: Option<String>,
}

impl OrganisationBody {
    /// The fields the HTML form would post for this organisation.
    fn form_fields(&self) -> Vec<(String, String)> {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let number = |v: Option<f64>| v.map(|n| n.to_string()).unwrap_or_default();
        let mut fields: Vec<(String, String)> = [
            ("name", text(&self.name)),
            ("acronym", text(&self.acronym)),
            ("kind", text(&self.kind)),
            (
                "scope",
                self.scope.clone().unwrap_or_else(|| "local".to_owned()),
            ),
            (
                "parent_id",
                self.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            ),
            ("region_code", text(&self.region_code)),
            ("departement_code", text(&self.departement_code)),
            ("commune", text(&self.commune)),
            // Always sent, as the form's picker does: an ambiguous name is
            // refused with its namesakes rather than left unlinked.
            ("commune_code", text(&self.commune_code)),
            ("postcode", text(&self.postcode)),
            ("address", text(&self.address)),
            ("latitude", number(self.latitude)),
            ("longitude", number(self.longitude)),
            ("website", text(&self.website)),
            ("contact_form_url", text(&self.contact_form_url)),
            ("email", text(&self.email)),
            ("phone", text(&self.phone)),
            ("description", text(&self.description)),
            ("governance_notes", text(&self.governance_notes)),
            ("workshops_offered", text(&self.workshops_offered)),
            ("tags", self.tags.join(", ")),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect();
        if self.audience_estimate.is_some() || self.audience_source.is_some() {
            fields.push((
                "audience_estimate".into(),
                self.audience_estimate
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            ));
            fields.push(("audience_source".into(), text(&self.audience_source)));
        }
        for runner in &self.workshop_runners {
            fields.push(("workshop_runner".into(), runner.clone()));
        }
        for (i, c) in self.channels.iter().enumerate() {
            fields.push((format!("channel-{i}-kind"), c.kind.clone()));
            fields.push((format!("channel-{i}-address"), text(&c.address)));
            fields.push((format!("channel-{i}-label"), text(&c.label)));
        }
        fields
    }
}

/// Query of the list: the directory list's filters, then the page.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ListParams {
    /// Kind of organisation.
    kind: Option<String>,
    /// INSEE code of the région (`75` for Nouvelle-Aquitaine).
    region: Option<String>,
    /// Code of the département.
    departement: Option<String>,
    /// Outreach stage in any campaign.
    stage: Option<String>,
    /// Tag name.
    tag: Option<String>,
    /// Part of the name.
    name: Option<String>,
    /// Organisations per page (1 to 200, default 50).
    limit: Option<String>,
    /// The `next` of the previous page.
    cursor: Option<String>,
}

/// One page of organisations.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationPage {
    pub items: Vec<Organisation>,
    /// Cursor of the following page (pass it as `cursor`); null on the last.
    pub next: Option<String>,
}

/// Query of a delete: what becomes of the children.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct DeleteParams {
    /// `move_up` (to the deleted one's parent), `detach` or `delete`;
    /// required when the organisation has children.
    children: Option<String>,
}

fn text_of(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or_default()
}

impl ListParams {
    /// The filter, the page size and the cursor; refused field by field.
    fn read(&self, ctx: &Ctx) -> AppResult<(ListFilter, u64, Option<i32>)> {
        let mut f = Fields::new(ctx);
        let kind = f.optional_choice::<OrgKind>("kind", text_of(&self.kind));
        let stage = f.optional_choice::<Stage>("stage", text_of(&self.stage));
        let (limit, cursor) = super::paging(&mut f, text_of(&self.limit), text_of(&self.cursor));
        f.finish().map_err(AppError::Invalid)?;
        let filter = ListFilter {
            kind,
            region: optional_text(text_of(&self.region)),
            departement: optional_text(text_of(&self.departement)).map(|d| d.to_uppercase()),
            stage,
            tag: optional_text(text_of(&self.tag)),
            name: optional_text(text_of(&self.name)),
            ..Default::default()
        };
        Ok((filter, limit, cursor))
    }
}

fn shown(o: organisation::Model, tags: Vec<String>, channels: Vec<channel::Model>) -> Organisation {
    Organisation {
        id: o.id,
        name: o.name,
        acronym: o.acronym,
        kind: o.kind.as_str().to_owned(),
        scope: o.scope.as_str().to_owned(),
        parent_id: o.parent_id,
        region_code: o.region_code,
        departement_code: o.departement_code,
        commune: o.commune,
        commune_code: o.commune_code,
        postcode: o.postcode,
        address: o.address,
        latitude: o.latitude,
        longitude: o.longitude,
        website: o.website,
        contact_form_url: o.contact_form_url,
        email: o.email,
        phone: o.phone,
        description: o.description,
        governance_notes: o.governance_notes,
        workshops_offered: o.workshops_offered,
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
        tags,
        channels: channels
            .into_iter()
            .map(|c| Channel {
                kind: c.kind.as_str().to_owned(),
                address: c.address,
                label: c.label,
            })
            .collect(),
        commune_population: o.commune_population,
        audience_estimate: o.audience_estimate,
        audience_source: o.audience_source,
        reach: o.reach,
        created_at: o.created_at,
        updated_at: o.updated_at,
        version: o.version,
    }
}

/// These organisations with their tags and channels (two queries).
async fn complete(
    state: &AppState,
    organisations: Vec<organisation::Model>,
) -> AppResult<Vec<Organisation>> {
    let ids: Vec<i32> = organisations.iter().map(|o| o.id).collect();
    let mut tags = store::tags_by_organisation(&state.db, &ids).await?;
    let mut channels: HashMap<i32, Vec<channel::Model>> =
        store::channels_by_organisation(&state.db, &ids).await?;
    Ok(organisations
        .into_iter()
        .map(|o| {
            let (t, c) = (
                tags.remove(&o.id).unwrap_or_default(),
                channels.remove(&o.id).unwrap_or_default(),
            );
            shown(o, t, c)
        })
        .collect())
}

async fn one(state: &AppState, id: i32) -> AppResult<Organisation> {
    let organisation = store::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    complete(state, vec![organisation])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// The organisation with its version as `ETag`.
fn with_etag(status: StatusCode, organisation: Organisation) -> Response {
    let version = organisation.version;
    super::with_etag(status, organisation, version)
}

/// The body read as JSON (a value of the wrong type refused naming its
/// field), as the fields the form posts, held to the form fields' limits.
fn read_body(ctx: &Ctx, bytes: &[u8]) -> AppResult<Vec<(String, String)>> {
    let body: OrganisationBody = super::read_json(ctx, bytes)?;
    super::checked_fields(body.form_fields())
}

/// Reads a body with the form's reader (`editing`: the organisation edited).
async fn validated(
    state: &AppState,
    ctx: &Ctx,
    bytes: &[u8],
    editing: Option<i32>,
) -> AppResult<store::OrganisationInput> {
    let fields = read_body(ctx, bytes)?;
    let form = OrganisationForm::from_fields(&fields);
    form.parse(ctx, state, editing)
        .await?
        .map_err(AppError::Invalid)
}

/// List organisations
///
/// The directory's filters, combined; pages in the order of creation.
#[utoipa::path(
    get,
    path = "/api/v1/organisations",
    tag = "organisations",
    params(ListParams),
    responses(
        (status = 200, description = "A page of organisations", body = OrganisationPage),
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<ListParams>,
) -> AppResult<Json<OrganisationPage>> {
    let (filter, limit, cursor) = params.read(&ctx)?;
    let mut page = store::page_after(&state.db, &filter, cursor, limit + 1).await?;
    let next = super::next_cursor(&mut page, limit, |o| o.id);
    let items = complete(&state, page).await?;
    Ok(Json(OrganisationPage { items, next }))
}

/// Read an organisation
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{id}",
    tag = "organisations",
    params(("id" = i32, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "The organisation", body = Organisation,
            headers(("ETag" = String, description = "The version"))),
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn read(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    Ok(with_etag(StatusCode::OK, one(&state, id).await?))
}

/// Create an organisation
///
/// Validated like the form; written with its audit entry.
#[utoipa::path(
    post,
    path = "/api/v1/organisations",
    tag = "organisations",
    request_body = OrganisationBody,
    responses(
        (status = 201, description = "Created", body = Organisation,
            headers(("ETag" = String, description = "The version"), ("Location" = String, description = "Its address"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> AppResult<Response> {
    let input = validated(&state, &ctx, &body, None).await?;
    let id = db::transaction(&state.db, async |txn| {
        store::create(txn, &input, ctx.actor_id()).await
    })
    .await?;
    state.search.nudge();
    let mut response = with_etag(StatusCode::CREATED, one(&state, id).await?);
    if let Ok(value) = HeaderValue::from_str(&format!("/api/v1/organisations/{id}")) {
        response.headers_mut().insert(LOCATION, value);
    }
    Ok(response)
}

/// Replace an organisation
///
/// The whole record, as the edit form sends it; `If-Match` names the
/// version it was read at (412 with the current record if it changed).
#[utoipa::path(
    put,
    path = "/api/v1/organisations/{id}",
    tag = "organisations",
    params(
        ("id" = i32, Path, description = "Organisation id"),
        ("If-Match" = String, Header, description = "The ETag read (the version)"),
    ),
    request_body = OrganisationBody,
    responses(
        (status = 200, description = "Saved", body = Organisation,
            headers(("ETag" = String, description = "The new version"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    store::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let input = validated(&state, &ctx, &body, Some(id)).await?;
    let applied = editing::save_versioned(&state.db, async |txn| {
        store::update(txn, id, version, &input, ctx.actor_id()).await
    })
    .await?;
    if !applied {
        return Err(stale(&state, id).await);
    }
    state.search.nudge();
    Ok(with_etag(StatusCode::OK, one(&state, id).await?))
}

/// The refusal of a change made from an old version, with the record now.
async fn stale(state: &AppState, id: i32) -> AppError {
    match one(state, id).await {
        Ok(current) => super::stale(current),
        Err(err) => err,
    }
}

/// Delete an organisation
///
/// `If-Match` names the version read; `children` says what becomes of
/// its children, if it has any.
#[utoipa::path(
    delete,
    path = "/api/v1/organisations/{id}",
    tag = "organisations",
    params(
        ("id" = i32, Path, description = "Organisation id"),
        ("If-Match" = String, Header, description = "The ETag read (the version)"),
        DeleteParams,
    ),
    responses(
        (status = 204, description = "Deleted"),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    headers: HeaderMap,
    Query(params): Query<DeleteParams>,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    let current = store::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let (children, _, _) = store::dependents(&state.db, id).await?;
    let choice = match text_of(&params.children) {
        "move_up" => Children::MoveUp,
        "detach" => Children::Detach,
        "delete" => Children::Delete,
        "" if children == 0 => Children::Detach,
        _ => {
            let mut errors = FormErrors::default();
            errors.add("children", ctx.t("directory-delete-choose"));
            return Err(AppError::Invalid(errors));
        }
    };
    if current.version != version {
        return Err(stale(&state, id).await);
    }
    let deleted = db::transaction(&state.db, async |txn| {
        // Checked again inside: a save may have come in between.
        match store::get(txn, id).await? {
            Some(row) if row.version == version => {
                store::delete(txn, &row, choice, ctx.actor_id()).await?;
                Ok::<_, sea_orm::DbErr>(true)
            }
            _ => Ok(false),
        }
    })
    .await?;
    if !deleted {
        return Err(stale(&state, id).await);
    }
    state.search.nudge();
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_becomes_the_fields_the_form_posts() {
        let body = OrganisationBody {
            name: Some("Médiathèque".into()),
            kind: Some("library".into()),
            latitude: Some(44.5),
            tags: vec!["a".into(), "b".into()],
            channels: vec![Channel {
                kind: "email".into(),
                address: Some("x@example.org".into()),
                label: None,
            }],
            ..Default::default()
        };
        let form = OrganisationForm::from_fields(&body.form_fields());
        assert_eq!(form.name, "Médiathèque");
        assert_eq!(form.scope, "local", "the form's default scope");
        assert_eq!(form.latitude, "44.5");
        assert_eq!(form.tags, "a, b");
        assert_eq!(form.channels[0].address, "x@example.org");
    }
}
