//! Merging duplicates after the fact: everything attached moves, the
//! history stays, an alias keeps re-imports from creating the merged record
//! again, and the list of probable duplicates.

use relais::entities::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::helpers::{TestApp, count, create_person, seeded_campaign, seeded_organisation};
use crate::instances::create_organisation;

async fn organisation(app: &TestApp, id: i32) -> Option<organisation::Model> {
    organisation::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
}

async fn set_external_id(app: &TestApp, id: i32, external: &str) {
    organisation::Entity::update_many()
        .col_expr(
            organisation::Column::ExternalId,
            sea_orm::sea_query::Expr::value(external),
        )
        .filter(organisation::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .expect("update");
}

async fn status_in(app: &TestApp, org: i32, campaign: i32) -> Option<outreach_status::Model> {
    outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(org))
        .filter(outreach_status::Column::CampaignId.eq(campaign))
        .one(&app.db)
        .await
        .expect("query")
}

/// The merge form as the comparison page sends it, with `choices`.
async fn merge(
    app: &TestApp,
    kept: &organisation::Model,
    merged: &organisation::Model,
    choices: &[(&str, &str)],
) -> reqwest::Response {
    let path = format!("/organisations/{}/merge", kept.id);
    post_merge(
        app,
        &path,
        (merged.id, kept.version, merged.version),
        choices,
    )
    .await
}

/// Posts a merge form (organisations and people share it): the record
/// merged, both versions compared, and the choices per field.
pub(crate) async fn post_merge(
    app: &TestApp,
    path: &str,
    (with, kept_version, merged_version): (i32, i32, i32),
    choices: &[(&str, &str)],
) -> reqwest::Response {
    let (with, kv, mv) = (
        with.to_string(),
        kept_version.to_string(),
        merged_version.to_string(),
    );
    let mut fields = vec![
        ("with", with.as_str()),
        ("kept_version", kv.as_str()),
        ("merged_version", mv.as_str()),
    ];
    fields.extend_from_slice(choices);
    app.post_form(path, &fields).await
}

#[tokio::test]
async fn a_merge_moves_every_attached_record_and_keeps_the_history() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let k = create_organisation(&app, "Médiathèque des Champs Libres").await;
    let m = create_organisation(&app, "Mediatheque Champs Libres (doublon)").await;
    set_external_id(&app, k, "ADBIB-1").await;
    set_external_id(&app, m, "ADBIB-2").await;
    let campaign = seeded_campaign(&app).await;
    let network = seeded_organisation(&app, "parcours-numerique").await;

    // Attached to the one that will be merged: a role, a contact, a
    // campaign status (both are followed; the merged one's moves last), a
    // claim, a relation, an event, a workshop, a channel, a tag, a child.
    let person = create_person(&app, "Camille Doublon", false).await;
    let role = app
        .post_form(
            &format!("/organisations/{m}/memberships"),
            &[
                ("person_id", &person.to_string()),
                ("person_id_name", ""),
                ("role", "responsable numérique"),
                ("started_on", ""),
                ("ended_on", ""),
                ("mandate_ends_on", ""),
                ("elected_by", ""),
            ],
        )
        .await;
    assert_eq!(role.status(), 303);
    let today = app.today().to_string();
    let contact = app
        .post_form(
            "/interactions",
            &[
                ("occurred_on", &today),
                ("channel", "phone"),
                ("direction", "outbound"),
                ("organisation_id", &m.to_string()),
                ("person_id", ""),
                ("summary", "Premier appel"),
            ],
        )
        .await;
    assert_eq!(contact.status(), 303);
    for id in [k, m] {
        let added = app
            .post_form(
                &format!("/organisations/{id}/campaigns"),
                &[("campaign", &campaign.id.to_string())],
            )
            .await;
        assert_eq!(added.status(), 303);
    }
    let theirs = status_in(&app, m, campaign.id).await.expect("status");
    let moved = app
        .post_form(
            &format!("/outreach/{}/stage", theirs.id),
            &[
                ("stage", "contacted"),
                ("version", &theirs.version.to_string()),
            ],
        )
        .await;
    assert_eq!(moved.status(), 303);
    let claim = app
        .post_form(
            &format!("/organisations/{m}/claims"),
            &[
                ("campaign", &campaign.id.to_string()),
                (
                    "until",
                    &(app.today() + chrono::Duration::days(10)).to_string(),
                ),
                ("claim_note", "je connais la directrice"),
            ],
        )
        .await;
    assert_eq!(claim.status(), 303);
    let relation = app
        .post_form(
            &format!("/organisations/{m}/relations"),
            &[
                ("link", "outgoing:member_of"),
                ("other", &network.name),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(relation.status(), 303);
    let event = event::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("a seeded event");
    event_organiser::ActiveModel {
        event_id: Set(event.id),
        organisation_id: Set(m),
    }
    .insert(&app.db)
    .await
    .expect("organiser");
    let kit = workshop_kit::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("a seeded kit");
    let session = app
        .post_form(
            "/workshops/sessions",
            &[
                ("kit_id", &kit.id.to_string()),
                ("held_on", &today),
                ("venue_id", &m.to_string()),
                ("facilitator_id", ""),
                ("our_role", "none"),
                ("attendance", ""),
                ("feedback", ""),
                ("campaign_id", ""),
            ],
        )
        .await;
    assert_eq!(session.status(), 303);
    let child = create_organisation(&app, "Annexe du quartier Sud").await;
    organisation::Entity::update_many()
        .col_expr(
            organisation::Column::ParentId,
            sea_orm::sea_query::Expr::value(m),
        )
        .filter(organisation::Column::Id.eq(child))
        .exec(&app.db)
        .await
        .expect("parent");
    let email = "contact@champs-libres.example";
    organisation::Entity::update_many()
        .col_expr(
            organisation::Column::Email,
            sea_orm::sea_query::Expr::value(email),
        )
        .filter(organisation::Column::Id.eq(m))
        .exec(&app.db)
        .await
        .expect("email");
    let history_before = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::Organisation))
        .filter(audit_entry::Column::EntityId.is_in([k, m]))
        .count(&app.db)
        .await
        .expect("count");

    let (kept, merged) = (
        organisation(&app, k).await.expect("kept"),
        organisation(&app, m).await.expect("merged"),
    );
    let page = app
        .get_html(&format!("/organisations/{k}/merge?with={m}"))
        .await;
    assert!(
        page.contains("name=\"field.email\"") && page.contains(email),
        "the comparison offers the merged record's e-mail"
    );
    assert!(
        page.contains("1 échange") || page.contains("un échange"),
        "it says what moves"
    );

    // Someone edits the kept record meanwhile: nothing is merged.
    let mut stale = kept.clone();
    stale.version -= 1;
    let refused = merge(&app, &stale, &merged, &[("field.email", "merged")]).await;
    assert_eq!(refused.status(), 409);
    assert!(organisation(&app, m).await.is_some(), "nothing merged");

    let response = merge(
        &app,
        &kept,
        &merged,
        &[("field.email", "merged"), ("field.name", "kept")],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert!(
        organisation(&app, m).await.is_none(),
        "the duplicate is gone"
    );
    let after = organisation(&app, k).await.expect("kept");
    assert_eq!(after.email.as_deref(), Some(email));
    assert_eq!(after.name, kept.name);
    assert_eq!(after.version, kept.version + 1);

    let roles = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(k))
        .filter(membership::Column::PersonId.eq(person))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(roles, 1, "the role moved");
    let contacts = interaction::Entity::find()
        .filter(interaction::Column::OrganisationId.eq(k))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(contacts, 1, "the contact moved");
    let status = status_in(&app, k, campaign.id).await.expect("one status");
    assert_eq!(
        (status.id, status.stage),
        (theirs.id, Stage::Contacted),
        "the status changed last wins"
    );
    let changes = outreach_stage_change::Entity::find()
        .filter(outreach_stage_change::Column::OutreachStatusId.eq(status.id))
        .count(&app.db)
        .await
        .expect("count");
    assert!(changes >= 2, "both histories of stages are kept: {changes}");
    assert_eq!(count(&app.db, "outreach_claims").await, 1);
    let claims = outreach_claim::Entity::find()
        .filter(outreach_claim::Column::OrganisationId.eq(k))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(claims, 1, "the claim moved");
    let relations = organisation_relation::Entity::find()
        .filter(organisation_relation::Column::SourceId.eq(k))
        .filter(organisation_relation::Column::TargetId.eq(network.id))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(relations, 1, "the relation moved");
    let organisers = event_organiser::Entity::find()
        .filter(event_organiser::Column::EventId.eq(event.id))
        .filter(event_organiser::Column::OrganisationId.eq(k))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(organisers, 1, "the event moved");
    let hosted = workshop_session::Entity::find()
        .filter(workshop_session::Column::VenueOrganisationId.eq(k))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(hosted, 1, "the workshop moved");
    assert_eq!(
        organisation(&app, child).await.expect("child").parent_id,
        Some(k)
    );
    let tags = organisation_tag::Entity::find()
        .filter(organisation_tag::Column::OrganisationId.eq(k))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(tags, 2, "same tags on both: none twice");
    let channels = channel::Entity::find()
        .filter(channel::Column::OrganisationId.eq(k))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(channels, 1, "the same newsletter is not listed twice");
    let alias = organisation_alias::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("an alias");
    assert_eq!(
        (alias.external_id.as_str(), alias.organisation_id),
        ("ADBIB-2", k)
    );

    // The history of both is the kept record's, plus one entry for the merge.
    let history = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::Organisation))
        .filter(audit_entry::Column::EntityId.eq(k))
        .all(&app.db)
        .await
        .expect("history");
    assert_eq!(history.len() as u64, history_before + 1);
    let merges: Vec<_> = history
        .iter()
        .filter(|e| e.action == AuditAction::Merge)
        .collect();
    assert_eq!(merges.len(), 1);
    let changes = merges[0].changes.as_ref().expect("changes");
    assert_eq!(changes["email"][1], email);
    assert!(
        changes["merged_with"][1]
            .as_str()
            .is_some_and(|s| s.contains(&merged.name))
    );
    let page = app.get_html(&format!("/organisations/{k}")).await;
    assert!(
        page.contains("Fusionnée avec"),
        "the timeline shows the merge"
    );
}

#[tokio::test]
async fn a_reimport_after_a_merge_creates_nothing() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let file = "nom;commune;code_postal;identifiant\n\
                Bibliothèque Louise Michel;Vitré;35500;LM-1\n\
                Bibliotheque L. Michel;Vitré;35500;LM-2\n"
        .as_bytes()
        .to_vec();
    let import = async |app: &TestApp| {
        let job = crate::imports::start(app, "bib.csv", file.clone(), "organisations").await;
        crate::imports::check(app, &job, &[], &[]).await;
        crate::imports::commit(app, &job, &[]).await
    };
    import(&app).await;
    let find = async |external: &str| {
        organisation::Entity::find()
            .filter(organisation::Column::ExternalId.eq(external))
            .one(&app.db)
            .await
            .expect("query")
            .expect("imported")
    };
    let (kept, merged) = (
        find("identifiant:LM-1").await,
        find("identifiant:LM-2").await,
    );
    let before = count(&app.db, "organisations").await;
    assert_eq!(merge(&app, &kept, &merged, &[]).await.status(), 303);
    assert_eq!(count(&app.db, "organisations").await, before - 1);

    let again = import(&app).await;
    assert_eq!(
        count(&app.db, "organisations").await,
        before - 1,
        "the merged record's line finds the kept one: {again}"
    );
}

#[tokio::test]
async fn probable_duplicates_are_listed_compared_and_dismissed() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let a = create_organisation(&app, "Médiathèque Émile Zola").await;
    let b = create_organisation(&app, "Mediatheque Emile  Zola").await;
    let page = app.get_html("/organisations/duplicates").await;
    let link = format!("/organisations/{}/merge?with={}", a.min(b), a.max(b));
    assert!(page.contains(&link), "the pair is offered: {link}");
    assert!(page.contains("même nom, même commune"));

    let compare = app.get(&link).await;
    assert_eq!(compare.status(), 200);

    let dismissed = app
        .post_form(
            "/organisations/duplicates/dismiss",
            &[("first", &a.to_string()), ("second", &b.to_string())],
        )
        .await;
    assert_eq!(dismissed.status(), 303);
    let page = app.get_html("/organisations/duplicates").await;
    assert!(
        !page.contains(&link),
        "a dismissed pair is not offered again"
    );

    // Merging an organisation with itself or with nothing is refused.
    let itself = app.get(&format!("/organisations/{a}/merge?with={a}")).await;
    assert_eq!(itself.status(), 422);
    assert!(
        itself
            .text()
            .await
            .expect("body")
            .contains("une autre structure")
    );
    let unknown = app
        .post_form(
            &format!("/organisations/{a}/merge"),
            &[
                ("with", "999999"),
                ("kept_version", "1"),
                ("merged_version", "1"),
            ],
        )
        .await;
    assert_eq!(unknown.status(), 422);
    assert!(
        unknown
            .text()
            .await
            .expect("body")
            .contains("Aucune structure de ce nom")
    );
}

#[tokio::test]
async fn viewers_cannot_merge() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let a = seeded_organisation(&app, "parcours-numerique").await;
    let b = seeded_organisation(&app, "bd-ille-et-vilaine").await;
    let page = app
        .get(&format!("/organisations/{}/merge?with={}", a.id, b.id))
        .await;
    assert_eq!(page.status(), 403);
    let refused = merge(&app, &a, &b, &[]).await;
    assert_eq!(refused.status(), 403);
    assert!(organisation(&app, b.id).await.is_some());
}
