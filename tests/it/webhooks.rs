//! Webhooks: registered by an administrator, told of changes with a signed
//! body that names no person, tried again when the receiver fails, sent
//! once when two instances share the database, never to a private address
//! unless the configuration allows it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use relais::config::Config;
use relais::entities::{Role, webhook, webhook_delivery};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use sha2::Sha256;

use crate::helpers::{TestApp, create_person, date, harness_clock};
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
    assert_eq!(response.status(), 200, "webhook registered");
    let page = response.text().await.expect("page");
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
        .find(|r| r.json()["event"] == "organisation.create")
        .expect("the organisation's creation");
    assert_eq!(organisation.json()["id"], org);
    assert_eq!(
        organisation.json()["label"],
        "Médiathèque des Champs Libres"
    );
    assert_eq!(organisation.header("relais-event"), "organisation.create");
    assert!(signature_holds(organisation, &secret), "signature checks");
    assert!(
        !signature_holds(organisation, &"0".repeat(64)),
        "another secret does not"
    );

    let created = got
        .iter()
        .find(|r| r.json()["event"] == "person.create")
        .expect("the person's creation");
    assert_eq!(created.json()["id"], person);
    assert!(created.json()["label"].is_null(), "no name for a person");
    let body = String::from_utf8_lossy(&created.body);
    assert!(!body.contains("Camille"), "a person's name left: {body}");
    assert!(signature_holds(created, &secret));

    // The page lists the deliveries as received.
    let page = app.get_html("/admin/webhooks").await;
    assert!(page.contains("organisation.create"), "{page}");
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
