//! `/api/v1/people`: list and read, with each person's roles. Erased
//! people are gone from the API as from the pages (never listed, `404` when
//! asked for); changes to people go through the pages for now, where the
//! lawful basis is recorded with its form.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problem::Problem;
use crate::app::AppState;
use crate::entities::person;
use crate::people::store;
use crate::values::optional_text;
use crate::web::forms::Fields;
use crate::web::{AppError, AppResult, Ctx};

/// A role of a person in an organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct Membership {
    pub organisation_id: i32,
    pub organisation_name: String,
    pub role: String,
    pub started_on: Option<NaiveDate>,
    /// Set once the role has ended; the person stays on record.
    pub ended_on: Option<NaiveDate>,
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
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A filter is refused", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests for this token", body = Problem, content_type = "application/problem+json"),
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
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person, or erased", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests for this token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn read(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    let person = store::get_not_erased(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let memberships = store::memberships(&state.db, id)
        .await?
        .into_iter()
        .map(|(m, o)| Membership {
            organisation_id: o.id,
            organisation_name: o.name,
            role: m.role,
            started_on: m.started_on,
            ended_on: m.ended_on,
        })
        .collect();
    let version = person.version;
    Ok(super::with_etag(
        StatusCode::OK,
        Person::of(person, Some(memberships)),
        version,
    ))
}
