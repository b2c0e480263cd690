//! `/api/v1/people` and `/api/v1/memberships`: people (list, read,
//! create, replace, export, erase) and their roles in organisations (list,
//! add, remove). A body is turned into the fields the person's and the
//! role's HTML forms post and read by those forms' own readers
//! ([`PersonForm`], [`MembershipForm`]); writes go through the people's
//! store (audit entry, search outbox row, webhooks). Erased people are gone
//! from the API as from the pages (never listed, `404` when asked for);
//! erasure is the page's, for administrators only.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problem::{ChangeRefused, Problem, ReadRefused};
use super::{number_field, text_field};
use crate::app::AppState;
use crate::db;
use crate::entities::{membership, organisation, person};
use crate::people::form::{MembershipForm, PersonForm};
use crate::people::{privacy, store};
use crate::values::optional_text;
use crate::web::forms::Fields;
use crate::web::{AppError, AppResult, Ctx, editing};

/// A role of a person in an organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct Membership {
    pub id: i32,
    pub person_id: i32,
    pub organisation_id: i32,
    pub organisation_name: String,
    pub role: String,
    pub started_on: Option<NaiveDate>,
    /// Set once the role has ended; the person stays on record.
    pub ended_on: Option<NaiveDate>,
    /// When an elected or fixed-term mandate ends.
    pub mandate_ends_on: Option<NaiveDate>,
    /// The body electing it.
    pub elected_by: Option<String>,
    /// The version, named by `If-Match` to remove the role.
    pub version: i32,
}

impl Membership {
    fn of(m: membership::Model, o: organisation::Model) -> Membership {
        Membership {
            id: m.id,
            person_id: m.person_id,
            organisation_id: o.id,
            organisation_name: o.name,
            role: m.role,
            started_on: m.started_on,
            ended_on: m.ended_on,
            mandate_ends_on: m.mandate_ends_on,
            elected_by: m.elected_by,
            version: m.version,
        }
    }
}

/// A person as the API shows them.
#[derive(Debug, Serialize, ToSchema)]
pub struct Person {
    pub id: i32,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
    /// The GDPR lawful basis relais holds their data under.
    pub lawful_basis: String,
    /// Since when that basis holds.
    pub lawful_basis_on: Option<NaiveDate>,
    /// Where we learnt of them.
    pub source: Option<String>,
    /// They asked not to be contacted.
    pub do_not_contact: bool,
    /// Present on a single person, absent from lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memberships: Option<Vec<Membership>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The version, also sent as `ETag`.
    pub version: i32,
}

impl Person {
    fn of(p: person::Model, memberships: Option<Vec<Membership>>) -> Person {
        Person {
            id: p.id,
            full_name: p.full_name,
            email: p.email,
            phone: p.phone,
            notes: p.notes,
            lawful_basis: p.lawful_basis.as_str().to_owned(),
            lawful_basis_on: p.lawful_basis_on,
            source: p.source,
            do_not_contact: p.do_not_contact,
            memberships,
            created_at: p.created_at,
            updated_at: p.updated_at,
            version: p.version,
        }
    }
}

/// A person as sent to create or replace one. The rules are the form's:
/// `full_name`, `lawful_basis` and `source` (where we learnt of them) are
/// required.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PersonBody {
    #[schema(required = true)]
    pub full_name: Option<String>,
    #[schema(format = Email)]
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
    /// The GDPR lawful basis (the values are listed in the schema).
    #[schema(required = true)]
    pub lawful_basis: Option<String>,
    /// Since when that basis holds (`YYYY-MM-DD`).
    #[schema(value_type = Option<String>, format = Date)]
    pub lawful_basis_on: Option<String>,
    /// Where we learnt of them.
    #[schema(required = true)]
    pub source: Option<String>,
    /// They asked not to be contacted.
    pub do_not_contact: bool,
}

impl PersonBody {
    /// The fields the HTML form would post for this person.
    fn form_fields(&self) -> Vec<(String, String)> {
        let mut fields = vec![
            text_field("full_name", &self.full_name),
            text_field("email", &self.email),
            text_field("phone", &self.phone),
            text_field("notes", &self.notes),
            text_field("lawful_basis", &self.lawful_basis),
            text_field("lawful_basis_on", &self.lawful_basis_on),
            text_field("source", &self.source),
        ];
        if self.do_not_contact {
            fields.push(("do_not_contact".into(), "on".into()));
        }
        fields
    }
}

/// A role as sent to add one to a person.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct MembershipBody {
    #[schema(required = true)]
    pub organisation_id: Option<i32>,
    /// What they do there (`Directrice`, `Référent numérique`…).
    #[schema(required = true)]
    pub role: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub started_on: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub ended_on: Option<String>,
    /// When an elected or fixed-term mandate ends.
    #[schema(value_type = Option<String>, format = Date)]
    pub mandate_ends_on: Option<String>,
    pub elected_by: Option<String>,
}

impl MembershipBody {
    fn form_fields(&self) -> Vec<(String, String)> {
        vec![
            number_field("organisation_id", self.organisation_id),
            text_field("role", &self.role),
            text_field("started_on", &self.started_on),
            text_field("ended_on", &self.ended_on),
            text_field("mandate_ends_on", &self.mandate_ends_on),
            text_field("elected_by", &self.elected_by),
        ]
    }
}

/// Query of the list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ListParams {
    /// Part of the name or of the e-mail address.
    name: Option<String>,
    /// Only the people with a role in this organisation.
    organisation: Option<String>,
    /// People per page (1 to 200, default 50).
    limit: Option<String>,
    /// The `next` of the previous page.
    cursor: Option<String>,
}

/// One page of people.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonPage {
    pub items: Vec<Person>,
    /// Cursor of the following page (pass it as `cursor`); null on the last.
    pub next: Option<String>,
}

/// A person's roles.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipList {
    pub items: Vec<Membership>,
}

/// The person, unless unknown or erased (both `404`).
async fn live_person(state: &AppState, id: i32) -> AppResult<person::Model> {
    store::get_not_erased(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn memberships_of(state: &AppState, id: i32) -> AppResult<Vec<Membership>> {
    Ok(store::memberships(&state.db, id)
        .await?
        .into_iter()
        .map(|(m, o)| Membership::of(m, o))
        .collect())
}

/// The person with their roles and their version as `ETag`.
async fn shown(state: &AppState, status: StatusCode, id: i32) -> AppResult<Response> {
    let person = live_person(state, id).await?;
    let memberships = memberships_of(state, id).await?;
    let version = person.version;
    Ok(super::with_etag(
        status,
        Person::of(person, Some(memberships)),
        version,
    ))
}

/// The refusal of a change made from an old version, with the person now.
async fn stale(state: &AppState, id: i32) -> AppError {
    let current = match live_person(state, id).await {
        Ok(person) => person,
        Err(err) => return err,
    };
    match memberships_of(state, id).await {
        Ok(memberships) => super::stale(Person::of(current, Some(memberships))),
        Err(err) => err,
    }
}

/// A body read with the person form's reader.
fn validated(ctx: &Ctx, bytes: &[u8]) -> AppResult<store::PersonInput> {
    let body: PersonBody = super::read_json(ctx, bytes)?;
    let fields = super::checked_fields(body.form_fields())?;
    super::form_of::<PersonForm>(&fields)
        .parse(ctx)
        .map_err(AppError::Invalid)
}

/// List people
///
/// Never an erased person; in the order of creation.
#[utoipa::path(
    get,
    path = "/api/v1/people",
    tag = "people",
    params(ListParams),
    responses(
        (status = 200, description = "A page of people", body = PersonPage),
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<ListParams>,
) -> AppResult<Json<PersonPage>> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut f = Fields::new(&ctx);
    let (limit, cursor) = super::paging(&mut f, &text(&params.limit), &text(&params.cursor));
    let organisation = f.optional_number(
        "organisation",
        &text(&params.organisation),
        1..=i32::MAX,
        "api-organisation-invalid",
    );
    f.finish().map_err(AppError::Invalid)?;
    let name = optional_text(&text(&params.name));
    let mut page =
        store::page_after(&state.db, name.as_deref(), organisation, cursor, limit + 1).await?;
    let next = super::next_cursor(&mut page, limit, |p| p.id);
    let items = page.into_iter().map(|p| Person::of(p, None)).collect();
    Ok(Json(PersonPage { items, next }))
}

/// Read a person
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}",
    tag = "people",
    params(("id" = i32, Path, description = "Person id")),
    responses(
        (status = 200, description = "The person, with their roles", body = Person,
            headers(("ETag" = String, description = "The version"))),
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn read(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    shown(&state, StatusCode::OK, id).await
}

/// Create a person
///
/// Validated like the person form (a lawful basis and a source are
/// required); written with its audit entry.
#[utoipa::path(
    post,
    path = "/api/v1/people",
    tag = "people",
    request_body = PersonBody,
    responses(
        (status = 201, description = "Created", body = Person,
            headers(("ETag" = String, description = "The version"), ("Location" = String, description = "Its address"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> AppResult<Response> {
    let input = validated(&ctx, &body)?;
    let id = db::transaction(&state.db, async |txn| {
        store::create(txn, &input, ctx.actor_id()).await
    })
    .await?;
    state.search.nudge();
    let person = live_person(&state, id).await?;
    let version = person.version;
    Ok(super::created(
        Person::of(person, Some(Vec::new())),
        version,
        &format!("/api/v1/people/{id}"),
    ))
}

/// Replace a person
///
/// The whole record, as the edit form sends it; `If-Match` names the
/// version it was read at (412 with the current record if it changed).
#[utoipa::path(
    put,
    path = "/api/v1/people/{id}",
    tag = "people",
    params(
        ("id" = i32, Path, description = "Person id"),
        ("If-Match" = String, Header, description = "The ETag read (the version)"),
    ),
    request_body = PersonBody,
    responses(
        (status = 200, description = "Saved", body = Person,
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
    let before = live_person(&state, id).await?;
    let input = validated(&ctx, &body)?;
    let applied = editing::save_versioned(&state.db, async |txn| {
        store::update(txn, &before, version, &input, ctx.actor_id()).await
    })
    .await?;
    if !applied {
        return Err(stale(&state, id).await);
    }
    state.search.nudge();
    shown(&state, StatusCode::OK, id).await
}

/// Erase a person
///
/// As the erasure page does, for administrators only: the person's data
/// is removed everywhere relais holds it (roles, mentions in notes, the
/// history's values, the search index); anonymous counts stay. The
/// person is then gone from the API. `If-Match` names the version read.
#[utoipa::path(
    delete,
    path = "/api/v1/people/{id}",
    tag = "people",
    params(
        ("id" = i32, Path, description = "Person id"),
        ("If-Match" = String, Header, description = "The ETag read (the version)"),
    ),
    responses(
        (status = 204, description = "Erased"),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn erase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let admin = ctx.require_admin()?.id;
    let version = super::if_match(&headers)?;
    let current = live_person(&state, id).await?;
    if current.version != version {
        return Err(stale(&state, id).await);
    }
    let erased = db::transaction(&state.db, async |txn| {
        // Checked again inside: a save may have come in between.
        match store::get_not_erased(txn, id).await? {
            Some(row) if row.version == version => {
                privacy::erase(txn, &row, Some(admin)).await?;
                Ok::<_, sea_orm::DbErr>(true)
            }
            _ => Ok(false),
        }
    })
    .await?;
    if !erased {
        return Err(stale(&state, id).await);
    }
    state.search.nudge();
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Export a person's data
///
/// Everything relais holds about the person, as the export on their page
/// (not for viewers).
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/export",
    tag = "people",
    params(("id" = i32, Path, description = "Person id")),
    responses(
        (status = 200, description = "The export document", body = Object),
        ReadRefused,
        (status = 403, description = "A viewer's token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Json<serde_json::Value>> {
    if !ctx.can_write() {
        return Err(AppError::Forbidden);
    }
    let person = live_person(&state, id).await?;
    Ok(Json(privacy::export(&state.db, &person).await?))
}

/// List a person's roles
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/memberships",
    tag = "people",
    params(("id" = i32, Path, description = "Person id")),
    responses(
        (status = 200, description = "The person's roles", body = MembershipList),
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn memberships(
    State(state): State<AppState>,
    Path(id): Path<i32>,
) -> AppResult<Json<MembershipList>> {
    live_person(&state, id).await?;
    Ok(Json(MembershipList {
        items: memberships_of(&state, id).await?,
    }))
}

/// Add a role
///
/// Validated like the role form of the person's page; written with the
/// person's audit entry.
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/memberships",
    tag = "people",
    params(("id" = i32, Path, description = "Person id")),
    request_body = MembershipBody,
    responses(
        (status = 201, description = "Added", body = Membership,
            headers(("ETag" = String, description = "The version"), ("Location" = String, description = "Its address"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn add_membership(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<Response> {
    live_person(&state, id).await?;
    let body: MembershipBody = super::read_json(&ctx, &body)?;
    let fields = super::checked_fields(body.form_fields())?;
    let input = super::form_of::<MembershipForm>(&fields)
        .parse(&ctx, &state, Some(id), None)
        .await?
        .map_err(AppError::Invalid)?;
    let created = db::transaction(&state.db, async |txn| {
        store::add_membership_returning_id(txn, &input, ctx.actor_id()).await
    })
    .await?;
    state.search.nudge();
    let found = store::memberships(&state.db, id)
        .await?
        .into_iter()
        .find(|(m, _)| m.id == created)
        .ok_or(AppError::NotFound)?;
    let version = found.0.version;
    Ok(super::created(
        Membership::of(found.0, found.1),
        version,
        &format!("/api/v1/people/{id}/memberships"),
    ))
}

/// Remove a role
///
/// As the page's "remove" button, with the person's audit entry;
/// `If-Match` names the role's version.
#[utoipa::path(
    delete,
    path = "/api/v1/memberships/{id}",
    tag = "people",
    params(
        ("id" = i32, Path, description = "Role (membership) id"),
        ("If-Match" = String, Header, description = "The role's version"),
    ),
    responses(
        (status = 204, description = "Removed"),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn remove_membership(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    let found = store::membership(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if found.version != version {
        let organisation = crate::directory::store::get(&state.db, found.organisation_id)
            .await?
            .ok_or(AppError::NotFound)?;
        return Err(super::stale(Membership::of(found, organisation)));
    }
    db::transaction(&state.db, async |txn| {
        store::remove_membership(txn, &found, ctx.actor_id()).await
    })
    .await?;
    state.search.nudge();
    Ok(StatusCode::NO_CONTENT.into_response())
}
