//! Merging two people found to be one: roles, contacts, follow-ups and
//! workshops facilitated move, the history stays, do-not-contact and the
//! lawful basis survive, an alias keeps re-imports from creating the
//! merged person again, and the list of probable duplicates.

use relais::entities::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::helpers::{TestApp, count, create_person, seeded_organisation};

async fn person(app: &TestApp, id: i32) -> Option<person::Model> {
    person::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
}

/// A person written straight to the database (a viewer cannot create one).
async fn insert_person(app: &TestApp, name: &str, email: Option<&str>) -> person::Model {
    let now = app.now();
    person::ActiveModel {
        full_name: Set(name.to_owned()),
        email: Set(email.map(str::to_owned)),
        lawful_basis: Set(LawfulBasis::LegitimateInterest),
        source: Set(Some("Page publique".into())),
        do_not_contact: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("person")
}

/// Changes a person behind the forms' back (no version bump: the tests
/// read the record again before merging).
async fn set(app: &TestApp, id: i32, change: impl FnOnce(&mut person::ActiveModel)) {
    let mut row = person::ActiveModel {
        id: Set(id),
        ..Default::default()
    };
    change(&mut row);
    row.update(&app.db).await.expect("update");
}

/// The merge form as the comparison page sends it, with `choices`.
async fn merge(
    app: &TestApp,
    kept: &person::Model,
    merged: &person::Model,
    choices: &[(&str, &str)],
) -> reqwest::Response {
    let path = format!("/people/{}/merge", kept.id);
    crate::merge::post_merge(
        app,
        &path,
        (merged.id, kept.version, merged.version),
        choices,
    )
    .await
}

async fn add_role(app: &TestApp, person: i32, org: i32, role: &str, mandate_ends_on: &str) {
    let response = app
        .post_form(
            &format!("/people/{person}/memberships"),
            &[
                ("organisation_id", &org.to_string()),
                ("organisation_id_name", ""),
                ("role", role),
                ("started_on", ""),
                ("ended_on", ""),
                ("mandate_ends_on", mandate_ends_on),
                (
                    "elected_by",
                    if mandate_ends_on.is_empty() {
                        ""
                    } else {
                        "Assemblée générale"
                    },
                ),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "role {role} added");
}

#[tokio::test]
async fn a_merge_moves_every_attached_record_and_keeps_the_history() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let k = create_person(&app, "Camille Martin", false).await;
    let m = create_person(&app, "Camille Martín (salon)", false).await;
    set(&app, k, |p| {
        p.external_id = Set(Some("identifiant:P-1".into()))
    })
    .await;
    set(&app, m, |p| {
        p.external_id = Set(Some("identifiant:P-2".into()));
        p.phone = Set(Some("06 12 34 56 78".into()));
    })
    .await;
    let library = seeded_organisation(&app, "bd-ille-et-vilaine").await;
    let network = seeded_organisation(&app, "parcours-numerique").await;

    // Both hold the same role at the library (one is kept); the merged one
    // also holds an elected mandate in the network, a contact with a
    // follow-up, and facilitated a workshop.
    add_role(&app, k, library.id, "Médiatrice numérique", "").await;
    add_role(&app, m, library.id, "médiatrice  numérique", "").await;
    let mandate_end = (app.today() + chrono::Duration::days(200)).to_string();
    add_role(&app, m, network.id, "Présidente", &mandate_end).await;
    let today = app.today().to_string();
    let follow_up = (app.today() + chrono::Duration::days(7)).to_string();
    let contact = app
        .post_form(
            "/interactions",
            &[
                ("occurred_on", &today),
                ("channel", "phone"),
                ("direction", "outbound"),
                ("organisation_id", &library.id.to_string()),
                ("person_id", &m.to_string()),
                ("summary", "Appel après le salon"),
                ("follow_up_on", &follow_up),
            ],
        )
        .await;
    assert_eq!(contact.status(), 303);
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
                ("venue_id", &library.id.to_string()),
                ("facilitator_id", &m.to_string()),
                ("our_role", "none"),
                ("attendance", ""),
                ("feedback", ""),
                ("campaign_id", ""),
            ],
        )
        .await;
    assert_eq!(session.status(), 303);
    // The merged person gave consent at a stand, and asked not to be
    // contacted again.
    let consent_on = app.today() - chrono::Duration::days(30);
    set(&app, m, |p| {
        p.lawful_basis = Set(LawfulBasis::Consent);
        p.lawful_basis_on = Set(Some(consent_on));
        p.source = Set(Some("Salon des bibliothèques".into()));
        p.do_not_contact = Set(true);
    })
    .await;
    let history_before = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::Person))
        .filter(audit_entry::Column::EntityId.is_in([k, m]))
        .count(&app.db)
        .await
        .expect("count");

    let (kept, merged) = (
        person(&app, k).await.expect("kept"),
        person(&app, m).await.expect("merged"),
    );
    let page = app.get_html(&format!("/people/{k}")).await;
    assert!(
        page.contains(&format!("/people/{k}/merge")),
        "the person page offers the merge"
    );
    let choose = app.get_html(&format!("/people/{k}/merge")).await;
    assert!(
        choose.contains("/pick/people"),
        "the other person is picked with the record picker"
    );
    let page = app.get_html(&format!("/people/{k}/merge?with={m}")).await;
    assert!(
        page.contains("name=\"field.full_name\"")
            && page.contains("name=\"field.phone\"")
            && page.contains("name=\"field.lawful_basis\"")
            && page.contains("Salon des bibliothèques"),
        "the comparison offers the fields that differ, the lawful basis with its source"
    );
    assert!(
        !page.contains("name=\"field.email\""),
        "same e-mail: nothing to choose"
    );
    assert!(
        !page.contains("name=\"field.do_not_contact\""),
        "do-not-contact is no choice"
    );
    assert!(
        page.contains("un échange") && page.contains("une relance"),
        "it says what moves"
    );

    // Someone edits the kept person meanwhile: nothing is merged.
    let mut stale = kept.clone();
    stale.version -= 1;
    let refused = merge(&app, &stale, &merged, &[("field.phone", "merged")]).await;
    assert_eq!(refused.status(), 409);
    assert!(person(&app, m).await.is_some(), "nothing merged");

    let response = merge(
        &app,
        &kept,
        &merged,
        &[
            ("field.full_name", "kept"),
            ("field.phone", "merged"),
            ("field.lawful_basis", "merged"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert!(person(&app, m).await.is_none(), "the duplicate is gone");
    let after = person(&app, k).await.expect("kept");
    assert_eq!(after.full_name, "Camille Martin");
    assert_eq!(after.phone.as_deref(), Some("06 12 34 56 78"));
    assert!(after.do_not_contact, "do-not-contact survives");
    assert_eq!(
        (
            after.lawful_basis,
            after.lawful_basis_on,
            after.source.as_deref()
        ),
        (
            LawfulBasis::Consent,
            Some(consent_on),
            Some("Salon des bibliothèques")
        ),
        "the lawful basis comes with its date and source"
    );
    assert_eq!(after.external_id.as_deref(), Some("identifiant:P-1"));
    assert_eq!(after.version, kept.version + 1);
    // The basis set aside is in the history, in words rather than as data.
    let history = app.get_html(&format!("/people/{k}")).await;
    assert!(
        history.contains("Base légale : intérêt légitime"),
        "the basis set aside, readable"
    );
    assert!(!history.contains("&quot;lawful_basis&quot;"), "no raw JSON");

    let roles = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(k))
        .all(&app.db)
        .await
        .expect("roles");
    assert_eq!(roles.len(), 2, "the same role is not held twice: {roles:?}");
    let mandate = roles
        .iter()
        .find(|r| r.organisation_id == network.id)
        .expect("the mandate moved");
    assert_eq!(
        mandate.mandate_ends_on.map(|d| d.to_string()),
        Some(mandate_end)
    );
    let contacts = interaction::Entity::find()
        .filter(interaction::Column::PersonId.eq(k))
        .all(&app.db)
        .await
        .expect("contacts");
    assert_eq!(contacts.len(), 1, "the contact moved");
    assert_eq!(
        (
            contacts[0].follow_up_on.map(|d| d.to_string()),
            contacts[0].follow_up_done
        ),
        (Some(follow_up), false),
        "with its follow-up"
    );
    let facilitated = workshop_session::Entity::find()
        .filter(workshop_session::Column::FacilitatorPersonId.eq(k))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(facilitated, 1, "the workshop moved");
    let alias = person_alias::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("an alias");
    assert_eq!(
        (alias.external_id.as_str(), alias.person_id, alias.merged_id),
        ("identifiant:P-2", k, m)
    );

    // The history of both is the kept person's, plus one entry for the merge.
    let history = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::Person))
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
    assert!(
        changes["merged_with"][1]
            .as_str()
            .is_some_and(|s| s.contains(&merged.full_name))
    );
    assert_eq!(changes["do_not_contact"], serde_json::json!([false, true]));
    assert_eq!(
        changes["merged_lawful_basis"][1]["lawful_basis"], "legitimate_interest",
        "the basis not kept stays in the history"
    );
    let page = app.get_html(&format!("/people/{k}")).await;
    assert!(
        page.contains("Fusionnée avec"),
        "the timeline shows the merge"
    );
}

#[tokio::test]
async fn do_not_contact_survives_whatever_is_chosen() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let k = create_person(&app, "Dominique Refus", true).await;
    let m = create_person(&app, "Dominique Refus bis", false).await;
    let (kept, merged) = (
        person(&app, k).await.expect("kept"),
        person(&app, m).await.expect("merged"),
    );
    let response = merge(
        &app,
        &kept,
        &merged,
        &[
            ("field.full_name", "merged"),
            ("field.do_not_contact", "merged"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422, "do-not-contact is not a choice");
    let response = merge(&app, &kept, &merged, &[("field.full_name", "merged")]).await;
    assert_eq!(response.status(), 303);
    let after = person(&app, k).await.expect("kept");
    assert_eq!(after.full_name, "Dominique Refus bis");
    assert!(
        after.do_not_contact,
        "the kept person is still not to be contacted"
    );

    // Erased people are not merged.
    let erased = create_person(&app, "Personne Effacée", false).await;
    set(&app, erased, |p| {
        p.erased_at = Set(Some(app.now()));
        p.full_name = Set(String::new());
    })
    .await;
    let erased = person(&app, erased).await.expect("erased");
    let after = person(&app, k).await.expect("kept");
    assert_eq!(merge(&app, &after, &erased, &[]).await.status(), 422);
    assert_eq!(merge(&app, &erased, &after, &[]).await.status(), 422);
    assert!(person(&app, erased.id).await.is_some());
}

#[tokio::test]
async fn a_reimport_after_a_merge_creates_no_new_person() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let file = "identifiant;Prénom;Nom;Courriel\n\
                C-1;Anne;Vidal;anne.vidal@example.org\n\
                C-2;Annie;Vidal-Roux;annie.vr@example.org\n"
        .as_bytes()
        .to_vec();
    let import = async |app: &TestApp| {
        let job = crate::imports::start(app, "contacts.csv", file.clone(), "people").await;
        crate::imports::check(app, &job, &[], &[]).await;
        crate::imports::commit(app, &job, &[]).await
    };
    import(&app).await;
    let find = async |external: &str| {
        person::Entity::find()
            .filter(person::Column::ExternalId.eq(external))
            .one(&app.db)
            .await
            .expect("query")
            .expect("imported")
    };
    let (kept, merged) = (find("identifiant:C-1").await, find("identifiant:C-2").await);
    let before = count(&app.db, "people").await;
    assert_eq!(merge(&app, &kept, &merged, &[]).await.status(), 303);
    assert_eq!(count(&app.db, "people").await, before - 1);

    let again = import(&app).await;
    assert_eq!(
        count(&app.db, "people").await,
        before - 1,
        "the merged person's line finds the kept one: {again}"
    );
}

#[tokio::test]
async fn probable_duplicates_are_listed_compared_and_dismissed() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let a = insert_person(&app, "Léa Dupré", Some("lea@example.org"))
        .await
        .id;
    let b = insert_person(&app, "lea  DUPRE", None).await.id;
    let c = insert_person(&app, "L. Dupré", Some("LEA@example.org "))
        .await
        .id;
    let d = insert_person(&app, "Sam Autre", None).await.id;
    let e = insert_person(&app, "Samuel Autre", None).await.id;
    set(&app, d, |p| p.phone = Set(Some("+33 6 11 22 33 44".into()))).await;
    set(&app, e, |p| p.phone = Set(Some("06.11.22.33.44".into()))).await;

    let list = app.get_html("/people").await;
    assert!(
        list.contains("/people/duplicates"),
        "reachable from the people list"
    );
    let page = app.get_html("/people/duplicates").await;
    let link = |x: i32, y: i32| format!("/people/{}/merge?with={}", x.min(y), x.max(y));
    assert!(page.contains(&link(a, b)), "same name: {page}");
    assert!(page.contains(&link(a, c)), "same e-mail");
    assert!(page.contains(&link(d, e)), "same phone");
    assert!(page.contains("même nom") && page.contains("même téléphone"));

    assert_eq!(app.get(&link(a, b)).await.status(), 200);
    let dismissed = app
        .post_form(
            "/people/duplicates/dismiss",
            &[("first", &b.to_string()), ("second", &a.to_string())],
        )
        .await;
    assert_eq!(dismissed.status(), 303);
    let page = app.get_html("/people/duplicates").await;
    assert!(
        !page.contains(&link(a, b)),
        "a dismissed pair is not offered again"
    );
    assert!(page.contains(&link(d, e)), "the others still are");

    // Merging a person with themselves or with nobody is refused.
    let itself = app.get(&format!("/people/{a}/merge?with={a}")).await;
    assert_eq!(itself.status(), 422);
    let unknown = app
        .post_form(
            &format!("/people/{a}/merge"),
            &[
                ("with", "999999"),
                ("kept_version", "1"),
                ("merged_version", "1"),
            ],
        )
        .await;
    assert_eq!(unknown.status(), 422);
}

#[tokio::test]
async fn viewers_cannot_merge_people() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let a = insert_person(&app, "Alex Lecteur", None).await;
    let b = insert_person(&app, "Alex Lecteur", None).await;
    let page = app
        .get(&format!("/people/{}/merge?with={}", a.id, b.id))
        .await;
    assert_eq!(page.status(), 403);
    assert_eq!(merge(&app, &a, &b, &[]).await.status(), 403);
    let dismissed = app
        .post_form(
            "/people/duplicates/dismiss",
            &[("first", &a.id.to_string()), ("second", &b.id.to_string())],
        )
        .await;
    assert_eq!(dismissed.status(), 403);
    assert!(person(&app, b.id).await.is_some());
    let list = app.get_html("/people/duplicates").await;
    assert!(
        !list.contains(&format!("/people/{}/merge", a.id.min(b.id))),
        "no merge offered to a viewer"
    );
}
