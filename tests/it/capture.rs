//! Event-day capture: entries typed at a stand wait in the event's queue,
//! are triaged into a new or an already known person (merged, never
//! duplicated), an organisation, a logged contact and its follow-up, and
//! leave nothing personal behind; entries left too long are flagged.

use chrono::Duration;
use relais::entities::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::helpers::{TestApp, assert_refused, count, create_person, date, seeded_organisation};

/// A past one-day event, created through its form; returns its id.
async fn stand_event(app: &TestApp) -> i32 {
    let fields = [
        ("title", "Journée professionnelle des bibliothèques 2026"),
        ("kind", "professional_day"),
        ("participation", "attending"),
        ("all_day", "on"),
        ("start_date", "2026-10-15"),
        ("time_zone", "Europe/Paris"),
        ("repeat", ""),
        ("version", ""),
    ];
    let response = app.post_form("/events", &fields).await;
    assert_eq!(response.status(), 303, "event created");
    response.headers()["location"]
        .to_str()
        .expect("location")
        .trim_start_matches("/events/")
        .parse()
        .expect("event id")
}

/// Captures one person at the event's stand; returns the entry.
async fn capture(app: &TestApp, event: i32, fields: &[(&str, &str)]) -> capture_entry::Model {
    let before = count(&app.db, "capture_entries").await;
    let response = app
        .post_form(&format!("/events/{event}/capture"), fields)
        .await;
    assert_eq!(response.status(), 303, "captured");
    assert_eq!(
        response.headers()["location"],
        format!("/events/{event}/capture").as_str(),
        "the form again, for the next person"
    );
    assert_eq!(count(&app.db, "capture_entries").await, before + 1);
    capture_entry::Entity::find()
        .filter(capture_entry::Column::EventId.eq(event))
        .all(&app.db)
        .await
        .expect("query")
        .into_iter()
        .max_by_key(|e| e.id)
        .expect("entry")
}

async fn entry(app: &TestApp, id: i32) -> capture_entry::Model {
    capture_entry::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("entry")
}

fn assert_emptied(e: &capture_entry::Model) {
    assert!(e.triaged_at.is_some(), "marked triaged");
    assert_eq!(
        (
            &e.full_name,
            &e.organisation_name,
            &e.role,
            &e.contact,
            &e.asked
        ),
        (&None, &None, &None, &None, &None),
        "nothing typed stays in the queue"
    );
}

#[tokio::test]
async fn a_captured_entry_is_triaged_into_a_new_person_and_organisation() {
    let app = TestApp::spawn_at(date(2026, 11, 2)).await;
    app.login_as(Role::Volunteer).await;
    let event = stand_event(&app).await;
    let form = app.get_html(&format!("/events/{event}/capture")).await;
    assert!(form.contains("Saisie sur le stand"));
    assert!(form.contains("name=\"follow_up\""));

    let e = capture(
        &app,
        event,
        &[
            ("full_name", "Alix Martin"),
            ("organisation", "Médiathèque du Bois-Joli"),
            ("role", "médiatrice numérique"),
            ("contact", "Alix.Martin@Example.org"),
            ("asked", "Le kit « Mes traces en ligne »"),
            ("follow_up", "on"),
        ],
    )
    .await;
    assert_eq!(e.contact.as_deref(), Some("alix.martin@example.org"));
    assert!(e.follow_up);
    let queue = app.get_html(&format!("/events/{event}/captures")).await;
    assert!(queue.contains("Alix Martin"));
    assert!(queue.contains(&format!("href=\"/captures/{}\"", e.id)));
    let event_page = app.get_html(&format!("/events/{event}")).await;
    assert!(event_page.contains("1 saisie à trier"));

    // Nobody alike: a new person and a new organisation are proposed.
    let page = app.get_html(&format!("/captures/{}", e.id)).await;
    assert!(page.contains("id=\"field-person-new\" name=\"person\" value=\"new\" checked"));
    assert!(
        page.contains("id=\"field-organisation-new\" name=\"organisation\" value=\"new\" checked")
    );
    let follow_up = (app.today() + Duration::days(7)).to_string();
    assert!(
        page.contains(&follow_up),
        "a follow-up a week on, as wanted"
    );

    let response = app
        .post_form(
            &format!("/captures/{}", e.id),
            &[
                ("person", "new"),
                ("full_name", "Alix Martin"),
                ("email", "alix.martin@example.org"),
                ("phone", ""),
                ("organisation", "new"),
                ("organisation_name", "Médiathèque du Bois-Joli"),
                ("organisation_kind", "library"),
                ("role", "médiatrice numérique"),
                ("lawful_basis", "consent"),
                ("source", "Stand, journée professionnelle"),
                ("summary", "Le kit « Mes traces en ligne »"),
                ("follow_up_on", &follow_up),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "triaged");

    let person = person::Entity::find()
        .filter(person::Column::FullName.eq("Alix Martin"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("person created");
    assert_eq!(person.email.as_deref(), Some("alix.martin@example.org"));
    assert_eq!(person.lawful_basis, LawfulBasis::Consent);
    assert_eq!(person.lawful_basis_on, Some(app.today()));
    let organisation = organisation::Entity::find()
        .filter(organisation::Column::Name.eq("Médiathèque du Bois-Joli"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("organisation created");
    assert_eq!(organisation.kind, OrgKind::Library);
    let role = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("membership");
    assert_eq!(role.organisation_id, organisation.id);
    assert_eq!(role.role, "médiatrice numérique");
    let contact = interaction::Entity::find()
        .filter(interaction::Column::PersonId.eq(person.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("contact logged");
    assert_eq!(contact.channel, InteractionChannel::EventTalk);
    assert_eq!(contact.organisation_id, Some(organisation.id));
    assert_eq!(contact.occurred_on, app.today());
    assert_eq!(contact.follow_up_on, Some(app.today() + Duration::days(7)));

    // The entry keeps its trace and the contact it became, nothing typed.
    let e = entry(&app, e.id).await;
    assert_emptied(&e);
    assert_eq!(e.interaction_id, Some(contact.id));
    let queue = app.get_html(&format!("/events/{event}/captures")).await;
    assert!(!queue.contains("Alix Martin"));
    assert!(queue.contains("1 saisie déjà triée."));
    // Triaging it again is refused: it is gone from the queue.
    let again = app
        .post_form(&format!("/captures/{}", e.id), &[("person", "new")])
        .await;
    assert_eq!(again.status(), 409);
}

#[tokio::test]
async fn an_entry_triaged_into_a_known_person_merges_into_them_without_a_duplicate() {
    let app = TestApp::spawn_at(date(2026, 11, 2)).await;
    app.login_as(Role::Volunteer).await;
    let event = stand_event(&app).await;
    let known = create_person(&app, "Camille Dupré", false).await;
    let ping = seeded_organisation(&app, "ping").await;

    let e = capture(
        &app,
        event,
        &[
            ("full_name", "camille  DUPRE"),
            ("organisation", &ping.name),
            ("role", "animatrice"),
            ("contact", "+33 6 12 34 56 78"),
            ("asked", ""),
        ],
    )
    .await;
    // The same name but for accents, case and spaces is suggested, first.
    let page = app.get_html(&format!("/captures/{}", e.id)).await;
    assert!(
        page.contains(&format!("name=\"person\" value=\"{known}\" checked")),
        "the known person is proposed"
    );
    assert!(page.contains(&format!(
        "name=\"organisation\" value=\"{}\" checked",
        ping.id
    )));

    let people_before = count(&app.db, "people").await;
    let organisations_before = count(&app.db, "organisations").await;
    let known_id = known.to_string();
    let ping_id = ping.id.to_string();
    let response = app
        .post_form(
            &format!("/captures/{}", e.id),
            &[
                ("person", &known_id),
                ("full_name", "camille  DUPRE"),
                ("email", ""),
                ("phone", "+33 6 12 34 56 78"),
                ("organisation", &ping_id),
                ("role", "animatrice"),
                ("lawful_basis", "legitimate_interest"),
                ("source", "Stand"),
                ("summary", "Rencontre sur le stand"),
                ("follow_up_on", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "triaged");
    assert_eq!(
        count(&app.db, "people").await,
        people_before,
        "no duplicate"
    );
    assert_eq!(count(&app.db, "organisations").await, organisations_before);
    let person = person::Entity::find_by_id(known)
        .one(&app.db)
        .await
        .expect("query")
        .expect("person");
    assert_eq!(person.full_name, "Camille Dupré", "the name kept as it was");
    assert_eq!(
        person.email.as_deref(),
        Some("personne@example.org"),
        "kept"
    );
    assert_eq!(
        person.phone.as_deref(),
        Some("+33 6 12 34 56 78"),
        "filled in"
    );
    assert_eq!(person.source.as_deref(), Some("Page publique"), "kept");
    let roles = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(known))
        .all(&app.db)
        .await
        .expect("query");
    assert_eq!(roles.len(), 1);
    assert_eq!(
        (roles[0].organisation_id, roles[0].role.as_str()),
        (ping.id, "animatrice")
    );
    let contact = interaction::Entity::find()
        .filter(interaction::Column::PersonId.eq(known))
        .one(&app.db)
        .await
        .expect("query")
        .expect("contact logged");
    assert_eq!(contact.follow_up_on, None, "no follow-up wanted");
    assert_emptied(&entry(&app, e.id).await);

    // Met again at the next stand: the role is not added twice.
    let e = capture(
        &app,
        event,
        &[
            ("full_name", "Camille Dupré"),
            ("contact", "personne@example.org"),
        ],
    )
    .await;
    let response = app
        .post_form(
            &format!("/captures/{}", e.id),
            &[
                ("person", &known_id),
                ("organisation", &ping_id),
                ("role", "animatrice"),
                ("lawful_basis", "legitimate_interest"),
                ("source", "Stand"),
                ("summary", "Deuxième rencontre"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(count(&app.db, "people").await, people_before);
    let roles = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(known))
        .all(&app.db)
        .await
        .expect("query");
    assert_eq!(roles.len(), 1, "no second membership");
}

#[tokio::test]
async fn an_entry_waiting_more_than_thirty_days_is_flagged() {
    let app = TestApp::spawn_at(date(2026, 11, 2)).await;
    app.login_as(Role::Volunteer).await;
    let event = stand_event(&app).await;
    let fresh = capture(&app, event, &[("full_name", "Sacha Nouveau")]).await;
    let old = capture(&app, event, &[("full_name", "Lou Ancien")]).await;
    // Captured 31 days ago by the application's clock.
    capture_entry::ActiveModel {
        id: Set(old.id),
        created_at: Set(app.now() - Duration::days(31)),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .expect("backdated");

    let queue = app.get_html(&format!("/events/{event}/captures")).await;
    assert_eq!(
        queue.matches("En attente depuis plus de 30 jours").count(),
        1,
        "only the old entry is flagged"
    );
    let flagged_at = queue
        .find("En attente depuis plus de 30 jours")
        .expect("flag");
    assert!(
        queue.find("Lou Ancien").expect("old entry") < flagged_at
            && flagged_at < queue.find("Sacha Nouveau").expect("fresh entry"),
        "the old entry, listed first, carries the flag"
    );
    let page = app.get_html(&format!("/captures/{}", old.id)).await;
    assert!(page.contains("En attente depuis plus de 30 jours"));
    let page = app.get_html(&format!("/captures/{}", fresh.id)).await;
    assert!(!page.contains("En attente depuis plus de 30 jours"));
    let dashboard = app.get_html("/").await;
    assert!(dashboard.contains("1 saisie de stand attend d'être triée depuis plus de 30 jours"));
    let all = app.get_html("/captures").await;
    assert!(all.contains("1 en attente depuis plus de 30 jours"));

    // Discarded, it leaves nothing behind and the flag goes.
    let response = app
        .post_form(&format!("/captures/{}/discard", old.id), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_emptied(&entry(&app, old.id).await);
    assert!(!app.get_html("/").await.contains("saisie de stand attend"));
}

#[tokio::test]
async fn capture_fields_are_checked_with_french_messages() {
    let app = TestApp::spawn_at(date(2026, 11, 2)).await;
    app.login_as(Role::Volunteer).await;
    let event = stand_event(&app).await;
    let path = format!("/events/{event}/capture");
    let long = "x".repeat(201);
    assert_refused(
        app.post_form(&path, &[("full_name", "")]).await,
        "Ce champ est obligatoire.",
    )
    .await;
    // Past the limit every form shares for names, the guard refuses it
    // before the form does, naming the field.
    assert_refused(
        app.post_form(&path, &[("full_name", &long)]).await,
        "Le champ « full_name » est trop long",
    )
    .await;
    assert_refused(
        app.post_form(&path, &[("full_name", "Alix"), ("organisation", &long)])
            .await,
        "Ce texte est trop long.",
    )
    .await;
    assert_refused(
        app.post_form(&path, &[("full_name", "Alix"), ("contact", "au stand B")])
            .await,
        "Indiquez une adresse e-mail",
    )
    .await;
    let asked = "é".repeat(2_001);
    let refused = app
        .post_form(&path, &[("full_name", "Alix"), ("asked", &asked)])
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.expect("body");
    assert!(page.contains("Ce texte est trop long."));
    assert!(page.contains("value=\"Alix\""), "what was typed is kept");
    assert_eq!(count(&app.db, "capture_entries").await, 0);
    // At the limits, it is taken (the same on both databases).
    let name = "é".repeat(200);
    let asked = "ü".repeat(2_000);
    let e = capture(&app, event, &[("full_name", &name), ("asked", &asked)]).await;
    assert_eq!(e.full_name.as_deref(), Some(name.as_str()));
    assert_eq!(e.asked.map(|a| a.chars().count()), Some(2_000));

    // Triage: a lawful basis must be chosen, a follow-up not before the day.
    let response = app
        .post_form(
            &format!("/captures/{}", e.id),
            &[
                ("person", "new"),
                ("full_name", "Alix"),
                ("organisation", "none"),
                ("lawful_basis", "parce que"),
                ("source", "Stand"),
                ("summary", "Rencontre"),
                ("follow_up_on", "2020-01-01"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    assert!(page.contains("La relance ne peut pas précéder le jour de la rencontre."));
    assert!(
        page.contains("Choisissez une valeur dans la liste."),
        "the lawful basis"
    );
    assert!(
        entry(&app, e.id).await.triaged_at.is_none(),
        "nothing written"
    );
}

#[tokio::test]
async fn viewers_can_neither_capture_nor_triage() {
    let app = TestApp::spawn_at(date(2026, 11, 2)).await;
    app.login_as(Role::Volunteer).await;
    let event = stand_event(&app).await;
    let e = capture(&app, event, &[("full_name", "Alix Martin")]).await;
    let viewer = app.with_new_client();
    viewer.login_as(Role::Viewer).await;
    for path in [
        format!("/events/{event}/capture"),
        format!("/events/{event}/captures"),
        format!("/captures/{}", e.id),
        "/captures".to_owned(),
    ] {
        assert_eq!(viewer.get(&path).await.status(), 403, "GET {path}");
    }
    for path in [
        format!("/events/{event}/capture"),
        format!("/captures/{}", e.id),
        format!("/captures/{}/discard", e.id),
    ] {
        let response = viewer
            .post_form(&path, &[("full_name", "X"), ("person", "new")])
            .await;
        assert_eq!(response.status(), 403, "POST {path}");
    }
    assert_eq!(count(&app.db, "capture_entries").await, 1);
    assert!(entry(&app, e.id).await.triaged_at.is_none());
    // Nor do they see the link to the form.
    let page = viewer.get_html(&format!("/events/{event}")).await;
    assert!(!page.contains(&format!("/events/{event}/capture\"")));
}

#[tokio::test]
async fn erasing_a_person_scrubs_them_from_the_entries_still_waiting() {
    let app = TestApp::spawn_at(date(2026, 11, 2)).await;
    app.login_as(Role::Admin).await;
    let event = stand_event(&app).await;
    let person = create_person(&app, "Zéphyrine Testeuse", false).await;
    let e = capture(
        &app,
        event,
        &[
            ("full_name", "Zéphyrine Testeuse"),
            ("contact", "personne@example.org"),
            ("asked", "Pour Zéphyrine Testeuse : le kit atelier"),
        ],
    )
    .await;
    let response = app
        .post_form(
            &format!("/people/{person}/erase"),
            &[("confirm", "EFFACER")],
        )
        .await;
    assert_eq!(response.status(), 200, "erased");
    let e = entry(&app, e.id).await;
    assert_eq!(e.full_name.as_deref(), Some("[personne effacée]"));
    assert_eq!(e.contact.as_deref(), Some("[personne effacée]"));
    assert_eq!(
        e.asked.as_deref(),
        Some("Pour [personne effacée] : le kit atelier")
    );
    let text = crate::helpers::all_text(&app.db).await;
    assert!(!text.contains("Zéphyrine Testeuse") && !text.contains("personne@example.org"));
}

#[tokio::test]
async fn a_triage_form_with_wrong_choices_is_refused_field_by_field_never_with_a_server_error() {
    let app = TestApp::spawn_at(date(2026, 11, 2)).await;
    app.login_as(Role::Volunteer).await;
    let event = stand_event(&app).await;
    let e = capture(&app, event, &[("full_name", "Alix Martin")]).await;
    let path = format!("/captures/{}", e.id);
    let long = "x".repeat(2_001);
    for (person, organisation, extra, message) in [
        (
            "abc",
            "none",
            ("email", ""),
            "Choisissez une personne proposée",
        ),
        (
            "99999999999999",
            "none",
            ("email", ""),
            "Choisissez une personne proposée",
        ),
        (
            "-1",
            "none",
            ("email", ""),
            "Choisissez une personne proposée",
        ),
        (
            "pick",
            "none",
            ("person_id_name", ""),
            "Choisissez une personne proposée",
        ),
        (
            "new",
            "42424242",
            ("email", ""),
            "Choisissez une structure proposée",
        ),
        (
            "new",
            "pick",
            ("organisation_id", "nope"),
            "Choisissez une structure proposée",
        ),
        (
            "new",
            "new",
            ("organisation_kind", "bibliotheque"),
            "Choisissez une valeur dans la liste.",
        ),
        (
            "new",
            "none",
            ("email", "pas une adresse"),
            "Cette adresse e-mail n'est pas valide",
        ),
        (
            "new",
            "none",
            ("phone", "au stand"),
            "Numéro de téléphone invalide",
        ),
        (
            "new",
            "none",
            ("follow_up_on", "2027-02-30"),
            "Date invalide",
        ),
        ("new", "none", ("summary", &long), "Ce texte est trop long."),
    ] {
        let mut fields = vec![
            ("person", person),
            ("full_name", "Alix Martin"),
            ("organisation", organisation),
            ("organisation_name", "Médiathèque du Bois-Joli"),
            ("organisation_kind", "library"),
            ("lawful_basis", "consent"),
            ("source", "Stand"),
            ("summary", "Rencontre"),
        ];
        fields.retain(|(name, _)| *name != extra.0);
        fields.push(extra);
        let response = app.post_form(&path, &fields).await;
        assert_eq!(
            response.status(),
            422,
            "{person} / {organisation} / {extra:?}"
        );
        let page = response.text().await.expect("body");
        assert!(page.contains(message), "{extra:?}: {message}");
        assert!(
            page.contains("value=\"Alix Martin\""),
            "what was typed is kept"
        );
    }
    assert!(
        entry(&app, e.id).await.triaged_at.is_none(),
        "nothing written"
    );
    assert_eq!(count(&app.db, "people").await, 0);
}
