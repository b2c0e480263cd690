//! Webhooks: registered by an administrator for the events it chooses (or
//! every event of a kind), told of changes with a signed body that names no
//! person, tried again when the receiver fails, sent once when two
//! instances share the database, never to a private address unless the
//! configuration allows it; told once when a follow-up falls due.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use relais::config::Config;
use relais::entities::{
    Direction, InteractionChannel, Role, Stage, interaction, outreach_status, webhook,
    webhook_delivery, workshop_kit, workshop_session,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use sha2::Sha256;

use crate::agenda::create_event;
use crate::api::{field_message, problem, send, token_for};
use crate::helpers::{TestApp, create_person, date, harness_clock, seeded_organisation};
use crate::instances::{create_organisation, eventually};

/// A receiver on 127.0.0.1 may be reached; due deliveries are looked for
/// often, so a test waits little.
fn reaching_local_receivers(config: &mut Config) {
    config.webhooks_allow_private = true;
    config.webhook_poll = Duration::from_millis(100);
}

/// One request the receiver got.
#[derive(Clone, Debug)]
struct Received {
    headers: HeaderMap,
    body: Bytes,
}

impl Received {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }
}

/// A tool listening for webhooks on 127.0.0.1: it records what it gets,
/// answers 500 to its first `failures` requests, and takes `pause` to
/// answer the others.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(failures: usize) -> Receiver {
        Receiver::start_slow(failures, Duration::ZERO).await
    }

    async fn start_slow(failures: usize, pause: Duration) -> Receiver {
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let failures = Arc::new(AtomicUsize::new(failures));
        let record = got.clone();
        let router = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let (record, failures) = (record.clone(), failures.clone());
                async move {
                    record
                        .lock()
                        .expect("lock")
                        .push(Received { headers, body });
                    let failing = failures
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok();
                    if failing {
                        StatusCode::INTERNAL_SERVER_ERROR
                    } else {
                        tokio::time::sleep(pause).await;
                        StatusCode::NO_CONTENT
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, router).await });
        Receiver { url, got }
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().expect("lock").clone()
    }
}

/// Registers a webhook through the admin page (signed in as an
/// administrator); returns its secret, shown once on the page.
async fn register(app: &TestApp, url: &str, entities: &[&str]) -> String {
    let mut fields = vec![("url", url), ("description", "Canal de l'équipe")];
    fields.extend(entities.iter().map(|e| ("entities", *e)));
    let response = app.post_form("/admin/webhooks", &fields).await;
    let status = response.status();
    let page = response.text().await.expect("page");
    assert_eq!(status, 200, "webhook registered: {page}");
    let start = page
        .find("class=\"api-token\">")
        .expect("the secret shown once")
        + "class=\"api-token\">".len();
    page[start..start + 64].to_owned()
}

/// Checks `relais-signature` as a receiver would, from the raw body.
fn signature_holds(received: &Received, secret: &str) -> bool {
    let header = received.header("relais-signature");
    let Some((t, v1)) = header
        .strip_prefix("t=")
        .and_then(|rest| rest.split_once(",v1="))
    else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(t.as_bytes());
    mac.update(b".");
    mac.update(&received.body);
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    expected == v1
}

async fn delivered(app: &TestApp) -> u64 {
    webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::DeliveredAt.is_not_null())
        .count(&app.db)
        .await
        .expect("count")
}

#[tokio::test]
async fn a_change_reaches_the_receiver_signed_and_without_a_persons_name() {
    let app = TestApp::spawn_configured(harness_clock(), reaching_local_receivers).await;
    app.login_as(Role::Admin).await;
    let receiver = Receiver::start(0).await;
    let secret = register(&app, &receiver.url, &["organisation", "person"]).await;

    let org = create_organisation(&app, "Médiathèque des Champs Libres").await;
    let person = create_person(&app, "Camille Sentinelle", false).await;
    assert!(
        eventually(async || receiver.received().len() >= 2).await,
        "two deliveries expected, got {:?}",
        receiver.received()
    );

    let got = receiver.received();
    let organisation = got
        .iter()
        .find(|r| r.json()["event"] == "organisation.created")
        .expect("the organisation's creation");
    assert_eq!(organisation.json()["id"], org);
    assert_eq!(
        organisation.json()["label"],
        "Médiathèque des Champs Libres"
    );
    assert_eq!(organisation.header("relais-event"), "organisation.created");
    assert!(signature_holds(organisation, &secret), "signature checks");
    assert!(
        !signature_holds(organisation, &"0".repeat(64)),
        "another secret does not"
    );

    let created = got
        .iter()
        .find(|r| r.json()["event"] == "person.created")
        .expect("the person's creation");
    assert_eq!(created.json()["id"], person);
    assert!(created.json()["label"].is_null(), "no name for a person");
    let body = String::from_utf8_lossy(&created.body);
    assert!(!body.contains("Camille"), "a person's name left: {body}");
    assert!(signature_holds(created, &secret));

    // The page lists the deliveries as received.
    let page = app.get_html("/admin/webhooks").await;
    assert!(page.contains("organisation.created"), "{page}");
    assert!(page.contains("reçu"));
}

#[tokio::test]
async fn a_failing_receiver_is_tried_again_later() {
    let app = TestApp::spawn_configured(
        relais::clock::Clock::starting_on(date(2026, 6, 10)),
        reaching_local_receivers,
    )
    .await;
    app.login_as(Role::Admin).await;
    let receiver = Receiver::start(1).await;
    register(&app, &receiver.url, &["organisation"]).await;
    create_organisation(&app, "Réseau des médiathèques de Vitré").await;

    let failed_once = async || {
        webhook_delivery::Entity::find()
            .one(&app.db)
            .await
            .expect("query")
            .is_some_and(|d| d.attempts == 1 && d.last_status == Some(500))
    };
    assert!(eventually(failed_once).await, "first attempt failed");
    assert_eq!(delivered(&app).await, 0, "not retried at once");

    // The first retry waits 30 seconds.
    app.clock.advance(chrono::Duration::seconds(45));
    assert!(
        eventually(async || delivered(&app).await == 1).await,
        "delivered on the second attempt"
    );
    let got = receiver.received();
    assert_eq!(got.len(), 2, "one failure, one success");
    assert_eq!(
        got[0].header("relais-delivery"),
        got[1].header("relais-delivery"),
        "the same delivery"
    );
    assert_eq!(got[1].json()["attempt"], 2);

    // A month later the delivery is forgotten: the queue does not grow
    // with every change for ever.
    app.clock.advance(chrono::Duration::days(31));
    let forgotten = async || {
        webhook_delivery::Entity::find()
            .count(&app.db)
            .await
            .expect("count")
            == 0
    };
    assert!(eventually(forgotten).await, "old deliveries pruned");
}

#[tokio::test]
async fn two_instances_send_each_change_once() {
    let a = TestApp::spawn_configured(
        relais::clock::Clock::starting_on(date(2026, 6, 10)),
        reaching_local_receivers,
    )
    .await;
    a.login_as(Role::Admin).await;
    let b = a.peer_configured(reaching_local_receivers).await;
    b.login_as(Role::Volunteer).await;
    // The receiver is down for the first attempts: afterwards every
    // delivery falls due at the same moment on both instances, and while
    // one instance waits for an answer the other looks for work.
    const CHANGES: usize = 8;
    let receiver = Receiver::start_slow(CHANGES, Duration::from_millis(150)).await;
    register(&a, &receiver.url, &["organisation"]).await;
    for i in 0..CHANGES {
        let through = if i % 2 == 0 { &a } else { &b };
        create_organisation(through, &format!("Bibliothèque numéro {i}")).await;
    }
    let all_failed_once = async || {
        webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::Attempts.eq(1))
            .count(&a.db)
            .await
            .expect("count")
            == CHANGES as u64
    };
    assert!(eventually(all_failed_once).await, "first attempts failed");

    a.clock.advance(chrono::Duration::seconds(45));
    assert!(
        eventually(async || delivered(&a).await == CHANGES as u64).await,
        "every change delivered"
    );
    // Both instances look again several times; nothing is sent twice.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let mut per_delivery: std::collections::HashMap<String, usize> = Default::default();
    for r in receiver.received() {
        *per_delivery.entry(r.header("relais-delivery")).or_default() += 1;
    }
    assert_eq!(per_delivery.len(), CHANGES, "{per_delivery:?}");
    assert!(
        per_delivery.values().all(|n| *n == 2),
        "each delivery: one failed attempt, one success — {per_delivery:?}"
    );
}

#[tokio::test]
async fn private_addresses_and_other_schemes_are_refused_by_default() {
    let app = TestApp::spawn().await;
    app.login_as(Role::Admin).await;
    for (url, message) in [
        ("http://127.0.0.1:9/hook", "réseau privé"),
        ("http://localhost/hook", "réseau privé"),
        ("javascript:alert(1)", "http:// ou https://"),
        ("ftp://example.org/hook", "http:// ou https://"),
    ] {
        let response = app
            .post_form("/admin/webhooks", &[("url", url), ("entities", "event")])
            .await;
        assert_eq!(response.status(), 422, "{url}");
        let page = response.text().await.expect("page");
        assert!(page.contains(message), "{url}: {message}");
    }
    let response = app
        .post_form("/admin/webhooks", &[("url", "https://example.org/hook")])
        .await;
    assert_eq!(response.status(), 422, "no kind of record ticked");
    let count = webhook::Entity::find().count(&app.db).await.expect("count");
    assert_eq!(count, 0, "nothing registered");
}

#[tokio::test]
async fn only_administrators_manage_webhooks() {
    let app = TestApp::spawn().await;
    app.login_as(Role::Volunteer).await;
    assert_eq!(app.get("/admin/webhooks").await.status(), 403);
    let response = app
        .post_form(
            "/admin/webhooks",
            &[("url", "https://example.org/hook"), ("entities", "event")],
        )
        .await;
    assert_eq!(response.status(), 403);
}

/// `POST /api/v1/webhooks` with `body`, under `token`.
async fn subscribe(app: &TestApp, token: &str, body: serde_json::Value) -> reqwest::Response {
    send(
        app,
        reqwest::Method::POST,
        "/api/v1/webhooks",
        token,
        None,
        Some(body),
    )
    .await
}

/// The id of the webhook registered at `url`.
async fn webhook_at(app: &TestApp, url: &str) -> i32 {
    webhook::Entity::find()
        .filter(webhook::Column::Url.eq(url))
        .one(&app.db)
        .await
        .expect("query")
        .expect("the webhook")
        .id
}

#[tokio::test]
async fn a_test_is_sent_on_demand_signed_even_to_a_webhook_turned_off() {
    let app = TestApp::spawn_configured(harness_clock(), reaching_local_receivers).await;
    app.login_as(Role::Admin).await;
    let receiver = Receiver::start(0).await;
    let secret = register(&app, &receiver.url, &["event.created"]).await;
    let id = webhook_at(&app, &receiver.url).await;
    let page = app.get("/admin/webhooks").await.text().await.expect("page");
    assert!(
        page.contains(&format!("action=\"/admin/webhooks/{id}/test\"")),
        "each webhook has its test button"
    );
    let off = app
        .post_form(
            &format!("/admin/webhooks/{id}/active"),
            &[("active", "false")],
        )
        .await;
    assert_eq!(off.status(), 303);

    let sent = app
        .post_form(&format!("/admin/webhooks/{id}/test"), &[])
        .await;
    assert_eq!(sent.status(), 303, "back to the page, with a message");
    let got = settled(&receiver, 1).await;
    let test = got[0].json();
    assert_eq!(test["event"], "webhook.test");
    assert_eq!(test["entity"], "webhook");
    assert_eq!(test["id"], id);
    assert_eq!(test["data"]["test"], true);
    assert!(
        signature_holds(&got[0], &secret),
        "signed like any delivery"
    );
    assert!(
        eventually(async || delivered(&app).await == 1).await,
        "logged as delivered"
    );
    let page = app.get("/admin/webhooks").await.text().await.expect("page");
    assert!(page.contains("webhook.test"), "listed with the deliveries");

    // Turned off, it still hears no change.
    create_event(&app, "Journée d'étude", &[]).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.received().len(), 1, "nothing but the test");
    assert_eq!(
        app.post_form("/admin/webhooks/999999/test", &[])
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn a_paused_instance_queues_deliveries_sends_none_and_says_so() {
    let app = TestApp::spawn_configured(harness_clock(), |config| {
        reaching_local_receivers(config);
        config.webhooks_paused = true;
    })
    .await;
    app.login_as(Role::Admin).await;
    let receiver = Receiver::start(0).await;
    register(&app, &receiver.url, &["event.created"]).await;
    let id = webhook_at(&app, &receiver.url).await;
    let page = app.get("/admin/webhooks").await.text().await.expect("page");
    assert!(
        page.contains("RELAIS_WEBHOOKS_PAUSED"),
        "the page says why nothing goes"
    );
    create_event(&app, "Journée d'étude", &[]).await;
    let sent = app
        .post_form(&format!("/admin/webhooks/{id}/test"), &[])
        .await;
    assert_eq!(sent.status(), 303);
    assert_eq!(queued(&app).await.len(), 2, "the change and the test wait");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(receiver.received().is_empty(), "nothing sent");
    assert_eq!(delivered(&app).await, 0);
}

#[tokio::test]
async fn administrators_subscribe_test_and_remove_webhooks_through_the_api() {
    let app = TestApp::spawn_configured(harness_clock(), reaching_local_receivers).await;
    let (_, admin) = token_for(&app, Role::Admin, true).await;
    let (_, volunteer) = token_for(&app, Role::Volunteer, true).await;
    let receiver = Receiver::start(0).await;
    let body = serde_json::json!({
        "url": receiver.url,
        "description": "Canal de l'équipe",
        "events": ["interaction.created", "outreach.stage_changed"],
    });
    let refused = subscribe(&app, &volunteer, body.clone()).await;
    problem(refused, 403).await;

    let created = subscribe(&app, &admin, body).await;
    assert_eq!(created.status(), 201);
    let location = created
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("Location")
        .to_owned();
    let created: serde_json::Value = created.json().await.expect("json");
    let id = created["id"].as_i64().expect("id");
    assert_eq!(location, format!("/api/v1/webhooks/{id}"));
    let secret = created["secret"]
        .as_str()
        .expect("the secret, once")
        .to_owned();
    assert_eq!(
        created["events"],
        serde_json::json!(["interaction.created", "outreach.stage_changed"])
    );
    let stored = webhook::Entity::find_by_id(id as i32)
        .one(&app.db)
        .await
        .expect("query")
        .expect("stored");
    assert_eq!(stored.secret, secret);

    let listed: serde_json::Value = send(
        &app,
        reqwest::Method::GET,
        "/api/v1/webhooks",
        &admin,
        None,
        None,
    )
    .await
    .json()
    .await
    .expect("json");
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert!(
        listed[0].get("secret").is_none(),
        "the secret is not listed"
    );

    // The form's rules, fields named as the API names them.
    let bad = subscribe(
        &app,
        &admin,
        serde_json::json!({"url": "ftp://example.org/x", "events": ["organisation.exploded"]}),
    )
    .await;
    let bad = problem(bad, 422).await;
    field_message(&bad, "url");
    assert!(field_message(&bad, "events").contains("organisation.exploded"));

    let test = send(
        &app,
        reqwest::Method::POST,
        &format!("{location}/test"),
        &admin,
        None,
        None,
    )
    .await;
    assert_eq!(test.status(), 202);
    let queued: serde_json::Value = test.json().await.expect("json");
    let got = settled(&receiver, 1).await;
    assert_eq!(got[0].json()["event"], "webhook.test");
    assert_eq!(got[0].json()["delivery"], queued["delivery_id"]);
    assert!(signature_holds(&got[0], &secret));
    assert!(eventually(async || delivered(&app).await == 1).await);
    let read: serde_json::Value = send(&app, reqwest::Method::GET, &location, &admin, None, None)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(read["deliveries"][0]["event"], "webhook.test");
    assert_eq!(read["deliveries"][0]["state"], "delivered");

    let gone = send(&app, reqwest::Method::DELETE, &location, &admin, None, None).await;
    assert_eq!(gone.status(), 204);
    problem(
        send(&app, reqwest::Method::GET, &location, &admin, None, None).await,
        404,
    )
    .await;
    problem(
        send(
            &app,
            reqwest::Method::POST,
            &format!("{location}/test"),
            &admin,
            None,
            None,
        )
        .await,
        404,
    )
    .await;
}

#[tokio::test]
async fn relais_keeps_fifty_webhooks_at_most() {
    let app = TestApp::spawn().await;
    let (_, admin) = token_for(&app, Role::Admin, true).await;
    for n in 0..relais::webhooks::form::MAX_WEBHOOKS {
        let body = serde_json::json!({"url": format!("https://hooks.example.org/{n}"), "events": ["event"]});
        let response = subscribe(&app, &admin, body).await;
        assert_eq!(response.status(), 201);
    }
    let one_more = subscribe(
        &app,
        &admin,
        serde_json::json!({"url": "https://hooks.example.org/more", "events": ["event"]}),
    )
    .await;
    let refused = problem(one_more, 422).await;
    assert!(field_message(&refused, "url").contains("50"));
    let count = webhook::Entity::find().count(&app.db).await.expect("count");
    assert_eq!(count, relais::webhooks::form::MAX_WEBHOOKS);
}

/// Every delivery queued, oldest first.
async fn queued(app: &TestApp) -> Vec<webhook_delivery::Model> {
    webhook_delivery::Entity::find()
        .order_by_asc(webhook_delivery::Column::Id)
        .all(&app.db)
        .await
        .expect("deliveries")
}

/// Waits for `n` requests at the receiver, then a little more, and says
/// what it got (so a request too many is seen).
async fn settled(receiver: &Receiver, n: usize) -> Vec<Received> {
    assert!(
        eventually(async || receiver.received().len() >= n).await,
        "{n} deliveries expected, got {:?}",
        receiver.received()
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    receiver.received()
}

/// An application on a pinned day whose sender reaches 127.0.0.1, with an
/// administrator signed in (and the administrator's id).
async fn admin_app(day: chrono::NaiveDate) -> (TestApp, i32) {
    let app = TestApp::spawn_configured(
        relais::clock::Clock::starting_on(day),
        reaching_local_receivers,
    )
    .await;
    let admin = app.login_as(Role::Admin).await;
    (app, admin)
}

/// The seeded network's place in the seeded campaign (at "to contact").
async fn seeded_status(app: &TestApp) -> outreach_status::Model {
    let network = seeded_organisation(app, "parcours-numerique").await;
    outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(network.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("seeded status")
}

async fn reload_status(app: &TestApp, id: i32) -> outreach_status::Model {
    outreach_status::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("status")
}

/// Gives the card to `owner` (the board's card form), then moves it to
/// "contacted" (the board's stage form).
async fn change_owner_then_stage(app: &TestApp, status: &outreach_status::Model, owner: i32) {
    let response = app
        .post_form(
            &format!("/outreach/{}", status.id),
            &[
                ("owner", &owner.to_string()),
                ("priority", "high"),
                ("not_before", ""),
                ("version", &status.version.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "owner changed");
    let changed = reload_status(app, status.id).await;
    assert_eq!(changed.owner_id, Some(owner));
    let response = app
        .post_form(
            &format!("/outreach/{}/stage", status.id),
            &[
                ("stage", "contacted"),
                ("version", &changed.version.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "stage moved");
    assert_eq!(reload_status(app, status.id).await.stage, Stage::Contacted);
}

#[tokio::test]
async fn a_stage_change_subscription_hears_stage_moves_and_not_owner_changes() {
    let (app, admin) = admin_app(date(2026, 6, 10)).await;
    let receiver = Receiver::start(0).await;
    let secret = register(&app, &receiver.url, &["outreach.stage_changed"]).await;
    let status = seeded_status(&app).await;
    assert_eq!(status.stage, Stage::ToContact);

    change_owner_then_stage(&app, &status, admin).await;
    let got = settled(&receiver, 1).await;
    assert_eq!(got.len(), 1, "the stage move only: {got:?}");
    let moved = got[0].json();
    assert_eq!(moved["event"], "outreach.stage_changed");
    assert_eq!(got[0].header("relais-event"), "outreach.stage_changed");
    assert_eq!(moved["entity"], "outreach");
    assert_eq!(moved["id"], status.id);
    assert_eq!(
        moved["data"],
        serde_json::json!({"from": "to_contact", "to": "contacted"})
    );
    assert!(signature_holds(&got[0], &secret));
    // Queued with the change itself: nothing else was ever queued.
    let all = queued(&app).await;
    assert_eq!(all.len(), 1, "{all:?}");

    // The form lists events by kind; the page shows what it hears.
    let page = app.get_html("/admin/webhooks").await;
    assert!(page.contains(r#"value="outreach.stage_changed""#), "{page}");
    assert!(page.contains(r#"value="follow_up.due""#));
    assert!(page.contains("Suivi des campagnes"));
    assert!(page.contains("Prévenu pour : <code>outreach.stage_changed</code>"));
}

#[tokio::test]
async fn a_kind_alone_still_hears_every_event_of_that_kind() {
    let (app, admin) = admin_app(date(2026, 6, 10)).await;
    let receiver = Receiver::start(0).await;
    // Stored as webhooks were before events could be chosen.
    webhook::ActiveModel {
        url: Set(receiver.url.clone()),
        description: Set(String::new()),
        entities: Set("outreach".into()),
        secret: Set("0".repeat(64)),
        active: Set(true),
        created_by: Set(Some(admin)),
        created_at: Set(app.now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("old webhook");
    let status = seeded_status(&app).await;

    change_owner_then_stage(&app, &status, admin).await;
    let got = settled(&receiver, 3).await;
    let mut events: Vec<String> = got
        .iter()
        .map(|r| r.json()["event"].as_str().unwrap_or_default().to_owned())
        .collect();
    events.sort();
    assert_eq!(
        events,
        [
            "outreach.stage_changed",
            "outreach.updated",
            "outreach.updated"
        ],
        "the owner change, and the stage move twice (plain and specific)"
    );
    assert!(got.iter().all(|r| signature_holds(r, &"0".repeat(64))));
    let page = app.get_html("/admin/webhooks").await;
    assert!(
        page.contains("Suivi des campagnes : tous les événements"),
        "{page}"
    );

    // Ticking every event of a kind stores the kind (future events included).
    register(
        &app,
        "https://example.org/agenda",
        &[
            "event.created",
            "event.updated",
            "event.cancelled",
            "event.deleted",
            "kit.created",
        ],
    )
    .await;
    let stored = webhook::Entity::find()
        .filter(webhook::Column::Url.eq("https://example.org/agenda"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("registered");
    assert_eq!(stored.entities, "event,kit.created");
}

#[tokio::test]
async fn cancelling_a_date_is_told_as_event_cancelled() {
    let (app, _) = admin_app(date(2026, 6, 10)).await;
    let receiver = Receiver::start(0).await;
    register(&app, &receiver.url, &["event.cancelled"]).await;
    let id = create_event(&app, "Rencontre trimestrielle", &[]).await;
    let moved = app
        .post_form(
            &format!("/events/{id}/occurrences/2027-07-01T09:30:00"),
            &[
                ("action", "move"),
                ("start_date", "2027-07-08"),
                ("start_time", "14:00"),
                ("end_time", "16:00"),
                ("title", ""),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(moved.status(), 303, "a date moved");
    let cancelled = app
        .post_form(
            &format!("/events/{id}/occurrences/2027-04-01T09:30:00"),
            &[("action", "cancel"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(cancelled.status(), 303, "a date cancelled");

    let got = settled(&receiver, 1).await;
    assert_eq!(got.len(), 1, "the cancellation only: {got:?}");
    let body = got[0].json();
    assert_eq!(body["event"], "event.cancelled");
    assert_eq!(body["entity"], "event");
    assert_eq!(body["id"], id);
    assert_eq!(body["label"], "Rencontre trimestrielle");
    assert_eq!(
        body["data"],
        serde_json::json!({"occurrence": "2027-04-01T09:30:00"})
    );
    assert_eq!(queued(&app).await.len(), 1);
}

#[tokio::test]
async fn recording_a_sessions_attendance_is_told_once_as_held() {
    let (app, _) = admin_app(date(2026, 11, 25)).await;
    let receiver = Receiver::start(0).await;
    register(&app, &receiver.url, &["workshop_session.held"]).await;
    let kit = workshop_kit::Entity::find()
        .filter(workshop_kit::Column::SeedKey.eq("vie-privee-smartphone"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("seeded kit");
    let venue = seeded_organisation(&app, "rennes-comite-numerique").await;
    let (kit_id, venue_id) = (kit.id.to_string(), venue.id.to_string());
    let held_on = app.today().to_string();
    let fields = |attendance: &'static str| {
        vec![
            ("kit_id", kit_id.clone()),
            ("held_on", held_on.clone()),
            ("venue_id", venue_id.clone()),
            ("facilitator_id", String::new()),
            ("our_role", "none".to_owned()),
            ("attendance", attendance.to_owned()),
            ("feedback", String::new()),
            ("campaign_id", String::new()),
        ]
    };
    let post = async |path: &str, fields: Vec<(&'static str, String)>| {
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        app.post_form(path, &borrowed).await.status().as_u16()
    };

    // Planned: nobody has said it took place.
    assert_eq!(post("/workshops/sessions", fields("")).await, 303);
    let session = workshop_session::Entity::find()
        .order_by_desc(workshop_session::Column::Id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("session");
    let path = format!("/workshops/sessions/{}", session.id);
    let mut confirm = fields("9");
    confirm.push(("version", session.version.to_string()));
    assert_eq!(post(&path, confirm).await, 303, "attendance recorded");
    let mut corrected = fields("12");
    corrected.push(("version", (session.version + 1).to_string()));
    assert_eq!(post(&path, corrected).await, 303, "attendance corrected");

    let got = settled(&receiver, 1).await;
    assert_eq!(got.len(), 1, "held once: {got:?}");
    let body = got[0].json();
    assert_eq!(body["event"], "workshop_session.held");
    assert_eq!(body["id"], session.id);
    assert_eq!(body["data"], serde_json::json!({"attendance": 9}));
    assert_eq!(queued(&app).await.len(), 1);
}

/// A contact logged at `organisation` (with a person) whose follow-up is
/// due on `due`.
async fn follow_up(
    app: &TestApp,
    organisation: i32,
    person: Option<i32>,
    due: chrono::NaiveDate,
    done: bool,
) -> i32 {
    let now = app.now();
    interaction::ActiveModel {
        occurred_on: Set(app.today()),
        channel: Set(InteractionChannel::Phone),
        direction: Set(Direction::Outbound),
        user_id: Set(None),
        organisation_id: Set(Some(organisation)),
        person_id: Set(person),
        summary: Set("Appel à Zéphyrine Confidentielle".into()),
        follow_up_on: Set(Some(due)),
        follow_up_done: Set(done),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("interaction")
    .id
}

#[tokio::test]
async fn a_follow_up_falling_due_is_told_once_when_two_instances_look() {
    let (a, _) = admin_app(date(2026, 6, 10)).await;
    let b = a.peer_configured(reaching_local_receivers).await;
    let receiver = Receiver::start(0).await;
    let secret = register(&a, &receiver.url, &["follow_up.due"]).await;
    let org = seeded_organisation(&a, "parcours-numerique").await;
    let person = create_person(&a, "Zéphyrine Confidentielle", false).await;
    let tomorrow = date(2026, 6, 11);
    let mut due_tomorrow = Vec::new();
    for with_person in [Some(person), None, None] {
        due_tomorrow.push(follow_up(&a, org.id, with_person, tomorrow, false).await);
    }
    follow_up(&a, org.id, None, tomorrow, true).await;
    follow_up(&a, org.id, None, date(2026, 6, 14), false).await;

    // Today nothing is due: both senders look several times, find nothing.
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(receiver.received().is_empty());
    assert_eq!(queued(&a).await.len(), 0);

    // The next day, both instances' senders look, and so do four more
    // lookers at once through both connections.
    a.clock.advance(chrono::Duration::days(1));
    let now = a.now();
    let look = relais::webhooks::due::announce;
    let (n1, n2, n3, n4) = tokio::join!(
        look(&a.db, now),
        look(&b.db, now),
        look(&a.db, now),
        look(&b.db, now)
    );
    let by_test: u64 = [n1, n2, n3, n4]
        .into_iter()
        .map(|n| n.expect("looked"))
        .sum();
    assert!(by_test <= 3, "{by_test} queued by the test's lookers");

    let got = settled(&receiver, 3).await;
    assert_eq!(got.len(), 3, "one per follow-up: {got:?}");
    let mut told: Vec<i64> = got
        .iter()
        .map(|r| r.json()["id"].as_i64().unwrap_or_default())
        .collect();
    told.sort();
    assert_eq!(
        told,
        due_tomorrow
            .iter()
            .map(|id| i64::from(*id))
            .collect::<Vec<_>>()
    );
    for r in &got {
        let body = r.json();
        assert_eq!(body["event"], "follow_up.due");
        assert_eq!(body["entity"], "interaction");
        assert!(body["label"].is_null());
        assert!(body["actor_id"].is_null());
        assert_eq!(body["data"]["interaction_id"], body["id"]);
        assert_eq!(body["data"]["organisation_id"], org.id);
        assert_eq!(body["data"]["organisation_name"], org.name.as_str());
        assert_eq!(body["data"]["due_on"], "2026-06-11");
        let text = String::from_utf8_lossy(&r.body);
        assert!(!text.contains("Zéphyrine"), "no person, no summary: {text}");
        assert!(signature_holds(r, &secret));
    }
    assert_eq!(queued(&a).await.len(), 3);

    // Looking again, the day after, tells nothing twice.
    a.clock.advance(chrono::Duration::days(1));
    let again = relais::webhooks::due::announce(&b.db, a.now())
        .await
        .expect("looked");
    assert_eq!(again, 0);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(receiver.received().len(), 3);
    assert_eq!(queued(&a).await.len(), 3);
}
