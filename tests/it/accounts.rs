//! Accounts, roles, sessions, CSRF, rate limiting and the audit trail.

use relais::entities::{AuditAction, EntityKind, Role, audit_entry, user};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::helpers::{PASSWORD, TestApp, extract_csrf, new_client};

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_first_visit_leads_through_setup_to_a_working_login() {
    let app = TestApp::spawn().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/setup");

    let page = app.get_html("/setup").await;
    assert!(page.contains("Bienvenue dans relais"));

    // Bad input is answered field by field and keeps what was typed.
    let response = app
        .post_form(
            "/setup",
            &[
                ("display_name", "Camille"),
                ("email", "pas-une-adresse"),
                ("password", "court"),
                ("password_confirm", "court"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    assert!(
        page.contains("n&#39;est pas valide") || page.contains("n'est pas valide"),
        "{page}"
    );
    assert!(page.contains("trop court"));
    assert!(page.contains("value=\"Camille\""));
    assert_eq!(crate::helpers::count(&app.db, "users").await, 0);

    let response = app
        .post_form(
            "/setup",
            &[
                ("display_name", "Camille"),
                ("email", "camille@example.org"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/");
    let page = app.get_html("/").await;
    assert!(page.contains("Camille"), "signed in after setup");
    let admin = user::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("admin");
    assert_eq!(admin.role, Role::Admin);
    assert!(admin.password_hash.starts_with("$argon2id$"));

    // Setup happens once.
    let response = app.get("/setup").await;
    assert_eq!(location(&response), "/login");

    // Log out, then log in again.
    let response = app.post_form("/logout", &[]).await;
    assert_eq!(location(&response), "/login");
    assert_eq!(location(&app.get("/").await), "/login?next=/");
    let response = app
        .post_form(
            "/login",
            &[
                ("email", "Camille@Example.org"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.get("/").await.status(), 200);
}

#[tokio::test]
async fn anonymous_requests_are_refused_on_every_declared_route() {
    let app = TestApp::spawn().await;
    app.create_user(Role::Admin).await;
    let routes = relais::app::routes();
    let mut checked = 0;
    for (method, path) in routes.declared() {
        // The API answers for itself (401 problems, see `api.rs`).
        if relais::accounts::guard::is_public(path) || relais::api::is_api(path) {
            continue;
        }
        let concrete = path
            .replace("{id}", "1")
            .replace("{token}", "x")
            .replace("{code}", "fr");
        let response = app
            .client
            .request(method.clone(), app.url(&concrete))
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        if *method == reqwest::Method::GET {
            assert_eq!(status, 303, "GET {path} must redirect to login");
            assert!(
                location(&response).starts_with("/login?next="),
                "GET {path}"
            );
        } else {
            assert_eq!(status, 401, "{method} {path} must be refused");
        }
        checked += 1;
    }
    assert!(checked >= 5, "the route list is walked ({checked} routes)");

    // JSON clients get 401, not a redirect.
    let response = app
        .client
        .get(app.url("/"))
        .header("Accept", "application/json")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn after_login_the_visitor_comes_back_to_the_page_asked_for() {
    let app = TestApp::spawn().await;
    app.create_user(Role::Admin).await;
    let response = app.get("/admin/audit?user=&page=0").await;
    let login_url = location(&response);
    assert_eq!(login_url, "/login?next=/admin/audit%3Fuser%3D%26page%3D0");
    let page = app.get_html(&login_url).await;
    assert!(
        page.contains("name=\"next\" value=\"/admin/audit?user=&amp;page=0\""),
        "{page}"
    );
    let response = app
        .post_form(
            "/login",
            &[
                ("email", "admin@example.org"),
                ("password", PASSWORD),
                ("next", "/admin/audit?user=&page=0"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/admin/audit?user=&page=0");

    // …but never to another site.
    let other = TestApp::spawn().await;
    other.create_user(Role::Viewer).await;
    let response = other
        .post_form(
            "/login",
            &[
                ("email", "viewer@example.org"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/");
}

#[tokio::test]
async fn viewers_cannot_write_anywhere() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let token = app.csrf_token().await;
    let mut checked = 0;
    for (method, path) in relais::app::routes().declared() {
        if *method == reqwest::Method::GET
            || relais::accounts::guard::is_public(path)
            || relais::accounts::guard::viewer_may_post(path)
            || relais::api::is_api(path)
        {
            continue;
        }
        let concrete = path
            .replace("{id}", "1")
            .replace("{token}", "x")
            .replace("{start}", "2027-01-07T09:30:00");
        let response = app
            .client
            .request(method.clone(), app.url(&concrete))
            .form(&[("_csrf", token.as_str())])
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 403, "{method} {path}");
        let body = response.text().await.expect("body");
        assert!(body.contains("lecture seule"), "{method} {path}: {body}");
        checked += 1;
    }
    assert!(checked >= 2);
    // Reading is fine.
    assert_eq!(app.get("/").await.status(), 200);
    // …but administration pages are not for viewers or volunteers.
    assert_eq!(app.get("/admin/users").await.status(), 403);
}

#[tokio::test]
async fn state_changing_requests_need_the_csrf_token() {
    let app = TestApp::spawn_as(Role::Admin).await;
    let invite = [
        ("display_name", "Dominique"),
        ("email", "dominique@example.org"),
        ("role", "volunteer"),
    ];

    let missing = app
        .client
        .post(app.url("/admin/users"))
        .form(&invite)
        .send()
        .await
        .expect("request");
    assert_eq!(missing.status(), 403);
    assert!(
        missing
            .text()
            .await
            .expect("body")
            .contains("Rechargez la page")
    );

    let mut wrong: Vec<(&str, &str)> = invite.to_vec();
    let forged = "0".repeat(64);
    wrong.push(("_csrf", &forged));
    let response = app
        .client
        .post(app.url("/admin/users"))
        .form(&wrong)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 403);

    // A token from another browser does not work either.
    let stranger = new_client();
    let page = stranger
        .get(app.url("/login"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    let their_token = extract_csrf(&page).expect("token");
    let mut theirs: Vec<(&str, &str)> = invite.to_vec();
    theirs.push(("_csrf", &their_token));
    let response = app
        .client
        .post(app.url("/admin/users"))
        .form(&theirs)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 403);
    assert!(
        user::Entity::find()
            .filter(user::Column::Email.eq("dominique@example.org"))
            .one(&app.db)
            .await
            .expect("query")
            .is_none()
    );

    // The header form works for scripts.
    let token = app.csrf_token().await;
    let response = app
        .client
        .post(app.url("/admin/users"))
        .header("X-CSRF-Token", token)
        .form(&invite)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert!(
        user::Entity::find()
            .filter(user::Column::Email.eq("dominique@example.org"))
            .one(&app.db)
            .await
            .expect("query")
            .is_some()
    );
}

#[tokio::test]
async fn repeated_wrong_passwords_are_rate_limited_with_a_retry_time() {
    let app = TestApp::spawn().await;
    app.create_user(Role::Volunteer).await;
    for attempt in 1..=5 {
        let response = app
            .post_form(
                "/login",
                &[
                    ("email", "volunteer@example.org"),
                    ("password", "mauvais mot de passe"),
                    ("next", "/"),
                ],
            )
            .await;
        assert_eq!(response.status(), 422, "attempt {attempt}");
        assert!(response.text().await.expect("body").contains("incorrect"));
    }
    // Now even the right password waits.
    let response = app
        .post_form(
            "/login",
            &[
                ("email", "volunteer@example.org"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(response.status(), 429);
    let body = response.text().await.expect("body");
    assert!(body.contains("Réessayez après le"), "{body}");
    assert!(body.contains("min)"), "{body}");
    // Another account from the same address is not blocked yet.
    app.create_user(Role::Viewer).await;
    let response = app
        .post_form(
            "/login",
            &[
                ("email", "viewer@example.org"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn the_address_limit_stops_guessing_across_accounts() {
    let app = TestApp::spawn().await;
    app.create_user(Role::Viewer).await;
    for i in 0..20 {
        let email = format!("inconnu{i}@example.org");
        let response = app
            .post_form(
                "/login",
                &[("email", &email), ("password", "x"), ("next", "/")],
            )
            .await;
        assert_eq!(response.status(), 422);
    }
    let response = app
        .post_form(
            "/login",
            &[
                ("email", "viewer@example.org"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(response.status(), 429);
}

#[tokio::test]
async fn sessions_are_shared_by_two_instances_on_one_database() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let (second, _dir) = app.second_instance().await;
    // The same cookie jar, against the other instance.
    let response = app
        .client
        .get(format!("{second}/"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert!(response.text().await.expect("body").contains("Test viewer"));
    // Logging out on one ends the session on both.
    app.post_form("/logout", &[]).await;
    let response = app
        .client
        .get(format!("{second}/"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn idle_sessions_expire() {
    let app = TestApp::spawn_as_at(Role::Viewer, crate::helpers::date(2026, 11, 25)).await;
    assert_eq!(app.get("/").await.status(), 200);
    // Ten days without a visit (the session is also in the server's memory).
    app.clock.advance(chrono::Duration::days(10));
    assert_eq!(app.get("/").await.status(), 303);
    assert_eq!(
        crate::helpers::count(&app.db, "sessions").await,
        0,
        "expired session removed"
    );
}

#[tokio::test]
async fn session_cookies_are_http_only_and_lax() {
    let app = TestApp::spawn().await;
    app.create_user(Role::Viewer).await;
    let response = app
        .post_form(
            "/login",
            &[
                ("email", "viewer@example.org"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("relais_session="))
        .expect("session cookie")
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain http here");

    let response = app
        .client
        .post(app.url("/login"))
        .header("X-Forwarded-Proto", "https")
        .header("X-CSRF-Token", app.csrf_token().await)
        .form(&[
            ("email", "viewer@example.org"),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("request");
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn administrators_invite_change_roles_and_disable_with_audit_entries() {
    let app = TestApp::spawn_as(Role::Admin).await;
    let response = app
        .post_form(
            "/admin/users",
            &[
                ("display_name", "Dominique"),
                ("email", "dominique@example.org"),
                ("role", "volunteer"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.expect("body");
    let start = page.find("/invitations/").expect("invitation link shown");
    let token: String = page[start + "/invitations/".len()..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    assert_eq!(token.len(), 64);

    let invited = user::Entity::find()
        .filter(user::Column::Email.eq("dominique@example.org"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("user");
    let created = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::User))
        .filter(audit_entry::Column::EntityId.eq(invited.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("audit entry");
    assert_eq!(created.action, AuditAction::Create);
    assert_eq!(
        created.changes.as_ref().expect("changes")["email"],
        serde_json::json!([null, "dominique@example.org"])
    );
    assert!(
        created
            .changes
            .as_ref()
            .expect("changes")
            .get("password_hash")
            .is_none(),
        "no hash in the log"
    );

    // The invited person chooses a password and is signed in.
    let guest = app.with_new_client();
    let response = guest
        .post_form(
            &format!("/invitations/{token}"),
            &[("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(guest.get("/").await.status(), 200);
    // The link works once.
    let response = new_client()
        .get(app.url(&format!("/invitations/{token}")))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 422);

    // Role change and disabling, with optimistic locking.
    let version = invited.version.to_string();
    let response = app
        .post_form(
            &format!("/admin/users/{}", invited.id),
            &[("role", "viewer"), ("version", &version)],
        )
        .await;
    assert_eq!(response.status(), 303);
    let after = user::Entity::find_by_id(invited.id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("user");
    assert_eq!((after.role, after.active), (Role::Viewer, false));
    let update = audit_entry::Entity::find()
        .filter(audit_entry::Column::EntityId.eq(invited.id))
        .filter(audit_entry::Column::Action.eq(AuditAction::Update))
        .order_by_desc(audit_entry::Column::Id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("update entry");
    let changes = update.changes.expect("changes");
    assert_eq!(changes["role"], serde_json::json!(["volunteer", "viewer"]));
    assert_eq!(changes["active"], serde_json::json!([true, false]));
    // The disabled account is signed out at once.
    assert_eq!(guest.get("/").await.status(), 303);

    // A second save from the stale form is refused, not applied.
    let response = app
        .post_form(
            &format!("/admin/users/{}", invited.id),
            &[("role", "admin"), ("active", "on"), ("version", &version)],
        )
        .await;
    assert_eq!(response.status(), 409);
    let unchanged = user::Entity::find_by_id(invited.id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("user");
    assert_eq!(unchanged.role, Role::Viewer);

    // The global log lists both, filterable by author.
    let log = app
        .get_html(&format!("/admin/audit?user={}", after.id))
        .await;
    assert!(log.contains("aucune entrée"), "Dominique changed nothing");
    let log = app.get_html("/admin/audit").await;
    assert!(log.contains("dominique@example.org"));
}

#[tokio::test]
async fn the_command_line_creates_accounts_with_a_password_from_stdin() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("dir");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_relais"))
        .args(["user", "add", "Claude@Example.org", "--role", "admin"])
        .env("RELAIS_DATA_DIR", dir.path())
        .env_remove("DATABASE_URL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("relais runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"une phrase de passe\n")
        .expect("write");
    let output = child.wait_with_output().expect("finishes");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("claude@example.org"));

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_relais"))
        .args(["user", "add", "x@example.org", "--role", "boss"])
        .env("RELAIS_DATA_DIR", dir.path())
        .output()
        .expect("relais runs");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("boss"));
}
