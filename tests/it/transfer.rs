//! Exports (CSV for French spreadsheets, JSON) and backups that restore
//! into an empty database, all or nothing.

use relais::entities::*;
use relais::transfer::backup::{self, BackupError, TABLES};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{PASSWORD, TestApp, count, fresh_database, new_client, start};

async fn backup_of(app: &TestApp) -> Vec<u8> {
    let mut out = Vec::new();
    backup::write_backup(&app.db, &mut out, |_, _| {})
        .await
        .expect("backup written");
    out
}

#[tokio::test]
async fn a_backup_restores_into_an_empty_database_with_every_row() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    // Some of everything: an event with a changed occurrence, a person.
    let created = app
        .post_form(
            "/people",
            &[
                ("full_name", "Camille Martin"),
                ("email", "camille@example.org"),
                ("phone", ""),
                ("notes", ""),
                ("lawful_basis", "legitimate_interest"),
                ("lawful_basis_on", "2026-11-01"),
                ("source", "Salon"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let file = backup_of(&app).await;
    let text = String::from_utf8(file.clone()).expect("utf-8");
    assert!(text.starts_with("{\""), "JSON lines");
    assert!(text.trim_end().ends_with("}"));

    let dir = tempfile::tempdir().expect("dir");
    let target = fresh_database(&dir).await;
    relais::db::migrate(&target).await.expect("migrated");
    let report = backup::restore(&target, file.as_slice(), false, |_| {})
        .await
        .expect("restored");
    assert!(report.rows > 100, "{} rows", report.rows);
    for table in TABLES {
        assert_eq!(
            count(&target, table).await,
            count(&app.db, table).await,
            "{table} restored"
        );
    }
    let camille = person::Entity::find()
        .filter(person::Column::FullName.eq("Camille Martin"))
        .one(&target)
        .await
        .expect("query")
        .expect("person restored");
    assert_eq!(camille.email.as_deref(), Some("camille@example.org"));

    // The restored database runs: the same account logs in, new rows get ids.
    let address = start(dir.path(), target.clone(), &app.clock).await;
    let restored = TestApp::attach(address, target.clone(), dir, app.clock.clone());
    let user = user::Entity::find()
        .one(&restored.db)
        .await
        .expect("query")
        .expect("user");
    let page = restored
        .client
        .get(restored.url("/login"))
        .send()
        .await
        .expect("login page");
    let token = crate::helpers::extract_csrf(&page.text().await.expect("body")).expect("csrf");
    let login = restored
        .client
        .post(restored.url("/login"))
        .form(&[
            ("email", user.email.as_str()),
            ("password", PASSWORD),
            ("_csrf", token.as_str()),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(login.status(), 303, "the password hash came back");
    let again = restored
        .post_form(
            "/people",
            &[
                ("full_name", "Théo Petit"),
                ("email", ""),
                ("phone", ""),
                ("notes", ""),
                ("lawful_basis", "consent"),
                ("lawful_basis_on", "2026-11-02"),
                ("source", "Atelier"),
            ],
        )
        .await;
    assert_eq!(again.status(), 303, "sequences moved past restored ids");
}

#[tokio::test]
async fn restore_refuses_used_databases_other_versions_and_truncated_files() {
    let app = TestApp::spawn_as(Role::Admin).await;
    let file = backup_of(&app).await;
    let refused = backup::restore(&app.db, file.as_slice(), false, |_| {}).await;
    assert!(
        matches!(refused, Err(BackupError::NotEmpty(_))),
        "{refused:?}"
    );

    let dir = tempfile::tempdir().expect("dir");
    let target = fresh_database(&dir).await;
    relais::db::migrate(&target).await.expect("migrated");
    let text = String::from_utf8(file).expect("utf-8");
    let newer = text.replacen("\"version\":1", "\"version\":99", 1);
    let err = backup::restore(&target, newer.as_bytes(), false, |_| {})
        .await
        .expect_err("future version refused");
    assert!(err.to_string().contains("version"), "{err}");

    let lines: Vec<&str> = text.lines().collect();
    let truncated = lines[..lines.len() / 2].join("\n");
    let err = backup::restore(&target, truncated.as_bytes(), false, |_| {})
        .await
        .expect_err("truncated file refused");
    assert!(err.to_string().contains("incomplète"), "{err}");
    assert_eq!(
        count(&target, "organisations").await,
        0,
        "nothing half-restored"
    );
    assert_eq!(count(&target, "users").await, 0);

    // Told to, a restore replaces what is there.
    let forced = backup::restore(&app.db, text.as_bytes(), true, |_| {}).await;
    assert!(forced.is_ok(), "{forced:?}");
}

#[tokio::test]
async fn filtered_lists_export_as_csv_and_json() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let csv = app.get("/export/organisations.csv?kind=association").await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/csv")
    );
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .expect("name")
            .contains("attachment")
    );
    let body = csv.text().await.expect("csv");
    assert!(body.starts_with('\u{feff}'), "BOM for Excel");
    let header = body.lines().next().expect("header");
    assert!(
        header.contains("name;") && header.contains(";kind;"),
        "{header}"
    );
    let associations = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Association))
        .all(&app.db)
        .await
        .expect("query");
    assert!(!associations.is_empty());
    assert_eq!(body.trim_end().lines().count(), associations.len() + 1);
    assert!(body.lines().skip(1).all(|l| l.contains(";association;")));

    let json: Vec<serde_json::Value> = app
        .get("/export/organisations.json")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(json.len() as i64, count(&app.db, "organisations").await);
    for list in ["people", "interactions", "events"] {
        let response = app.get(&format!("/export/{list}.csv")).await;
        assert_eq!(response.status(), 200, "{list}");
    }
    assert_eq!(app.get("/export/passwords.csv").await.status(), 404);
    let anonymous = new_client()
        .get(app.url("/export/people.csv"))
        .send()
        .await
        .expect("req");
    assert_eq!(anonymous.status(), 303, "login required");
}

/// A backup without its header line (which says when it was made).
fn rows_of(file: &[u8]) -> Vec<String> {
    let text = String::from_utf8(file.to_vec()).expect("utf-8");
    text.lines().skip(1).map(str::to_owned).collect()
}

async fn backup_bytes(db: &sea_orm::DatabaseConnection) -> Vec<u8> {
    let mut out = Vec::new();
    backup::write_backup(db, &mut out, |_, _| {})
        .await
        .expect("backup written");
    out
}

async fn restored_copy(db: &sea_orm::DatabaseConnection, file: &[u8]) -> Vec<u8> {
    relais::db::migrate(db).await.expect("migrated");
    backup::restore(db, file, false, |_| {})
        .await
        .expect("restored");
    backup_bytes(db).await
}

#[tokio::test]
async fn a_backup_moved_sqlite_to_postgresql_and_back_is_the_same_file() {
    let Ok(pg_url) = std::env::var(crate::helpers::PG_URL_VAR) else {
        println!(
            "note: {} not set: the SQLite → PostgreSQL → SQLite round trip is skipped",
            crate::helpers::PG_URL_VAR
        );
        return;
    };
    if pg_url.trim().is_empty() {
        return;
    }
    // An SQLite database with some of everything, timestamps of this instant.
    let app = TestApp::spawn().await;
    let sqlite_dir = tempfile::tempdir().expect("dir");
    let sqlite_url = format!(
        "sqlite://{}?mode=rwc",
        sqlite_dir.path().join("a.sqlite").display()
    );
    let sqlite = relais::db::connect(&sqlite_url).await.expect("sqlite");
    let address = start(sqlite_dir.path(), sqlite.clone(), &app.clock).await;
    let on_sqlite = TestApp::attach(address, sqlite.clone(), sqlite_dir, app.clock.clone());
    on_sqlite.login_as(Role::Volunteer).await;
    let created = on_sqlite
        .post_form(
            "/people",
            &[
                ("full_name", "Camille Martin"),
                ("email", "camille@example.org"),
                ("phone", ""),
                ("notes", "Rencontrée au salon, très intéressée."),
                ("lawful_basis", "legitimate_interest"),
                ("lawful_basis_on", "2026-11-01"),
                ("source", "Salon"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let first = backup_bytes(&sqlite).await;

    // To PostgreSQL (the suite's database), then to a new SQLite file.
    let pg_dir = tempfile::tempdir().expect("dir");
    let postgres = fresh_database(&pg_dir).await;
    let second = restored_copy(&postgres, &first).await;
    let back_dir = tempfile::tempdir().expect("dir");
    let back_url = format!(
        "sqlite://{}?mode=rwc",
        back_dir.path().join("b.sqlite").display()
    );
    let back = relais::db::connect(&back_url).await.expect("sqlite");
    let third = restored_copy(&back, &second).await;

    let (first, second, third) = (rows_of(&first), rows_of(&second), rows_of(&third));
    assert!(first.len() > 100, "{} rows", first.len());
    for (i, (a, b)) in first.iter().zip(&second).enumerate() {
        assert_eq!(a, b, "line {} differs once in PostgreSQL", i + 2);
    }
    assert_eq!(first, third, "the file that comes back is the same");
}
