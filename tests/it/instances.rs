//! Several instances on one database, as behind a load balancer: each test
//! starts two real servers on one database (PostgreSQL when the suite runs
//! on it), each with its own connection pool, data directory and embedded
//! search index, and checks what one does is seen through the other.

use std::time::Duration;

use relais::entities::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{PASSWORD, TestApp};
use crate::search::search_backlog;

/// How long a change may take to reach the other instance (the session
/// cache polls every second; the search worker ticks twice a second).
const PATIENCE: Duration = Duration::from_secs(15);

/// Polls `check` until it holds or [`PATIENCE`] runs out; says whether it held.
async fn eventually<F: AsyncFn() -> bool>(check: F) -> bool {
    let started = std::time::Instant::now();
    while started.elapsed() < PATIENCE {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// A browser that sends only the given session cookie (and keeps nothing
/// the server answers), like a copy of a cookie taken before a logout.
fn browser_with_session(token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::COOKIE,
        format!("relais_session={token}")
            .parse()
            .expect("cookie header"),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client")
}

async fn status_of(client: &reqwest::Client, url: String) -> u16 {
    client
        .get(url)
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_session_opened_on_one_instance_works_on_the_other_and_ends_on_both() {
    let a = TestApp::spawn().await;
    let b = a.peer().await;
    a.create_user(Role::Volunteer).await;
    let response = a
        .post_form(
            "/login",
            &[
                ("email", "volunteer@example.org"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "signed in on A");
    let token = response
        .cookies()
        .find(|c| c.name() == "relais_session")
        .expect("a session cookie")
        .value()
        .to_owned();
    let copy = browser_with_session(&token);
    assert_eq!(
        status_of(&copy, b.url("/organisations")).await,
        200,
        "B knows the session A opened"
    );
    // Seen once more on B, so B has it in memory when it ends.
    assert_eq!(status_of(&copy, b.url("/people")).await, 200);

    let response = a.post_form("/logout", &[]).await;
    assert_eq!(response.status(), 303, "signed out on A");
    assert_eq!(
        status_of(&copy, a.url("/organisations")).await,
        303,
        "A refuses the old cookie at once"
    );
    assert!(
        eventually(async || status_of(&copy, b.url("/organisations")).await == 303).await,
        "B never noticed the logout on A"
    );
}

#[tokio::test]
async fn disabling_an_account_on_one_instance_ends_its_sessions_on_the_other() {
    let a = TestApp::spawn().await;
    let b = a.peer().await;
    let volunteer = a.login_as(Role::Volunteer).await;
    let mut volunteer_on_b = b.with_new_client();
    volunteer_on_b.client = a.client.clone();
    assert_eq!(volunteer_on_b.get("/organisations").await.status(), 200);

    let admin = a.with_new_client();
    admin.login_as(Role::Admin).await;
    let version = user::Entity::find_by_id(volunteer)
        .one(&a.db)
        .await
        .expect("query")
        .expect("user")
        .version
        .to_string();
    let response = admin
        .post_form(
            &format!("/admin/users/{volunteer}"),
            &[("role", "volunteer"), ("version", &version)],
        )
        .await;
    assert_eq!(response.status(), 303, "disabled on A");
    assert!(
        eventually(async || volunteer_on_b.get("/organisations").await.status() == 303).await,
        "B still serves a disabled account"
    );
}

/// Creates an organisation through `app`'s HTTP form; returns its id.
async fn create_organisation(app: &TestApp, name: &str) -> i32 {
    let form = crate::directory::valid_form(name);
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = app.post_form("/organisations", &fields).await;
    assert_eq!(response.status(), 303, "{name} created");
    organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(&app.db)
        .await
        .expect("query")
        .expect("created")
        .id
}

/// The organisation ids `app`'s search finds for `text`.
async fn found(app: &TestApp, text: &str) -> Vec<String> {
    let response = app
        .client
        .get(app.url(&format!("/search?q={text}")))
        .header("Accept", "application/json")
        .send()
        .await
        .expect("request");
    if response.status() != 200 {
        return Vec::new();
    }
    let body: serde_json::Value = response.json().await.expect("json");
    body["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .filter_map(|h| h["url"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn each_instance_finds_what_was_written_through_the_other() {
    let a = TestApp::spawn().await;
    a.login_as(Role::Volunteer).await;
    let mut b = a.peer().await;
    b.client = a.client.clone();

    let from_a = create_organisation(&a, "Médiathèque Zéphyrine").await;
    let from_b = create_organisation(&b, "Ludothèque Quasimodo").await;
    for (app, text, id) in [
        (&b, "zephyrine", from_a),
        (&a, "quasimodo", from_b),
        (&a, "zephyrine", from_a),
        (&b, "quasimodo", from_b),
    ] {
        let url = format!("/organisations/{id}");
        assert!(
            eventually(async || found(app, text).await.contains(&url)).await,
            "{text} not found through {}",
            app.address
        );
    }
    // Both have applied everything, and the log is theirs to prune.
    for app in [&a, &b] {
        assert!(
            eventually(async || search_backlog(app).await["pending"] == 0).await,
            "{} still has changes to apply",
            app.address
        );
    }
    let consumers = search_consumer::Entity::find()
        .all(&a.db)
        .await
        .expect("consumers");
    assert_eq!(
        consumers.len(),
        2,
        "one reader of the log per embedded index"
    );
    relais::search::worker::prune(&a.db).await.expect("prune");
    let lowest = consumers.iter().map(|c| c.position).min().expect("two");
    let left = outbox_entry::Entity::find()
        .all(&a.db)
        .await
        .expect("entries");
    assert!(
        left.iter().all(|e| e.position.is_none_or(|p| p > lowest)),
        "entries every instance has applied are pruned"
    );
}
