//! The agenda: events with recurrence, changed occurrences, filters, calls
//! for proposals, iCalendar out (personal feed tokens) and in (files and
//! followed feeds, re-imports that update without duplicating).

use relais::entities::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::helpers::{
    TestApp, assert_refused, count, date, fresh_database, harness_clock, new_client,
};

fn event_form<'a>(title: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("title", title),
        ("kind", "network_meeting"),
        ("participation", "considering"),
        ("participants", ""),
        ("start_date", "2027-01-07"),
        ("start_time", "09:30"),
        ("end_date", ""),
        ("end_time", "17:00"),
        ("time_zone", "Europe/Paris"),
        ("repeat", "quarterly-weekday"),
        ("rrule", ""),
        ("rdates", ""),
        ("exdates", ""),
        ("place", "Médiathèque Jacques Demy"),
        ("commune", "Nantes"),
        ("region_code", "52"),
        ("departement_code", "44"),
        ("organisers", ""),
        ("themes", "médiation numérique, vie privée"),
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

/// Creates an event through the form: by default a quarterly series from
/// 7 January 2027, 9:30 (its second date: 1 April 2027); `extra` replaces
/// fields.
pub(crate) async fn create_event(app: &TestApp, title: &str, extra: &[(&str, &str)]) -> i32 {
    let response = app.post_form("/events", &event_form(title, extra)).await;
    assert_eq!(response.status(), 303, "event {title} created");
    let location = response.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    location
        .trim_start_matches("/events/")
        .parse()
        .expect("event id in location")
}

async fn agenda_json(app: &TestApp, query: &str) -> Vec<serde_json::Value> {
    let response = app
        .client
        .get(app.url(&format!("/agenda?{query}")))
        .header("accept", "application/json")
        .send()
        .await
        .expect("agenda");
    assert_eq!(response.status(), 200, "agenda {query}");
    response.json().await.expect("json")
}

fn starts_of(items: &[serde_json::Value], event_id: i32) -> Vec<String> {
    items
        .iter()
        .filter(|i| i["event_id"] == event_id)
        .map(|i| i["start"].as_str().expect("start").to_owned())
        .collect()
}

#[tokio::test]
async fn a_quarterly_meeting_repeats_at_the_same_wall_clock_time() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let id = create_event(&app, "Rencontre du réseau", &[]).await;
    let items = agenda_json(&app, "from=2027-01-01&to=2027-12-31").await;
    assert_eq!(
        starts_of(&items, id),
        [
            "2027-01-07T09:30:00",
            "2027-04-01T09:30:00",
            "2027-07-01T09:30:00",
            "2027-10-07T09:30:00"
        ]
    );
    // Same local time, different instants across the summer-time change.
    let instants: Vec<&str> = items
        .iter()
        .filter(|i| i["event_id"] == id)
        .map(|i| i["starts_at"].as_str().expect("instant"))
        .collect();
    assert!(
        instants[0].starts_with("2027-01-07T08:30:00"),
        "{instants:?}"
    );
    assert!(
        instants[1].starts_with("2027-04-01T07:30:00"),
        "{instants:?}"
    );

    let month = app.get_html("/agenda?view=month&month=2027-04").await;
    assert!(month.contains("Rencontre du réseau"));
    assert!(month.contains("avril 2027"));
    let page = app.get_html(&format!("/events/{id}")).await;
    assert!(page.contains("FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH"));
    assert!(page.contains("Médiathèque Jacques Demy"));
}

#[tokio::test]
async fn extra_dates_join_the_series_and_survive_an_edit() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let id = create_event(
        &app,
        "Rencontre avec date en plus",
        &[("rdates", "2027-02-18T09:30:00")],
    )
    .await;
    let window = "from=2027-01-01&to=2027-06-30";
    let expected = [
        "2027-01-07T09:30:00",
        "2027-02-18T09:30:00",
        "2027-04-01T09:30:00",
    ];
    assert_eq!(starts_of(&agenda_json(&app, window).await, id), expected);
    // An edit of another field keeps the extra date (the form shows it).
    let edit = app.get_html(&format!("/events/{id}/edit")).await;
    assert!(
        edit.contains("value=\"2027-02-18T09:30:00\""),
        "shown in the form"
    );
    let response = app
        .post_form(
            &format!("/events/{id}"),
            &event_form(
                "Rencontre avec date en plus",
                &[
                    ("rdates", "2027-02-18T09:30:00"),
                    ("place", "Salle du conseil"),
                    ("version", "1"),
                ],
            ),
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(starts_of(&agenda_json(&app, window).await, id), expected);
    // A date that is not one is refused by name, and nothing changes.
    let response = app
        .post_form(
            &format!("/events/{id}"),
            &event_form(
                "Rencontre avec date en plus",
                &[("rdates", "2027-02-30"), ("version", "2")],
            ),
        )
        .await;
    assert_refused(response, "« 2027-02-30 »").await;
    assert_eq!(starts_of(&agenda_json(&app, window).await, id), expected);
}

/// The RDATE lines of `/events.ics`, unfolded.
async fn rdate_lines(app: &TestApp) -> Vec<String> {
    let response = app.get("/events.ics").await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.expect("ics");
    text.replace("\r\n ", "")
        .lines()
        .filter(|l| l.starts_with("RDATE"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn extra_dates_changed_in_the_edit_form_are_saved_and_in_the_feed() {
    // Before the events of the form (2027), so the feed holds them.
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let title = "Rencontre aux dates revues";
    let id = create_event(&app, title, &[("rdates", "2027-02-18T09:30:00")]).await;
    let window = "from=2027-01-01&to=2027-06-30";
    assert_eq!(
        starts_of(&agenda_json(&app, window).await, id),
        [
            "2027-01-07T09:30:00",
            "2027-02-18T09:30:00",
            "2027-04-01T09:30:00"
        ]
    );
    assert_eq!(
        rdate_lines(&app).await,
        ["RDATE;TZID=Europe/Paris:20270218T093000"]
    );

    // Another extra date, and a second one, typed in the edit form.
    let edit = |rdates: &'static str, version: &'static str| {
        let app = &app;
        async move {
            let response = app
                .post_form(
                    &format!("/events/{id}"),
                    &event_form(title, &[("rdates", rdates), ("version", version)]),
                )
                .await;
            assert_eq!(response.status(), 303, "edit to {rdates:?}");
        }
    };
    edit("2027-03-11T09:30:00 2027-05-20T09:30:00", "1").await;
    assert_eq!(
        starts_of(&agenda_json(&app, window).await, id),
        [
            "2027-01-07T09:30:00",
            "2027-03-11T09:30:00",
            "2027-04-01T09:30:00",
            "2027-05-20T09:30:00"
        ],
        "the old extra date is gone, the new ones are in"
    );
    assert_eq!(
        rdate_lines(&app).await,
        [
            "RDATE;TZID=Europe/Paris:20270311T093000",
            "RDATE;TZID=Europe/Paris:20270520T093000"
        ]
    );
    let page = app.get_html(&format!("/events/{id}/edit")).await;
    assert!(
        page.contains("value=\"2027-03-11T09:30:00 2027-05-20T09:30:00\""),
        "the form shows what was saved"
    );

    // One removed.
    edit("2027-05-20T09:30:00", "2").await;
    assert_eq!(
        starts_of(&agenda_json(&app, window).await, id),
        [
            "2027-01-07T09:30:00",
            "2027-04-01T09:30:00",
            "2027-05-20T09:30:00"
        ]
    );
    assert_eq!(
        rdate_lines(&app).await,
        ["RDATE;TZID=Europe/Paris:20270520T093000"]
    );
}

#[tokio::test]
async fn invalid_events_are_refused_field_by_field_and_nothing_is_written() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let before = count(&app.db, "events").await;
    let response = app
        .post_form(
            "/events",
            &event_form(
                "",
                &[
                    ("repeat", "custom"),
                    ("rrule", "FREQ=SOMETIMES"),
                    ("end_time", "08:00"),
                    ("departement_code", "35"),
                    ("kind", "party"),
                ],
            ),
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    for field in ["title", "rrule", "end_date", "departement_code", "kind"] {
        assert!(
            page.contains(&format!("field-{field}-error")),
            "{field} error shown"
        );
    }
    assert!(
        page.contains("Médiathèque Jacques Demy"),
        "typed values kept"
    );
    assert_eq!(count(&app.db, "events").await, before);

    let bad_filter = app.get("/agenda?kind=party").await;
    assert_eq!(bad_filter.status().as_u16() / 100, 4);
    let bad_weeks = app.get("/agenda/calls?weeks=-3").await;
    assert_eq!(bad_weeks.status().as_u16() / 100, 4);
}

#[tokio::test]
async fn concurrent_edits_of_an_event_do_not_overwrite_each_other() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let id = create_event(&app, "Journée pro", &[("repeat", "")]).await;
    let path = format!("/events/{id}");
    let first = app
        .post_form(
            &path,
            &event_form("Journée pro (salle A)", &[("repeat", ""), ("version", "1")]),
        )
        .await;
    assert_eq!(first.status(), 303);
    let second = app
        .post_form(
            &path,
            &event_form("Journée pro (salle B)", &[("repeat", ""), ("version", "1")]),
        )
        .await;
    assert_eq!(second.status(), 409);
    let page = second.text().await.expect("body");
    assert!(
        page.contains("Journée pro (salle A)"),
        "their version shown"
    );
    assert!(page.contains("Journée pro (salle B)"), "our input kept");
    let stored = event::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("event");
    assert_eq!(stored.title, "Journée pro (salle A)");
    let history = app.get_html(&path).await;
    assert!(history.contains("salle A"), "the change is in the history");
}

#[tokio::test]
async fn one_occurrence_can_be_cancelled_or_moved_without_touching_the_series() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let id = create_event(&app, "Rencontre trimestrielle", &[]).await;
    let cancel = app
        .post_form(
            &format!("/events/{id}/occurrences/2027-04-01T09:30:00"),
            &[("action", "cancel"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(cancel.status(), 303);
    let moved = app
        .post_form(
            &format!("/events/{id}/occurrences/2027-07-01T09:30:00"),
            &[
                ("action", "move"),
                ("start_date", "2027-07-08"),
                ("start_time", "14:00"),
                ("end_time", "16:00"),
                ("title", "Rencontre d'été"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(moved.status(), 303);
    let items = agenda_json(&app, "from=2027-01-01&to=2027-12-31").await;
    assert_eq!(
        starts_of(&items, id),
        [
            "2027-01-07T09:30:00",
            "2027-07-08T14:00:00",
            "2027-10-07T09:30:00"
        ]
    );
    let ics = app.get("/events.ics").await.text().await.expect("ics");
    assert!(
        ics.contains("EXDATE;TZID=Europe/Paris:20270401T093000"),
        "{ics}"
    );
    assert!(
        ics.contains("RECURRENCE-ID;TZID=Europe/Paris:20270701T093000"),
        "{ics}"
    );
    assert!(ics.contains("SUMMARY:Rencontre d'été"));

    let not_in_series = app
        .post_form(
            &format!("/events/{id}/occurrences/2027-05-05T09:30:00"),
            &[("action", "cancel")],
        )
        .await;
    assert_eq!(not_in_series.status().as_u16() / 100, 4);

    let restore = app
        .post_form(
            &format!("/events/{id}/occurrences/2027-04-01T09:30:00"),
            &[("action", "restore")],
        )
        .await;
    assert_eq!(restore.status(), 303);
    let items = agenda_json(&app, "from=2027-03-01&to=2027-05-01").await;
    assert_eq!(starts_of(&items, id), ["2027-04-01T09:30:00"]);

    // The date moved a week later is still found by the date it had: its
    // page opens, and it can be put back.
    let path = format!("/events/{id}/occurrences/2027-07-01T09:30:00");
    assert!(app.get_html(&path).await.contains("Rencontre d'été"));
    let restore = app.post_form(&path, &[("action", "restore")]).await;
    assert_eq!(restore.status(), 303);
    let items = agenda_json(&app, "from=2027-06-01&to=2027-08-01").await;
    assert_eq!(starts_of(&items, id), ["2027-07-01T09:30:00"]);
}

#[tokio::test]
async fn filters_combine_and_calls_for_proposals_are_listed() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let today = app.today();
    let deadline = (today + chrono::Duration::days(10)).to_string();
    let start = (today + chrono::Duration::days(60)).to_string();
    let nantes = create_event(
        &app,
        "Journée de Nantes",
        &[
            ("repeat", ""),
            ("start_date", &start),
            ("cfp_deadline", &deadline),
            ("kind", "professional_day"),
        ],
    )
    .await;
    let rennes = create_event(
        &app,
        "Formation à Rennes",
        &[
            ("repeat", ""),
            ("start_date", &start),
            ("region_code", "53"),
            ("departement_code", "35"),
            ("commune", "Rennes"),
            ("kind", "training_day"),
            ("themes", "bibliothèques"),
        ],
    )
    .await;
    let in_53 = agenda_json(&app, "region=53").await;
    assert!(starts_of(&in_53, rennes).len() == 1 && starts_of(&in_53, nantes).is_empty());
    let pro_days = agenda_json(&app, "kind=professional_day").await;
    assert!(starts_of(&pro_days, nantes).len() == 1 && starts_of(&pro_days, rennes).is_empty());
    let themed = agenda_json(&app, "theme=Bibliotheques").await;
    assert!(starts_of(&themed, rennes).len() == 1 && starts_of(&themed, nantes).is_empty());
    let both = agenda_json(&app, "region=53&kind=professional_day").await;
    assert!(starts_of(&both, rennes).is_empty() && starts_of(&both, nantes).is_empty());

    // The seeded ABF organises its congress; the organisation page links to it.
    let abf = organisation::Entity::find()
        .filter(organisation::Column::SeedKey.eq("abf"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("ABF seeded");
    let by_abf = agenda_json(
        &app,
        &format!("organiser={}&from=2027-01-01&to=2027-12-31", abf.id),
    )
    .await;
    assert!(!by_abf.is_empty());
    assert!(
        by_abf
            .iter()
            .all(|i| i["title"].as_str().is_some_and(|t| t.contains("ABF")))
    );
    let abf_page = app.get_html(&format!("/organisations/{}", abf.id)).await;
    assert!(abf_page.contains(&format!("/agenda?organiser={}", abf.id)));

    let calls = app.get_html("/agenda/calls?weeks=2").await;
    assert!(calls.contains("Journée de Nantes"));
    assert!(!calls.contains("Formation à Rennes"));
    let dashboard = app.get_html("/").await;
    assert!(dashboard.contains("Journée de Nantes"));
    // The feed gives the deadline its own all-day entry.
    let ics = app
        .get("/events.ics?region=52")
        .await
        .text()
        .await
        .expect("ics");
    assert!(ics.contains(&format!("UID:cfp-{nantes}@relais")));
    assert!(ics.contains(&format!("DTSTART;VALUE=DATE:{}", deadline.replace('-', ""))));
    assert!(!ics.contains("Formation à Rennes"));
}

#[tokio::test]
async fn calendar_clients_use_a_personal_token_that_can_be_replaced() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let anonymous = new_client();
    let refused = anonymous
        .get(app.url("/events.ics"))
        .send()
        .await
        .expect("feed");
    assert_eq!(refused.status(), 403);

    let page = app.post_form("/account/feed", &[]).await;
    assert_eq!(page.status(), 200, "a viewer may create their feed address");
    let html = page.text().await.expect("body");
    let url = html
        .split("value=\"")
        .map(|s| s.split('"').next().unwrap_or_default())
        .find(|v| v.contains("/events.ics?token="))
        .expect("feed address shown")
        .replace("&amp;", "&");
    let feed = anonymous.get(&url).send().await.expect("feed");
    assert_eq!(feed.status(), 200);
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/calendar")
    );
    let body = feed.text().await.expect("ics");
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(body.ends_with("END:VCALENDAR\r\n"));
    assert!(body.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris"));
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "folded: {line}");
        assert!(!line.contains('\n'), "CRLF only");
    }
    // Seeded series: the ABF congress every June, all-day, no shift.
    assert!(body.contains("DTSTART;VALUE=DATE:20270610"));
    assert!(body.contains("DTEND;VALUE=DATE:20270613"));
    let again = anonymous
        .get(&url)
        .send()
        .await
        .expect("feed")
        .text()
        .await
        .expect("ics");
    let uids = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(uids(&body), uids(&again), "stable UIDs");

    app.post_form("/account/feed", &[]).await;
    let old = anonymous.get(&url).send().await.expect("feed");
    assert_eq!(old.status(), 403, "the replaced token stops working");
}

fn fixture(name: &str) -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/icalendar")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!(
                "note: {} absent, iCalendar fixture test skipped",
                path.display()
            );
            None
        }
    }
}

async fn upload(app: &TestApp, name: &str, text: &str) -> reqwest::Response {
    let token = app.csrf_token().await;
    let part = reqwest::multipart::Part::text(text.to_owned()).file_name(name.to_owned());
    app.client
        .post(app.url(&format!("/agenda/import?_csrf={token}")))
        .header("accept", "application/json")
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .expect("upload")
}

#[tokio::test]
async fn real_calendar_files_import_once_and_keep_our_edits() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let files = [
        "icaljs_recur_instances.ics",
        "icaljs_day_long_recur_yearly.ics",
        "icaljs_google_birthday.ics",
        "icaljs_rdate_exdate.ics",
        "icalrs_o365_meeting_windows_tz.ics",
        "icalrs_sabredav_europe_berlin.ics",
        "pyicalendar_categories_with_commas.ics",
        "pyicalendar_holidays_all_day.ics",
        "pyicalendar_timezoned_europe_risiko.ics",
        "pyicalendar_unicode_fields.ics",
        "pyicalendar_x_location_weekly_zurich.ics",
    ];
    let mut imported = 0;
    for name in files {
        let Some(text) = fixture(name) else { return };
        let response = upload(&app, name, &text).await;
        assert_eq!(response.status(), 200, "{name}");
        let report: serde_json::Value = response.json().await.expect("report");
        imported += report["created"].as_u64().expect("created");
    }
    let after_first = count(&app.db, "events").await;
    assert!(imported >= 15, "{imported} events imported");

    // The Windows zone name became a real zone, at its wall-clock time.
    let teams = event::Entity::find()
        .filter(event::Column::Title.contains("Testmeeting"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("o365 event");
    assert_eq!(teams.time_zone, "Europe/Berlin");
    assert_eq!(teams.start_local.to_string(), "2020-11-24 11:00:00");
    let commas = event::Entity::find()
        .filter(event::Column::ExternalUid.is_not_null())
        .all(&app.db)
        .await
        .expect("query")
        .into_iter()
        .flat_map(|e| relais::agenda::store::themes_of(&e))
        .collect::<Vec<_>>();
    assert!(commas.contains(&"Meeting, John".to_owned()), "{commas:?}");

    // A volunteer says we will attend, then the organiser's file comes again.
    let risiko = event::Entity::find()
        .filter(event::Column::ExternalUid.eq("6bec1263-c5f4-4446-8a0c-10d960a6e06e"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("a Nextcloud event in Europe/Berlin");
    let mut fields = event_form(&risiko.title, &[]);
    let version = risiko.version.to_string();
    let start_date = risiko.start_local.date().to_string();
    let start_time = risiko.start_local.format("%H:%M").to_string();
    let end_date = risiko
        .end_local
        .map(|e| e.date().to_string())
        .unwrap_or_default();
    let end_time = risiko
        .end_local
        .map(|e| e.format("%H:%M").to_string())
        .unwrap_or_default();
    for (name, value) in [
        ("participation", "attending"),
        ("title", "Titre revu par nous"),
        ("version", version.as_str()),
        ("repeat", ""),
        ("time_zone", "Europe/Berlin"),
        ("start_date", start_date.as_str()),
        ("start_time", start_time.as_str()),
        ("end_date", end_date.as_str()),
        ("end_time", end_time.as_str()),
    ] {
        fields.retain(|(n, _)| *n != name);
        fields.push((name, value));
    }
    let edited = app
        .post_form(&format!("/events/{}", risiko.id), &fields)
        .await;
    assert_eq!(edited.status(), 303);
    for name in files {
        let Some(text) = fixture(name) else { return };
        let report: serde_json::Value = upload(&app, name, &text)
            .await
            .json()
            .await
            .expect("report");
        assert_eq!(
            report["created"], 0,
            "{name} re-imported without duplicates"
        );
    }
    assert_eq!(count(&app.db, "events").await, after_first);
    let kept = event::Entity::find_by_id(risiko.id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("event");
    assert_eq!(kept.participation, Participation::Attending);
    assert_eq!(kept.title, "Titre revu par nous");
}

#[tokio::test]
async fn a_malformed_file_is_refused_with_its_line_and_nothing_written() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let before = count(&app.db, "events").await;
    let broken = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:ok-1\r\nSUMMARY:Bon\r\nDTSTART:20270101T100000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:ko-2\r\nSUMMARY:Cassé\r\nDTSTART:2027-13-45\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let response = upload(&app, "broken.ics", broken).await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.expect("body");
    assert!(body.contains("ligne 11"), "{body}");
    assert!(body.contains("2027-13-45"), "{body}");
    assert_eq!(count(&app.db, "events").await, before, "nothing partial");

    let not_calendar = upload(&app, "notes.ics", "bonjour").await;
    assert_eq!(not_calendar.status(), 422);
    assert!(not_calendar.text().await.expect("body").contains("ligne 1"));

    // Said in the reader's language, on the page as in JSON.
    let token = app.csrf_token().await;
    for accept in ["text/html", "application/json"] {
        let part = reqwest::multipart::Part::text(broken).file_name("broken.ics");
        let response = app
            .client
            .post(app.url(&format!("/agenda/import?_csrf={token}")))
            .header("accept", accept)
            .header("accept-language", "en")
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .expect("upload");
        assert_eq!(response.status(), 422, "{accept}");
        let body = response.text().await.expect("body");
        assert!(
            body.contains("line 11: invalid date “2027-13-45” in DTSTART"),
            "{accept}: {body}"
        );
    }
}

/// The application with `feeds_allow_private` on, a volunteer signed in:
/// for tests whose feeds are served on 127.0.0.1.
async fn spawn_reading_local_feeds() -> TestApp {
    let data_dir = tempfile::tempdir().expect("temporary data directory");
    let db = fresh_database(&data_dir).await;
    let clock = harness_clock();
    let mut config = relais::config::Config::for_data_dir(data_dir.path());
    config.bind = "127.0.0.1:0".parse().expect("address");
    config.clock = clock.clone();
    config.feeds_allow_private = true;
    let server = relais::app::Application::build_with_db(config, db.clone())
        .await
        .expect("application starts");
    let address = format!("http://{}", server.local_addr().expect("bound address"));
    tokio::spawn(server.run_until(std::future::pending()));
    let app = TestApp::attach(address, db, data_dir, clock);
    app.login_as(Role::Volunteer).await;
    app
}

/// An organiser's website on 127.0.0.1 serving `files` (path, body); it
/// counts the requests it answers.
async fn serve_calendars(
    files: Vec<(&'static str, String)>,
) -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let mut router = axum::Router::new();
    for (path, body) in files {
        let hits = hits.clone();
        router = router.route(
            path,
            axum::routing::get(move || {
                hits.fetch_add(1, Ordering::SeqCst);
                std::future::ready(body.clone())
            }),
        );
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    (address, hits)
}

/// A followed feed written straight into the database (as an older
/// version, another instance or an edit by hand could have).
async fn stored_feed(app: &TestApp, name: &str, url: &str) -> event_feed::Model {
    use sea_orm::{ActiveModelTrait, Set};
    event_feed::ActiveModel {
        name: Set(name.to_owned()),
        url: Set(url.to_owned()),
        organiser_id: Set(None),
        created_at: Set(app.now()),
        updated_at: Set(app.now()),
        version: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("feed stored")
}

/// A feed followed through the form.
async fn followed(app: &TestApp, name: &str, url: &str) -> event_feed::Model {
    let added = app
        .post_form(
            "/agenda/feeds",
            &[("name", name), ("url", url), ("organiser", "")],
        )
        .await;
    assert_eq!(added.status(), 303, "{name} followed");
    event_feed::Entity::find()
        .filter(event_feed::Column::Name.eq(name))
        .one(&app.db)
        .await
        .expect("query")
        .expect("feed")
}

async fn refreshed(app: &TestApp, feed: &event_feed::Model) -> event_feed::Model {
    let response = app
        .post_form(&format!("/agenda/feeds/{}/refresh", feed.id), &[])
        .await;
    assert_eq!(response.status(), 303, "refresh of {}", feed.name);
    event_feed::Entity::find_by_id(feed.id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("feed")
}

async fn events_with_uid(app: &TestApp, uid: &str) -> Vec<event::Model> {
    event::Entity::find()
        .filter(event::Column::ExternalUid.eq(uid))
        .all(&app.db)
        .await
        .expect("query")
}

fn calendar_of(events: &[&str]) -> String {
    let events: String = events
        .iter()
        .map(|e| {
            format!(
                "BEGIN:VEVENT\r\n{}\r\nEND:VEVENT\r\n",
                e.replace('\n', "\r\n")
            )
        })
        .collect();
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n")
}

#[tokio::test]
async fn a_followed_feed_is_read_and_its_status_shown() {
    let app = spawn_reading_local_feeds().await;
    let calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:openagenda-42\r\nSUMMARY:Journée régionale des médiateurs\r\nDTSTART;TZID=Europe/Paris:20270315T093000\r\nDTEND;TZID=Europe/Paris:20270315T170000\r\nLOCATION:Rennes\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    // A tiny organiser website publishing its agenda.
    let router = axum::Router::new().route(
        "/agenda.ics",
        axum::routing::get(move || async move { calendar }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await });

    let bad = app
        .post_form(
            "/agenda/feeds",
            &[("name", "Réseau"), ("url", "ftp://x"), ("organiser", "")],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let url = format!("http://{address}/agenda.ics");
    let feed = followed(&app, "Réseau breton", &url).await;
    let refreshed = app
        .post_form(&format!("/agenda/feeds/{}/refresh", feed.id), &[])
        .await;
    assert_eq!(refreshed.status(), 303);
    app.post_form(&format!("/agenda/feeds/{}/refresh", feed.id), &[])
        .await;
    let imported = event::Entity::find()
        .filter(event::Column::ExternalUid.eq("openagenda-42"))
        .all(&app.db)
        .await
        .expect("query");
    assert_eq!(imported.len(), 1, "read twice, stored once");
    assert_eq!(imported[0].feed_id, Some(feed.id));
    let page = app.get_html("/agenda/feeds").await;
    assert!(page.contains("Réseau breton"));
    assert!(page.contains("✓"), "last read shown as ok");

    let unreachable = app
        .post_form(
            "/agenda/feeds",
            &[
                ("name", "Éteint"),
                ("url", "http://127.0.0.1:9/x.ics"),
                ("organiser", ""),
            ],
        )
        .await;
    assert_eq!(unreachable.status(), 303);
    let dead = event_feed::Entity::find()
        .filter(event_feed::Column::Name.eq("Éteint"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("feed");
    app.post_form(&format!("/agenda/feeds/{}/refresh", dead.id), &[])
        .await;
    let dead = event_feed::Entity::find_by_id(dead.id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("feed");
    assert_eq!(dead.last_status, Some(FeedStatus::Error));
    assert!(dead.last_error.is_some_and(|e| !e.is_empty()));
}

#[tokio::test]
async fn unfollowing_a_feed_keeps_its_events_and_both_changes_are_in_the_history() {
    let app = spawn_reading_local_feeds().await;
    let (address, _) = serve_calendars(vec![(
        "/agenda.ics",
        calendar_of(&["UID:kept-1\nSUMMARY:Reste dans l'agenda\nDTSTART:20270315T093000Z"]),
    )])
    .await;
    let url = format!("http://{address}/agenda.ics");
    let feed = followed(&app, "Réseau normand", &url).await;
    refreshed(&app, &feed).await;
    let brought = events_with_uid(&app, "kept-1").await.remove(0);
    assert_eq!(brought.feed_id, Some(feed.id));

    let response = app
        .post_form(&format!("/agenda/feeds/{}/delete", feed.id), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(count(&app.db, "event_feeds").await, 0);
    let kept = events_with_uid(&app, "kept-1").await;
    assert_eq!(kept.len(), 1, "the event stays");
    assert_eq!(kept[0].feed_id, None, "no longer refreshed");

    let history = |entity: EntityKind, id: i32| {
        let db = app.db.clone();
        async move {
            audit_entry::Entity::find()
                .filter(audit_entry::Column::Entity.eq(entity))
                .filter(audit_entry::Column::EntityId.eq(id))
                .all(&db)
                .await
                .expect("query")
        }
    };
    let followed = history(EntityKind::Feed, feed.id).await;
    let actions: Vec<AuditAction> = followed.iter().map(|e| e.action).collect();
    assert_eq!(actions, [AuditAction::Create, AuditAction::Delete]);
    assert!(followed.iter().all(|e| e.user_id.is_some()), "who did it");
    let detached = history(EntityKind::Event, brought.id).await;
    assert!(
        detached.iter().any(|e| e.action == AuditAction::Update
            && e.changes
                .as_ref()
                .is_some_and(|c| c["feed_id"][0] == feed.id)),
        "{detached:?}"
    );
}

#[tokio::test]
async fn a_javascript_url_in_an_imported_calendar_is_never_a_link() {
    let app = spawn_reading_local_feeds().await;
    let hostile = calendar_of(&[
        "UID:js-1\nSUMMARY:Atelier piégé\nDTSTART:20270315T093000Z\nURL:javascript:alert(1)",
        "UID:js-2\nSUMMARY:Atelier déguisé\nDTSTART:20270316T093000Z\nURL: \tJaVaScRiPt:alert(2)",
        "UID:js-3\nSUMMARY:Atelier données\nDTSTART:20270317T093000Z\nURL:data:text/html;base64,PHNjcmlwdD4=",
        "UID:web-1\nSUMMARY:Atelier sûr\nDTSTART:20270318T093000Z\nURL:https://example.org/atelier",
    ]);
    let response = upload(&app, "hostile.ics", &hostile).await;
    assert_eq!(response.status(), 200);
    let report: serde_json::Value = response.json().await.expect("report");
    assert_eq!(
        report["created"], 4,
        "the events come in, without the links"
    );
    assert_eq!(
        report["warnings"].as_array().map(Vec::len),
        Some(3),
        "{report}"
    );

    // Through a followed feed too.
    let (address, _) = serve_calendars(vec![(
        "/agenda.ics",
        calendar_of(&[
            "UID:js-feed\nSUMMARY:Par le flux\nDTSTART:20270319T093000Z\nURL:JAVASCRIPT:alert(3)",
        ]),
    )])
    .await;
    let feed = stored_feed(&app, "Flux piégé", &format!("http://{address}/agenda.ics")).await;
    assert_eq!(
        refreshed(&app, &feed).await.last_status,
        Some(FeedStatus::Ok)
    );

    for uid in ["js-1", "js-2", "js-3", "js-feed"] {
        let stored = events_with_uid(&app, uid).await;
        assert_eq!(stored.len(), 1, "{uid}");
        assert_eq!(stored[0].url, None, "{uid}: no link stored");
    }
    let safe = &events_with_uid(&app, "web-1").await[0];
    assert_eq!(safe.url.as_deref(), Some("https://example.org/atelier"));
    assert!(
        app.get_html(&format!("/events/{}", safe.id))
            .await
            .contains(r#"href="https://example.org/atelier""#)
    );

    // A link stored before these checks is still not rendered as one.
    {
        use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
        let old = events_with_uid(&app, "js-1").await.remove(0);
        let mut row = old.into_active_model();
        row.url = Set(Some("javascript:alert(4)".into()));
        row.cfp_url = Set(Some(" JavaScript:alert(5)".into()));
        row.cfp_deadline = Set(Some(app.today() + chrono::Duration::days(7)));
        row.update(&app.db).await.expect("old row");
    }
    let old = &events_with_uid(&app, "js-1").await[0];
    for path in [format!("/events/{}", old.id), "/agenda/calls".to_owned()] {
        let page = app.get_html(&path).await.to_lowercase();
        assert!(page.contains("atelier piégé"), "{path} shows the event");
        for scheme in ["javascript:", "data:"] {
            assert!(
                !page.contains(&format!("href=\"{scheme}")),
                "{path}: {scheme}"
            );
            assert!(
                !page.contains(&format!("href=\" {scheme}")),
                "{path}: {scheme}"
            );
        }
    }
    let ics = app.get("/events.ics").await.text().await.expect("feed");
    assert!(!ics.to_lowercase().contains("url:javascript"), "our feed");

    // The form says so instead of keeping such a link.
    let refused = app
        .post_form(
            "/events",
            &event_form("Lien piégé", &[("url", " JAVASCRIPT:alert(6)")]),
        )
        .await;
    assert_eq!(refused.status(), 422);
}

#[tokio::test]
async fn an_absurd_duration_in_a_file_or_feed_is_refused_without_a_panic() {
    let app = spawn_reading_local_feeds().await;
    let before = count(&app.db, "events").await;
    for (absurd, line) in [
        (
            "UID:long\nSUMMARY:Sans fin\nDTSTART:20270315T093000Z\nDURATION:P99999999999D",
            7,
        ),
        (
            "UID:longer\nSUMMARY:Sans fin\nDTSTART:20270315T093000Z\nDURATION:P9999999999999999999W",
            7,
        ),
        (
            "UID:late\nSUMMARY:Trop tard\nDTSTART:99991231T120000\nDURATION:P2D",
            7,
        ),
        ("UID:later\nSUMMARY:Trop tard\nDTSTART:99991231T233000Z", 6),
    ] {
        let response = upload(&app, "absurd.ics", &calendar_of(&[absurd])).await;
        assert_eq!(response.status(), 422, "{absurd}");
        let body = response.text().await.expect("body");
        assert!(body.contains(&format!("ligne {line}")), "{absurd}: {body}");
    }
    assert_eq!(count(&app.db, "events").await, before, "nothing written");
    // Dates a form or a query string can name but no agenda needs.
    for path in [
        "/agenda?from=%2B262143-12-31",
        "/agenda?to=%2B262143-12-31",
        "/agenda?view=month&month=%2B262143-12",
        "/events.ics?from=%2B262143-12-31&to=%2B262143-12-31",
    ] {
        assert_eq!(app.get(path).await.status(), 422, "{path}");
    }
    let far = app
        .post_form(
            "/events",
            &event_form("Très loin", &[("start_date", "+262143-12-31")]),
        )
        .await;
    assert_eq!(far.status(), 422);
    assert_eq!(
        app.get("/agenda").await.status(),
        200,
        "the server still answers"
    );

    // One refresh round: a feed with an absurd event, one answering
    // something else than a calendar, and a good one after them.
    let good = calendar_of(&["UID:good-feed\nSUMMARY:Bonne nouvelle\nDTSTART:20270315T093000Z"]);
    let (address, _) = serve_calendars(vec![
        (
            "/absurd.ics",
            calendar_of(&["UID:x\nDTSTART:20270315T093000Z\nDURATION:P99999999999D"]),
        ),
        ("/secret", "<html>jeton-interne-42</html>".to_owned()),
        ("/good.ics", good),
    ])
    .await;
    let absurd = stored_feed(&app, "A absurde", &format!("http://{address}/absurd.ics")).await;
    let secret = stored_feed(&app, "B interne", &format!("http://{address}/secret")).await;
    let fine = stored_feed(&app, "C bon", &format!("http://{address}/good.ics")).await;
    let read = relais::agenda::subscriptions::refresh_due(
        &app.db,
        chrono::Duration::minutes(5),
        relais::agenda::fetch::Reach::Anywhere,
    )
    .await
    .expect("round");
    assert_eq!(read, 3, "every due feed read");
    let status = |id: i32| {
        let db = app.db.clone();
        async move {
            event_feed::Entity::find_by_id(id)
                .one(&db)
                .await
                .expect("query")
                .expect("feed")
        }
    };
    let absurd = status(absurd.id).await;
    assert_eq!(absurd.last_status, Some(FeedStatus::Error));
    assert!(
        absurd
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("ligne 6")),
        "{absurd:?}"
    );
    let secret = status(secret.id).await;
    assert_eq!(secret.last_status, Some(FeedStatus::Error));
    let error = secret.last_error.unwrap_or_default();
    assert!(error.contains("ligne 1"), "{error}");
    assert!(
        !error.contains("jeton-interne"),
        "the answer is not repeated: {error}"
    );
    assert_eq!(status(fine.id).await.last_status, Some(FeedStatus::Ok));
    assert_eq!(events_with_uid(&app, "good-feed").await.len(), 1);
    assert_eq!(app.get("/agenda/feeds").await.status(), 200);
}

#[tokio::test]
async fn one_uid_twice_in_a_file_is_one_event_not_a_server_error() {
    let app = spawn_reading_local_feeds().await;
    let twice = calendar_of(&[
        "UID:twice\nSUMMARY:Première version\nDTSTART;TZID=Europe/Paris:20270301T100000\nRRULE:FREQ=WEEKLY;COUNT=4",
        "UID:twice\nSUMMARY:Version corrigée\nDTSTART;TZID=Europe/Paris:20270301T140000\nRRULE:FREQ=WEEKLY;COUNT=4",
        "UID:twice\nRECURRENCE-ID;TZID=Europe/Paris:20270308T140000\nSUMMARY:Séance déplacée\nDTSTART;TZID=Europe/Paris:20270309T140000",
    ]);
    let response = upload(&app, "twice.ics", &twice).await;
    assert_eq!(response.status(), 200);
    let report: serde_json::Value = response.json().await.expect("report");
    assert_eq!(report["created"], 1, "{report}");
    assert_eq!(
        report["warnings"].as_array().map(Vec::len),
        Some(1),
        "{report}"
    );
    let stored = events_with_uid(&app, "twice").await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].title, "Version corrigée",
        "the last one read wins"
    );
    let changed = event_override::Entity::find()
        .filter(event_override::Column::EventId.eq(stored[0].id))
        .all(&app.db)
        .await
        .expect("query");
    assert_eq!(changed.len(), 1, "the changed occurrence is kept");

    // The same file as a followed feed.
    let (address, _) = serve_calendars(vec![(
        "/twice.ics",
        twice.replace("UID:twice", "UID:twice-feed"),
    )])
    .await;
    let feed = stored_feed(&app, "Doublons", &format!("http://{address}/twice.ics")).await;
    let feed = refreshed(&app, &feed).await;
    assert_eq!(
        feed.last_status,
        Some(FeedStatus::Ok),
        "{:?}",
        feed.last_error
    );
    assert_eq!(events_with_uid(&app, "twice-feed").await.len(), 1);
}

#[tokio::test]
async fn a_feed_on_a_private_address_is_refused_unless_allowed() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let calendar =
        calendar_of(&["UID:local-1\nSUMMARY:Sur le réseau local\nDTSTART:20270315T093000Z"]);
    let (address, hits) = serve_calendars(vec![("/x.ics", calendar)]).await;
    let port = address.port();
    // Refused by the form before anything is read (10.0.0.1 is never
    // contacted: the address alone decides).
    for url in [
        format!("http://127.0.0.1:{port}/x.ics"),
        "http://10.0.0.1/agenda.ics".to_owned(),
        "http://169.254.169.254/latest/meta-data".to_owned(),
        "https://[::ffff:192.168.0.1]/agenda.ics".to_owned(),
        format!("webcal://localhost:{port}/x.ics"),
    ] {
        let response = app
            .post_form(
                "/agenda/feeds",
                &[("name", "Local"), ("url", &url), ("organiser", "")],
            )
            .await;
        assert_refused(response, "réseau privé").await;
    }
    assert_eq!(count(&app.db, "event_feeds").await, 0);

    // Stored anyway (by hand, or before this check): never fetched.
    for url in [
        format!("http://127.0.0.1:{port}/x.ics"),
        format!("http://localhost:{port}/x.ics"),
    ] {
        let feed = refreshed(&app, &stored_feed(&app, "Local", &url).await).await;
        assert_eq!(feed.last_status, Some(FeedStatus::Error), "{url}");
        let error = feed.last_error.unwrap_or_default();
        assert!(error.contains("pas publique"), "{url}: {error}");
    }
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "no request reached the server"
    );
    assert!(events_with_uid(&app, "local-1").await.is_empty());

    // Allowed by the setting: read.
    let intranet = spawn_reading_local_feeds().await;
    let url = format!("http://127.0.0.1:{port}/x.ics");
    let feed = followed(&intranet, "Intranet", &url).await;
    assert_eq!(
        refreshed(&intranet, &feed).await.last_status,
        Some(FeedStatus::Ok)
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_eq!(events_with_uid(&intranet, "local-1").await.len(), 1);
}

#[tokio::test]
async fn the_exported_feed_imports_back_into_the_same_events() {
    let source = TestApp::spawn_as(Role::Volunteer).await;
    let id = create_event(
        &source,
        "Rencontre aller-retour",
        &[
            ("exdates", "2027-04-01T09:30:00"),
            ("rdates", "2027-02-18T09:30:00"),
        ],
    )
    .await;
    source
        .post_form(
            &format!("/events/{id}/occurrences/2027-07-01T09:30:00"),
            &[("action", "cancel"), ("confirm", "yes")],
        )
        .await;
    let feed = source.get("/events.ics").await.text().await.expect("ics");

    let target = TestApp::spawn_as(Role::Volunteer).await;
    let response = upload(&target, "relais.ics", &feed).await;
    assert_eq!(response.status(), 200);
    let window = "from=2026-01-01&to=2029-12-31";
    let titles_and_starts = |items: Vec<serde_json::Value>| -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = items
            .iter()
            .map(|i| {
                (
                    i["title"].as_str().unwrap_or_default().to_owned(),
                    i["start"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .filter(|(t, _)| !t.starts_with("Appel à propositions"))
            .collect();
        pairs.sort();
        pairs
    };
    let exported = titles_and_starts(agenda_json(&source, window).await);
    let imported = titles_and_starts(agenda_json(&target, window).await);
    // The target also has its own seeded events: every exported occurrence
    // must come back once, at the same wall-clock time.
    for occurrence in &exported {
        let times = imported.iter().filter(|o| *o == occurrence).count();
        assert!(times >= 1, "{occurrence:?} came back");
    }
    let round_trip: Vec<_> = imported
        .iter()
        .filter(|(t, _)| t == "Rencontre aller-retour")
        .collect();
    let original: Vec<_> = exported
        .iter()
        .filter(|(t, _)| t == "Rencontre aller-retour")
        .collect();
    assert_eq!(round_trip, original, "same series, same exceptions");
    assert!(
        !original
            .iter()
            .any(|(_, s)| s.starts_with("2027-04-01") || s.starts_with("2027-07-01"))
    );
}

/// Our feed read by someone else's parser (the `icalendar` crate): what a
/// calendar client sees must be what the volunteer typed.
#[tokio::test]
async fn the_exported_feed_reads_the_same_with_an_independent_parser() {
    use icalendar::{CalendarDateTime, Component, DatePerhapsTime};

    // The events of the form are in 2027: the feed holds them while they are ahead.
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let title = "Réseau « Pays de la Loire » ; réunion, trimestrielle \\ bilan";
    let description = "Ordre du jour :\n1. médiation numérique, vie privée ; outils libres\n\
                       2. ateliers reproductibles dans les médiathèques et espaces publics numériques";
    let series = create_event(
        &app,
        title,
        &[
            ("description", description),
            ("exdates", "2027-04-01T09:30:00"),
        ],
    )
    .await;
    app.post_form(
        &format!("/events/{series}/occurrences/2027-07-01T09:30:00"),
        &[
            ("action", "move"),
            ("start_date", "2027-07-08"),
            ("start_time", "14:00"),
            ("end_time", "16:30"),
        ],
    )
    .await;
    let all_day = "Journées professionnelles des bibliothèques";
    create_event(
        &app,
        all_day,
        &[
            ("kind", "congress"),
            ("all_day", "on"),
            ("start_date", "2027-06-10"),
            ("start_time", ""),
            ("end_date", "2027-06-11"),
            ("end_time", ""),
            ("repeat", ""),
            ("cfp_deadline", "2027-02-15"),
        ],
    )
    .await;

    let response = app.get("/events.ics").await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.expect("ics");
    let unfolded = icalendar::parser::unfold(&text);
    let tree = icalendar::parser::read_calendar(&unfolded).expect("the feed parses");
    // read_calendar opens the VCALENDAR: its properties and components.
    let root_value = |key: &str| {
        tree.properties
            .iter()
            .find(|p| p.name == key)
            .map(|p| p.val.to_string())
    };
    assert_eq!(root_value("VERSION").as_deref(), Some("2.0"));
    assert!(root_value("PRODID").is_some_and(|p| !p.is_empty()));
    assert!(
        tree.components.iter().any(|c| c.name == "VTIMEZONE"
            && c.properties
                .iter()
                .any(|p| p.name == "TZID" && p.val.as_ref() == "Europe/Paris")),
        "the zone the times refer to is described"
    );

    let calendar = icalendar::Calendar::from(tree.components.clone());
    let events: Vec<_> = calendar.events().collect();
    for event in &events {
        assert!(event.get_uid().is_some(), "every VEVENT has a UID");
        assert!(
            event.get_timestamp().is_some(),
            "every VEVENT has a DTSTAMP"
        );
        assert!(event.get_start().is_some(), "every VEVENT has a DTSTART");
    }
    let mut keys: Vec<_> = events
        .iter()
        .map(|e| (e.get_uid(), e.property_value("RECURRENCE-ID")))
        .collect();
    let total = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), total, "UID + RECURRENCE-ID identify each entry");

    let paris = |date: &str, time: &str| {
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone {
            date_time: chrono::NaiveDateTime::parse_from_str(
                &format!("{date} {time}"),
                "%Y-%m-%d %H:%M",
            )
            .expect("date"),
            tzid: "Europe/Paris".into(),
        })
    };
    let master = events
        .iter()
        .find(|e| e.get_summary() == Some(title) && e.property_value("RECURRENCE-ID").is_none())
        .expect("the series, its title unescaped exactly");
    let read_description = master.get_description().expect("description");
    assert!(
        read_description.starts_with(description),
        "description comes back as typed, then the link to relais: {read_description:?}"
    );
    assert_eq!(master.get_start(), Some(paris("2027-01-07", "09:30")));
    assert_eq!(
        master.property_value("RRULE"),
        Some("FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH")
    );
    let exdates = &master.multi_properties()["EXDATE"];
    assert!(
        exdates
            .iter()
            .any(|p| p.value().contains("20270401T093000")),
        "the excluded date is in the feed: {exdates:?}"
    );
    let moved = events
        .iter()
        .find(|e| e.get_uid() == master.get_uid() && e.property_value("RECURRENCE-ID").is_some())
        .expect("the moved occurrence overrides the series");
    assert_eq!(
        moved.get_recurrence_id(),
        Some(paris("2027-07-01", "09:30"))
    );
    assert_eq!(moved.get_start(), Some(paris("2027-07-08", "14:00")));
    assert_eq!(moved.get_end(), Some(paris("2027-07-08", "16:30")));

    let congress = events
        .iter()
        .find(|e| e.get_summary() == Some(all_day))
        .expect("the all-day congress");
    let day = |d: &str| DatePerhapsTime::Date(d.parse().expect("date"));
    assert_eq!(congress.get_start(), Some(day("2027-06-10")));
    assert_eq!(
        congress.get_end(),
        Some(day("2027-06-12")),
        "DTEND is exclusive"
    );
    let deadline = events
        .iter()
        .find(|e| {
            e.get_summary().is_some_and(|s| s.contains(all_day))
                && e.get_uid() != congress.get_uid()
        })
        .expect("the call-for-proposals deadline as its own entry");
    assert_eq!(deadline.get_start(), Some(day("2027-02-15")));
}

async fn conditional_feed(app: &TestApp, etag: &str) -> reqwest::Response {
    app.client
        .get(app.url("/events.ics"))
        .header("if-none-match", etag)
        .send()
        .await
        .expect("conditional get")
}

/// The feed is kept rendered between polls, but never shows a stale agenda:
/// a change written by any instance (here straight into the database) is
/// in the next response, and an unchanged feed answers 304 to its tag.
#[tokio::test]
async fn a_kept_feed_follows_every_change_and_answers_not_modified() {
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};

    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let organiser = organisation::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("a seeded organisation");
    let id = create_event(
        &app,
        "Café vie privée",
        &[("repeat", ""), ("organisers", organiser.name.as_str())],
    )
    .await;
    let first = app.get("/events.ics").await;
    assert_eq!(first.status(), 200);
    let etag = first.headers()["etag"].to_str().expect("etag").to_owned();
    assert!(first.text().await.expect("ics").contains("Café vie privée"));

    let again = conditional_feed(&app, &etag).await;
    assert_eq!(again.status(), 304, "nothing changed");

    // Another instance renames the event.
    let stored = event::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("event");
    let mut renamed = stored.clone().into_active_model();
    renamed.title = Set("Café vie privée et numérique".into());
    renamed.version = Set(stored.version + 1);
    renamed.updated_at = Set(app.now());
    renamed.update(&app.db).await.expect("rename");
    let changed = conditional_feed(&app, &etag).await;
    assert_eq!(changed.status(), 200, "the rename is a change");
    assert_ne!(changed.headers()["etag"].to_str().expect("etag"), etag);
    assert!(
        changed
            .text()
            .await
            .expect("ics")
            .contains("Café vie privée et numérique")
    );

    // Another instance renames the organiser, shown in the description.
    let mut renamed = organiser.clone().into_active_model();
    renamed.name = Set("Réseau renommé des médiateurs".into());
    renamed.version = Set(organiser.version + 1);
    renamed.update(&app.db).await.expect("rename organiser");
    let feed = app.get("/events.ics").await.text().await.expect("ics");
    assert!(
        feed.replace("\r\n ", "")
            .contains("Réseau renommé des médiateurs"),
        "the organiser's new name is in the feed"
    );

    // An organisation that organises nothing is not in the feed: editing
    // it leaves the kept feed valid.
    let etag = app.get("/events.ics").await.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned();
    let bystander = organisation::Entity::find()
        .filter(organisation::Column::Id.ne(organiser.id))
        .filter(
            organisation::Column::Id.not_in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(event_organiser::Column::OrganisationId)
                    .from(event_organiser::Entity)
                    .to_owned(),
            ),
        )
        .one(&app.db)
        .await
        .expect("query")
        .expect("an organisation organising nothing");
    let mut edited = bystander.clone().into_active_model();
    edited.name = Set(format!("{} (modifiée)", bystander.name));
    edited.version = Set(bystander.version + 1);
    edited.update(&app.db).await.expect("edit bystander");
    assert_eq!(conditional_feed(&app, &etag).await.status(), 304);

    // Another instance deletes it.
    event::Entity::delete_by_id(id)
        .exec(&app.db)
        .await
        .expect("delete");
    let feed = app.get("/events.ics").await.text().await.expect("ics");
    assert!(!feed.contains("Café vie privée"), "the deletion is seen");
}

#[tokio::test]
async fn control_characters_and_overlong_values_in_a_calendar_file_are_cleaned_not_a_server_error()
{
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let long_title = "T".repeat(5_000);
    let long_text = "d".repeat(30_000);
    let text = format!(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:nul@example.org\r\nSUMMARY:Journée\0 pro\u{7}\r\nDTSTART;VALUE=DATE:20270610\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:long@example.org\r\nSUMMARY:{long_title}\r\nDESCRIPTION:{long_text}\r\nDTSTART;VALUE=DATE:20270611\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    let response = upload(&app, "hostile.ics", &text).await;
    assert!(response.status().is_success(), "{}", response.status());
    let events = event::Entity::find()
        .filter(event::Column::ExternalUid.is_in(["nul@example.org", "long@example.org"]))
        .all(&app.db)
        .await
        .expect("query");
    assert_eq!(events.len(), 2);
    for e in &events {
        assert!(!e.title.contains(['\0', '\u{7}']), "{:?}", e.title);
        assert!(e.title.chars().count() <= 200);
        assert!(e.description.as_deref().unwrap_or_default().chars().count() <= 20_000);
    }
    assert!(events.iter().any(|e| e.title == "Journée pro"));
}

#[tokio::test]
async fn several_regions_kinds_and_themes_are_chosen_at_once_in_the_agenda_and_its_feed() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let start = (app.today() + chrono::Duration::days(30)).to_string();
    let single = |extra: &[(&'static str, &'static str)]| {
        let mut fields = vec![("repeat", ""), ("themes", "")];
        fields.extend_from_slice(extra);
        fields
    };
    let mut nantes_fields = single(&[("kind", "professional_day"), ("themes", "numérique")]);
    nantes_fields.push(("start_date", &start));
    let nantes = create_event(&app, "Journée ligérienne", &nantes_fields).await;
    let mut rennes_fields = single(&[
        ("region_code", "53"),
        ("departement_code", "35"),
        ("kind", "training_day"),
        ("themes", "bibliothèques"),
    ]);
    rennes_fields.push(("start_date", &start));
    let rennes = create_event(&app, "Formation bretonne", &rennes_fields).await;
    let mut lyon_fields = single(&[
        ("region_code", "84"),
        ("departement_code", "69"),
        ("kind", "training_day"),
        ("themes", "bibliothèques"),
    ]);
    lyon_fields.push(("start_date", &start));
    let lyon = create_event(&app, "Atelier lyonnais", &lyon_fields).await;

    let both = agenda_json(&app, "region=52&region=53").await;
    assert_eq!(starts_of(&both, nantes).len(), 1, "Pays de la Loire listed");
    assert_eq!(starts_of(&both, rennes).len(), 1, "Bretagne listed");
    assert!(starts_of(&both, lyon).is_empty(), "a third région is not");

    // OR within a facet, AND across facets.
    let trainings = agenda_json(&app, "region=52&region=53&kind=training_day").await;
    assert!(starts_of(&trainings, nantes).is_empty());
    assert_eq!(starts_of(&trainings, rennes).len(), 1);
    let kinds = agenda_json(&app, "kind=training_day&kind=professional_day&region=84").await;
    assert_eq!(starts_of(&kinds, lyon).len(), 1);
    assert!(starts_of(&kinds, nantes).is_empty() && starts_of(&kinds, rennes).is_empty());
    let themes = agenda_json(
        &app,
        "theme=Numerique&theme=bibliotheques&departement=44&departement=35",
    )
    .await;
    assert_eq!(starts_of(&themes, nantes).len(), 1);
    assert_eq!(starts_of(&themes, rennes).len(), 1);
    assert!(starts_of(&themes, lyon).is_empty());

    // The form keeps every choice.
    let page = app
        .get_html("/agenda?region=52&region=53&kind=training_day")
        .await;
    assert!(
        page.contains(r#"<select id="field-region" name="region" multiple"#),
        "{page}"
    );
    assert!(page.contains(r#"<option value="52" selected>"#));
    assert!(page.contains(r#"<option value="53" selected>"#));
    assert!(!page.contains(r#"<option value="84" selected>"#));
    assert!(page.contains(r#"name="kind" value="training_day" checked"#));

    let ics = app
        .get("/events.ics?region=52&region=53")
        .await
        .text()
        .await
        .expect("ics");
    assert!(ics.contains("Journée ligérienne") && ics.contains("Formation bretonne"));
    assert!(!ics.contains("Atelier lyonnais"));
    // Another choice is another feed, not the one kept for the first.
    let ics = app
        .get("/events.ics?region=53&region=84")
        .await
        .text()
        .await
        .expect("ics");
    assert!(!ics.contains("Journée ligérienne"));
    assert!(ics.contains("Formation bretonne") && ics.contains("Atelier lyonnais"));

    let csv = app
        .get("/export/events.csv?region=52&region=53")
        .await
        .text()
        .await
        .expect("csv");
    assert!(csv.contains("Journée ligérienne") && csv.contains("Formation bretonne"));
    assert!(!csv.contains("Atelier lyonnais"));
}

#[tokio::test]
async fn cancelling_a_date_asks_first_and_a_post_without_confirmation_cancels_nothing() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let id = create_event(&app, "Rencontre à confirmer", &[]).await;
    let path = format!("/events/{id}/occurrences/2027-04-01T09:30:00");
    let page = app.get_html(&path).await;
    assert!(
        page.contains("data-confirm="),
        "the cancel form asks in the browser"
    );
    assert!(page.contains(r#"name="confirm" value="""#));

    let unconfirmed = app.post_form(&path, &[("action", "cancel")]).await;
    assert_eq!(
        unconfirmed.status(),
        200,
        "a confirmation step, not a cancellation"
    );
    let step = unconfirmed.text().await.expect("page");
    assert!(step.contains(r#"name="confirm" value="yes""#), "{step}");
    let window = "from=2027-03-01&to=2027-05-01";
    assert_eq!(
        starts_of(&agenda_json(&app, window).await, id),
        ["2027-04-01T09:30:00"],
        "still there"
    );

    let confirmed = app
        .post_form(&path, &[("action", "cancel"), ("confirm", "yes")])
        .await;
    assert_eq!(confirmed.status(), 303);
    assert!(starts_of(&agenda_json(&app, window).await, id).is_empty());
}

#[tokio::test]
async fn recurrence_kinds_and_participation_are_shown_in_words_not_internal_values() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let id = create_event(
        &app,
        "Café vie privée",
        &[
            ("repeat", "custom"),
            ("rrule", "FREQ=MONTHLY;BYDAY=1TH;COUNT=3"),
            ("kind", "training_day"),
            ("participation", "considering"),
        ],
    )
    .await;
    let page = app.get_html(&format!("/events/{id}")).await;
    assert!(
        page.contains("le 1er jeudi de chaque mois, 3 fois"),
        "{page}"
    );
    let list = app.get_html("/agenda?from=2027-01-01&to=2027-03-31").await;
    assert!(list.contains("le 1er jeudi de chaque mois, 3 fois"));
    assert!(list.contains("journée de formation"));
    assert!(!list.contains(">training_day") && !list.contains(">considering"));

    let ics = app.get("/events.ics").await.text().await.expect("ics");
    let ours = ics
        .split("BEGIN:VEVENT")
        .find(|v| v.contains("SUMMARY:Café vie privée"))
        .expect("our event in the feed");
    assert!(ours.contains("CATEGORIES:journée de formation,"), "{ours}");
    assert!(!ics.contains("training_day"), "kinds as labels");
}

#[tokio::test]
async fn the_month_grid_puts_each_entry_on_its_own_line_with_time_apart_from_title() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    create_event(&app, "Journée grille", &[("repeat", "")]).await;
    let month = app.get_html("/agenda?view=month&month=2027-01").await;
    assert!(month.contains(r#"class="month-days""#), "{month}");
    assert!(
        month.contains(
            r#"<time class="month-time">09:30</time> <span class="month-title">Journée grille</span>"#
        ),
        "{month}"
    );
    assert!(month.contains(r#"<span class="day-number" aria-hidden="true">7</span>"#));
    assert!(!month.contains("709:30"), "no text running together");
    assert!(
        !month.contains("<table"),
        "a grid, not a table that squeezes columns"
    );
}

#[tokio::test]
async fn the_week_view_shows_the_seven_days_of_the_week_asked_for() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    create_event(&app, "Journée de la semaine", &[("repeat", "")]).await;
    create_event(
        &app,
        "La semaine suivante",
        &[("repeat", ""), ("start_date", "2027-01-14")],
    )
    .await;
    // Thursday 7 January 2027 names the week starting Monday the 4th.
    let week = app.get_html("/agenda?view=week&week=2027-01-07").await;
    assert!(week.contains("Semaine du 4 janv. 2027"), "{week}");
    assert!(week.contains("Journée de la semaine"));
    assert!(!week.contains("La semaine suivante"));
    assert_eq!(week.matches(r#"<li class="month-day"#).count(), 7);
    assert!(
        week.contains("view=week&amp;week=2027-01-11"),
        "a link to the next week"
    );
    let bad = app.get("/agenda?view=week&week=demain").await;
    assert!(
        bad.status().is_client_error(),
        "an unreadable week is refused"
    );
}

#[tokio::test]
async fn an_event_page_heads_with_its_kind_participation_and_date_and_leaves_out_empty_facts() {
    // Before its first date, so the header shows that one (it repeats).
    let app = TestApp::spawn_as_at(Role::Volunteer, crate::helpers::date(2026, 12, 1)).await;
    let id = create_event(&app, "Rencontre sans lien", &[]).await;
    let path = format!("/events/{id}");
    let page = app.get_html(&path).await;
    let head = &page[page.find("class=\"record-head\"").expect("a record header")..];
    let head = &head[..head.find("</header>").expect("header end")];
    assert!(
        head.contains("data-value=\"network_meeting\""),
        "its kind as a badge: {head}"
    );
    assert!(
        head.contains("data-value=\"considering\""),
        "its participation as a badge"
    );
    assert!(head.contains("Médiathèque Jacques Demy") && head.contains("2027"));
    for empty in [
        "vénement</dt>",
        "Qui y va</dt>",
        "appel à propositions</dt>",
    ] {
        assert!(!page.contains(empty), "no row for {empty}");
    }
    assert!(!page.contains("&mdash;"), "no rows of dashes");
    // Its creation is the first line of its timeline.
    assert!(page.contains("data-kind=\"edits\""));
}
