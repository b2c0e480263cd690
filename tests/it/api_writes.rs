//! The API's writes beyond the directory and the contact log: events and
//! one date of a series, workshop kits and sessions, campaigns with their
//! objectives, organisations added to a campaign and their cards — each
//! written through the page's own form reader and store, so what it writes
//! shows on the page, in the audit log, with the page's refusals (field by
//! field), at the version named by `If-Match`, and only with a write token
//! of an account that may write.

use relais::api::tokens::{self, NewToken};
use relais::entities::{AuditAction, EntityKind, Role, audit_entry};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{TestApp, date};

/// A volunteer signed in on the pages, with a write and a read-only token.
struct Api {
    app: TestApp,
    user: i32,
    writer: String,
    reader: String,
}

async fn token(app: &TestApp, user: i32, can_write: bool) -> String {
    let new = NewToken {
        name: format!("script {can_write}"),
        can_write,
        expires_in_days: None,
    };
    let (_, secret) = app
        .clock
        .scope(tokens::create(&app.db, user, &new))
        .await
        .expect("token created");
    secret
}

impl Api {
    async fn start() -> Api {
        // Before the dates the tests plan, after the sessions they record.
        let app = TestApp::spawn_at(date(2027, 2, 1)).await;
        let user = app.login_as(Role::Volunteer).await;
        let writer = token(&app, user, true).await;
        let reader = token(&app, user, false).await;
        Api {
            app,
            user,
            writer,
            reader,
        }
    }

    /// `method` on `path` with `token`, `If-Match` and a JSON body when given.
    async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        if_match: Option<&str>,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let mut request = reqwest::Client::new()
            .request(method, self.app.url(path))
            .bearer_auth(token);
        if let Some(version) = if_match {
            request = request.header("If-Match", version);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("request")
    }

    /// A write with the write token that must answer `status`: its body
    /// and its `ETag`.
    async fn write(
        &self,
        method: Method,
        path: &str,
        if_match: Option<&str>,
        body: Option<&Value>,
        status: u16,
    ) -> (Value, String) {
        let response = self
            .call(method.clone(), path, &self.writer, if_match, body)
            .await;
        assert_eq!(response.status(), status, "{method} {path}");
        let etag = header(&response, "etag");
        (response.json().await.expect("json"), etag)
    }

    /// A read with the read-only token: the record and its `ETag`.
    async fn read(&self, path: &str) -> (Value, String) {
        let response = self.call(Method::GET, path, &self.reader, None, None).await;
        assert_eq!(response.status(), 200, "GET {path}");
        let etag = header(&response, "etag");
        (response.json().await.expect("json"), etag)
    }

    /// A refused write: the problem, of `status`.
    async fn refused(
        &self,
        method: Method,
        path: &str,
        token: &str,
        if_match: Option<&str>,
        body: Option<&Value>,
        status: u16,
    ) -> Value {
        let response = self.call(method, path, token, if_match, body).await;
        assert_eq!(response.status(), status, "{path} refused");
        assert_eq!(
            header(&response, "content-type"),
            "application/problem+json"
        );
        response.json().await.expect("problem")
    }

    /// The same write with the read-only token: refused, nothing written.
    async fn refused_read_only(
        &self,
        method: Method,
        path: &str,
        if_match: Option<&str>,
        body: Option<&Value>,
    ) {
        self.refused(method, path, &self.reader, if_match, body, 403)
            .await;
    }

    /// The audit actions recorded for one record by the volunteer.
    async fn audited(&self, entity: EntityKind, id: i64) -> Vec<AuditAction> {
        audit_entry::Entity::find()
            .filter(audit_entry::Column::Entity.eq(entity))
            .filter(audit_entry::Column::EntityId.eq(id as i32))
            .filter(audit_entry::Column::UserId.eq(self.user))
            .all(&self.app.db)
            .await
            .expect("audit")
            .into_iter()
            .map(|e| e.action)
            .collect()
    }
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn id_of(body: &Value) -> i64 {
    body["id"].as_i64().expect("id")
}

/// The fields a problem names.
fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn events_are_created_replaced_and_deleted_as_on_their_pages() {
    let api = Api::start().await;
    let organiser = crate::helpers::seeded_organisation(&api.app, "abf").await;
    let event = json!({
        "title": "Journée numérique des bibliothèques",
        "start_date": "2027-03-04", "start_time": "09:30", "end_time": "17:00",
        "region_code": "75", "themes": ["vie privée", "médiation"],
        "organiser_ids": [organiser.id],
    });
    api.refused_read_only(Method::POST, "/api/v1/events", None, Some(&event))
        .await;
    let (created, etag) = api
        .write(Method::POST, "/api/v1/events", None, Some(&event), 201)
        .await;
    let id = id_of(&created);
    let path = format!("/api/v1/events/{id}");
    assert_eq!(etag, "\"1\"");
    assert_eq!(created["kind"], "professional_day", "the form's default");
    assert_eq!(created["time_zone"], "Europe/Paris");
    assert_eq!(created["start_local"], "2027-03-04T09:30:00");
    assert_eq!(created["organiser_ids"], json!([organiser.id]));
    assert_eq!(created["themes"], json!(["vie privée", "médiation"]));
    let page = api.app.get_html(&format!("/events/{id}")).await;
    assert!(page.contains("Journée numérique des bibliothèques"));

    // The event form's rules, each refused field named.
    let wrong = json!({"title": "", "start_date": "2027-03-04", "start_time": "18:00",
        "end_time": "09:00", "rrule": "FREQ=SOMETIMES", "organiser_ids": [999999]});
    let problem = api
        .refused(
            Method::POST,
            "/api/v1/events",
            &api.writer,
            None,
            Some(&wrong),
            422,
        )
        .await;
    let named = fields(&problem);
    for field in ["title", "end_date", "rrule", "organiser_ids"] {
        assert!(named.contains(&field.to_owned()), "{field} in {named:?}");
    }

    // Replaced at the version read; an older version gets the current one.
    let renamed = json!({"title": "Journée numérique (2e édition)", "start_date": "2027-03-04",
        "all_day": true, "participation": "considering"});
    api.refused_read_only(Method::PUT, &path, Some(&etag), Some(&renamed))
        .await;
    let (saved, new_etag) = api
        .write(Method::PUT, &path, Some(&etag), Some(&renamed), 200)
        .await;
    assert_eq!(new_etag, "\"2\"");
    assert_eq!(saved["all_day"], true);
    assert_eq!(saved["participation"], "considering");
    assert_eq!(
        saved["organiser_ids"],
        json!([]),
        "a whole record: none sent"
    );
    let stale = api
        .refused(
            Method::PUT,
            &path,
            &api.writer,
            Some(&etag),
            Some(&event),
            412,
        )
        .await;
    assert_eq!(stale["current"]["title"], "Journée numérique (2e édition)");
    assert_eq!(stale["current"]["version"], 2);
    let (read, _) = api.read(&path).await;
    assert_eq!(read["title"], "Journée numérique (2e édition)");
    let page = api.app.get_html(&format!("/events/{id}")).await;
    assert!(page.contains("Journée numérique (2e édition)"));

    // Deleted at the version read, as the page's button does.
    api.refused(Method::DELETE, &path, &api.writer, Some(&etag), None, 412)
        .await;
    let response = api
        .call(Method::DELETE, &path, &api.writer, Some(&new_etag), None)
        .await;
    assert_eq!(response.status(), 204);
    let gone = api.call(Method::GET, &path, &api.reader, None, None).await;
    assert_eq!(gone.status(), 404);
    assert_eq!(
        api.audited(EntityKind::Event, id).await,
        [
            AuditAction::Create,
            AuditAction::Update,
            AuditAction::Delete
        ]
    );
}

#[tokio::test]
async fn one_date_of_a_series_is_moved_cancelled_and_restored_as_on_its_page() {
    let api = Api::start().await;
    let series = json!({"title": "Permanence numérique", "start_date": "2027-03-04",
        "start_time": "10:00", "end_time": "12:00", "rrule": "FREQ=WEEKLY;COUNT=5"});
    let (created, etag) = api
        .write(Method::POST, "/api/v1/events", None, Some(&series), 201)
        .await;
    let id = id_of(&created);
    let date = format!("/api/v1/events/{id}/occurrences/2027-03-11T10:00:00");

    let moved = json!({"start_date": "2027-03-12", "start_time": "14:00", "end_time": "16:00",
        "note": "Salle du conseil"});
    api.refused_read_only(Method::PUT, &date, Some(&etag), Some(&moved))
        .await;
    let backwards = json!({"start_date": "2027-03-12", "start_time": "14:00", "end_time": "13:00"});
    let problem = api
        .refused(
            Method::PUT,
            &date,
            &api.writer,
            Some(&etag),
            Some(&backwards),
            422,
        )
        .await;
    assert_eq!(fields(&problem), ["end_time"]);
    let (event, etag) = api
        .write(Method::PUT, &date, Some(&etag), Some(&moved), 200)
        .await;
    assert_eq!(
        event["overrides"][0]["recurrence_local"],
        "2027-03-11T10:00:00"
    );
    assert_eq!(event["overrides"][0]["start_local"], "2027-03-12T14:00:00");
    assert_eq!(event["overrides"][0]["note"], "Salle du conseil");

    // A change made from the version before is refused with the event now.
    let stale = api
        .refused(
            Method::POST,
            &format!("{date}/cancel"),
            &api.writer,
            Some("\"1\""),
            Some(&json!({})),
            412,
        )
        .await;
    assert_eq!(stale["current"]["version"], 2);
    let (event, etag) = api
        .write(
            Method::POST,
            &format!("{date}/cancel"),
            Some(&etag),
            Some(&json!({"note": "Fermeture exceptionnelle"})),
            200,
        )
        .await;
    assert_eq!(event["overrides"][0]["cancelled"], true);
    let (occurrences, _) = api
        .read("/api/v1/occurrences?from=2027-03-01&to=2027-04-30&limit=200")
        .await;
    let starts: Vec<&Value> = occurrences["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|o| o["event_id"] == id)
        .map(|o| &o["recurrence_local"])
        .collect();
    assert_eq!(starts.len(), 4, "the cancelled date left out: {starts:?}");

    // Undone: the date is what the series says again.
    let (event, _) = api
        .write(Method::DELETE, &date, Some(&etag), None, 200)
        .await;
    assert_eq!(event["overrides"], json!([]));
    let missing = format!("/api/v1/events/{id}/occurrences/2027-03-12T10:00:00");
    api.refused(
        Method::DELETE,
        &missing,
        &api.writer,
        Some("\"4\""),
        None,
        404,
    )
    .await;
    let page = api.app.get_html(&format!("/events/{id}")).await;
    assert!(page.contains("Permanence numérique"));
    assert_eq!(
        api.audited(EntityKind::Event, id).await,
        [
            AuditAction::Create,
            AuditAction::Update,
            AuditAction::Update,
            AuditAction::Update
        ]
    );
}

#[tokio::test]
async fn kits_and_sessions_are_written_with_the_forms_rules_and_a_session_confirmed_held() {
    let api = Api::start().await;
    let kit = json!({"title": "Mes traces en ligne", "goal": "Comprendre le pistage",
        "audience": "Adultes", "duration_minutes": 90, "steps_md": "1. Ouvrir un navigateur"});
    api.refused_read_only(Method::POST, "/api/v1/workshop-kits", None, Some(&kit))
        .await;
    let (created, etag) = api
        .write(Method::POST, "/api/v1/workshop-kits", None, Some(&kit), 201)
        .await;
    let kit_id = id_of(&created);
    let kit_path = format!("/api/v1/workshop-kits/{kit_id}");
    assert_eq!(created["licence"], "CC BY-SA 4.0", "the form's default");
    assert_eq!(created["versions"], json!([kit_id]));
    let problem = api
        .refused(
            Method::POST,
            "/api/v1/workshop-kits",
            &api.writer,
            None,
            Some(&json!({"title": "Sans but", "duration_minutes": 0})),
            422,
        )
        .await;
    let named = fields(&problem);
    for field in ["goal", "audience", "steps_md", "duration_minutes"] {
        assert!(named.contains(&field.to_owned()), "{field} in {named:?}");
    }
    let edited = json!({"title": "Mes traces en ligne", "goal": "Comprendre le pistage publicitaire",
        "audience": "Adultes", "steps_md": "1. Ouvrir un navigateur", "kit_version": "1.1"});
    let (saved, _) = api
        .write(Method::PUT, &kit_path, Some(&etag), Some(&edited), 200)
        .await;
    assert_eq!(saved["kit_version"], "1.1");
    let stale = api
        .refused(
            Method::PUT,
            &kit_path,
            &api.writer,
            Some(&etag),
            Some(&kit),
            412,
        )
        .await;
    assert_eq!(
        stale["current"]["goal"],
        "Comprendre le pistage publicitaire"
    );
    let page = api.app.get_html(&format!("/workshops/kits/{kit_id}")).await;
    assert!(page.contains("Comprendre le pistage publicitaire"));

    // A session planned, then confirmed held by recording its attendance.
    let venue = crate::helpers::seeded_organisation(&api.app, "abf").await;
    let planned = json!({"kit_id": kit_id, "held_on": "2027-01-20", "venue_id": venue.id});
    api.refused_read_only(
        Method::POST,
        "/api/v1/workshop-sessions",
        None,
        Some(&planned),
    )
    .await;
    let (session, etag) = api
        .write(
            Method::POST,
            "/api/v1/workshop-sessions",
            None,
            Some(&planned),
            201,
        )
        .await;
    let session_path = format!("/api/v1/workshop-sessions/{}", id_of(&session));
    assert_eq!(session["run_by_us"], false);
    assert_eq!(session["attendance"], Value::Null);
    let future = json!({"kit_id": kit_id, "held_on": "2027-05-20", "venue_id": venue.id,
        "attendance": 12, "our_role": "running"});
    let problem = api
        .refused(
            Method::PUT,
            &session_path,
            &api.writer,
            Some(&etag),
            Some(&future),
            422,
        )
        .await;
    assert_eq!(
        fields(&problem),
        ["attendance"],
        "a fact, once the day has come"
    );
    let held = json!({"kit_id": kit_id, "held_on": "2027-01-20", "venue_id": venue.id,
        "attendance": 12, "feedback": "Beaucoup de questions"});
    let (session, _) = api
        .write(Method::PUT, &session_path, Some(&etag), Some(&held), 200)
        .await;
    assert_eq!(session["attendance"], 12);
    api.refused(
        Method::PUT,
        &session_path,
        &api.writer,
        Some(&etag),
        Some(&held),
        412,
    )
    .await;
    let (library, _) = api.read("/api/v1/workshop-kits?limit=200").await;
    let line = library["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|k| k["kit"]["id"] == kit_id)
        .expect("in the library")
        .clone();
    assert_eq!(line["held"], 1);
    assert_eq!(line["held_without_us"], 1);
    assert_eq!(
        api.audited(EntityKind::WorkshopSession, id_of(&session))
            .await,
        [AuditAction::Create, AuditAction::Update]
    );
    assert_eq!(
        api.audited(EntityKind::Kit, kit_id).await,
        [AuditAction::Create, AuditAction::Update]
    );
}

#[tokio::test]
async fn campaigns_their_organisations_and_cards_are_written_as_on_the_board() {
    let api = Api::start().await;
    let campaign = json!({"name": "Bibliothèques de l'Ouest", "starts_on": "2027-01-01",
        "owner_ids": [api.user],
        "objectives": [{"level": 1, "title": "Réseaux rejoints", "metric": "relay_organisations", "target": 5}]});
    api.refused_read_only(Method::POST, "/api/v1/campaigns", None, Some(&campaign))
        .await;
    let wrong = json!({"name": "Mal remplie", "starts_on": "2027-06-01", "ends_on": "2027-01-01",
        "owner_ids": [999999],
        "objectives": [{"level": 1, "title": "Sans cible", "metric": "relay_organisations", "target": 0}]});
    let problem = api
        .refused(
            Method::POST,
            "/api/v1/campaigns",
            &api.writer,
            None,
            Some(&wrong),
            422,
        )
        .await;
    let named = fields(&problem);
    for field in ["ends_on", "owner_ids", "objectives[0].target"] {
        assert!(named.contains(&field.to_owned()), "{field} in {named:?}");
    }
    let (created, etag) = api
        .write(
            Method::POST,
            "/api/v1/campaigns",
            None,
            Some(&campaign),
            201,
        )
        .await;
    let id = id_of(&created);
    let path = format!("/api/v1/campaigns/{id}");
    assert_eq!(created["owner_ids"], json!([api.user]));
    assert_eq!(created["objectives"][0]["target"], 5);
    let replaced = json!({"name": "Bibliothèques de l'Ouest et du Centre", "objectives": [
        {"level": 3, "title": "Ateliers sans nous", "metric": "sessions_without_us", "target": 10}]});
    let (saved, _) = api
        .write(Method::PUT, &path, Some(&etag), Some(&replaced), 200)
        .await;
    assert_eq!(saved["objectives"][0]["level"], 3);
    assert_eq!(saved["owner_ids"], json!([]));
    let stale = api
        .refused(
            Method::PUT,
            &path,
            &api.writer,
            Some(&etag),
            Some(&campaign),
            412,
        )
        .await;
    assert_eq!(
        stale["current"]["name"],
        "Bibliothèques de l'Ouest et du Centre"
    );
    let page = api.app.get_html(&format!("/campaigns/{id}")).await;
    assert!(page.contains("Bibliothèques de l'Ouest et du Centre"));

    // An organisation added as its page adds it, once.
    let organisation = crate::helpers::seeded_organisation(&api.app, "ping").await;
    let add = json!({"organisation_id": organisation.id});
    let board = format!("{path}/outreach");
    api.refused_read_only(Method::POST, &board, None, Some(&add))
        .await;
    let (card, etag) = api.write(Method::POST, &board, None, Some(&add), 201).await;
    assert_eq!(card["stage"], "to_research");
    assert_eq!(card["owner_id"], api.user);
    let problem = api
        .refused(Method::POST, &board, &api.writer, None, Some(&add), 422)
        .await;
    assert_eq!(fields(&problem), ["organisation_id"]);
    let page = api.app.get_html(&format!("/campaigns/{id}/board")).await;
    assert!(page.contains(&organisation.name));

    // Its card edited as on the board.
    let card_path = format!("/api/v1/outreach/{}", id_of(&card));
    let edit = json!({"owner_id": api.user, "priority": "high", "not_before": "2027-09-01"});
    api.refused_read_only(Method::PUT, &card_path, Some(&etag), Some(&edit))
        .await;
    let problem = api
        .refused(
            Method::PUT,
            &card_path,
            &api.writer,
            Some(&etag),
            Some(&json!({"priority": "urgent", "owner_id": 999999, "not_before": "demain"})),
            422,
        )
        .await;
    let mut named = fields(&problem);
    named.sort();
    assert_eq!(named, ["not_before", "owner_id", "priority"]);
    let (saved, _) = api
        .write(Method::PUT, &card_path, Some(&etag), Some(&edit), 200)
        .await;
    assert_eq!(saved["priority"], "high");
    assert_eq!(saved["not_before"], "2027-09-01");
    let stale = api
        .refused(
            Method::PUT,
            &card_path,
            &api.writer,
            Some(&etag),
            Some(&edit),
            412,
        )
        .await;
    assert_eq!(stale["current"]["priority"], "high");
    let (parked, _) = api
        .read(&format!("{board}?timing=parked&priority=high"))
        .await;
    assert_eq!(parked["items"][0]["id"], card["id"]);
    assert_eq!(
        api.audited(EntityKind::Outreach, id_of(&card)).await,
        [AuditAction::Create, AuditAction::Update]
    );
    assert_eq!(
        api.audited(EntityKind::Campaign, id).await,
        [AuditAction::Create, AuditAction::Update]
    );
}

#[tokio::test]
async fn a_viewers_write_token_writes_nothing() {
    let api = Api::start().await;
    let viewer = api.app.create_user(Role::Viewer).await;
    let token = token(&api.app, viewer, true).await;
    let body = json!({"name": "Campagne d'un lecteur"});
    let problem = api
        .refused(
            Method::POST,
            "/api/v1/campaigns",
            &token,
            None,
            Some(&body),
            403,
        )
        .await;
    assert!(problem["detail"].is_string());
    let (campaigns, _) = api.read("/api/v1/campaigns?limit=200").await;
    assert!(
        !campaigns["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|c| c["name"] == "Campagne d'un lecteur")
    );
}
