//! The JSON API: personal tokens (missing, read-only, revoked, expired,
//! disabled user, rate limit), RFC 9457 problems in the client's language,
//! optimistic locking with ETag / If-Match, cursor pagination, and the
//! OpenAPI document.

use relais::api::tokens::{self, NewToken};
use relais::app::Application;
use relais::config::Config;
use relais::entities::{
    AuditAction, EntityKind, OrgKind, Role, Scope, api_token, audit_entry, organisation, user,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::helpers::{TestApp, fresh_database, harness_clock};

const LIST: &str = "/api/v1/organisations";

/// A token for a new account of `role` (`<role>@example.org`).
pub(crate) async fn token_for(app: &TestApp, role: Role, can_write: bool) -> (i32, String) {
    let user_id = app.create_user(role).await;
    let (_, secret) = app
        .clock
        .scope(tokens::create(
            &app.db,
            user_id,
            &NewToken {
                name: format!("script {role}"),
                can_write,
                expires_in_days: None,
            },
        ))
        .await
        .expect("token created");
    (user_id, secret)
}

/// A client that keeps no cookie: the API never needs one.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

fn get(app: &TestApp, path: &str, token: &str) -> reqwest::RequestBuilder {
    client().get(app.url(path)).bearer_auth(token)
}

pub(crate) async fn problem(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status(), status);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = response.json().await.expect("problem body");
    assert_eq!(body["status"], status);
    assert!(body["title"].is_string() && body["type"].is_string());
    body
}

fn etag(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("ETag")
        .to_owned()
}

async fn create(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    client()
        .post(app.url(LIST))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn requests_without_a_valid_token_are_refused_even_with_a_session() {
    let app = TestApp::spawn_as(Role::Admin).await;
    let response = client().get(app.url(LIST)).send().await.expect("request");
    assert_eq!(
        response
            .headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer")
    );
    let body = problem(response, 401).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("Bearer")
    );
    let response = get(&app, LIST, "relais_0000")
        .send()
        .await
        .expect("request");
    problem(response, 401).await;
    // The signed-in browser's cookie is no key to the API.
    let response = app.client.get(app.url(LIST)).send().await.expect("request");
    problem(response, 401).await;
    // …nor a way around CSRF: a write with the session cookie is refused too.
    let response = app
        .client
        .post(app.url(LIST))
        .json(&json!({"name": "Par cookie", "kind": "library"}))
        .send()
        .await
        .expect("request");
    problem(response, 401).await;
}

#[tokio::test]
async fn a_read_only_token_reads_but_is_refused_on_writes() {
    let app = TestApp::spawn().await;
    let (_, token) = token_for(&app, Role::Volunteer, false).await;
    let response = get(&app, LIST, &token).send().await.expect("request");
    assert_eq!(response.status(), 200);
    let response = create(&app, &token, json!({"name": "Lecture", "kind": "library"})).await;
    let body = problem(response, 403).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("lecture seule")
    );
    // A viewer's token may not write whatever the token says.
    let (_, viewer) = token_for(&app, Role::Viewer, true).await;
    let response = create(&app, &viewer, json!({"name": "Lecture", "kind": "library"})).await;
    problem(response, 403).await;
}

#[tokio::test]
async fn revoked_expired_and_disabled_users_tokens_stop_at_once() {
    let app = TestApp::spawn().await;
    let user_id = app.login_as(Role::Volunteer).await;
    // Created on the account page: shown once.
    let response = app
        .post_form(
            "/account/tokens",
            &[("name", "Tableur"), ("can_write", "on")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.expect("page");
    let start = page.find("relais_").expect("the token is shown");
    let secret: String = page[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    assert_eq!(secret.len(), "relais_".len() + 64);
    let stored = api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("stored");
    assert!(stored.can_write);
    assert_ne!(stored.digest, secret, "only a digest is stored");
    assert_eq!(
        get(&app, LIST, &secret).send().await.expect("r").status(),
        200
    );
    let page = app.get_html("/account/tokens").await;
    assert!(
        page.contains("Tableur") && !page.contains(&secret),
        "never shown again"
    );
    let used = api_token::Entity::find_by_id(stored.id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("row");
    assert!(used.last_used_at.is_some(), "its last use is recorded");

    // Revoked from the account page.
    let response = app
        .post_form(&format!("/account/tokens/{}/revoke", stored.id), &[])
        .await;
    assert_eq!(response.status(), 303);
    problem(get(&app, LIST, &secret).send().await.expect("r"), 401).await;

    // Expired.
    // Made on the server's clock, as the account page would.
    let (_, secret) = app
        .clock
        .scope(tokens::create(
            &app.db,
            user_id,
            &NewToken {
                name: "court".into(),
                can_write: false,
                expires_in_days: Some(1),
            },
        ))
        .await
        .expect("token");
    assert_eq!(
        get(&app, LIST, &secret).send().await.expect("r").status(),
        200
    );
    let row = api_token::Entity::find()
        .filter(api_token::Column::Name.eq("court"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("row");
    let mut row: api_token::ActiveModel = row.into();
    row.expires_at = Set(Some(app.now() - chrono::Duration::minutes(1)));
    row.update(&app.db).await.expect("expired");
    problem(get(&app, LIST, &secret).send().await.expect("r"), 401).await;

    // A disabled user's tokens stop with the account.
    let (other_id, other) = token_for(&app, Role::Viewer, false).await;
    assert_eq!(
        get(&app, LIST, &other).send().await.expect("r").status(),
        200
    );
    let account = user::Entity::find_by_id(other_id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("user");
    let mut account: user::ActiveModel = account.into();
    account.active = Set(false);
    account.update(&app.db).await.expect("disabled");
    problem(get(&app, LIST, &other).send().await.expect("r"), 401).await;
}

#[tokio::test]
async fn a_token_over_its_allowance_is_told_when_to_come_back() {
    let data_dir = tempfile::tempdir().expect("data directory");
    let db = fresh_database(&data_dir).await;
    let clock = harness_clock();
    let mut config = Config::for_data_dir(data_dir.path());
    config.bind = "127.0.0.1:0".parse().expect("address");
    config.clock = clock.clone();
    config.api_requests_per_minute = 3;
    let server = Application::build_with_db(config, db.clone())
        .await
        .expect("application starts");
    let address = format!("http://{}", server.local_addr().expect("address"));
    tokio::spawn(server.run_until(std::future::pending()));
    let app = TestApp::attach(address, db, data_dir, clock);
    let (_, token) = token_for(&app, Role::Viewer, false).await;
    // Three a minute: within eight requests (whatever minute they fall
    // in) one is refused.
    let mut refused = None;
    for _ in 0..8 {
        let response = get(&app, LIST, &token).send().await.expect("request");
        if response.status() == 429 {
            refused = Some(response);
            break;
        }
        assert_eq!(response.status(), 200);
    }
    let response = refused.expect("the allowance is enforced");
    let retry: i64 = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=61).contains(&retry), "{retry}");
    problem(response, 429).await;
}

#[tokio::test]
async fn a_change_from_a_stale_version_is_refused_with_the_current_record() {
    let app = TestApp::spawn().await;
    let (user_id, token) = token_for(&app, Role::Volunteer, true).await;
    let browser = app.with_new_client();
    browser.login_as(Role::Admin).await;
    let page = browser.get_html("/organisations?name=Lormont").await;
    assert!(!page.contains("Médiathèque de Lormont"));
    let response = create(
        &app,
        &token,
        json!({"name": "Médiathèque de Lormont", "kind": "library", "departement_code": "33",
               "tags": ["réseau"], "channels": [{"kind": "email", "address": "contact@lormont.example"}]}),
    )
    .await;
    assert_eq!(response.status(), 201);
    assert_eq!(etag(&response), "\"1\"");
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("Location")
        .to_owned();
    let created: Value = response.json().await.expect("json");
    assert_eq!(
        created["region_code"], "75",
        "the form's rule fills the région"
    );
    assert_eq!(created["tags"], json!(["réseau"]));
    assert_eq!(created["channels"][0]["kind"], "email");
    let id = created["id"].as_i64().expect("id") as i32;
    assert_eq!(location, format!("{LIST}/{id}"));
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::EntityId.eq(id))
        .filter(audit_entry::Column::UserId.eq(user_id))
        .all(&app.db)
        .await
        .expect("query");
    assert_eq!(audited.len(), 1, "the same audit entry as the form");
    // The directory's list, seen before, shows it at once.
    let page = browser.get_html("/organisations?name=Lormont").await;
    assert!(page.contains("Médiathèque de Lormont"), "listed at once");

    let put = |version: Option<&str>, name: &str| {
        let mut request = client()
            .put(app.url(&location))
            .bearer_auth(&token)
            .json(&json!({"name": name, "kind": "library"}));
        if let Some(version) = version {
            request = request.header("If-Match", version);
        }
        request.send()
    };
    problem(put(None, "Sans version").await.expect("r"), 428).await;
    let response = put(Some("\"1\""), "Médiathèque Bois-Fleuri")
        .await
        .expect("r");
    assert_eq!(response.status(), 200);
    assert_eq!(etag(&response), "\"2\"");
    // A second editor still holding version 1.
    let body = problem(put(Some("\"1\""), "Écrasé").await.expect("r"), 412).await;
    assert_eq!(body["current"]["version"], 2);
    assert_eq!(body["current"]["name"], "Médiathèque Bois-Fleuri");
    let response = get(&app, &location, &token).send().await.expect("r");
    assert_eq!(etag(&response), "\"2\"");

    let delete = |version: &str| {
        client()
            .delete(app.url(&location))
            .bearer_auth(&token)
            .header("If-Match", version)
            .send()
    };
    problem(delete("\"1\"").await.expect("r"), 412).await;
    assert_eq!(delete("\"2\"").await.expect("r").status(), 204);
    problem(get(&app, &location, &token).send().await.expect("r"), 404).await;
}

#[tokio::test]
async fn pages_walk_250_organisations_once_each_with_the_directory_filters() {
    let app = TestApp::spawn().await;
    let (_, token) = token_for(&app, Role::Viewer, false).await;
    let now = app.now();
    let rows = (0..250).map(|i| organisation::ActiveModel {
        name: Set(format!("Paginée {i:03}")),
        sort_name: Set(Some(format!("paginee {i:03}"))),
        kind: Set(OrgKind::Library),
        scope: Set(Scope::Local),
        region_code: Set(Some(if i % 5 == 0 { "75" } else { "84" }.to_owned())),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    });
    organisation::Entity::insert_many(rows)
        .exec_without_returning(&app.db)
        .await
        .expect("organisations");

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut path = format!("{LIST}?name=Pagin&limit=100");
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={cursor}"));
        }
        let page: Value = get(&app, &path, &token)
            .send()
            .await
            .expect("r")
            .json()
            .await
            .expect("json");
        pages += 1;
        for item in page["items"].as_array().expect("items") {
            seen.push(item["id"].as_i64().expect("id"));
        }
        match page["next"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
        assert!(pages < 10, "the pages end");
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 250);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 250, "no organisation twice");

    let page: Value = get(
        &app,
        &format!("{LIST}?name=Pagin&region=75&limit=200"),
        &token,
    )
    .send()
    .await
    .expect("r")
    .json()
    .await
    .expect("json");
    assert_eq!(page["items"].as_array().expect("items").len(), 50);
    assert!(page["next"].is_null());

    let body = problem(
        get(&app, &format!("{LIST}?kind=castle&limit=0"), &token)
            .send()
            .await
            .expect("r"),
        422,
    )
    .await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["kind", "limit"]);
}

#[tokio::test]
async fn refused_fields_are_named_in_the_language_asked_for() {
    let app = TestApp::spawn().await;
    let (_, token) = token_for(&app, Role::Volunteer, true).await;
    let body = json!({"name": " ", "kind": "castle", "latitude": 120.0,
                      "channels": [{"kind": "pigeon", "address": "x"}]});
    for (language, required) in [
        ("fr-FR,fr;q=0.9", "Ce champ est obligatoire."),
        ("en-GB,en;q=0.8", "This field is required."),
    ] {
        let response = client()
            .post(app.url(LIST))
            .bearer_auth(&token)
            .header("Accept-Language", language)
            .json(&body)
            .send()
            .await
            .expect("request");
        let problem = problem(response, 422).await;
        let errors = problem["errors"].as_array().expect("errors");
        let message = |field: &str| {
            errors
                .iter()
                .find(|e| e["field"] == field)
                .and_then(|e| e["message"].as_str())
                .unwrap_or_else(|| panic!("{field} named in {errors:?}"))
                .to_owned()
        };
        assert_eq!(message("name"), required, "{language}");
        message("kind");
        message("latitude");
        message("channels[0].kind");
    }
    // A value of the wrong type names its field too.
    let response = create(
        &app,
        &token,
        json!({"name": "X", "kind": "library", "latitude": "nord"}),
    )
    .await;
    let problem = problem(response, 422).await;
    assert_eq!(problem["errors"][0]["field"], "latitude");
    // Nothing was written.
    let response = get(&app, &format!("{LIST}?name=X"), &token)
        .send()
        .await
        .expect("r");
    let page: Value = response.json().await.expect("json");
    assert!(page["items"].as_array().expect("items").is_empty());
}

#[tokio::test]
async fn the_openapi_document_describes_every_operation_and_administrators_read_it() {
    let app = TestApp::spawn().await;
    let response = client()
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let document: Value = response.json().await.expect("json");
    assert!(
        document["openapi"]
            .as_str()
            .expect("version")
            .starts_with("3.1")
    );
    let paths = document["paths"].as_object().expect("paths");
    for (path, methods) in [
        ("/api/v1/organisations", &["get", "post"][..]),
        ("/api/v1/organisations/{id}", &["get", "put", "delete"][..]),
        ("/api/v1/search", &["get"][..]),
        ("/api/v1/people", &["get"][..]),
        ("/api/v1/people/{id}", &["get"][..]),
    ] {
        for method in methods {
            assert!(paths[path][*method].is_object(), "{method} {path}");
        }
    }
    // Every route the API declares is in the document.
    for (method, path) in relais::app::routes().declared() {
        if path.starts_with("/api/v1/") && *path != "/api/v1/openapi.json" {
            let method = method.as_str().to_lowercase();
            assert!(
                paths[*path][&method].is_object(),
                "{method} {path} documented"
            );
        }
    }
    assert!(document["components"]["securitySchemes"]["bearer"].is_object());

    app.login_as(Role::Admin).await;
    let page = app.get_html("/admin/api").await;
    assert!(page.contains("/api/v1/organisations/{id}") && page.contains("PUT"));
    let volunteer = app.with_new_client();
    volunteer.login_as(Role::Volunteer).await;
    assert_eq!(volunteer.get("/admin/api").await.status(), 403);
}

/// Waits until the app's search sees every change written so far.
async fn search_caught_up(app: &TestApp) {
    for _ in 0..150 {
        if crate::search::search_backlog(app).await["pending"] == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("search did not catch up");
}

#[tokio::test]
async fn search_answers_with_the_pages_contract_facets_and_a_cursor() {
    let app = TestApp::spawn().await;
    let (_, token) = token_for(&app, Role::Volunteer, true).await;
    for (name, departement) in [
        ("Médiathèque Zéphyrine de Vitré", "35"),
        ("Médiathèque Zéphyrine de Redon", "35"),
        ("Médiathèque Zéphyrine de Lormont", "33"),
    ] {
        let response = create(
            &app,
            &token,
            json!({"name": name, "kind": "library", "departement_code": departement}),
        )
        .await;
        assert_eq!(response.status(), 201, "{name}");
    }
    search_caught_up(&app).await;

    // Accents left out and a typo, as on the page; below, the last word
    // as a prefix.
    let response = get(
        &app,
        "/api/v1/search?q=zephirine&type=organisation&limit=2",
        &token,
    )
    .send()
    .await
    .expect("request");
    assert_eq!(response.status(), 200);
    let first: Value = response.json().await.expect("json");
    assert_eq!(first["total"], 3);
    assert_eq!(first["hits"].as_array().expect("hits").len(), 2);
    let departements = first["facets"]["departement"].as_array().expect("facet");
    let count_of = |code: &str| {
        departements
            .iter()
            .find(|v| v["value"] == code)
            .map(|v| v["count"].clone())
    };
    assert_eq!(count_of("35"), Some(json!(2)));
    assert_eq!(count_of("33"), Some(json!(1)));
    let next = first["next"].as_str().expect("a next page");

    let second: Value = get(
        &app,
        &format!("/api/v1/search?q=zephirine&type=organisation&limit=2&cursor={next}"),
        &token,
    )
    .send()
    .await
    .expect("request")
    .json()
    .await
    .expect("json");
    let hits = second["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 1);
    assert!(second["next"].is_null(), "last page");
    let seen: std::collections::HashSet<&str> = first["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .chain(hits)
        .filter_map(|h| h["title"].as_str())
        .collect();
    assert_eq!(seen.len(), 3, "each hit once: {seen:?}");

    // A filter narrows; a refused parameter is named.
    let narrowed: Value = get(&app, "/api/v1/search?q=zephyr&departement=33", &token)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(narrowed["total"], 1);
    assert_eq!(
        narrowed["hits"][0]["title"],
        "Médiathèque Zéphyrine de Lormont"
    );
    let refused = problem(
        get(&app, "/api/v1/search?q=x&limit=500", &token)
            .send()
            .await
            .expect("request"),
        422,
    )
    .await;
    assert_eq!(refused["errors"][0]["field"], "limit");
}

#[tokio::test]
async fn people_are_listed_and_read_and_an_erased_person_is_gone_from_every_endpoint() {
    let app = TestApp::spawn().await;
    app.login_as(Role::Admin).await;
    let (_, token) = token_for(&app, Role::Viewer, false).await;
    let kept = crate::helpers::create_person(&app, "Ariane Passerelle", false).await;
    let erased = crate::helpers::create_person(&app, "Zéphyrine Oubliée", false).await;

    let read = get(&app, &format!("/api/v1/people/{erased}"), &token)
        .send()
        .await
        .expect("request");
    assert_eq!(read.status(), 200);
    assert_eq!(etag(&read), "\"1\"");
    let body: Value = read.json().await.expect("json");
    assert_eq!(body["full_name"], "Zéphyrine Oubliée");
    assert_eq!(body["lawful_basis"], "legitimate_interest");
    assert!(body["memberships"].is_array());

    // Pages of one: everyone once, in the order of creation.
    let mut names = Vec::new();
    let mut path = "/api/v1/people?limit=1".to_owned();
    loop {
        let page: Value = get(&app, &path, &token)
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json");
        for p in page["items"].as_array().expect("items") {
            names.push(p["full_name"].as_str().expect("name").to_owned());
        }
        match page["next"].as_str() {
            Some(next) => path = format!("/api/v1/people?limit=1&cursor={next}"),
            None => break,
        }
    }
    assert!(names.contains(&"Zéphyrine Oubliée".to_owned()), "{names:?}");
    let filtered: Value = get(&app, "/api/v1/people?name=passerelle", &token)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(filtered["items"][0]["id"], kept);
    assert_eq!(filtered["items"].as_array().expect("items").len(), 1);

    let response = app
        .post_form(
            &format!("/people/{erased}/erase"),
            &[("confirm", "EFFACER")],
        )
        .await;
    assert_eq!(response.status(), 200, "erased");
    search_caught_up(&app).await;

    problem(
        get(&app, &format!("/api/v1/people/{erased}"), &token)
            .send()
            .await
            .expect("request"),
        404,
    )
    .await;
    for path in [
        "/api/v1/people?limit=200",
        "/api/v1/people?name=oubli",
        "/api/v1/search?q=zephyrine",
    ] {
        let text = get(&app, path, &token)
            .send()
            .await
            .expect("request")
            .text()
            .await
            .expect("body")
            .to_lowercase();
        assert!(
            !text.contains("zéphyrine") && !text.contains("oubliée"),
            "{path} still names the erased person: {text}"
        );
    }
}

#[tokio::test]
async fn a_mailing_lists_audience_is_written_with_its_source_and_read_as_its_reach() {
    let app = TestApp::spawn().await;
    let (_, token) = token_for(&app, Role::Volunteer, true).await;
    let refused = problem(
        create(
            &app,
            &token,
            json!({"name": "Liste des médiateurs bretons", "kind": "mailing_list",
                   "audience_estimate": 1200}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(refused["errors"][0]["field"], "audience_source");

    let created = create(
        &app,
        &token,
        json!({"name": "Liste des médiateurs bretons", "kind": "mailing_list",
               "audience_estimate": 1200, "audience_source": "Page d'inscription, mars 2026"}),
    )
    .await;
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.expect("json");
    assert_eq!(body["audience_estimate"], 1200);
    assert_eq!(body["audience_source"], "Page d'inscription, mars 2026");
    assert_eq!(body["reach"], 1200, "a list reaches its readers");

    // A replacement that leaves the audience out keeps it.
    let id = body["id"].as_i64().expect("id");
    let replaced = client()
        .put(app.url(&format!("{LIST}/{id}")))
        .bearer_auth(&token)
        .header("If-Match", "\"1\"")
        .json(&json!({"name": "Liste des médiateurs de Bretagne", "kind": "mailing_list"}))
        .send()
        .await
        .expect("request");
    assert_eq!(replaced.status(), 200);
    let body: Value = replaced.json().await.expect("json");
    assert_eq!(body["audience_estimate"], 1200);
    assert_eq!(body["reach"], 1200);
}

/// The audit actions recorded for one record, oldest first.
async fn audit_actions(app: &TestApp, entity: EntityKind, id: i64) -> Vec<AuditAction> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(entity))
        .filter(audit_entry::Column::EntityId.eq(id as i32))
        .all(&app.db)
        .await
        .expect("audit query")
        .into_iter()
        .map(|e| e.action)
        .collect()
}

/// A request of `method` on `path` with a JSON body, in `language`, with
/// `If-Match` when a version is given.
pub(crate) async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    if_match: Option<&str>,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = client().request(method, app.url(path)).bearer_auth(token);
    if let Some(version) = if_match {
        request = request.header("If-Match", version);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("request")
}

/// The message a problem gives for `field`.
pub(crate) fn field_message(problem: &Value, field: &str) -> String {
    problem["errors"]
        .as_array()
        .and_then(|errors| errors.iter().find(|e| e["field"] == field))
        .and_then(|e| e["message"].as_str())
        .unwrap_or_else(|| panic!("{field} named in {problem}"))
        .to_owned()
}

/// Another token of an existing account.
async fn token_of(app: &TestApp, user_id: i32, can_write: bool) -> String {
    app.clock
        .scope(tokens::create(
            &app.db,
            user_id,
            &NewToken {
                name: format!("script {can_write}"),
                can_write,
                expires_in_days: None,
            },
        ))
        .await
        .expect("token created")
        .1
}

fn id_of(body: &Value) -> i64 {
    body["id"].as_i64().expect("id")
}

#[tokio::test]
async fn people_are_created_replaced_given_roles_and_erased_with_the_pages_rules() {
    use reqwest::Method;
    let app = TestApp::spawn().await;
    let (volunteer, writer) = token_for(&app, Role::Volunteer, true).await;
    let reader = token_of(&app, volunteer, false).await;
    let (_, admin) = token_for(&app, Role::Admin, true).await;
    let person = json!({"full_name": "Aurore Passerelle", "email": "aurore@example.org",
                        "lawful_basis": "legitimate_interest", "source": "Salon 2026"});

    // A read-only token reads, never writes.
    let refused = send(
        &app,
        Method::POST,
        "/api/v1/people",
        &reader,
        None,
        Some(person.clone()),
    )
    .await;
    problem(refused, 403).await;

    // The form's rules, named field by field, in the language asked for.
    let mut without_source = person.clone();
    without_source["source"] = json!("");
    without_source["lawful_basis"] = json!("whim");
    let refused = problem(
        send(
            &app,
            Method::POST,
            "/api/v1/people",
            &writer,
            None,
            Some(without_source.clone()),
        )
        .await,
        422,
    )
    .await;
    assert!(field_message(&refused, "source").starts_with("Indiquez d'où vient l'information"));
    assert_eq!(
        field_message(&refused, "lawful_basis"),
        "Choisissez une valeur dans la liste."
    );
    let refused = client()
        .post(app.url("/api/v1/people"))
        .bearer_auth(&writer)
        .header("Accept-Language", "en")
        .json(&without_source)
        .send()
        .await
        .expect("request");
    let refused = problem(refused, 422).await;
    assert!(field_message(&refused, "source").starts_with("Say where the information comes from"));

    let created = send(
        &app,
        Method::POST,
        "/api/v1/people",
        &writer,
        None,
        Some(person.clone()),
    )
    .await;
    assert_eq!(created.status(), 201);
    assert_eq!(etag(&created), "\"1\"");
    let body: Value = created.json().await.expect("json");
    let id = id_of(&body);
    assert_eq!(body["full_name"], "Aurore Passerelle");
    assert_eq!(
        audit_actions(&app, EntityKind::Person, id).await,
        [AuditAction::Create]
    );

    // Replaced at the version read; a second change from that version is stale.
    let path = format!("/api/v1/people/{id}");
    let mut changed = person.clone();
    changed["phone"] = json!("05 56 00 00 00");
    let saved = send(
        &app,
        Method::PUT,
        &path,
        &writer,
        Some("\"1\""),
        Some(changed.clone()),
    )
    .await;
    assert_eq!(saved.status(), 200);
    assert_eq!(etag(&saved), "\"2\"");
    let stale = problem(
        send(
            &app,
            Method::PUT,
            &path,
            &writer,
            Some("\"1\""),
            Some(changed),
        )
        .await,
        412,
    )
    .await;
    assert_eq!(stale["current"]["version"], 2);
    assert_eq!(stale["current"]["phone"], "05 56 00 00 00");
    assert_eq!(
        audit_actions(&app, EntityKind::Person, id).await,
        [AuditAction::Create, AuditAction::Update]
    );

    // A role in an organisation, with the role form's rules.
    let organisation = create(
        &app,
        &writer,
        json!({"name": "Médiathèque de Lormont", "kind": "library"}),
    )
    .await;
    let organisation_id = id_of(&organisation.json::<Value>().await.expect("json"));
    let roles = format!("{path}/memberships");
    let refused = problem(
        send(
            &app,
            Method::POST,
            &roles,
            &writer,
            None,
            Some(json!({"organisation_id": organisation_id, "role": " "})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(
        field_message(&refused, "role"),
        "Indiquez le rôle (200 caractères au plus)."
    );
    let added = send(
        &app,
        Method::POST,
        &roles,
        &writer,
        None,
        Some(
            json!({"organisation_id": organisation_id, "role": "Directrice",
                                 "started_on": "2025-09-01"}),
        ),
    )
    .await;
    assert_eq!(added.status(), 201);
    let role: Value = added.json().await.expect("json");
    assert_eq!(role["organisation_name"], "Médiathèque de Lormont");
    let listed: Value = get(&app, &roles, &reader)
        .send()
        .await
        .expect("r")
        .json()
        .await
        .expect("json");
    assert_eq!(listed["items"][0]["role"], "Directrice");
    let read: Value = get(&app, &path, &reader)
        .send()
        .await
        .expect("r")
        .json()
        .await
        .expect("json");
    assert_eq!(read["memberships"][0]["id"], role["id"]);
    let membership = format!("/api/v1/memberships/{}", id_of(&role));
    problem(
        send(
            &app,
            Method::DELETE,
            &membership,
            &writer,
            Some("\"7\""),
            None,
        )
        .await,
        412,
    )
    .await;
    let removed = send(
        &app,
        Method::DELETE,
        &membership,
        &writer,
        Some("\"1\""),
        None,
    )
    .await;
    assert_eq!(removed.status(), 204);
    let listed: Value = get(&app, &roles, &reader)
        .send()
        .await
        .expect("r")
        .json()
        .await
        .expect("json");
    assert!(listed["items"].as_array().expect("items").is_empty());

    // Erasure: administrators only, at the version read; then gone.
    problem(
        send(&app, Method::DELETE, &path, &writer, Some("\"2\""), None).await,
        403,
    )
    .await;
    problem(
        send(&app, Method::DELETE, &path, &admin, Some("\"1\""), None).await,
        412,
    )
    .await;
    let erased = send(&app, Method::DELETE, &path, &admin, Some("\"2\""), None).await;
    assert_eq!(erased.status(), 204);
    assert!(
        audit_actions(&app, EntityKind::Person, id)
            .await
            .contains(&AuditAction::Erase)
    );
    for gone in [path.clone(), format!("{path}/export"), roles.clone()] {
        problem(get(&app, &gone, &writer).send().await.expect("r"), 404).await;
    }
    let text = get(&app, "/api/v1/people?limit=200", &reader)
        .send()
        .await
        .expect("r")
        .text()
        .await
        .expect("body");
    assert!(!text.contains("Aurore"), "an erased person is never listed");
    problem(
        send(
            &app,
            Method::PUT,
            &path,
            &writer,
            Some("\"3\""),
            Some(person),
        )
        .await,
        404,
    )
    .await;
}

/// Every item of a list, walking its pages from `path` (which has a `?`).
async fn all_pages(app: &TestApp, path: &str, token: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut next = path.to_owned();
    loop {
        let page: Value = get(app, &next, token)
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json");
        items.extend(page["items"].as_array().expect("items").iter().cloned());
        match page["next"].as_str() {
            Some(cursor) => next = format!("{path}&cursor={cursor}"),
            None => return items,
        }
    }
}

#[tokio::test]
async fn contacts_are_logged_with_the_contact_forms_rules_and_their_follow_ups_handled() {
    use reqwest::Method;
    let app = TestApp::spawn().await;
    let administrator = app.login_as(Role::Admin).await;
    let admin = token_of(&app, administrator, true).await;
    let (volunteer, writer) = token_for(&app, Role::Volunteer, true).await;
    let reader = token_of(&app, volunteer, false).await;
    let quiet = crate::helpers::create_person(&app, "Zéphyrine Réservée", true).await;
    let due = app.today() + chrono::Days::new(3);
    let contact = json!({"person_id": quiet, "channel": "phone",
                         "summary": "Appel à Zéphyrine Réservée", "follow_up_on": due});
    let log = "/api/v1/interactions";

    problem(
        send(
            &app,
            Method::POST,
            log,
            &reader,
            None,
            Some(contact.clone()),
        )
        .await,
        403,
    )
    .await;

    // Someone who asked not to be contacted: refused without the confirmation.
    let refused = problem(
        send(
            &app,
            Method::POST,
            log,
            &writer,
            None,
            Some(contact.clone()),
        )
        .await,
        422,
    )
    .await;
    assert!(
        field_message(&refused, "confirm_do_not_contact")
            .starts_with("Cette personne ne doit pas être contactée")
    );
    let refused = client()
        .post(app.url(log))
        .bearer_auth(&writer)
        .header("Accept-Language", "en-GB,en;q=0.8")
        .json(&contact)
        .send()
        .await
        .expect("request");
    let refused = problem(refused, 422).await;
    assert!(
        field_message(&refused, "confirm_do_not_contact")
            .starts_with("This person must not be contacted")
    );
    let mut confirmed = contact.clone();
    confirmed["confirm_do_not_contact"] = json!(true);
    let created = send(&app, Method::POST, log, &writer, None, Some(confirmed)).await;
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.expect("json");
    let id = id_of(&body);
    assert_eq!(
        body["occurred_on"],
        app.today().to_string(),
        "today, as the form proposes"
    );
    assert_eq!(body["direction"], "outbound");
    assert_eq!(body["user_id"], volunteer);
    assert_eq!(
        audit_actions(&app, EntityKind::Interaction, id).await,
        [AuditAction::Create]
    );

    // The log's filters; one it cannot read is named.
    let ids = |items: Vec<Value>| items.iter().map(id_of).collect::<Vec<_>>();
    assert!(
        ids(all_pages(&app, "/api/v1/interactions?channel=phone&limit=1", &reader).await)
            .contains(&id)
    );
    assert!(
        !ids(all_pages(&app, "/api/v1/interactions?channel=email", &reader).await).contains(&id)
    );
    let refused = problem(
        get(
            &app,
            "/api/v1/interactions?channel=pigeon&from=hier",
            &reader,
        )
        .send()
        .await
        .expect("r"),
        422,
    )
    .await;
    field_message(&refused, "channel");
    field_message(&refused, "from");

    // Its follow-up: listed, snoozed a week after its day, then done.
    assert!(ids(all_pages(&app, "/api/v1/follow-ups?who=mine", &writer).await).contains(&id));
    assert!(ids(all_pages(&app, "/api/v1/follow-ups?who=team", &reader).await).contains(&id));
    let path = format!("{log}/{id}");
    let snoozed = send(
        &app,
        Method::POST,
        &format!("{path}/snooze"),
        &writer,
        Some("\"1\""),
        Some(json!({"by": "week"})),
    )
    .await;
    assert_eq!(snoozed.status(), 200);
    assert_eq!(etag(&snoozed), "\"2\"");
    let body: Value = snoozed.json().await.expect("json");
    assert_eq!(
        body["follow_up_on"],
        (due + chrono::Days::new(7)).to_string()
    );
    let stale = problem(
        send(
            &app,
            Method::POST,
            &format!("{path}/snooze"),
            &writer,
            Some("\"1\""),
            Some(json!({"by": "month"})),
        )
        .await,
        412,
    )
    .await;
    assert_eq!(stale["current"]["version"], 2);
    let refused = problem(
        send(
            &app,
            Method::POST,
            &format!("{path}/snooze"),
            &writer,
            Some("\"2\""),
            Some(json!({"by": "date", "on": "2001-01-01"})),
        )
        .await,
        422,
    )
    .await;
    field_message(&refused, "on");
    let done = send(
        &app,
        Method::POST,
        &format!("{path}/done"),
        &writer,
        Some("\"2\""),
        None,
    )
    .await;
    assert_eq!(done.status(), 200);
    assert_eq!(
        done.json::<Value>().await.expect("json")["follow_up_done"],
        true
    );
    problem(
        send(
            &app,
            Method::POST,
            &format!("{path}/snooze"),
            &writer,
            Some("\"3\""),
            Some(json!({"by": "week"})),
        )
        .await,
        409,
    )
    .await;
    assert!(!ids(all_pages(&app, "/api/v1/follow-ups?who=team", &reader).await).contains(&id));

    // Erased, the person is gone from the contact too.
    let person = format!("/api/v1/people/{quiet}");
    assert_eq!(
        send(&app, Method::DELETE, &person, &admin, Some("\"1\""), None)
            .await
            .status(),
        204
    );
    let text = get(&app, &path, &reader)
        .send()
        .await
        .expect("r")
        .text()
        .await
        .expect("body");
    assert!(!text.contains("Zéphyrine"), "{text}");
    let refused = problem(
        send(
            &app,
            Method::POST,
            log,
            &writer,
            None,
            Some(json!({"person_id": quiet, "summary": "Encore"})),
        )
        .await,
        422,
    )
    .await;
    field_message(&refused, "person_id");
}

#[tokio::test]
async fn a_stage_move_is_recorded_as_the_boards_and_a_stale_one_answers_412() {
    use relais::entities::outreach_stage_change;
    use reqwest::Method;
    let app = TestApp::spawn().await;
    let (volunteer, writer) = token_for(&app, Role::Volunteer, true).await;
    let reader = token_of(&app, volunteer, false).await;
    let campaign = crate::helpers::seeded_campaign(&app).await;
    let organisation = create(
        &app,
        &writer,
        json!({"name": "Tiers-lieu des Chartrons", "kind": "mediation_place"}),
    )
    .await;
    let organisation_id = id_of(&organisation.json::<Value>().await.expect("json"));
    // A contact logged with a stage puts the organisation on the board.
    let logged = send(
        &app,
        Method::POST,
        "/api/v1/interactions",
        &writer,
        None,
        Some(
            json!({"organisation_id": organisation_id, "summary": "Premier courriel",
                                  "campaign_id": campaign.id, "new_stage": "contacted"}),
        ),
    )
    .await;
    assert_eq!(logged.status(), 201);

    let campaigns = all_pages(&app, "/api/v1/campaigns?limit=1", &reader).await;
    assert!(campaigns.iter().any(|c| c["id"] == campaign.id));
    let read = get(&app, &format!("/api/v1/campaigns/{}", campaign.id), &reader)
        .send()
        .await
        .expect("r");
    assert_eq!(etag(&read), format!("\"{}\"", campaign.version));
    let read: Value = read.json().await.expect("json");
    let objectives: Value = get(
        &app,
        &format!("/api/v1/campaigns/{}/objectives", campaign.id),
        &reader,
    )
    .send()
    .await
    .expect("r")
    .json()
    .await
    .expect("json");
    assert_eq!(read["objectives"], objectives["items"]);

    let board = format!(
        "/api/v1/campaigns/{}/outreach?stage=contacted&kind=mediation_place",
        campaign.id
    );
    let cards = all_pages(&app, &board, &reader).await;
    let card = cards
        .iter()
        .find(|c| c["organisation_id"] == organisation_id)
        .expect("on the board")
        .clone();
    let status = format!("/api/v1/outreach/{}", id_of(&card));
    let read = get(&app, &status, &reader).send().await.expect("r");
    let version = etag(&read);

    problem(
        send(
            &app,
            Method::POST,
            &format!("{status}/stage"),
            &reader,
            Some(&version),
            Some(json!({"stage": "in_discussion"})),
        )
        .await,
        403,
    )
    .await;
    let refused = client()
        .post(app.url(&format!("{status}/stage")))
        .bearer_auth(&writer)
        .header("Accept-Language", "en")
        .header("If-Match", &version)
        .json(&json!({"stage": "flying"}))
        .send()
        .await
        .expect("request");
    let refused = problem(refused, 422).await;
    assert_eq!(
        field_message(&refused, "stage"),
        "Choose a value from the list."
    );

    let moved = send(
        &app,
        Method::POST,
        &format!("{status}/stage"),
        &writer,
        Some(&version),
        Some(json!({"stage": "in_discussion"})),
    )
    .await;
    assert_eq!(moved.status(), 200);
    assert_ne!(etag(&moved), version);
    assert_eq!(
        moved.json::<Value>().await.expect("json")["stage"],
        "in_discussion"
    );
    let stale = problem(
        send(
            &app,
            Method::POST,
            &format!("{status}/stage"),
            &writer,
            Some(&version),
            Some(json!({"stage": "declined"})),
        )
        .await,
        412,
    )
    .await;
    assert_eq!(stale["current"]["stage"], "in_discussion");

    // The board's history and the audit log, as for a card moved on the page.
    let history: Vec<_> = outreach_stage_change::Entity::find()
        .filter(outreach_stage_change::Column::OutreachStatusId.eq(id_of(&card) as i32))
        .all(&app.db)
        .await
        .expect("query")
        .into_iter()
        .map(|c| {
            (
                c.from_stage.map(|s| s.as_str()),
                c.to_stage.as_str(),
                c.changed_by,
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            (None, "contacted", Some(volunteer)),
            (Some("contacted"), "in_discussion", Some(volunteer))
        ]
    );
    assert_eq!(
        audit_actions(&app, EntityKind::Outreach, id_of(&card)).await,
        [AuditAction::Update]
    );
    let moved_on = all_pages(&app, &board, &reader).await;
    assert!(
        moved_on
            .iter()
            .all(|c| c["organisation_id"] != organisation_id)
    );
    field_message(
        &problem(
            get(
                &app,
                &format!("/api/v1/campaigns/{}/outreach?timing=soon", campaign.id),
                &reader,
            )
            .send()
            .await
            .expect("r"),
            422,
        )
        .await,
        "timing",
    );
}

#[tokio::test]
async fn events_are_read_with_their_series_changed_dates_and_occurrences() {
    let app = TestApp::spawn().await;
    app.login_as(Role::Volunteer).await;
    let (_, token) = token_for(&app, Role::Viewer, false).await;
    let events = all_pages(&app, "/api/v1/events?limit=2", &token).await;
    let quarterly = events
        .iter()
        .find(|e| e["rrule"] == "FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH")
        .expect("the seeded quarterly meeting");
    let id = id_of(quarterly);
    // One date of the series cancelled on the page.
    let cancelled = app
        .post_form(
            &format!("/events/{id}/occurrences/2027-04-01T09:30:00"),
            &[("action", "cancel"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(cancelled.status(), 303);

    let read: Value = get(&app, &format!("/api/v1/events/{id}"), &token)
        .send()
        .await
        .expect("r")
        .json()
        .await
        .expect("json");
    assert_eq!(read["time_zone"], "Europe/Paris");
    assert_eq!(
        read["overrides"][0]["recurrence_local"],
        "2027-04-01T09:30:00"
    );
    assert_eq!(read["overrides"][0]["cancelled"], true);
    assert!(
        read["organiser_ids"]
            .as_array()
            .is_some_and(|o| !o.is_empty())
    );
    let starts: Vec<Value> = all_pages(
        &app,
        "/api/v1/occurrences?from=2027-01-01&to=2027-12-31&limit=3",
        &token,
    )
    .await
    .into_iter()
    .filter(|o| o["event_id"] == id)
    .map(|o| o["start_local"].clone())
    .collect();
    assert_eq!(
        starts,
        [
            "2027-01-07T09:30:00",
            "2027-07-01T09:30:00",
            "2027-10-07T09:30:00"
        ]
    );
    let refused = problem(
        get(
            &app,
            "/api/v1/occurrences?from=2027-01-01&to=2029-01-01",
            &token,
        )
        .send()
        .await
        .expect("r"),
        422,
    )
    .await;
    field_message(&refused, "to");
}

#[tokio::test]
async fn the_workshop_library_and_its_sessions_are_read() {
    let app = TestApp::spawn().await;
    let (_, token) = token_for(&app, Role::Viewer, false).await;
    let library = all_pages(&app, "/api/v1/workshop-kits?limit=1", &token).await;
    let kit = library
        .iter()
        .find(|k| k["kit"]["title"] == "Mon smartphone et ma vie privée")
        .expect("a seeded kit");
    let id = id_of(&kit["kit"]);
    let read = get(&app, &format!("/api/v1/workshop-kits/{id}"), &token)
        .send()
        .await
        .expect("r");
    assert_eq!(etag(&read), "\"1\"");
    let read: Value = read.json().await.expect("json");
    assert_eq!(read["versions"], json!([id]));
    assert!(!read["steps_md"].as_str().unwrap_or_default().is_empty());
    let sessions = all_pages(&app, &format!("/api/v1/workshop-sessions?kit={id}"), &token).await;
    assert!(sessions.iter().all(|s| s["kit_id"] == id));
    let refused = problem(
        get(
            &app,
            "/api/v1/workshop-sessions?kit=abc&from=demain",
            &token,
        )
        .send()
        .await
        .expect("r"),
        422,
    )
    .await;
    field_message(&refused, "kit");
    field_message(&refused, "from");
    problem(
        get(&app, "/api/v1/workshop-kits/999999", &token)
            .send()
            .await
            .expect("r"),
        404,
    )
    .await;
}
