//! Merging people: the probable duplicates, the choice of the person to
//! merge with, the comparison and the merge itself. The pages and the
//! reading of the forms are the directory's ([`crate::directory`]).

use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::Markup;
use serde_json::Value;

use super::{duplicates, merge, store};
use crate::app::AppState;
use crate::directory::merge_routes::{DismissForm, MergeForm, WithQuery, after_merge, not_picked};
use crate::directory::merge_shared::FieldPair;
use crate::directory::merge_views::{self, Comparison, Labels, Record};
use crate::entities::{LawfulBasis, person};
use crate::versioning::Saved;
use crate::web::forms::{Fields, FormErrors};
use crate::web::i18n::arg;
use crate::web::{AppError, AppResult, Ctx, Routes, editing, flash, format};

pub const PEOPLE: Labels = Labels {
    base: "/people",
    picker: "/pick/people",
    choose_intro: "person-merge-choose-intro",
    with: "person-merge-with",
    with_unknown: "person-merge-with-unknown",
    with_itself: "person-merge-with-itself",
    intro: "person-merge-intro",
    duplicates_title: "person-duplicates-title",
    duplicates_intro: "person-duplicates-intro",
    duplicates_first: "person-duplicates-first",
};

pub fn routes() -> Routes {
    Routes::new()
        .get("/people/duplicates", duplicates_page)
        .post("/people/duplicates/dismiss", dismiss)
        .get("/people/{id}/merge", merge_page)
        .post("/people/{id}/merge", merge)
}

fn record(p: &person::Model) -> Record<'_> {
    Record {
        id: p.id,
        name: &p.full_name,
        version: p.version,
    }
}

async fn duplicates_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let pairs = duplicates::probable(&state.db).await?;
    Ok(merge_views::duplicates(&ctx, &PEOPLE, &pairs))
}

async fn dismiss(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<DismissForm>,
) -> AppResult<Response> {
    if !ctx.can_write() {
        return Err(AppError::ReadOnly);
    }
    let (a, b) = form.ids(&ctx)?;
    for id in [a, b] {
        store::get_not_erased(&state.db, id)
            .await?
            .ok_or_else(|| AppError::BadRequest(ctx.t("error-choice-invalid")))?;
    }
    duplicates::dismiss(&state.db, a, b, ctx.actor_id()).await?;
    Ok(flash::redirect_with("/people/duplicates", "flash-saved"))
}

/// The person of the page, who can be merged: not erased, and only by
/// those who may edit people.
async fn mergeable(state: &AppState, ctx: &Ctx, id: i32) -> AppResult<person::Model> {
    let person = store::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !ctx.can_write() {
        return Err(AppError::ReadOnly);
    }
    if person.erased_at.is_some() {
        return Err(AppError::BadRequest(ctx.t("person-merge-erased")));
    }
    Ok(person)
}

/// Without a person to merge with, the page to pick one; with one, the
/// comparison.
async fn merge_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(q): Query<WithQuery>,
) -> AppResult<Response> {
    let kept = mergeable(&state, &ctx, id).await?;
    if q.is_empty() {
        let page = merge_views::choose(
            &ctx,
            &PEOPLE,
            record(&kept),
            ("", ""),
            &FormErrors::default(),
        );
        return Ok(page.into_response());
    }
    let mut f = Fields::new(&ctx);
    let db = &state.db;
    let other = f
        .picked(
            "with",
            &q.with,
            &q.with_name,
            PEOPLE.with_unknown,
            async |id| store::get_not_erased(db, id).await,
            async |name| crate::search::pick::people(&state, name).await,
        )
        .await?
        .filter(|p| p.id != kept.id);
    let Some(other) = other else {
        let errors = not_picked(&ctx, &PEOPLE, f);
        let page = merge_views::choose(
            &ctx,
            &PEOPLE,
            record(&kept),
            (&q.with, &q.with_name),
            &errors,
        );
        return Ok(editing::refused(page));
    };
    Ok(comparison(&state, &ctx, &kept, &other, false)
        .await?
        .into_response())
}

/// How a value reads in the comparison: the lawful basis with its date
/// and source.
fn value_text(ctx: &Ctx, f: &FieldPair, value: &Value) -> String {
    if f.field != "lawful_basis" {
        return crate::audit::views::value_text(ctx, f.field, value);
    }
    let basis = value["lawful_basis"]
        .as_str()
        .and_then(|b| b.parse::<LawfulBasis>().ok())
        .map(|b| ctx.t(&b.label_key()));
    let on = value["lawful_basis_on"]
        .as_str()
        .and_then(|d| d.parse().ok())
        .map(|d| format::date(ctx.locale, d));
    let source = value["source"].as_str().map(str::to_owned);
    [basis, on, source]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

async fn comparison(
    state: &AppState,
    ctx: &Ctx,
    kept: &person::Model,
    merged: &person::Model,
    stale: bool,
) -> AppResult<Markup> {
    let kept_attached = merge::attached(&state.db, kept.id).await?;
    let a = merge::attached(&state.db, merged.id).await?;
    let mut moves: Vec<String> = [
        ("person-merge-moves-roles", a.roles),
        ("person-merge-moves-mandates", a.mandates),
        ("merge-moves-interactions", a.interactions),
        ("person-merge-moves-follow-ups", a.follow_ups),
        ("person-merge-moves-sessions", a.sessions),
    ]
    .into_iter()
    .filter(|&(_, count)| count > 0)
    .map(|(key, count)| ctx.locale.t_args(key, &[arg("count", count)]))
    .collect();
    if merged.external_id.is_some() {
        moves.push(ctx.t("person-merge-moves-alias"));
    }
    if kept.do_not_contact || merged.do_not_contact {
        moves.push(ctx.t("person-merge-do-not-contact"));
    }
    moves.push(ctx.t("person-merge-basis-kept"));
    let fields = merge::differences(kept, merged);
    let render = |f: &FieldPair, v: &Value| value_text(ctx, f, v);
    Ok(merge_views::comparison(
        ctx,
        &PEOPLE,
        &Comparison {
            kept: record(kept),
            merged: record(merged),
            fields: &fields,
            render: &render,
            moves,
            kept_has: ctx.locale.t_args(
                "person-merge-kept-has",
                &[
                    arg("roles", kept_attached.roles),
                    arg("interactions", kept_attached.interactions),
                ],
            ),
            stale,
        },
    ))
}

/// The merge: `with` is merged into the page's person, the fields whose
/// radio says `merged` taking the merged person's value.
async fn merge(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let kept = mergeable(&state, &ctx, id).await?;
    let form = MergeForm::read(&ctx, &PEOPLE, &fields, merge::FIELDS)?;
    let merged = store::get(&state.db, form.with)
        .await?
        .filter(|p| p.id != kept.id)
        .ok_or_else(|| AppError::BadRequest(ctx.t(PEOPLE.with_unknown)))?;
    if merged.erased_at.is_some() {
        return Err(AppError::BadRequest(ctx.t("person-merge-erased")));
    }
    let plan = form.plan(kept.id);
    let outcome = editing::save_versioned(&state.db, async |txn| {
        merge::merge(txn, &plan, ctx.actor_id()).await
    })
    .await?;
    if outcome == Saved::Conflict {
        let (kept, merged) = (
            store::get_not_erased(&state.db, kept.id).await?,
            store::get_not_erased(&state.db, merged.id).await?,
        );
        let (Some(kept), Some(merged)) = (kept, merged) else {
            return Err(AppError::BadRequest(ctx.t(PEOPLE.with_unknown)));
        };
        let page = comparison(&state, &ctx, &kept, &merged, true).await?;
        return Ok(editing::conflict(page));
    }
    Ok(after_merge(&state, &PEOPLE, kept.id))
}
