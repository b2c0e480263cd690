//! Event lineages: the editions of a yearly event linked together, what we
//! did at each, the probable date of the next one on the event's page and
//! in the agenda, and next year's edition joining its lineage on import.

use relais::entities::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::helpers::{TestApp, date};

/// A one-day event on `day` (ISO), with extra fields.
fn event_fields<'a>(
    title: &'a str,
    day: &'a str,
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("title", title),
        ("kind", "professional_day"),
        ("participation", "none"),
        ("participants", ""),
        ("all_day", "on"),
        ("start_date", day),
        ("start_time", ""),
        ("end_date", ""),
        ("end_time", ""),
        ("time_zone", "Europe/Paris"),
        ("repeat", ""),
        ("rrule", ""),
        ("rdates", ""),
        ("exdates", ""),
        ("place", "Médiathèque"),
        ("commune", "Rennes"),
        ("region_code", "53"),
        ("departement_code", "35"),
        ("organisers", ""),
        ("themes", ""),
        ("url", ""),
        ("cfp_deadline", ""),
        ("cfp_url", ""),
        ("description", ""),
        ("version", ""),
    ];
    for (name, value) in extra {
        fields.retain(|(n, _)| n != name);
        fields.push((name, value));
    }
    fields
}

async fn create_event(app: &TestApp, title: &str, day: &str, extra: &[(&str, &str)]) -> i32 {
    let response = app
        .post_form("/events", &event_fields(title, day, extra))
        .await;
    assert_eq!(response.status(), 303, "event {title} created");
    response.headers()["location"]
        .to_str()
        .expect("location")
        .trim_start_matches("/events/")
        .parse()
        .expect("event id in the location")
}

async fn event(app: &TestApp, id: i32) -> event::Model {
    event::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("event")
}

/// Starts (`lineage` = None) or joins a lineage from the event's page.
async fn link(app: &TestApp, id: i32, lineage: Option<i32>) {
    let version = event(app, id).await.version.to_string();
    let lineage_id = lineage.map(|l| l.to_string()).unwrap_or_default();
    let action = if lineage.is_some() { "join" } else { "start" };
    let response = app
        .post_form(
            &format!("/events/{id}/lineage"),
            &[
                ("version", &version),
                ("action", action),
                ("lineage_id", &lineage_id),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "lineage {action} for event {id}");
}

/// Two editions of a regional professional day, each on the second
/// Thursday of June, linked from their pages; returns (2025, 2026, lineage).
async fn two_editions(app: &TestApp) -> (i32, i32, i32) {
    let first = create_event(
        app,
        "Journée professionnelle du réseau 2025",
        "2025-06-12",
        &[
            ("participation", "presented"),
            ("participants", "Camille, Dominique"),
            ("cfp_deadline", "2025-02-28"),
        ],
    )
    .await;
    let second = create_event(
        app,
        "Journée professionnelle du réseau 2026",
        "2026-06-11",
        &[
            ("participation", "attending"),
            ("cfp_deadline", "2026-01-31"),
        ],
    )
    .await;
    link(app, second, None).await;
    let lineage = event(app, second)
        .await
        .lineage_id
        .expect("a lineage started from the 2026 edition");
    // The first edition's page offers the lineage to join.
    let page = app.get_html(&format!("/events/{first}")).await;
    assert!(
        page.contains(&format!(
            "<option value=\"{lineage}\">Journée professionnelle du réseau</option>"
        )),
        "the lineage is offered, named without its year"
    );
    link(app, first, Some(lineage)).await;
    assert_eq!(event(app, first).await.lineage_id, Some(lineage));
    (first, second, lineage)
}

#[tokio::test]
async fn a_yearly_event_on_the_second_thursday_of_june_is_expected_on_the_second_thursday_next_june()
 {
    let app = TestApp::spawn_at(date(2026, 11, 2)).await;
    app.login_as(Role::Volunteer).await;
    let (first, second, _) = two_editions(&app).await;

    // A contact logged at the 2025 edition, as a talk at an event.
    let now = app.now();
    interaction::ActiveModel {
        occurred_on: Set(date(2025, 6, 12)),
        channel: Set(InteractionChannel::EventTalk),
        direction: Set(Direction::Inbound),
        summary: Set("Questions sur les ateliers".into()),
        follow_up_done: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("interaction");

    let page = app.get_html(&format!("/events/{second}")).await;
    // Both editions, with what we did there.
    assert!(page.contains("Journée professionnelle du réseau 2025"));
    assert!(page.contains(&format!("href=\"/events/{first}\"")));
    assert!(page.contains("présentation faite"), "our talk in 2025");
    assert!(page.contains("Camille, Dominique"), "who went in 2025");
    assert!(page.contains("nous y allons"), "our plan for 2026");
    assert!(
        page.contains("1 contact noté"),
        "the contact at the 2025 edition"
    );
    // The next one: second Thursday of June 2027, said to be probable.
    assert!(page.contains("date probable"), "{page}");
    assert!(page.contains("datetime=\"2027-06-10\""));
    assert!(page.contains("jeudi 10 juin 2027"));
    assert!(page.contains("2e jeudi du mois"), "the rule in words");
    // Its call closes as long before it as the 2026 one did (131 days).
    assert!(page.contains("Clôture probable de l'appel à propositions"));
    assert!(page.contains("datetime=\"2027-01-30\""));
}

#[tokio::test]
async fn the_agenda_lists_the_probable_edition_until_the_real_one_is_linked() {
    let app = TestApp::spawn_at(date(2026, 11, 2)).await;
    app.login_as(Role::Volunteer).await;
    let (_, second, lineage) = two_editions(&app).await;

    let agenda = app.get_html("/agenda").await;
    assert!(agenda.contains("agenda-probable"), "listed as expected");
    assert!(agenda.contains("jeudi 10 juin 2027"));
    assert!(agenda.contains("date probable"));
    assert!(agenda.contains(&format!("href=\"/events/{second}#lineage\"")));
    let month = app.get_html("/agenda?view=month&month=2027-06").await;
    assert!(month.contains("month-probable"), "in the month view too");
    // Filters apply to it as to the last edition.
    let other_region = app.get_html("/agenda?region=11").await;
    assert!(!other_region.contains("agenda-probable"));

    // The 2027 edition is announced and linked: the guess gives way.
    let third = create_event(
        &app,
        "Journée professionnelle du réseau 2027",
        "2027-06-17",
        &[],
    )
    .await;
    link(&app, third, Some(lineage)).await;
    let agenda = app.get_html("/agenda").await;
    assert!(
        !agenda.contains("agenda-probable"),
        "no guess once confirmed"
    );
    assert!(agenda.contains("Journée professionnelle du réseau 2027"));
    let page = app.get_html(&format!("/events/{second}")).await;
    assert!(!page.contains("date probable"), "the next edition is known");

    // Leaving the lineage, one by one, removes it when empty.
    for id in [third, second] {
        let version = event(&app, id).await.version.to_string();
        let response = app
            .post_form(
                &format!("/events/{id}/lineage"),
                &[("version", &version), ("action", "leave")],
            )
            .await;
        assert_eq!(response.status(), 303);
        assert_eq!(event(&app, id).await.lineage_id, None);
    }
    assert!(
        event_lineage::Entity::find_by_id(lineage)
            .one(&app.db)
            .await
            .expect("query")
            .is_some(),
        "the 2025 edition still holds it"
    );
}

#[tokio::test]
async fn a_lineage_change_from_an_old_version_or_to_an_unknown_lineage_is_refused() {
    let app = TestApp::spawn_at(date(2026, 11, 2)).await;
    app.login_as(Role::Volunteer).await;
    let id = create_event(&app, "Rencontre annuelle 2026", "2026-03-12", &[]).await;
    let response = app
        .post_form(
            &format!("/events/{id}/lineage"),
            &[("version", "1"), ("action", "join"), ("lineage_id", "999")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("Cette lignée n'existe pas")
    );
    link(&app, id, None).await;
    // Version 1 is gone: the event moved to 2 when it started its lineage.
    let response = app
        .post_form(
            &format!("/events/{id}/lineage"),
            &[("version", "1"), ("action", "leave")],
        )
        .await;
    assert_eq!(response.status(), 409);
    assert!(
        event(&app, id).await.lineage_id.is_some(),
        "nothing changed"
    );
}

async fn upload(app: &TestApp, text: &str) -> serde_json::Value {
    let token = app.csrf_token().await;
    let part = reqwest::multipart::Part::text(text.to_owned()).file_name("agenda.ics");
    let response = app
        .client
        .post(app.url(&format!("/agenda/import?_csrf={token}")))
        .header("accept", "application/json")
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .expect("upload");
    assert_eq!(response.status(), 200, "import");
    response.json().await.expect("report")
}

#[tokio::test]
async fn an_imported_next_edition_joins_the_lineage_of_the_last() {
    let app = TestApp::spawn_at(date(2026, 11, 2)).await;
    app.login_as(Role::Volunteer).await;
    let (_, _, lineage) = two_editions(&app).await;
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//réseau//FR\r\n\
        BEGIN:VEVENT\r\nUID:jpr-2027@reseau.example\r\nSUMMARY:Journée professionnelle du réseau – édition 2027\r\nDTSTART;VALUE=DATE:20270610\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:jpr-bretagne-2027@reseau.example\r\nSUMMARY:Journée professionnelle du réseau breton 2027\r\nDTSTART;VALUE=DATE:20270617\r\nEND:VEVENT\r\n\
        END:VCALENDAR\r\n";
    let report = upload(&app, ics).await;
    assert_eq!(report["created"], 2);
    let db = &app.db;
    let imported = |uid: &'static str| async move {
        event::Entity::find()
            .filter(event::Column::ExternalUid.eq(uid))
            .one(db)
            .await
            .expect("query")
            .expect("imported event")
    };
    let next = imported("jpr-2027@reseau.example").await;
    assert_eq!(next.lineage_id, Some(lineage), "the same event, next year");
    let other = imported("jpr-bretagne-2027@reseau.example").await;
    assert_eq!(other.lineage_id, None, "another word, another event");
    // The lineage's page shows the imported edition; no more guessing.
    let page = app.get_html(&format!("/events/{}", next.id)).await;
    assert!(page.contains("Journée professionnelle du réseau 2026"));
    assert!(!page.contains("date probable"));
}
