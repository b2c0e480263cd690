//! The JSON API: personal tokens (missing, read-only, revoked, expired,
//! disabled user, rate limit), RFC 9457 problems in the client's language,
//! optimistic locking with ETag / If-Match, cursor pagination, and the
//! OpenAPI document.

use relais::api::tokens::{self, NewToken};
use relais::app::Application;
use relais::config::Config;
use relais::entities::{OrgKind, Role, Scope, api_token, audit_entry, organisation, user};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::helpers::{TestApp, fresh_database, harness_clock};

const LIST: &str = "/api/v1/organisations";

/// A token for a new account of `role` (`<role>@example.org`).
async fn token_for(app: &TestApp, role: Role, can_write: bool) -> (i32, String) {
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

async fn problem(response: reqwest::Response, status: u16) -> Value {
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
