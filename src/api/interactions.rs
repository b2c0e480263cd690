//! `/api/v1/interactions` and `/api/v1/follow-ups`: the contact log (the
//! log's filters as query parameters, cursor pages in the order of
//! creation), reading one contact, logging one (the contact form's reader
//! [`InteractionForm`], so its rules — someone contacted, a do-not-contact
//! person only on their own approach or with the confirmation, a follow-up
//! not before the contact, a stage moved only with a campaign — hold here
//! too), and the open follow-ups with what the follow-ups page does to
//! them (done, snooze, hand over), each at the version read (`If-Match`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problem::{ChangeRefused, Problem, ReadRefused};
use super::{number_field, param, text_field};
use crate::app::AppState;
use crate::db;
use crate::entities::{InteractionChannel, OrgKind, interaction};
use crate::interactions::followups_form::ActionForm;
use crate::interactions::form::InteractionForm;
use crate::interactions::store::{self, FollowUpChange, LogFilter};
use crate::versioning::Saved;
use crate::web::forms::Fields;
use crate::web::{AppError, AppResult, Ctx, editing};

/// A contact logged: an email, a call, a talk, a post…
#[derive(Debug, Serialize, ToSchema)]
pub struct Interaction {
    pub id: i32,
    pub occurred_on: NaiveDate,
    /// How (the values are listed in the schema).
    pub channel: String,
    /// `outbound` (we reached out) or `inbound` (they did).
    pub direction: String,
    /// The volunteer on our side, who holds its follow-up.
    pub user_id: Option<i32>,
    pub organisation_id: Option<i32>,
    pub person_id: Option<i32>,
    pub summary: String,
    pub outcome: Option<String>,
    pub next_step: Option<String>,
    /// When to follow it up.
    pub follow_up_on: Option<NaiveDate>,
    pub follow_up_done: bool,
    pub campaign_id: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The version, also sent as `ETag`.
    pub version: i32,
}

impl Interaction {
    fn of(i: interaction::Model) -> Interaction {
        Interaction {
            id: i.id,
            occurred_on: i.occurred_on,
            channel: i.channel.as_str().to_owned(),
            direction: i.direction.as_str().to_owned(),
            user_id: i.user_id,
            organisation_id: i.organisation_id,
            person_id: i.person_id,
            summary: i.summary,
            outcome: i.outcome,
            next_step: i.next_step,
            follow_up_on: i.follow_up_on,
            follow_up_done: i.follow_up_done,
            campaign_id: i.campaign_id,
            created_at: i.created_at,
            updated_at: i.updated_at,
            version: i.version,
        }
    }
}

/// A contact as sent to log it. The rules are the contact form's; left
/// out, `occurred_on` is today, `channel` `email` and `direction`
/// `outbound`, as the form proposes.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct InteractionBody {
    /// The day of the contact (`YYYY-MM-DD`, default today).
    #[schema(value_type = Option<String>, format = Date)]
    pub occurred_on: Option<String>,
    pub channel: Option<String>,
    pub direction: Option<String>,
    /// The organisation contacted (this or `person_id` is required).
    pub organisation_id: Option<i32>,
    /// The person contacted (never an erased one).
    pub person_id: Option<i32>,
    #[schema(required = true)]
    pub summary: Option<String>,
    pub outcome: Option<String>,
    pub next_step: Option<String>,
    /// When to follow it up (not before the contact).
    #[schema(value_type = Option<String>, format = Date)]
    pub follow_up_on: Option<String>,
    pub campaign_id: Option<i32>,
    /// Move the organisation to this stage in the campaign (both needed).
    pub new_stage: Option<String>,
    /// The person asked not to be contacted and this contact is ours:
    /// logged only with this confirmation.
    pub confirm_do_not_contact: bool,
}

impl InteractionBody {
    /// The fields the contact form would post, its defaults filled in.
    fn form_fields(&self, today: NaiveDate) -> Vec<(String, String)> {
        let blank = InteractionForm::blank(today);
        let or = |v: &Option<String>, default: String| {
            v.clone()
                .filter(|v| !v.trim().is_empty())
                .unwrap_or(default)
        };
        let mut fields = vec![
            (
                "occurred_on".to_owned(),
                or(&self.occurred_on, blank.occurred_on),
            ),
            ("channel".to_owned(), or(&self.channel, blank.channel)),
            ("direction".to_owned(), or(&self.direction, blank.direction)),
            number_field("organisation_id", self.organisation_id),
            number_field("person_id", self.person_id),
            text_field("summary", &self.summary),
            text_field("outcome", &self.outcome),
            text_field("next_step", &self.next_step),
            text_field("follow_up_on", &self.follow_up_on),
            number_field("campaign_id", self.campaign_id),
            text_field("new_stage", &self.new_stage),
        ];
        if self.confirm_do_not_contact {
            fields.push(("confirm_do_not_contact".into(), "on".into()));
        }
        fields
    }
}

/// Query of the contact log: its filters, then the page.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ListParams {
    /// The volunteer who logged the contact (or holds it now): a user id.
    user: Option<String>,
    /// From this day (`YYYY-MM-DD`).
    from: Option<String>,
    /// Up to this day (`YYYY-MM-DD`).
    to: Option<String>,
    /// How the contact was made.
    channel: Option<String>,
    /// Campaign id.
    campaign: Option<String>,
    /// Kind of the organisation contacted.
    kind: Option<String>,
    /// INSEE code of the organisation's région.
    region: Option<String>,
    /// Contacts per page (1 to 200, default 50).
    limit: Option<String>,
    /// The `next` of the previous page.
    cursor: Option<String>,
}

impl ListParams {
    /// The log's filter, the page size and the cursor; refused field by
    /// field (the log page drops what it cannot read; a script is told).
    fn read(&self, ctx: &Ctx) -> AppResult<(LogFilter, u64, Option<i32>)> {
        let mut f = Fields::new(ctx);
        let user = f.optional_number(
            "user",
            param(&self.user),
            1..=i32::MAX,
            "error-choice-invalid",
        );
        let from = f.optional_date("from", param(&self.from));
        let to = f.optional_date("to", param(&self.to));
        let channel = f.optional_choice::<InteractionChannel>("channel", param(&self.channel));
        let campaign = f.optional_number(
            "campaign",
            param(&self.campaign),
            1..=i32::MAX,
            "error-choice-invalid",
        );
        let kind = f.optional_choice::<OrgKind>("kind", param(&self.kind));
        let region = f.optional_text("region", param(&self.region), 10);
        let (limit, cursor) = super::paging(&mut f, param(&self.limit), param(&self.cursor));
        f.finish().map_err(AppError::Invalid)?;
        let filter = LogFilter {
            user,
            from,
            to,
            channel,
            campaign,
            kind,
            region,
        };
        Ok((filter, limit, cursor))
    }
}

/// One page of contacts.
#[derive(Debug, Serialize, ToSchema)]
pub struct InteractionPage {
    pub items: Vec<Interaction>,
    /// Cursor of the following page (pass it as `cursor`); null on the last.
    pub next: Option<String>,
}

/// Query of the follow-ups.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct FollowUpParams {
    /// Whose: `mine` (the token's user, by default), `team`, or a user id.
    who: Option<String>,
    /// Follow-ups per page (1 to 200, default 50).
    limit: Option<String>,
    /// The `next` of the previous page.
    cursor: Option<String>,
}

/// How to snooze a follow-up, as the follow-ups page offers.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SnoozeBody {
    /// `week` or `month` (after the due day, or after today when it is
    /// past), or `date` (then `on`).
    #[schema(required = true)]
    pub by: Option<String>,
    /// The new day, with `by: date` (not in the past).
    #[schema(value_type = Option<String>, format = Date)]
    pub on: Option<String>,
}

/// To whom a follow-up is handed over.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct HandOverBody {
    /// A volunteer's user id (an active account that may write).
    #[schema(required = true)]
    pub to: Option<i32>,
}

async fn one(state: &AppState, id: i32) -> AppResult<interaction::Model> {
    store::get(&state.db, id).await?.ok_or(AppError::NotFound)
}

fn with_etag(status: StatusCode, i: interaction::Model) -> Response {
    let version = i.version;
    super::with_etag(status, Interaction::of(i), version)
}

/// List contacts
///
/// The contact log's filters, combined; pages in the order of creation.
#[utoipa::path(
    get,
    path = "/api/v1/interactions",
    tag = "interactions",
    params(ListParams),
    responses(
        (status = 200, description = "A page of contacts", body = InteractionPage),
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<ListParams>,
) -> AppResult<Json<InteractionPage>> {
    let (filter, limit, cursor) = params.read(&ctx)?;
    let mut page = store::page_after(&state.db, &filter, cursor, limit + 1).await?;
    let next = super::next_cursor(&mut page, limit, |i| i.id);
    let items = page.into_iter().map(Interaction::of).collect();
    Ok(Json(InteractionPage { items, next }))
}

/// Read a contact
#[utoipa::path(
    get,
    path = "/api/v1/interactions/{id}",
    tag = "interactions",
    params(("id" = i32, Path, description = "Interaction id")),
    responses(
        (status = 200, description = "The contact", body = Interaction,
            headers(("ETag" = String, description = "The version"))),
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn read(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    Ok(with_etag(StatusCode::OK, one(&state, id).await?))
}

/// Log a contact
///
/// Validated like the contact form; written with its audit entry, and the
/// organisation's stage moved in the campaign when `new_stage` asks.
#[utoipa::path(
    post,
    path = "/api/v1/interactions",
    tag = "interactions",
    request_body = InteractionBody,
    responses(
        (status = 201, description = "Logged", body = Interaction,
            headers(("ETag" = String, description = "The version"), ("Location" = String, description = "Its address"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> AppResult<Response> {
    let body: InteractionBody = super::read_json(&ctx, &body)?;
    let fields = super::checked_fields(body.form_fields(crate::clock::today()))?;
    let input = super::form_of::<InteractionForm>(&fields)
        .parse(&ctx, &state)
        .await?
        .map_err(AppError::Invalid)?;
    let id = db::transaction(&state.db, async |txn| {
        store::create(txn, &input, ctx.actor_id()).await
    })
    .await?;
    state.search.nudge();
    let created = one(&state, id).await?;
    let version = created.version;
    Ok(super::created(
        Interaction::of(created),
        version,
        &format!("/api/v1/interactions/{id}"),
    ))
}

/// List open follow-ups
///
/// Contacts with a follow-up date not done yet; pages in the order of
/// creation (sort by `follow_up_on` for the follow-ups page's order).
#[utoipa::path(
    get,
    path = "/api/v1/follow-ups",
    tag = "interactions",
    params(FollowUpParams),
    responses(
        (status = 200, description = "A page of contacts with an open follow-up", body = InteractionPage),
        ReadRefused,
    ),
    security(("bearer" = []))
)]
pub async fn follow_ups(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<FollowUpParams>,
) -> AppResult<Json<InteractionPage>> {
    let mut f = Fields::new(&ctx);
    let owner = match param(&params.who).trim() {
        "" | "mine" => Some(ctx.user()?.id),
        "team" => None,
        other => {
            let id = f.optional_number("who", other, 1..=i32::MAX, "error-choice-invalid");
            id.or(Some(0))
        }
    };
    let (limit, cursor) = super::paging(&mut f, param(&params.limit), param(&params.cursor));
    f.finish().map_err(AppError::Invalid)?;
    let mut page = store::open_follow_ups_after(&state.db, owner, cursor, limit + 1).await?;
    let next = super::next_cursor(&mut page, limit, |i| i.id);
    let items = page.into_iter().map(Interaction::of).collect();
    Ok(Json(InteractionPage { items, next }))
}

/// Applies a follow-up action at the version named by `If-Match`: a stale
/// one answers 412 with the contact as it is now.
async fn apply(
    state: &AppState,
    ctx: &Ctx,
    interaction: &interaction::Model,
    version: i32,
    change: FollowUpChange,
) -> AppResult<Response> {
    let saved = editing::save_versioned(&state.db, async |txn| {
        store::change_follow_up(txn, interaction, version, change, ctx.actor_id()).await
    })
    .await?;
    if saved == Saved::Conflict {
        return Err(super::stale(Interaction::of(
            one(state, interaction.id).await?,
        )));
    }
    Ok(with_etag(StatusCode::OK, one(state, interaction.id).await?))
}

/// The contact whose open follow-up an action is about (409 when done).
async fn open_follow_up(state: &AppState, ctx: &Ctx, id: i32) -> AppResult<interaction::Model> {
    let interaction = one(state, id).await?;
    if interaction.follow_up_done {
        return Err(AppError::Conflict(ctx.t("follow-ups-already-done")));
    }
    Ok(interaction)
}

/// Mark a follow-up done
#[utoipa::path(
    post,
    path = "/api/v1/interactions/{id}/done",
    tag = "interactions",
    params(
        ("id" = i32, Path, description = "Interaction id"),
        ("If-Match" = String, Header, description = "The ETag read (the version)"),
    ),
    responses(
        (status = 200, description = "Done", body = Interaction,
            headers(("ETag" = String, description = "The new version"))),
        ChangeRefused,
    ),
    security(("bearer" = []))
)]
pub async fn done(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    let interaction = one(&state, id).await?;
    apply(&state, &ctx, &interaction, version, FollowUpChange::Done).await
}

/// Snooze a follow-up
///
/// A week or a month later, or to a day, as the follow-ups page does.
#[utoipa::path(
    post,
    path = "/api/v1/interactions/{id}/snooze",
    tag = "interactions",
    params(
        ("id" = i32, Path, description = "Interaction id"),
        ("If-Match" = String, Header, description = "The ETag read (the version)"),
    ),
    request_body = SnoozeBody,
    responses(
        (status = 200, description = "Snoozed", body = Interaction,
            headers(("ETag" = String, description = "The new version"))),
        ChangeRefused,
        (status = 409, description = "Follow-up already done", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn snooze(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    let body: SnoozeBody = super::read_json(&ctx, &body)?;
    let fields =
        super::checked_fields(vec![text_field("by", &body.by), text_field("on", &body.on)])?;
    let interaction = open_follow_up(&state, &ctx, id).await?;
    let form: ActionForm = super::form_of(&fields);
    let mut f = Fields::new(&ctx);
    let change = form.snooze(&mut f, interaction.follow_up_on, crate::clock::today());
    f.finish().map_err(AppError::Invalid)?;
    let change = change.ok_or_else(|| AppError::BadRequest(ctx.t("error-date-invalid")))?;
    apply(&state, &ctx, &interaction, version, change).await
}

/// Hand a follow-up over
///
/// To another volunteer, who then holds it.
#[utoipa::path(
    post,
    path = "/api/v1/interactions/{id}/hand-over",
    tag = "interactions",
    params(
        ("id" = i32, Path, description = "Interaction id"),
        ("If-Match" = String, Header, description = "The ETag read (the version)"),
    ),
    request_body = HandOverBody,
    responses(
        (status = 200, description = "Handed over", body = Interaction,
            headers(("ETag" = String, description = "The new version"))),
        ChangeRefused,
        (status = 409, description = "Follow-up already done", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn hand_over(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let version = super::if_match(&headers)?;
    let body: HandOverBody = super::read_json(&ctx, &body)?;
    let fields = super::checked_fields(vec![number_field("to", body.to)])?;
    let interaction = open_follow_up(&state, &ctx, id).await?;
    let form: ActionForm = super::form_of(&fields);
    let users = crate::accounts::store::all(&state.db).await?;
    let mut f = Fields::new(&ctx);
    let change = form.hand_over(&mut f, &users);
    f.finish().map_err(AppError::Invalid)?;
    let change =
        change.ok_or_else(|| AppError::BadRequest(ctx.t("follow-ups-unknown-volunteer")))?;
    apply(&state, &ctx, &interaction, version, change).await
}
