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
pub(crate) async fn eventually<F: AsyncFn() -> bool>(check: F) -> bool {
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
pub(crate) async fn create_organisation(app: &TestApp, name: &str) -> i32 {
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

#[tokio::test]
async fn the_directory_list_shows_changes_made_anywhere_once_and_for_all() {
    let a = TestApp::spawn().await;
    a.login_as(Role::Volunteer).await;
    let mut b = a.peer().await;
    b.client = a.client.clone();
    let list = "/organisations?name=Z%C3%A9phyrine";
    // Both instances have read (and kept) the list without it.
    for app in [&a, &b] {
        assert!(!app.get_html(list).await.contains("Médiathèque Zéphyrine"));
    }

    let id = create_organisation(&a, "Médiathèque Zéphyrine").await;
    assert!(
        a.get_html(list).await.contains("Médiathèque Zéphyrine"),
        "the instance that wrote shows it at once"
    );
    assert!(
        eventually(async || b.get_html(list).await.contains("Médiathèque Zéphyrine")).await,
        "the other instance never showed the new organisation"
    );

    // A write that goes round the application (a script on the database)
    // moves the stamp too: the triggers see every write.
    organisation::Entity::update_many()
        .col_expr(
            organisation::Column::Name,
            sea_orm::sea_query::Expr::value("Médiathèque Zéphyrine-Plage"),
        )
        .filter(organisation::Column::Id.eq(id))
        .exec(&a.db)
        .await
        .expect("renamed");
    for app in [&a, &b] {
        assert!(
            eventually(async || app.get_html(list).await.contains("Zéphyrine-Plage")).await,
            "{} kept the old name",
            app.address
        );
    }
}

/// Starts an instance searching with Meilisearch's index `uid`.
async fn meili_instance(
    url: &str,
    key: Option<&str>,
    uid: &str,
    database: &crate::helpers::DatabaseAddress,
    clock: &relais::clock::Clock,
) -> TestApp {
    let dir = tempfile::tempdir().expect("data dir");
    let db = database.connect().await;
    let mut config = relais::config::Config::for_data_dir(dir.path());
    config.bind = "127.0.0.1:0".parse().expect("address");
    config.clock = clock.clone();
    config.meili_url = Some(url.to_owned());
    config.meili_master_key = key.map(str::to_owned);
    config.meili_index = uid.to_owned();
    let app = relais::app::Application::build_with_db(config, db.clone())
        .await
        .expect("starts");
    let address = format!("http://{}", app.local_addr().expect("address"));
    tokio::spawn(app.run_until(std::future::pending()));
    TestApp::attach(address, db, dir, clock.clone())
}

#[tokio::test]
async fn with_meilisearch_two_instances_share_one_index_and_one_reader() {
    let Ok(url) = std::env::var("MEILI_URL") else {
        println!("note: MEILI_URL not set: the two-instance test on Meilisearch is skipped");
        return;
    };
    let key = std::env::var("MEILI_MASTER_KEY").ok();
    let uid = format!("relais_instances_{}", std::process::id());
    let dir = tempfile::tempdir().expect("dir");
    let database = crate::helpers::fresh_database_address(&dir).await;
    let clock = crate::helpers::harness_clock();
    let a = meili_instance(&url, key.as_deref(), &uid, &database, &clock).await;
    a.login_as(Role::Volunteer).await;
    let mut b = meili_instance(&url, key.as_deref(), &uid, &database, &clock).await;
    b.client = a.client.clone();

    let from_a = create_organisation(&a, "Médiathèque Zéphyrine").await;
    let from_b = create_organisation(&b, "Ludothèque Quasimodo").await;
    for (app, text, id) in [(&b, "zephyrine", from_a), (&a, "quasimodo", from_b)] {
        let url = format!("/organisations/{id}");
        assert!(
            eventually(async || found(app, text).await.contains(&url)).await,
            "{text} not found through {}",
            app.address
        );
    }
    let consumers = search_consumer::Entity::find()
        .all(&a.db)
        .await
        .expect("consumers");
    assert_eq!(
        consumers
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        [format!("meilisearch:{uid}").as_str()],
        "one reader of the log for the shared index"
    );
    relais::search::meili::MeiliEngine::connect(&url, key.as_deref(), &uid)
        .expect("client")
        .drop_index()
        .await
        .expect("cleanup");
}

#[tokio::test]
async fn an_entry_committed_late_is_placed_after_those_already_sequenced() {
    let dir = tempfile::tempdir().expect("dir");
    let database = crate::helpers::fresh_database_address(&dir).await;
    let db = database.connect().await;
    if db.get_database_backend() != sea_orm::DbBackend::Postgres {
        println!("note: on SQLite writes commit in id order; this case needs PostgreSQL");
        return;
    }
    relais::db::migrate(&db).await.expect("migrated");
    use relais::search::outbox::enqueue;
    use sea_orm::{ConnectionTrait, TransactionTrait};
    // A long write takes its id first, a short one commits before it.
    let slow = db.begin().await.expect("transaction");
    enqueue(&slow, EntityKind::Organisation, 1, OutboxOp::Upsert)
        .await
        .expect("slow entry");
    let other = database.connect().await;
    enqueue(&other, EntityKind::Organisation, 2, OutboxOp::Upsert)
        .await
        .expect("quick entry");
    relais::search::worker::sequence(&other)
        .await
        .expect("sequenced");
    slow.commit().await.expect("committed");
    relais::search::worker::sequence(&other)
        .await
        .expect("sequenced again");

    let position_of = async |record: i32| {
        outbox_entry::Entity::find()
            .filter(outbox_entry::Column::EntityId.eq(record))
            .one(&db)
            .await
            .expect("query")
            .and_then(|e| e.position)
            .expect("positioned")
    };
    let (quick, late) = (position_of(2).await, position_of(1).await);
    assert!(
        late > quick,
        "a reader that passed {quick} must still find the late entry (got {late})"
    );
}
