//! Hostile input: the bad-input corpus walks the route table, and each
//! fault found by the security review has a test named for the behaviour.

use relais::entities::Role;

use crate::helpers::{TestApp, count, new_client};

/// Values no form would send: empty, NUL and other control characters,
/// oversized, wrong type, out of range, unknown choices, markup.
fn hostile_values() -> Vec<(&'static str, String)> {
    vec![
        ("empty", String::new()),
        ("nul", "avant\0après".into()),
        ("control", "\u{1b}[31m\u{7}".into()),
        ("one megabyte", "x".repeat(1_000_000)),
        ("just over a name", "N".repeat(201)),
        ("long text", "é".repeat(19_999)),
        ("negative", "-1".into()),
        ("huge number", "99999999999999999999999".into()),
        ("i32 overflow", "2147483648".into()),
        ("impossible date", "2026-02-30".into()),
        ("far date", "99999-12-31".into()),
        ("unknown choice", "zzz_inconnu".into()),
        ("markup", "<script>alert(1)</script>".into()),
        ("spaces", "   ".into()),
    ]
}

/// Field names the app's forms and filters use: each hostile request sets
/// all of them, so every handler meets the value in the fields it reads.
const FIELDS: &[&str] = &[
    "name",
    "full_name",
    "title",
    "email",
    "commune",
    "postcode",
    "address",
    "website",
    "contact_form_url",
    "url",
    "description",
    "notes",
    "summary",
    "outcome",
    "next_step",
    "version",
    "kind",
    "scope",
    "region_code",
    "departement_code",
    "parent_id",
    "parent",
    "organisation",
    "organisation_id",
    "person",
    "person_id",
    "role",
    "started_on",
    "ended_on",
    "occurred_on",
    "follow_up_on",
    "channel",
    "direction",
    "stage",
    "priority",
    "level",
    "owner",
    "not_before",
    "campaign",
    "campaign_id",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "all_day",
    "repeat",
    "until",
    "count",
    "interval",
    "rdates",
    "exdates",
    "cfp_deadline",
    "cfp_url",
    "participation",
    "themes",
    "organisers",
    "kit",
    "kit_id",
    "venue",
    "facilitator",
    "held_on",
    "our_role",
    "attendance",
    "feedback",
    "goal",
    "audience",
    "duration_minutes",
    "materials",
    "prerequisites",
    "licence",
    "steps_md",
    "tags",
    "lawful_basis",
    "lawful_basis_on",
    "source",
    "phone",
    "display_name",
    "password",
    "password_confirm",
    "locale",
    "months",
    "target",
    "metric",
    "objective-0-title",
    "objective-0-target",
    "objective-0-level",
    "objective-0-metric",
    "starts_on",
    "ends_on",
    "q",
    "page",
    "from",
    "to",
    "region",
    "departement",
    "theme",
    "sort",
    "action",
    "back",
    "next",
    "mapping-0",
    "default_action",
    "skip_errors",
];

/// A path of the route table with its parameters filled in.
fn concrete(path: &str, id: &str) -> String {
    path.replace("{id}", id)
        .replace("{token}", "pas-un-jeton")
        .replace("{code}", "fr")
        .replace("{start}", "2027-01-07T09:30:00")
}

/// Routes the corpus leaves alone: ending our own session would turn the
/// rest of the walk into 401s and check nothing.
fn skipped(path: &str) -> bool {
    path == "/logout"
}

#[tokio::test]
async fn the_bad_input_corpus_never_gets_a_server_error() {
    let app = TestApp::spawn_as(Role::Admin).await;
    // A second account, so that `{id}` = 2 names a user who is not us.
    app.create_user(Role::Volunteer).await;
    let token = app.csrf_token().await;
    let values = hostile_values();
    let mut failures = Vec::new();
    let mut sent = 0;

    for (method, path) in relais::app::routes().declared() {
        if skipped(path) {
            continue;
        }
        let ids: &[&str] = if path.contains("{id}") {
            &["2", "999999", "-1", "abc", "99999999999999999999"]
        } else {
            &["2"]
        };
        for id in ids {
            let url = app.url(&concrete(path, id));
            for (label, value) in &values {
                // Large values go into a few fields: a hundred copies of a
                // megabyte would test the HTTP library, not relais.
                let names: &[&str] = match (value.len() > 1_000, *method == reqwest::Method::GET) {
                    (false, _) => FIELDS,
                    (true, false) => &["name", "email", "description", "steps_md", "q"],
                    (true, true) if value.len() < 8_000 => &["q", "name"],
                    (true, true) => continue,
                };
                let fields: Vec<(&str, &str)> = names
                    .iter()
                    .map(|f| (*f, value.as_str()))
                    .chain([("_csrf", token.as_str())])
                    .collect();
                let request = if *method == reqwest::Method::GET {
                    app.client.get(&url).query(&fields)
                } else {
                    app.client.request(method.clone(), &url).form(&fields)
                };
                sent += 1;
                match request.send().await {
                    Ok(response) if response.status().is_server_error() => failures.push(format!(
                        "{method} {path} (id {id}, {label}): {}",
                        response.status()
                    )),
                    Ok(_) => {}
                    Err(err) => {
                        failures.push(format!("{method} {path} ({label}): {}", err.without_url()))
                    }
                }
            }
        }
        // Still signed in: the walk goes on checking handlers, not the guard.
        let home = app.get("/").await;
        assert_eq!(home.status(), 200, "still signed in after {method} {path}");
    }
    assert!(sent > 500, "the route table is walked ({sent} requests)");
    assert!(
        failures.is_empty(),
        "{} requests got a server error:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn list_filters_and_page_numbers_from_the_address_are_bounded() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    for path in [
        "/organisations?page=18446744073709551615",
        "/organisations?page=-1&sort=zzz&kind=zzz&region=%00",
        "/people?page=99999999999999999999",
        "/audit?page=18446744073709551615",
        "/audit?page=abc",
        "/search?q=%00&page=18446744073709551615",
        "/agenda?from=99999-01-01&to=0000-00-00",
        "/agenda?month=2026-13",
        "/interactions?page=18446744073709551615",
    ] {
        let response = app.get(path).await;
        assert!(
            !response.status().is_server_error(),
            "GET {path}: {}",
            response.status()
        );
    }
}

#[tokio::test]
async fn a_nul_byte_or_an_oversized_value_is_refused_with_a_message_and_nothing_is_written() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let organisations = count(&app.db, "organisations").await;
    let response = app
        .post_form(
            "/organisations",
            &[
                ("name", "Médiathèque\0 de test"),
                ("kind", "library"),
                ("scope", "local"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    assert!(page.contains("caractère invisible"), "{page}");
    let long_name = "N".repeat(201);
    let response = app
        .post_form(
            "/organisations",
            &[
                ("name", &long_name),
                ("kind", "library"),
                ("scope", "local"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.expect("body").contains("trop long"));
    assert_eq!(count(&app.db, "organisations").await, organisations);
}

#[tokio::test]
async fn a_megabyte_email_on_the_login_form_is_refused_without_a_server_error() {
    let app = TestApp::spawn().await;
    app.create_user(Role::Admin).await;
    let email = format!("{}@example.org", "a".repeat(1_000_000));
    let response = app
        .post_form(
            "/login",
            &[("email", &email), ("password", "x"), ("next", "/")],
        )
        .await;
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(count(&app.db, "login_attempts").await, 0, "nothing written");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    for path in [
        "/",
        "/login",
        "/assets/app.css",
        "/organisations",
        "/nowhere",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(csp.contains("default-src 'self'"), "{path}: CSP {csp:?}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert!(headers.contains_key("permissions-policy"), "{path}");
    }
    // And no page relies on inline script the policy would block.
    let page = app.get_html("/organisations").await;
    assert!(!page.contains("<script>") && !page.contains(" onclick="));
}

#[tokio::test]
async fn redirects_after_login_and_language_change_stay_on_this_site() {
    let app = TestApp::spawn().await;
    app.create_user(Role::Volunteer).await;
    for evil in [
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "https://evil.example",
    ] {
        let switched = app
            .client
            .get(app.url("/lang/en"))
            .query(&[("back", evil)])
            .send()
            .await
            .expect("request");
        assert_eq!(switched.headers()["location"], "/", "back={evil:?}");
        let login = app.with_new_client();
        let response = login
            .post_form(
                "/login",
                &[
                    ("email", "volunteer@example.org"),
                    ("password", crate::helpers::PASSWORD),
                    ("next", evil),
                ],
            )
            .await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/", "next={evil:?}");
    }
}

#[tokio::test]
async fn a_csrf_token_is_bound_to_the_session_and_renewed_at_login() {
    let app = TestApp::spawn().await;
    app.create_user(Role::Volunteer).await;
    let before_login = app.csrf_token().await;
    app.post_form(
        "/login",
        &[
            ("email", "volunteer@example.org"),
            ("password", crate::helpers::PASSWORD),
            ("next", "/"),
        ],
    )
    .await;
    let signed_in = app.csrf_token().await;
    assert_ne!(before_login, signed_in, "a new token at login");

    // The token from before login is no longer accepted.
    let response = app
        .client
        .post(app.url("/organisations"))
        .form(&[
            ("_csrf", before_login.as_str()),
            ("name", "Piégée"),
            ("kind", "library"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 403);

    // A cookie and field pair chosen by an attacker (who can plant a cookie
    // from a sibling domain) does not pass either.
    let chosen = "a".repeat(64);
    let response = new_client()
        .post(app.url("/login"))
        .header("cookie", format!("relais_csrf={chosen}"))
        .form(&[
            ("_csrf", chosen.as_str()),
            ("email", "volunteer@example.org"),
            ("password", crate::helpers::PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 403);

    // A form posted from another site is refused even with the right token.
    let evil_origin = [("origin", "https://evil.example")];
    assert_eq!(create_with(&app, &signed_in, &evil_origin).await, 403);
    let cross_site = [("sec-fetch-site", "cross-site")];
    assert_eq!(create_with(&app, &signed_in, &cross_site).await, 403);
    // The same form from this site is fine.
    let same_site = [
        ("origin", app.address.as_str()),
        ("sec-fetch-site", "same-origin"),
    ];
    assert_eq!(create_with(&app, &signed_in, &same_site).await, 303);
}

/// Posts the new-organisation form with `token` and extra request headers.
async fn create_with(app: &TestApp, token: &str, headers: &[(&str, &str)]) -> u16 {
    let mut request = app.client.post(app.url("/organisations")).form(&[
        ("_csrf", token),
        ("name", "Médiathèque du formulaire"),
        ("kind", "library"),
        ("scope", "local"),
    ]);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("request").status().as_u16()
}

/// Wrong passwords checked per account before delays start.
const FREE_ATTEMPTS: usize = 5;

#[tokio::test]
async fn forty_parallel_wrong_passwords_are_not_all_checked_and_nobody_is_locked_out() {
    let app = TestApp::spawn().await;
    app.create_user(Role::Volunteer).await;
    let token = app.csrf_token().await;
    let attempts = (0..40).map(|_| {
        let app = &app;
        let token = token.clone();
        async move {
            app.client
                .post(app.url("/login"))
                .form(&[
                    ("email", "volunteer@example.org"),
                    ("password", "mauvais mot de passe"),
                    ("next", "/"),
                    ("_csrf", token.as_str()),
                ])
                .send()
                .await
                .expect("request")
                .status()
                .as_u16()
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let checked = statuses.iter().filter(|s| **s == 422).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + throttled, 40, "{statuses:?}");
    assert!(
        checked <= FREE_ATTEMPTS,
        "{checked} of 40 parallel guesses were checked"
    );
    assert!(throttled > 0);
}

#[tokio::test]
async fn a_password_of_spaces_or_under_twelve_characters_is_refused() {
    let app = TestApp::spawn().await;
    for password in ["          ", "            ", "onze carac."] {
        let response = app
            .post_form(
                "/setup",
                &[
                    ("email", "admin@example.org"),
                    ("display_name", "Admin"),
                    ("password", password),
                    ("password_confirm", password),
                ],
            )
            .await;
        assert_eq!(response.status(), 422, "{password:?}");
    }
    assert_eq!(count(&app.db, "users").await, 0);
}

#[tokio::test]
async fn objective_titles_in_the_progress_csv_are_not_formulas() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let response = app
        .post_form(
            "/campaigns",
            &[
                ("name", "Campagne formules"),
                ("starts_on", "2026-01-01"),
                ("ends_on", "2026-12-31"),
                ("objective-0-level", "1"),
                ("objective-0-title", "=HYPERLINK(\"http://evil.example\")"),
                ("objective-0-metric", "relay_organisations"),
                ("objective-0-target", "4"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let csv = app
        .get(&format!("{location}/progress.csv"))
        .await
        .text()
        .await
        .expect("csv");
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(!csv.contains(";=HYPERLINK") && !csv.contains("\n=HYPERLINK"));
}

#[tokio::test]
async fn wrong_passwords_slow_an_account_down_without_locking_its_owner_out() {
    let app = TestApp::spawn_with_clock(relais::clock::Clock::frozen_at(
        chrono::DateTime::parse_from_rfc3339("2031-06-15T08:00:00Z")
            .expect("instant")
            .with_timezone(&chrono::Utc),
    ))
    .await;
    app.create_user(Role::Volunteer).await;
    let login = |password: &'static str| {
        let app = &app;
        async move {
            app.post_form(
                "/login",
                &[
                    ("email", "volunteer@example.org"),
                    ("password", password),
                    ("next", "/"),
                ],
            )
            .await
            .status()
            .as_u16()
        }
    };
    for _ in 0..FREE_ATTEMPTS {
        assert_eq!(login("mauvais mot de passe").await, 422);
    }
    // Right after the free attempts: wait a moment, even with the right password.
    assert_eq!(login(crate::helpers::PASSWORD).await, 429);
    // Two seconds later the owner gets in: no fifteen-minute lock.
    app.clock.advance(chrono::Duration::seconds(2));
    assert_eq!(login(crate::helpers::PASSWORD).await, 303);
}

/// The value of the hidden one-time key of the first form of a page.
fn once_key(page: &str) -> String {
    let marker = "name=\"_once\" value=\"";
    let start = page.find(marker).expect("a one-time key") + marker.len();
    let end = page[start..].find('"').expect("end of the key") + start;
    page[start..end].to_owned()
}

#[tokio::test]
async fn a_form_sent_twice_creates_one_record_and_the_second_sees_it() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let page = app.get_html("/organisations/new").await;
    let token = crate::helpers::extract_csrf(&page).expect("csrf");
    let key = once_key(&page);
    let before = count(&app.db, "organisations").await;
    let send = || {
        app.client
            .post(app.url("/organisations"))
            .form(&[
                ("_csrf", token.as_str()),
                ("_once", key.as_str()),
                ("name", "Médiathèque du double clic"),
                ("kind", "library"),
                ("scope", "local"),
            ])
            .send()
    };
    // A double click: both at once.
    let (first, second) = tokio::join!(send(), send());
    let (first, second) = (first.expect("first"), second.expect("second"));
    assert_eq!(first.status(), 303);
    assert_eq!(second.status(), 303);
    assert_eq!(
        first.headers()["location"],
        second.headers()["location"],
        "both lead to the one record"
    );
    // "Back", then send again later.
    let again = send().await.expect("again");
    assert_eq!(again.status(), 303);
    assert_eq!(again.headers()["location"], first.headers()["location"]);
    assert_eq!(count(&app.db, "organisations").await, before + 1);

    // A refused form releases its key: corrected, the same form goes through.
    let page = app.get_html("/organisations/new").await;
    let key = once_key(&page);
    let refused = app
        .client
        .post(app.url("/organisations"))
        .form(&[
            ("_csrf", token.as_str()),
            ("_once", key.as_str()),
            ("name", ""),
        ])
        .send()
        .await
        .expect("refused");
    assert_eq!(refused.status(), 422);
    let corrected = app
        .client
        .post(app.url("/organisations"))
        .form(&[
            ("_csrf", token.as_str()),
            ("_once", key.as_str()),
            ("name", "Médiathèque corrigée"),
            ("kind", "library"),
            ("scope", "local"),
        ])
        .send()
        .await
        .expect("corrected");
    assert_eq!(corrected.status(), 303);
    assert_eq!(count(&app.db, "organisations").await, before + 2);
}
