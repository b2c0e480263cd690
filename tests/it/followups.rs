//! Follow-ups (`/follow-ups`: grouped, snoozed, handed over) and the
//! contact log (`/interactions`, filtered, exported).

use chrono::Duration;
use relais::entities::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::helpers::{TestApp, date, seeded_organisation};

/// The signed-in user's id (the only account of a fresh app).
async fn me(app: &TestApp) -> i32 {
    user::Entity::find()
        .order_by_asc(user::Column::Id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("me")
        .id
}

/// A contact logged by `user` at `organisation`, with a follow-up
/// `follow_up_in` days from today when given.
async fn logged(
    app: &TestApp,
    user: Option<i32>,
    organisation: i32,
    summary: &str,
    channel: InteractionChannel,
    follow_up_in: Option<i64>,
) -> interaction::Model {
    let now = app.now();
    interaction::ActiveModel {
        occurred_on: Set(app.today() - Duration::days(2)),
        channel: Set(channel),
        direction: Set(Direction::Outbound),
        user_id: Set(user),
        organisation_id: Set(Some(organisation)),
        summary: Set(summary.into()),
        follow_up_on: Set(follow_up_in.map(|days| app.today() + Duration::days(days))),
        follow_up_done: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("interaction")
}

async fn reload(app: &TestApp, id: i32) -> interaction::Model {
    interaction::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("interaction")
}

/// The part of `page` from the section `from` to the section `to` (or the end).
fn section<'a>(page: &'a str, from: &str, to: Option<&str>) -> &'a str {
    let start = page
        .find(&format!("id=\"{from}\""))
        .unwrap_or_else(|| panic!("section {from}"));
    let end = to.map_or(page.len(), |to| {
        page.find(&format!("id=\"{to}\""))
            .unwrap_or_else(|| panic!("section {to}"))
    });
    &page[start..end]
}

#[tokio::test]
async fn a_follow_up_ten_days_ahead_is_listed_under_the_next_30_days_and_on_the_dashboard() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let me = me(&app).await;
    let org = seeded_organisation(&app, "ping").await;
    logged(
        &app,
        Some(me),
        org.id,
        "Rappeler la médiathèque",
        InteractionChannel::Phone,
        Some(10),
    )
    .await;

    let page = app.get_html("/follow-ups").await;
    let next_month = section(&page, "next-month", Some("later"));
    assert!(
        next_month.contains("Rappeler la médiathèque"),
        "{next_month}"
    );
    assert!(
        next_month.contains("5 déc. 2026") && next_month.contains("23 nov. 2026"),
        "the follow-up's date and the contact's: {next_month}"
    );
    assert!(!section(&page, "overdue", Some("next-month")).contains("Rappeler la médiathèque"));
    assert!(next_month.contains(&format!("/organisations/{}", org.id)));

    let dashboard = app.get_html("/").await;
    assert!(
        dashboard.contains("Rappeler la médiathèque"),
        "the next follow-ups, whatever their date"
    );
    assert!(dashboard.contains("href=\"/follow-ups\""));
}

#[tokio::test]
async fn snoozing_a_week_moves_the_follow_up_and_writes_an_audit_entry() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let me = me(&app).await;
    let org = seeded_organisation(&app, "ping").await;
    let f = logged(
        &app,
        Some(me),
        org.id,
        "Envoyer le programme",
        InteractionChannel::Email,
        Some(3),
    )
    .await;
    let page = app.get_html("/follow-ups").await;
    assert!(section(&page, "next-week", Some("next-month")).contains("Envoyer le programme"));

    let response = app
        .post_form(
            &format!("/interactions/{}/snooze", f.id),
            &[
                ("version", "1"),
                ("by", "week"),
                ("back", "/follow-ups?who=mine"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/follow-ups?who=mine");
    let after = reload(&app, f.id).await;
    assert_eq!(after.follow_up_on, Some(app.today() + Duration::days(10)));
    assert_eq!(after.version, 2);
    let page = app.get_html("/follow-ups?who=mine").await;
    assert!(page.contains("Relance reportée."), "the flash message");
    assert!(section(&page, "next-month", Some("later")).contains("Envoyer le programme"));
    assert!(!section(&page, "next-week", Some("next-month")).contains("Envoyer le programme"));

    let entries = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::Interaction))
        .filter(audit_entry::Column::EntityId.eq(f.id))
        .all(&app.db)
        .await
        .expect("audit");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].user_id, Some(me));
    let changes = entries[0].changes.clone().expect("changes").to_string();
    assert!(changes.contains("follow_up_on"), "{changes}");

    // To a date, and never into the past.
    let response = app
        .post_form(
            &format!("/interactions/{}/snooze", f.id),
            &[("version", "2"), ("by", "date"), ("on", "2027-02-01")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        reload(&app, f.id).await.follow_up_on,
        Some(date(2027, 2, 1))
    );
    let response = app
        .post_form(
            &format!("/interactions/{}/snooze", f.id),
            &[("version", "3"), ("by", "date"), ("on", "2026-11-01")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        reload(&app, f.id).await.follow_up_on,
        Some(date(2027, 2, 1))
    );
}

#[tokio::test]
async fn a_stale_snooze_gets_409_and_changes_nothing() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let me = me(&app).await;
    let org = seeded_organisation(&app, "ping").await;
    let f = logged(
        &app,
        Some(me),
        org.id,
        "Relancer le réseau",
        InteractionChannel::Email,
        Some(3),
    )
    .await;
    let path = format!("/interactions/{}/snooze", f.id);
    let first = app
        .post_form(&path, &[("version", "1"), ("by", "week")])
        .await;
    assert_eq!(first.status(), 303);
    let moved = reload(&app, f.id).await;

    // A second tab still showing version 1.
    let stale = app
        .post_form(&path, &[("version", "1"), ("by", "month")])
        .await;
    assert_eq!(stale.status(), 409);
    let page = stale.text().await.expect("body");
    assert!(page.contains("entre-temps"), "says why: {page}");
    assert_eq!(reload(&app, f.id).await, moved, "nothing changed");
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::EntityId.eq(f.id))
        .filter(audit_entry::Column::Entity.eq(EntityKind::Interaction))
        .all(&app.db)
        .await
        .expect("audit");
    assert_eq!(audited.len(), 1, "only the applied change is audited");

    let done = app
        .post_form(&format!("/interactions/{}/done", f.id), &[("version", "1")])
        .await;
    assert_eq!(done.status(), 409);
    assert!(!reload(&app, f.id).await.follow_up_done);
}

#[tokio::test]
async fn handing_over_moves_the_follow_up_from_my_list_to_the_other_volunteers() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let me = me(&app).await;
    let other = app.create_user(Role::Admin).await;
    let org = seeded_organisation(&app, "ping").await;
    let f = logged(
        &app,
        Some(me),
        org.id,
        "Proposer un atelier",
        InteractionChannel::Meeting,
        Some(20),
    )
    .await;
    assert!(
        app.get_html("/follow-ups")
            .await
            .contains("Proposer un atelier")
    );
    assert!(
        !app.get_html(&format!("/follow-ups?who={other}"))
            .await
            .contains("Proposer un atelier")
    );

    let response = app
        .post_form(
            &format!("/interactions/{}/hand-over", f.id),
            &[
                ("version", "1"),
                ("to", &other.to_string()),
                ("back", "/follow-ups"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(reload(&app, f.id).await.user_id, Some(other));
    let mine = app.get_html("/follow-ups").await;
    assert!(mine.contains("Relance confiée."));
    assert!(!mine.contains("Proposer un atelier"));
    let theirs = app.get_html(&format!("/follow-ups?who={other}")).await;
    assert!(section(&theirs, "next-month", Some("later")).contains("Proposer un atelier"));
    assert!(
        app.get_html("/follow-ups?who=team")
            .await
            .contains("Proposer un atelier")
    );

    // Nobody unknown takes it on.
    let response = app
        .post_form(
            &format!("/interactions/{}/hand-over", f.id),
            &[("version", "2"), ("to", "99999")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(reload(&app, f.id).await.user_id, Some(other));
}

#[tokio::test]
async fn the_contact_log_filters_by_channel_and_region_and_its_csv_carries_the_same_rows() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let me = me(&app).await;
    let regions = region::Entity::find()
        .order_by_asc(region::Column::Code)
        .all(&app.db)
        .await
        .expect("régions");
    let (here, there) = (&regions[0].code, &regions[1].code);
    let a = seeded_organisation(&app, "ping").await;
    let b = seeded_organisation(&app, "abf-labenbib").await;
    for (org, code) in [(a.id, here), (b.id, there)] {
        organisation::Entity::update_many()
            .col_expr(organisation::Column::RegionCode, Some(code.clone()).into())
            .filter(organisation::Column::Id.eq(org))
            .exec(&app.db)
            .await
            .expect("région set");
    }
    logged(
        &app,
        Some(me),
        a.id,
        "Courriel ici",
        InteractionChannel::Email,
        None,
    )
    .await;
    logged(
        &app,
        Some(me),
        a.id,
        "Appel ici",
        InteractionChannel::Phone,
        None,
    )
    .await;
    logged(
        &app,
        Some(me),
        b.id,
        "Courriel ailleurs",
        InteractionChannel::Email,
        None,
    )
    .await;

    let all = app.get_html("/interactions").await;
    for summary in ["Courriel ici", "Appel ici", "Courriel ailleurs"] {
        assert!(all.contains(summary), "{summary} in the whole log");
    }
    let query = format!("channel=email&region={here}");
    let page = app.get_html(&format!("/interactions?{query}")).await;
    assert!(page.contains("Courriel ici"));
    assert!(!page.contains("Appel ici") && !page.contains("Courriel ailleurs"));
    assert!(
        page.contains(&format!(
            "/export/interactions.csv?channel=email&amp;region={here}"
        )),
        "the export link carries the filters"
    );

    let csv = app.get(&format!("/export/interactions.csv?{query}")).await;
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.expect("csv");
    assert!(csv.contains("Courriel ici"));
    assert!(!csv.contains("Appel ici") && !csv.contains("Courriel ailleurs"));
    assert_eq!(csv.lines().count(), 2, "a header and one row: {csv}");
    let json = app
        .get_html(&format!("/export/interactions.json?{query}"))
        .await;
    let rows: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
    let unfiltered = app.get_html("/export/interactions.csv").await;
    assert_eq!(unfiltered.lines().count(), 4);
}

#[tokio::test]
async fn viewers_read_follow_ups_and_the_log_but_cannot_act() {
    let app = TestApp::spawn_as_at(Role::Viewer, date(2026, 11, 25)).await;
    let org = seeded_organisation(&app, "ping").await;
    let f = logged(
        &app,
        None,
        org.id,
        "Relance de l'équipe",
        InteractionChannel::Email,
        Some(2),
    )
    .await;
    let page = app.get_html("/follow-ups?who=team").await;
    assert!(page.contains("Relance de l&#39;équipe") || page.contains("Relance de l'équipe"));
    assert!(!page.contains("/snooze"), "no action offered");
    assert!(app.get_html("/interactions").await.contains("équipe"));
    for (action, fields) in [
        ("snooze", vec![("version", "1"), ("by", "week")]),
        ("done", vec![("version", "1")]),
        ("hand-over", vec![("version", "1"), ("to", "1")]),
    ] {
        let response = app
            .post_form(&format!("/interactions/{}/{action}", f.id), &fields)
            .await;
        assert_eq!(response.status(), 403, "{action}");
    }
    assert_eq!(reload(&app, f.id).await, f, "unchanged");
}

#[tokio::test]
async fn follow_ups_and_the_log_render_in_english_without_missing_keys() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let me = me(&app).await;
    let org = seeded_organisation(&app, "ping").await;
    for days in [-3, 2, 10, 60] {
        logged(
            &app,
            Some(me),
            org.id,
            "Follow up",
            InteractionChannel::Email,
            Some(days),
        )
        .await;
    }
    app.get("/lang/en?back=/").await;
    let page = app.get_html("/follow-ups").await;
    for heading in [
        "Overdue",
        "In the next 7 days",
        "In the next 30 days",
        "Later",
    ] {
        assert!(page.contains(heading), "{heading}");
    }
    assert_eq!(page.matches("<h1").count(), 1);
    assert!(app.get_html("/interactions").await.contains("Contact log"));
    assert!(app.get_html("/").await.contains("Next follow-ups"));
    assert!(
        relais::web::i18n::missing_keys().is_empty(),
        "{:?}",
        relais::web::i18n::missing_keys()
    );
}
