//! Workshop kits, their versions, sessions and the reproducibility rate.

use chrono::Duration;
use relais::entities::*;
use relais::values::limits;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};

use crate::helpers::{
    TestApp, assert_refused, count, create_person, date, seeded_campaign, seeded_organisation,
};

async fn seeded_kit(app: &TestApp) -> workshop_kit::Model {
    workshop_kit::Entity::find()
        .filter(workshop_kit::Column::SeedKey.eq("vie-privee-smartphone"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("seeded kit")
}

async fn last_session(app: &TestApp) -> workshop_session::Model {
    workshop_session::Entity::find()
        .order_by_desc(workshop_session::Column::Id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("a session")
}

/// Plans a session through the form, without attendance (so unconfirmed);
/// returns the response status.
async fn plan(
    app: &TestApp,
    kit: i32,
    venue: i32,
    facilitator: Option<i32>,
    days_from_today: i64,
    our_role: &str,
) -> u16 {
    record(app, kit, venue, facilitator, days_from_today, our_role, "").await
}

/// Records a session through the form; a past session with its attendance
/// is confirmed as held. Returns the response status.
async fn record(
    app: &TestApp,
    kit: i32,
    venue: i32,
    facilitator: Option<i32>,
    days_from_today: i64,
    our_role: &str,
    attendance: &str,
) -> u16 {
    let held_on = (app.today() + Duration::days(days_from_today)).to_string();
    let facilitator = facilitator.map(|f| f.to_string()).unwrap_or_default();
    let kit = kit.to_string();
    let venue = venue.to_string();
    app.post_form(
        "/workshops/sessions",
        &[
            ("kit_id", &kit),
            ("held_on", &held_on),
            ("venue_id", &venue),
            ("facilitator_id", &facilitator),
            ("our_role", our_role),
            ("attendance", attendance),
            ("feedback", ""),
            ("campaign_id", ""),
        ],
    )
    .await
    .status()
    .as_u16()
}

#[tokio::test]
async fn a_session_run_by_a_mediator_changes_the_reproducibility_rate() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let kit = seeded_kit(&app).await;
    let venue = seeded_organisation(&app, "rennes-comite-numerique").await;
    let mediator = create_person(&app, "Camille Médiatrice", false).await;
    let kit_path = format!("/workshops/kits/{}", kit.id);

    let page = app.get_html(&kit_path).await;
    assert!(page.contains("Pas encore de séance tenue"));
    // The venue already runs digital workshops: the kit could fit there.
    let fits = &page[page.find("id=\"fits\"").expect("fits section")..];
    assert!(fits.contains(&venue.name), "suggested before hosting");

    // Held a week ago by the mediator, without us.
    assert_eq!(
        record(&app, kit.id, venue.id, Some(mediator), -7, "none", "12").await,
        303
    );
    let page = app.get_html(&kit_path).await;
    assert!(page.contains("100 %"), "1 of 1 without us");
    assert!(page.contains("(1 sur 1 séances tenues sans nous)"));
    assert!(page.contains("Camille Médiatrice"), "facilitator shown");
    let fits = &page[page.find("id=\"fits\"").expect("fits section")..];
    assert!(
        !fits.contains(&venue.name),
        "no longer suggested once hosted"
    );

    // One we ran ourselves: half of the sessions held ran without us.
    assert_eq!(
        record(&app, kit.id, venue.id, None, -3, "running", "8").await,
        303
    );
    // One we only attend, still to come: planned sessions do not count yet.
    assert_eq!(
        plan(&app, kit.id, venue.id, None, 10, "attending").await,
        303
    );
    let page = app.get_html(&kit_path).await;
    assert!(page.contains("50 %"), "1 of 2 held sessions without us");
    assert!(page.contains("(1 sur 2 séances tenues sans nous)"));
    let planned = last_session(&app).await;
    assert!(!planned.run_by_us && planned.we_attend);

    // The library, the venue and the mediator's page show the sessions.
    let library = app.get_html("/workshops").await;
    assert!(library.contains(&kit.title) && library.contains("50 %"));
    let org_page = app.get_html(&format!("/organisations/{}", venue.id)).await;
    let hosted = &org_page[org_page
        .find("data-kind=\"sessions\"")
        .expect("sessions in the timeline")..];
    assert!(hosted.contains(&kit.title));
    let person_page = app.get_html(&format!("/people/{mediator}")).await;
    let run = &person_page[person_page
        .find("data-kind=\"sessions\"")
        .expect("sessions in the timeline")..];
    assert!(run.contains(&kit.title));

    // Level 3 of the seeded campaign counts the held sessions.
    let campaign = seeded_campaign(&app).await;
    let campaign_page = app.get_html(&format!("/campaigns/{}", campaign.id)).await;
    assert!(
        campaign_page.contains("1 animés sans nous, 1 avec nous"),
        "level 3 split from the sessions"
    );

    // Every change is in the audit log.
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::WorkshopSession))
        .all(&app.db)
        .await
        .expect("audit");
    assert_eq!(audited.len(), 3);
    assert!(audited.iter().all(|e| e.action == AuditAction::Create));
}

#[tokio::test]
async fn an_unconfirmed_past_session_is_to_confirm_and_does_not_count() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let kit = seeded_kit(&app).await;
    let venue = seeded_organisation(&app, "rennes-comite-numerique").await;
    let kit_path = format!("/workshops/kits/{}", kit.id);
    let campaign = seeded_campaign(&app).await;
    let campaign_path = format!("/campaigns/{}", campaign.id);

    // Planned for today by a mediator: nobody has said it took place.
    assert_eq!(plan(&app, kit.id, venue.id, None, 0, "none").await, 303);
    let session = last_session(&app).await;
    assert_eq!(session.held_on, app.today());
    let page = app.get_html(&kit_path).await;
    assert!(page.contains("Pas encore de séance tenue"), "not held yet");
    assert!(!page.contains("100 %"));
    let to_confirm = &page[page.find("id=\"to-confirm\"").expect("to confirm section")..];
    assert!(to_confirm.contains(&format!("/workshops/sessions/{}", session.id)));
    let library = app.get_html("/workshops").await;
    let listed = &library[library
        .find("id=\"to-confirm\"")
        .expect("listed to confirm")..];
    assert!(listed.contains(&kit.title));
    let level3 = app.get_html(&campaign_path).await;
    assert!(
        level3.contains("0 animés sans nous, 0 avec nous"),
        "level 3 does not count it"
    );

    // Recording its attendance confirms it: it now counts everywhere.
    let response = app
        .post_form(
            &format!("/workshops/sessions/{}", session.id),
            &[
                ("kit_id", &kit.id.to_string()),
                ("held_on", &session.held_on.to_string()),
                ("venue_id", &venue.id.to_string()),
                ("facilitator_id", ""),
                ("our_role", "none"),
                ("attendance", "9"),
                ("feedback", ""),
                ("campaign_id", ""),
                ("version", &session.version.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = app.get_html(&kit_path).await;
    assert!(page.contains("100 %"), "1 of 1 confirmed without us");
    assert!(
        !page.contains("id=\"to-confirm\""),
        "nothing left to confirm"
    );
    let library = app.get_html("/workshops").await;
    assert!(!library.contains("id=\"to-confirm\""));
    let level3 = app.get_html(&campaign_path).await;
    assert!(level3.contains("1 animés sans nous, 0 avec nous"));
}

#[tokio::test]
async fn attendance_and_feedback_are_recorded_afterwards_without_overwriting_anyone() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let kit = seeded_kit(&app).await;
    let venue = seeded_organisation(&app, "rennes-comite-numerique").await;
    assert_eq!(plan(&app, kit.id, venue.id, None, -2, "none").await, 303);
    let session = last_session(&app).await;
    let path = format!("/workshops/sessions/{}", session.id);
    let form = |attendance: &'static str, feedback: &'static str, version: String| {
        vec![
            ("kit_id", kit.id.to_string()),
            ("held_on", session.held_on.to_string()),
            ("venue_id", venue.id.to_string()),
            ("facilitator_id", String::new()),
            ("our_role", "none".to_owned()),
            ("attendance", attendance.to_owned()),
            ("feedback", feedback.to_owned()),
            ("campaign_id", String::new()),
            ("version", version),
        ]
    };
    let send = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        let path = path.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(&path, &fields).await
        }
    };

    let response = send(form(
        "12",
        "Très bon accueil ; fiches à réimprimer.",
        "1".into(),
    ))
    .await;
    assert_eq!(response.status(), 303);
    let saved = last_session(&app).await;
    assert_eq!(saved.attendance, Some(12));
    assert_eq!(saved.version, 2);

    // A second volunteer still on version 1: refused, both versions shown.
    let response = send(form("3", "autre chose", "1".into())).await;
    assert_eq!(response.status(), 409);
    let page = response.text().await.expect("body");
    assert!(page.contains("Quelqu'un a enregistré cette fiche"));
    assert!(page.contains("autre chose"), "their input kept");
    assert_eq!(
        last_session(&app).await.attendance,
        Some(12),
        "not overwritten"
    );

    // Numbers that are not a count are refused with a message.
    let response = send(form("douze", "", "2".into())).await;
    assert_refused(response, "Indiquez un nombre de participants").await;

    // Attendance of a session still to come is refused; nothing is written.
    let sessions_before = count(&app.db, "workshop_sessions").await;
    let tomorrow = (app.today() + Duration::days(1)).to_string();
    let response = app
        .post_form(
            "/workshops/sessions",
            &[
                ("kit_id", &kit.id.to_string()),
                ("held_on", &tomorrow),
                ("venue_id", &venue.id.to_string()),
                ("our_role", "none"),
                ("attendance", "8"),
            ],
        )
        .await;
    assert_refused(response, "la participation se note après").await;
    // A session needs a kit and a venue.
    let response = app
        .post_form(
            "/workshops/sessions",
            &[
                ("kit_id", "999999"),
                ("held_on", "2026-02-30"),
                ("venue_id", ""),
                ("our_role", "sometimes"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    for message in [
        "Choisissez le kit animé",
        "Choisissez la structure qui accueille",
    ] {
        assert!(page.contains(message), "{message}");
    }
    assert_eq!(count(&app.db, "workshop_sessions").await, sessions_before);

    // Deleting a session takes it out of the rate and leaves an audit entry.
    let response = app
        .post_form(&format!("/workshops/sessions/{}/delete", session.id), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        count(&app.db, "workshop_sessions").await,
        sessions_before - 1
    );
    let deleted = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::WorkshopSession))
        .filter(audit_entry::Column::Action.eq(AuditAction::Delete))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(deleted, 1);
}

#[tokio::test]
async fn kit_steps_in_markdown_cannot_inject_script() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let steps = "1. **Accueil** : tour de table\n\
                 2. <script>alert('steps')</script>\n\
                 3. <img src=x onerror=alert(1)>\n\
                 4. [clic](javascript:alert(1)) et [autre](JaVaScRiPt:alert(2))\n\
                 5. [Exodus](https://exodus-privacy.eu.org/fr/)\n\
                 6. ![pisteur](https://tracker.example/pixel.png)\n\n\
                 <iframe src=\"https://evil.example\"></iframe>\n";
    let response = app
        .post_form(
            "/workshops/kits",
            &[
                ("title", "Mes mots de passe <script>alert('titre')</script>"),
                ("goal", "Choisir des phrases de passe et un gestionnaire."),
                ("audience", "Tout public"),
                ("duration_minutes", "90"),
                ("materials", ""),
                ("prerequisites", ""),
                ("steps_md", steps),
                ("licence", "CC BY-SA 4.0"),
                ("kit_version", "1.0"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let kit = workshop_kit::Entity::find()
        .order_by_desc(workshop_kit::Column::Id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("kit created");
    assert_eq!(kit.steps_md.trim(), steps.trim(), "stored as typed");
    let page = app.get_html(&format!("/workshops/kits/{}", kit.id)).await;
    let lower = page.to_lowercase();
    assert!(!page.contains("<script>alert"), "no script element");
    assert!(!lower.contains("<img"), "no image element");
    assert!(!lower.contains("<iframe"), "no frame");
    assert!(!lower.contains("href=\"javascript:"), "no script link");
    assert!(
        page.contains("&lt;script&gt;alert('steps')&lt;/script&gt;"),
        "shown as text"
    );
    assert!(
        page.contains("<strong>Accueil</strong>"),
        "Markdown rendered"
    );
    assert!(page.contains(r#"<a href="https://exodus-privacy.eu.org/fr/">Exodus</a>"#));
    assert!(page.contains(r#"<a href="https://tracker.example/pixel.png">pisteur</a>"#));
    assert!(page.contains("clic"), "the text of a dropped link stays");
}

#[tokio::test]
async fn kits_are_versioned_duplicated_and_kept_while_used() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let kit = seeded_kit(&app).await;
    let venue = seeded_organisation(&app, "rennes-comite-numerique").await;
    assert_eq!(
        record(&app, kit.id, venue.id, None, -30, "none", "10").await,
        303
    );
    let kits_before = count(&app.db, "workshop_kits").await;

    // A new version: same content, the next number, linked to the first.
    let response = app
        .post_form(&format!("/workshops/kits/{}/new-version", kit.id), &[])
        .await;
    assert_eq!(response.status(), 303);
    let next = workshop_kit::Entity::find()
        .filter(workshop_kit::Column::PreviousVersionId.eq(kit.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("new version");
    assert_eq!(
        response.headers()["location"],
        format!("/workshops/kits/{}/edit", next.id).as_str()
    );
    assert_eq!(next.kit_version, "1.1");
    assert_eq!(next.steps_md, kit.steps_md);
    // The line never forks: a second new version of 1.0 is refused.
    let response = app
        .post_form(&format!("/workshops/kits/{}/new-version", kit.id), &[])
        .await;
    assert_eq!(response.status(), 409);
    assert_eq!(count(&app.db, "workshop_kits").await, kits_before + 1);

    // The session held with 1.0 is still edited as a session of 1.0.
    let session = last_session(&app).await;
    let edit = app
        .get_html(&format!("/workshops/sessions/{}", session.id))
        .await;
    assert!(edit.contains(&format!(
        "<option value=\"{}\" selected>{} (v1.0)</option>",
        kit.id, kit.title
    )));

    let old_page = app.get_html(&format!("/workshops/kits/{}", kit.id)).await;
    assert!(old_page.contains("Une version plus récente de ce kit existe"));
    // The new version's page counts the sessions of the whole line.
    let new_page = app.get_html(&format!("/workshops/kits/{}", next.id)).await;
    assert!(new_page.contains("(1 sur 1 séances tenues sans nous)"));
    assert!(new_page.contains("Versions de ce kit"));
    // The library lists the line once, at its latest version.
    let library = app.get_html("/workshops").await;
    let kits_table = &library[library.find("id=\"kits\"").expect("kits")
        ..library.find("id=\"upcoming\"").expect("sessions")];
    assert!(kits_table.contains(&format!("href=\"/workshops/kits/{}\"", next.id)));
    assert!(!kits_table.contains(&format!("href=\"/workshops/kits/{}\"", kit.id)));

    // A duplicate starts a line of its own.
    let response = app
        .post_form(&format!("/workshops/kits/{}/copy", next.id), &[])
        .await;
    assert_eq!(response.status(), 303);
    let copy = workshop_kit::Entity::find()
        .order_by_desc(workshop_kit::Column::Id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("copy");
    assert_eq!(copy.title, format!("{} (copie)", kit.title));
    assert_eq!(
        (copy.previous_version_id, copy.kit_version.as_str()),
        (None, "1.0")
    );

    // A kit used by a session is kept; an unused one can go.
    let response = app
        .post_form(&format!("/workshops/kits/{}/delete", kit.id), &[])
        .await;
    assert_eq!(response.status(), 409);
    let response = app
        .post_form(&format!("/workshops/kits/{}/delete", copy.id), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(count(&app.db, "workshop_kits").await, kits_before + 1);
}

#[tokio::test]
async fn kit_forms_validate_and_never_overwrite_a_concurrent_edit() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let before = count(&app.db, "workshop_kits").await;
    let response = app
        .post_form(
            "/workshops/kits",
            &[("title", "  "), ("duration_minutes", "deux heures")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    assert!(page.contains("Ce champ est obligatoire"));
    assert!(page.contains("Indiquez une durée en minutes"));
    assert!(page.contains("deux heures"), "input kept");
    assert_eq!(count(&app.db, "workshop_kits").await, before);

    let kit = seeded_kit(&app).await;
    let edit = |title: &'static str| {
        let kit = kit.clone();
        let app = &app;
        async move {
            let duration = kit.duration_minutes.unwrap_or(60).to_string();
            app.post_form(
                &format!("/workshops/kits/{}", kit.id),
                &[
                    ("title", title),
                    ("goal", &kit.goal),
                    ("audience", &kit.audience),
                    ("duration_minutes", &duration),
                    ("steps_md", &kit.steps_md),
                    ("licence", &kit.licence),
                    ("kit_version", &kit.kit_version),
                    ("version", &kit.version.to_string()),
                ],
            )
            .await
        }
    };
    assert_eq!(edit("Smartphone et vie privée").await.status(), 303);
    let response = edit("Autre titre").await;
    assert_eq!(response.status(), 409);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("Smartphone et vie privée"),
        "their version shown"
    );
    let saved = seeded_kit(&app).await;
    assert_eq!(saved.title, "Smartphone et vie privée");
    let history = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::Kit))
        .filter(audit_entry::Column::EntityId.eq(kit.id))
        .all(&app.db)
        .await
        .expect("audit");
    assert_eq!(history.len(), 1, "one saved edit, audited");
}

#[tokio::test]
async fn viewers_read_workshops_but_cannot_change_them() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let kit = seeded_kit(&app).await;
    let kits = count(&app.db, "workshop_kits").await;
    let page = app.get_html(&format!("/workshops/kits/{}", kit.id)).await;
    assert!(page.contains(&kit.title));
    assert!(
        !page.contains("/new-version"),
        "no version button for viewers"
    );
    let response = app
        .post_form(&format!("/workshops/kits/{}/copy", kit.id), &[])
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(count(&app.db, "workshop_kits").await, kits);
}

#[tokio::test]
async fn a_session_planned_from_any_organisation_of_a_large_directory_keeps_its_venue() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    // More organisations than the form's list holds: the last by name is
    // out of the list, as most of the 15,779 libraries would be.
    let now = app.now();
    let rows: Vec<organisation::ActiveModel> = (0..5_001)
        .map(|n| organisation::ActiveModel {
            name: Set(format!("Bibliothèque {n:05}")),
            kind: Set(OrgKind::Library),
            scope: Set(Scope::Local),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(1_000) {
        organisation::Entity::insert_many(chunk.to_vec())
            .exec(&app.db)
            .await
            .expect("organisations");
    }
    let last = organisation::Entity::find()
        .order_by_desc(organisation::Column::Name)
        .one(&app.db)
        .await
        .expect("query")
        .expect("an organisation");
    // The pickers carry the chosen id and show its name.
    let form = app
        .get_html(&format!("/workshops/sessions/new?venue={}", last.id))
        .await;
    assert!(
        form.contains(&format!("name=\"venue_id\" value=\"{}\"", last.id))
            && form.contains(&format!("value=\"{}\"", last.name)),
        "the venue is chosen in the form"
    );
    let form = app
        .get_html(&format!("/interactions/new?organisation={}", last.id))
        .await;
    assert!(
        form.contains(&format!("name=\"organisation_id\" value=\"{}\"", last.id))
            && form.contains(&format!("value=\"{}\"", last.name)),
        "the organisation is chosen in the contact form"
    );
}

#[tokio::test]
async fn a_kit_timeline_lists_its_sessions_newest_first_and_filters_them() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let kit = seeded_kit(&app).await;
    let past = seeded_organisation(&app, "rennes-comite-numerique").await;
    let next = seeded_organisation(&app, "ping").await;
    assert_eq!(
        record(&app, kit.id, past.id, None, -20, "running", "9").await,
        303
    );
    assert_eq!(
        plan(&app, kit.id, next.id, None, 15, "attending").await,
        303
    );
    let path = format!("/workshops/kits/{}", kit.id);
    let page = app.get_html(&path).await;
    let timeline = &page[page.find("class=\"record-timeline\"").expect("a timeline")..];
    let at = |name: &str| {
        timeline
            .find(name)
            .unwrap_or_else(|| panic!("{name} in the timeline"))
    };
    assert!(
        at(&next.name) < at(&past.name),
        "the planned session on top"
    );
    assert!(page.contains("data-kind=\"sessions\""));

    let sessions = app.get_html(&format!("{path}?show=sessions")).await;
    assert!(sessions.contains(&next.name) && sessions.contains(&past.name));
    assert!(
        !sessions.contains("data-kind=\"edits\""),
        "edits filtered out"
    );
    assert!(!sessions.contains("&mdash;"), "no rows of dashes");
}

/// A kit's steps are a whole document: longer than a note may be, they are
/// taken up to the document limit, and refused with a message past it.
#[tokio::test]
async fn kit_steps_take_a_whole_document_and_no_more() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let kit = |steps: String| {
        vec![
            ("title".to_owned(), "Atelier long".to_owned()),
            ("goal".to_owned(), "Tout dire.".to_owned()),
            ("audience".to_owned(), "Tout public".to_owned()),
            ("duration_minutes".to_owned(), "90".to_owned()),
            ("steps_md".to_owned(), steps),
            ("licence".to_owned(), "CC BY-SA 4.0".to_owned()),
            ("kit_version".to_owned(), "1.0".to_owned()),
        ]
    };
    let long = "1. Une étape détaillée.\n".repeat(limits::TEXT / 20);
    assert!(long.chars().count() > limits::TEXT && long.chars().count() < limits::DOCUMENT);
    let fields = kit(long.clone());
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let response = app.post_form("/workshops/kits", &borrowed).await;
    assert_eq!(response.status(), 303, "a long kit is taken");
    let stored = workshop_kit::Entity::find()
        .filter(workshop_kit::Column::Title.eq("Atelier long"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("kit created");
    assert_eq!(stored.steps_md.trim(), long.trim());

    let fields = kit("x".repeat(limits::DOCUMENT + 1));
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let response = app.post_form("/workshops/kits", &borrowed).await;
    assert!(response.status().is_client_error(), "{}", response.status());
}
