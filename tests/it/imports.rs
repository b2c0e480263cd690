//! Imports of organisations and people over HTTP: upload, mapping, dry
//! run, commit; real public files from `../shared/data` when present.

use std::path::PathBuf;

use relais::entities::*;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

use crate::helpers::{TestApp, all_text};

/// A file of the shared data, or `None` with a note when it is absent.
pub(crate) fn shared(path: &str) -> Option<PathBuf> {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(path);
    if full.exists() {
        Some(full)
    } else {
        eprintln!("note: {} absent, test skipped", full.display());
        None
    }
}

async fn upload(app: &TestApp, name: &str, bytes: Vec<u8>, target: &str) -> reqwest::Response {
    let token = app.csrf_token().await;
    let form = reqwest::multipart::Form::new()
        .text("target", target.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    app.client
        .post(app.url(&format!("/imports?_csrf={token}")))
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

/// Uploads a file and returns the path of its import page.
pub(crate) async fn start(app: &TestApp, name: &str, bytes: Vec<u8>, target: &str) -> String {
    let response = upload(app, name, bytes, target).await;
    assert_eq!(response.status(), 303, "upload of {name} accepted");
    response.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned()
}

pub(crate) async fn status(app: &TestApp, job: &str) -> Value {
    app.client
        .get(app.url(job))
        .header("accept", "application/json")
        .send()
        .await
        .expect("status")
        .json()
        .await
        .expect("json status")
}

/// Waits for the running check or commit to end; returns the status.
pub(crate) async fn settled(app: &TestApp, job: &str) -> Value {
    loop {
        let s = status(app, job).await;
        if !matches!(s["phase"].as_str(), Some("checking" | "committing")) {
            return s;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The dry run with the guessed mapping (changed by `columns`) and `extra` fields.
pub(crate) async fn check(
    app: &TestApp,
    job: &str,
    columns: &[(usize, &str)],
    extra: &[(&str, &str)],
) -> Value {
    start_check(app, job, columns, extra).await;
    let s = settled(app, job).await;
    assert_eq!(s["phase"], "checked", "{s}");
    s
}

/// Starts the dry run (see [`check`]) without waiting for it.
async fn start_check(app: &TestApp, job: &str, columns: &[(usize, &str)], extra: &[(&str, &str)]) {
    let current = status(app, job).await;
    let mut fields: Vec<(String, String)> = current["mapping"]
        .as_array()
        .expect("mapping")
        .iter()
        .enumerate()
        .map(|(i, f)| {
            (
                format!("column-{i}"),
                f.as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    for (i, field) in columns {
        fields[*i].1 = (*field).to_owned();
    }
    fields.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let response = app.post_form(&format!("{job}/check"), &borrowed).await;
    assert_eq!(response.status(), 303, "check started");
}

pub(crate) async fn commit(app: &TestApp, job: &str, fields: &[(&str, &str)]) -> Value {
    let response = app.post_form(&format!("{job}/commit"), fields).await;
    assert_eq!(response.status(), 303, "commit started");
    let s = settled(app, job).await;
    assert_eq!(s["phase"], "done", "{s}");
    s
}

fn count(report: &Value, key: &str) -> u64 {
    report["report"][key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} in {report}"))
}

fn rows_with(report: &Value, action: &str) -> Vec<Value> {
    report["report"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .filter(|r| r["action"] == action)
        .cloned()
        .collect()
}

async fn organisations(app: &TestApp) -> u64 {
    organisation::Entity::find()
        .count(&app.db)
        .await
        .expect("count")
}

/// Records of a CSV file read by the csv crate itself, with headers (line
/// ends made LF first: the crate counts lines by LF only).
fn records(path: &PathBuf, separator: u8) -> (Vec<String>, Vec<csv::StringRecord>) {
    let text = std::fs::read_to_string(path)
        .expect("utf-8 file")
        .replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .from_reader(std::io::Cursor::new(text.into_bytes()));
    let headers = reader
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_owned)
        .collect();
    (
        headers,
        reader.records().map(|r| r.expect("record")).collect(),
    )
}

#[tokio::test]
async fn the_national_library_list_comes_in_once_and_again_without_duplicates() {
    let Some(path) = shared("bibliotheques/adresses-des-bibliotheques-publiques.csv") else {
        return;
    };
    let (headers, rows) = records(&path, b';');
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let before = organisations(&app).await;
    let job = start(
        &app,
        "bibliotheques.csv",
        std::fs::read(&path).unwrap(),
        "organisations",
    )
    .await;
    let checked = check(&app, &job, &[], &[]).await;
    assert_eq!(count(&checked, "rows"), rows.len() as u64);
    let (created, duplicates, errors) = (
        count(&checked, "created"),
        count(&checked, "duplicates"),
        count(&checked, "errors"),
    );
    assert_eq!(created + duplicates + errors, rows.len() as u64);
    // Each refused row names its line and column.
    for row in rows_with(&checked, "error") {
        let problem = row["problems"][0].as_str().unwrap();
        assert!(
            problem.starts_with(&format!("ligne {}, colonne « ", row["line"])),
            "{problem}"
        );
    }
    // With errors, a plain commit writes nothing.
    let refused = commit(&app, &job, &[]).await;
    if errors > 0 {
        assert_eq!(refused["report"]["written"], false);
        assert_eq!(organisations(&app).await, before);
        let job = start(
            &app,
            "bibliotheques.csv",
            std::fs::read(&path).unwrap(),
            "organisations",
        )
        .await;
        check(&app, &job, &[], &[]).await;
        let done = commit(&app, &job, &[("skip_errors", "on")]).await;
        assert_eq!(done["report"]["written"], true);
    }
    assert_eq!(organisations(&app).await, before + created);

    // Departmental libraries come in as such, the others as libraries.
    let skipped: Vec<u64> = checked["report"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "duplicate" || r["action"] == "error")
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    let departmental = rows
        .iter()
        .filter(|r| r[column("Statut")].trim() == "Bibliothèque départementale")
        .filter(|r| !skipped.contains(&r.position().unwrap().line()))
        .count() as u64;
    let imported_departmental = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::DepartmentalLibrary))
        .filter(organisation::Column::ExternalId.is_not_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(imported_departmental, departmental);

    // One row in full: commune, postcode, département and its région, coordinates.
    let sample = rows
        .iter()
        .find(|r| &r[column("DEPT")] == "60" && !r[column("coordonnees_finales")].is_empty())
        .expect("a library of the Oise");
    let code = sample[column("code_bib")].trim_end_matches(".0");
    let stored = organisation::Entity::find()
        .filter(organisation::Column::ExternalId.eq(format!("code_bib:{code}")))
        .one(&app.db)
        .await
        .unwrap()
        .expect("library stored under its code");
    assert_eq!(
        stored.commune.as_deref(),
        Some(sample[column("Ville")].trim())
    );
    assert_eq!(
        stored.postcode.as_deref(),
        Some(sample[column("CP")].trim())
    );
    assert_eq!(stored.departement_code.as_deref(), Some("60"));
    assert_eq!(
        stored.region_code.as_deref(),
        Some("32"),
        "Oise is in Hauts-de-France"
    );
    let (lat, lon) = sample[column("coordonnees_finales")]
        .split_once(',')
        .unwrap();
    assert_eq!(stored.latitude, Some(lat.trim().parse::<f64>().unwrap()));
    assert_eq!(stored.longitude, Some(lon.trim().parse::<f64>().unwrap()));

    // The Métropole de Lyon's libraries (DEPT "69M") are filed in the Rhône.
    let lyon: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| &r[column("DEPT")] == "69M")
        .collect();
    assert!(
        !lyon.is_empty(),
        "the list has libraries of the Métropole de Lyon"
    );
    let mut filed = 0;
    for row in lyon.iter().take(5) {
        let code = row[column("code_bib")].trim_end_matches(".0");
        if let Some(stored) = organisation::Entity::find()
            .filter(organisation::Column::ExternalId.eq(format!("code_bib:{code}")))
            .one(&app.db)
            .await
            .unwrap()
        {
            assert_eq!(stored.departement_code.as_deref(), Some("69"), "{code}");
            assert_eq!(stored.region_code.as_deref(), Some("84"), "{code}");
            filed += 1;
        }
    }
    assert!(filed > 0, "libraries of the Métropole de Lyon came in");

    // Again: everything is known and unchanged, nothing is added.
    let job = start(
        &app,
        "bibliotheques.csv",
        std::fs::read(&path).unwrap(),
        "organisations",
    )
    .await;
    let again = check(&app, &job, &[], &[]).await;
    assert_eq!(count(&again, "created"), 0);
    assert_eq!(count(&again, "unchanged"), created);
    commit(&app, &job, &[("skip_errors", "on")]).await;
    assert_eq!(organisations(&app).await, before + created);
}

#[tokio::test]
async fn mediation_places_keep_their_services_and_each_violation_names_its_field() {
    let (Some(csv_path), Some(v0_path)) = (
        shared("mediation-numerique/lieux-v1-combined-derived.csv"),
        shared("mediation-numerique/cnfs-lieux-2022-v0.json"),
    ) else {
        return;
    };
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let (headers, rows) = records(&csv_path, b',');
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let job = start(
        &app,
        "lieux.csv",
        std::fs::read(&csv_path).unwrap(),
        "organisations",
    )
    .await;
    let checked = check(&app, &job, &[], &[]).await;
    let total = rows.len() as u64;
    assert_eq!(count(&checked, "rows"), total);
    assert_eq!(
        count(&checked, "created") + count(&checked, "duplicates") + count(&checked, "errors"),
        total
    );
    // Rows whose summary is longer than the schema's 280 characters are refused, by name.
    let too_long: Vec<u64> = rows
        .iter()
        .filter(|r| r[column("presentation_resume")].chars().count() > 280)
        .map(|r| r.position().unwrap().line())
        .collect();
    let refused = rows_with(&checked, "error");
    for line in &too_long {
        let row = refused
            .iter()
            .find(|r| r["line"] == *line)
            .expect("too long refused");
        assert!(
            row["problems"].to_string().contains("presentation_resume"),
            "{row}"
        );
    }
    let done = commit(&app, &job, &[("skip_errors", "on")]).await;
    assert_eq!(done["report"]["written"], true);
    // A place with services keeps them, and its other lists, as published.
    let reported: Vec<u64> = checked["report"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    let sample = rows
        .iter()
        .find(|r| {
            !r[column("services")].is_empty()
                && !r[column("horaires")].is_empty()
                && !reported.contains(&r.position().unwrap().line())
        })
        .expect("a place with services");
    let stored = organisation::Entity::find()
        .filter(organisation::Column::ExternalId.eq(format!("id:{}", &sample[column("id")])))
        .one(&app.db)
        .await
        .unwrap()
        .expect("place stored");
    let extra = stored.extra.expect("details kept");
    assert_eq!(extra["services"], sample[column("services")]);
    assert_eq!(extra["horaires"], sample[column("horaires")]);
    let page = app.get_html(&format!("/organisations/{}", stored.id)).await;
    let first_service = sample[column("services")].split('|').next().unwrap();
    assert!(page.contains(&maud::html! { (first_service) }.into_string()));

    // The old schema: rows without a pivot are refused on that field.
    let items: Vec<Value> = serde_json::from_slice(&std::fs::read(&v0_path).unwrap()).unwrap();
    let job = start(
        &app,
        "cnfs.json",
        std::fs::read(&v0_path).unwrap(),
        "organisations",
    )
    .await;
    let v0 = check(&app, &job, &[], &[]).await;
    assert_eq!(count(&v0, "rows"), items.len() as u64);
    for row in rows_with(&v0, "error") {
        let item = &items[row["line"].as_u64().unwrap() as usize - 1];
        let lacks_pivot = item["pivot"].as_str().unwrap_or_default().is_empty();
        assert_eq!(
            row["problems"]
                .to_string()
                .contains("colonne « pivot » : champ obligatoire"),
            lacks_pivot,
            "{row}"
        );
    }
}

#[tokio::test]
async fn messy_contact_files_give_row_errors_and_only_mapped_columns_come_in() {
    let Some(path) = shared("crm-contacts/react-spreadsheet-import_messy_people.csv") else {
        return;
    };
    let (headers, rows) = records(&path, b',');
    let email = headers.iter().position(|h| h == "email").unwrap();
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let people_before = person::Entity::find().count(&app.db).await.unwrap();
    let job = start(&app, "messy.csv", std::fs::read(&path).unwrap(), "people").await;
    let checked = check(&app, &job, &[], &[("lawful_basis", "consent")]).await;
    let errors = rows_with(&checked, "error");
    assert_eq!(count(&checked, "errors"), errors.len() as u64);
    for row in &errors {
        let line = row["line"].as_u64().unwrap();
        let source = rows
            .iter()
            .find(|r| r.position().unwrap().line() == line)
            .unwrap();
        let problem = row["problems"][0].as_str().unwrap();
        assert!(problem.contains("colonne « email »"), "{problem}");
        assert!(problem.contains(source[email].trim()), "{problem}");
    }
    let refused = commit(&app, &job, &[]).await;
    assert_eq!(refused["report"]["written"], errors.is_empty());
    if !errors.is_empty() {
        assert_eq!(
            person::Entity::find().count(&app.db).await.unwrap(),
            people_before
        );
        let job = start(&app, "messy.csv", std::fs::read(&path).unwrap(), "people").await;
        check(&app, &job, &[], &[("lawful_basis", "consent")]).await;
        commit(&app, &job, &[("skip_errors", "on")]).await;
    }
    let created = count(&checked, "created");
    assert_eq!(
        person::Entity::find().count(&app.db).await.unwrap(),
        people_before + created
    );
    let imported = person::Entity::find()
        .filter(person::Column::Source.eq("Import « messy.csv »"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(imported.len() as u64, created);
    assert!(
        imported
            .iter()
            .all(|p| p.lawful_basis == LawfulBasis::Consent && p.lawful_basis_on.is_some())
    );
    // Least data: the unmapped columns (years, team, manager) are nowhere,
    // once the first file, refused, stopped waiting a day for a retry.
    assert_eq!(
        crate::helpers::count(&app.db, "import_uploads").await > 0,
        !errors.is_empty()
    );
    relais::clock::Clock::starting_at(app.now() + chrono::Duration::days(2))
        .scope(relais::transfer::import::jobs::Jobs::default().sweep(&app.db))
        .await
        .expect("sweep");
    let text = all_text(&app.db).await;
    assert!(!text.contains("I love pizza"));
}

fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'é' => 0xe9,
            'É' => 0xc9,
            'â' => 0xe2,
            'è' => 0xe8,
            'î' => 0xee,
            'ç' => 0xe7,
            c if c.is_ascii() => c as u8,
            other => panic!("{other} not in this test's table"),
        })
        .collect()
}

#[tokio::test]
async fn french_spreadsheet_exports_and_broken_files() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let before = organisations(&app).await;
    // Windows-1252, semicolons, a quoted address over two lines, a lost leading zero.
    let file = windows_1252(
        "Nom;Type;Adresse;CP;Ville;Courriel\r\n\
         Médiathèque Françoise-Sagan;Médiathèque;\"2 place de l'Église\r\nBâtiment B\";1000;Bourg-en-Bresse;contact@sagan.example\r\n\
         Espace numérique de Nîmes;EPN;;30000;Nîmes;\r\n",
    );
    let job = start(&app, "export-excel.csv", file, "organisations").await;
    let s = status(&app, &job).await;
    assert_eq!(s["mapping"][0], "name");
    assert_eq!(s["mapping"][3], "postcode");
    let page = app.get_html(&job).await;
    assert!(
        page.contains("windows-1252") && page.contains("point-virgule"),
        "shape shown"
    );
    let checked = check(&app, &job, &[], &[]).await;
    assert_eq!(count(&checked, "created"), 2, "{checked}");
    let report_page = app.get_html(&job).await;
    assert!(report_page.contains("Vérifier") && report_page.contains("Importer"));
    commit(&app, &job, &[]).await;
    let done_page = app.get_html(&job).await;
    assert!(
        done_page.contains("Import terminé"),
        "the finished import says so"
    );
    let sagan = organisation::Entity::find()
        .filter(organisation::Column::Name.eq("Médiathèque Françoise-Sagan"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("accents read right");
    assert_eq!(sagan.kind, OrgKind::Library);
    assert_eq!(sagan.postcode.as_deref(), Some("01000"));
    assert_eq!(sagan.departement_code.as_deref(), Some("01"));
    assert_eq!(
        sagan.address.as_deref(),
        Some("2 place de l'Église\nBâtiment B")
    );
    let nimes = organisation::Entity::find()
        .filter(organisation::Column::Commune.eq("Nîmes"))
        .filter(organisation::Column::Kind.eq(OrgKind::CyberCentre))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(nimes, 1);
    assert_eq!(organisations(&app).await, before + 2);

    // Files that are not tables are refused at once, saying why.
    let png = upload(
        &app,
        "logo.csv",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0".to_vec(),
        "organisations",
    )
    .await;
    assert_eq!(png.status(), 422);
    assert!(png.text().await.unwrap().contains("données binaires"));
    let utf16: Vec<u8> = "nom,ville\nA,B\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let unknown = upload(&app, "utf16.csv", utf16, "organisations").await;
    assert_eq!(unknown.status(), 422);
    assert!(unknown.text().await.unwrap().contains("encodage"));

    // A truncated file: the cut row is an error, and nothing is written.
    let truncated =
        b"nom,commune,site web\nTiers-lieu du Port,Brest,https://port.example\nFablab,Quim"
            .to_vec();
    let job = start(&app, "coupe.csv", truncated, "organisations").await;
    let checked = check(&app, &job, &[], &[]).await;
    let errors = rows_with(&checked, "error");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]["problems"][0]
            .as_str()
            .unwrap()
            .contains("tronqué")
    );
    let refused = commit(&app, &job, &[]).await;
    assert_eq!(refused["report"]["written"], false);
    assert_eq!(organisations(&app).await, before + 2);
    // From the refusal, the same file can go in without its broken row.
    let page = app.get_html(&job).await;
    assert!(
        page.contains("name=\"skip_errors\""),
        "the refusal offers to leave the row out"
    );
    let done = commit(&app, &job, &[("skip_errors", "on")]).await;
    assert_eq!(done["report"]["written"], true);
    assert_eq!(organisations(&app).await, before + 3);

    // A mapping that fills one field twice, or no name, is sent back.
    let job = start(
        &app,
        "deux.csv",
        b"nom,autre\nA,B\n".to_vec(),
        "organisations",
    )
    .await;
    let token = app.csrf_token().await;
    let twice = app
        .client
        .post(app.url(&format!("{job}/check")))
        .form(&[
            ("column-0", "name"),
            ("column-1", "name"),
            ("_csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(twice.status(), 422);
    assert!(
        twice
            .text()
            .await
            .unwrap()
            .contains("remplissent le même champ")
    );
    let none = app
        .client
        .post(app.url(&format!("{job}/check")))
        .form(&[("column-0", ""), ("column-1", "commune"), ("_csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 422);
}

#[tokio::test]
async fn duplicates_are_merged_skipped_or_created_as_chosen() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let known = organisation::Entity::find()
        .filter(organisation::Column::Commune.is_not_null())
        .filter(organisation::Column::Website.is_null())
        .one(&app.db)
        .await
        .unwrap()
        .expect("a seeded organisation with a commune and no website");
    let before = organisations(&app).await;
    let file = format!(
        "nom,commune,site\n{},{},https://nouveau.example\nTiers-lieu des Rives,Nantes,\nTIERS-LIEU DES RIVES,nantes,\nTiers-lieu des Rives,Nantes,\n",
        known.name.to_uppercase(),
        known.commune.clone().unwrap()
    );
    let job = start(&app, "doublons.csv", file.into_bytes(), "organisations").await;
    let checked = check(&app, &job, &[], &[]).await;
    let duplicates = rows_with(&checked, "duplicate");
    let lines: Vec<u64> = duplicates
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 4, 5]);
    let page = app.get_html(&job).await;
    assert!(
        page.contains(&maud::html! { (known.name) }.into_string()),
        "the matched record is named"
    );
    // Merge the first into the known record, create the second, skip the third.
    commit(
        &app,
        &job,
        &[
            ("duplicates", "skip"),
            ("row-2", "merge"),
            ("row-4", "create"),
        ],
    )
    .await;
    let merged = organisation::Entity::find_by_id(known.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(merged.website.as_deref(), Some("https://nouveau.example"));
    assert_eq!(merged.version, known.version + 1);
    let rives = organisation::Entity::find()
        .filter(organisation::Column::Name.contains("ives"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(rives, 2);
    assert_eq!(organisations(&app).await, before + 2);
    let history = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::Organisation))
        .filter(audit_entry::Column::EntityId.eq(known.id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        history.iter().any(|e| e
            .changes
            .as_ref()
            .is_some_and(|c| c.to_string().contains("nouveau.example"))),
        "the merge is in the history"
    );
}

#[tokio::test]
async fn people_join_their_organisation_with_the_chosen_lawful_basis() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let org = organisation::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("seeded");
    let file = format!(
        "Prénom;Nom;Courriel;Structure;Fonction;Date de naissance\nAnne;Vidal;anne.vidal@example.org;{};Coordinatrice;1970-01-01\nPaul;Roux;paul@example.org;Structure inconnue;;1980-02-02\n",
        org.name
    );
    let job = start(&app, "contacts.csv", file.into_bytes(), "people").await;
    let s = status(&app, &job).await;
    assert_eq!(s["mapping"][5], Value::Null, "a birth date is not read");
    let checked = check(&app, &job, &[], &[("lawful_basis", "consent")]).await;
    assert_eq!(count(&checked, "created"), 2);
    let warned = &checked["report"]["details"].as_array().unwrap()[1];
    assert!(
        warned["problems"][0]
            .as_str()
            .unwrap()
            .contains("Structure inconnue")
    );
    commit(&app, &job, &[]).await;
    let anne = person::Entity::find()
        .filter(person::Column::Email.eq("anne.vidal@example.org"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("imported");
    assert_eq!(anne.full_name, "Anne Vidal");
    assert_eq!(anne.lawful_basis, LawfulBasis::Consent);
    assert_eq!(anne.source.as_deref(), Some("Import « contacts.csv »"));
    let role = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(anne.id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("linked to the organisation");
    assert_eq!(
        (role.organisation_id, role.role.as_str()),
        (org.id, "Coordinatrice")
    );
    assert!(!all_text(&app.db).await.contains("1970-01-01"));

    // A viewer can neither upload nor see someone else's import.
    let viewer = app.with_new_client();
    viewer.login_as(Role::Viewer).await;
    assert_eq!(viewer.get(&job).await.status(), 404);
    let refused = upload(&viewer, "x.csv", b"nom\nA\n".to_vec(), "organisations").await;
    assert_eq!(refused.status(), 403);
}

/// The command line import killed in the middle of its transaction.
#[tokio::test]
async fn a_killed_import_leaves_the_database_as_before() {
    use std::io::{BufRead, Write};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("grand.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    writeln!(out, "nom;commune;code_postal;identifiant").unwrap();
    for i in 0..60_000 {
        writeln!(
            out,
            "Lieu numéro {i};Commune {};{:05};L{i}",
            i % 900,
            1000 + i % 90_000
        )
        .unwrap();
    }
    out.flush().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("kill.sqlite").display()
    );
    let binary = env!("CARGO_BIN_EXE_relais");
    let migrated = std::process::Command::new(binary)
        .args(["seed"])
        .env("DATABASE_URL", &url)
        .env("RELAIS_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(migrated.status.success());
    let db = relais::db::connect(&url).await.unwrap();
    let before = organisation::Entity::find().count(&db).await.unwrap();
    let mut child = std::process::Command::new(binary)
        .args(["import", "organisations"])
        .arg(&file)
        .env("DATABASE_URL", &url)
        .env("RELAIS_DATA_DIR", dir.path())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Progress lines come after rows are written into the open transaction.
    let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    for line in stderr.lines() {
        let line = line.unwrap();
        if let Some(n) = line.strip_suffix(" lignes lues")
            && n.parse::<u64>().unwrap() >= 5_000
        {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        organisation::Entity::find().count(&db).await.unwrap(),
        before
    );
    // The database is whole and writable: the same import then succeeds.
    let again = std::process::Command::new(binary)
        .args(["import", "organisations"])
        .arg(&file)
        .env("DATABASE_URL", &url)
        .env("RELAIS_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(
        organisation::Entity::find().count(&db).await.unwrap(),
        before + 60_000
    );
}

#[tokio::test]
async fn every_real_places_file_imports_with_its_row_count_and_again_adds_nothing() {
    let files = [
        "mediation-numerique/exemple-valide.csv",
        "mediation-numerique/charente-lieux-2023-07.json",
        "mediation-numerique/hub-du-sud-paca-lieux-2023-05.json",
        "mediation-numerique/nouvelle-caledonie-lieux-2024-03.json",
        "mediation-numerique/mednum-bfc-lieux-2023.csv",
        "bibliotheques/bibliotheques-departementales.csv",
    ];
    let app = TestApp::spawn_as(Role::Volunteer).await;
    for file in files {
        let Some(path) = shared(file) else {
            continue;
        };
        // Rows counted independently of relais' reader.
        let rows = if file.ends_with(".json") {
            serde_json::from_slice::<Vec<Value>>(&std::fs::read(&path).unwrap())
                .unwrap()
                .len()
        } else {
            let separator = if file.starts_with("bibliotheques") {
                b';'
            } else {
                b','
            };
            records(&path, separator).1.len()
        } as u64;
        let bytes = std::fs::read(&path).unwrap();
        let job = start(&app, file, bytes.clone(), "organisations").await;
        let checked = check(&app, &job, &[], &[]).await;
        assert_eq!(count(&checked, "rows"), rows, "{file}");
        let accounted = ["created", "updated", "unchanged", "duplicates", "errors"]
            .iter()
            .map(|k| count(&checked, k))
            .sum::<u64>();
        assert_eq!(accounted, rows, "{file}: every row has one outcome");
        let before = organisations(&app).await;
        let done = commit(&app, &job, &[("skip_errors", "on")]).await;
        assert_eq!(done["report"]["written"], true, "{file}");
        assert_eq!(
            organisations(&app).await,
            before + count(&checked, "created"),
            "{file}"
        );
        let job = start(&app, file, bytes, "organisations").await;
        let again = check(&app, &job, &[], &[]).await;
        assert_eq!(
            count(&again, "created"),
            0,
            "{file}: a re-import adds nothing"
        );
        assert_eq!(count(&again, "updated"), 0, "{file}: nor changes anything");
    }
}

#[tokio::test]
async fn a_cell_longer_than_the_forms_allow_is_a_row_error_on_both_databases() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let before = organisations(&app).await;
    let file = format!(
        "Nom,Ville,Description\nMédiathèque courte,Nantes,Une description\n{},Rennes,ok\nMédiathèque bavarde,Brest,{}\n",
        "N".repeat(201),
        "d".repeat(25_000)
    );
    let job = start(&app, "longues.csv", file.into_bytes(), "organisations").await;
    let checked = check(&app, &job, &[], &[]).await;
    assert_eq!(count(&checked, "created"), 1, "{checked}");
    let refused = rows_with(&checked, "error");
    let lines: Vec<u64> = refused.iter().filter_map(|r| r["line"].as_u64()).collect();
    assert_eq!(lines, [3, 4], "{checked}");
    assert!(refused[0]["problems"].to_string().contains("Nom"));
    assert!(refused[1]["problems"].to_string().contains("Description"));
    assert!(refused[1]["problems"].to_string().contains("trop longue"));
    // Leaving them out, the rest comes in.
    commit(&app, &job, &[("skip_errors", "on")]).await;
    assert_eq!(organisations(&app).await, before + 1);
}

#[tokio::test]
async fn completing_a_known_record_keeps_its_values_unless_the_file_s_is_chosen() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let created = app
        .post_form(
            "/organisations",
            &[
                ("name", "Médiathèque de l'Écluse"),
                ("kind", "library"),
                ("scope", "local"),
                ("commune", "Saint-Brieuc"),
                ("email", "ecluse@example.org"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let known = organisation::Entity::find()
        .filter(organisation::Column::Email.eq("ecluse@example.org"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("created");
    // The same e-mail: a likely duplicate, written without accents, in
    // another commune, with a website the record lacks.
    let file = "Nom,Ville,Courriel,Site web\nMEDIATHEQUE DE L'ECLUSE,Plérin,ecluse@example.org,https://ecluse.example\n";
    let job = start(
        &app,
        "ecluse.csv",
        file.as_bytes().to_vec(),
        "organisations",
    )
    .await;
    let checked = check(&app, &job, &[], &[("duplicates", "merge")]).await;
    let row = &rows_with(&checked, "duplicate")[0];
    let disagreements = row["disagreements"].as_array().expect("disagreements");
    let commune = disagreements
        .iter()
        .find(|d| d["field"] == "commune")
        .unwrap_or_else(|| panic!("the communes differ: {row}"));
    assert_eq!(commune["known"], "Saint-Brieuc");
    assert_eq!(commune["row"], "Plérin");
    assert!(
        app.get_html(&job).await.contains("take-2-commune"),
        "the volunteer may take the file's commune"
    );

    // "Compléter": the empty website is filled, nothing good is replaced.
    commit(&app, &job, &[("duplicates", "merge")]).await;
    let merged = organisation::Entity::find_by_id(known.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(merged.name, "Médiathèque de l'Écluse");
    assert_eq!(merged.commune.as_deref(), Some("Saint-Brieuc"));
    assert_eq!(merged.website.as_deref(), Some("https://ecluse.example"));

    // Asked for, the file's commune replaces the known one (only that field).
    let job = start(
        &app,
        "ecluse.csv",
        file.as_bytes().to_vec(),
        "organisations",
    )
    .await;
    check(&app, &job, &[], &[("duplicates", "merge")]).await;
    commit(
        &app,
        &job,
        &[("duplicates", "merge"), ("take-2-commune", "on")],
    )
    .await;
    let taken = organisation::Entity::find_by_id(known.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(taken.commune.as_deref(), Some("Plérin"));
    assert_eq!(taken.name, "Médiathèque de l'Écluse");
}

/// A file of `rows` places, each new.
fn places(rows: usize) -> Vec<u8> {
    let mut file = String::from("nom;commune;code_postal;identifiant\n");
    for i in 0..rows {
        file.push_str(&format!(
            "Lieu réparti {i};Commune {};{:05};R{i}\n",
            i % 700,
            1000 + i % 90_000
        ));
    }
    file.into_bytes()
}

/// Nothing of an upload is left: no chunk in the database, no file on disk.
async fn no_upload_left(app: &TestApp, data_dirs: &[&std::path::Path]) {
    assert_eq!(crate::helpers::count(&app.db, "import_uploads").await, 0);
    for dir in data_dirs {
        let left: Vec<String> = std::fs::read_dir(dir)
            .expect("data directory")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name == "imports" || name.starts_with(".import"))
            .collect();
        assert!(left.is_empty(), "left in {}: {left:?}", dir.display());
    }
}

#[tokio::test]
async fn an_import_started_on_one_instance_is_followed_and_reported_on_another() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    // The same browser, sent to another instance on the same database.
    let mut other = app.peer().await;
    other.client = app.client.clone();
    let before = organisations(&app).await;
    let rows = 30_000;
    let job = start(&app, "reparti.csv", places(rows), "organisations").await;
    let mapping = other.get_html(&job).await;
    assert!(
        mapping.contains("reparti.csv") && mapping.contains("Lieu réparti 1"),
        "the other instance shows the columns to map with examples"
    );

    // The dry run runs on the first instance; the other one shows it going.
    start_check(&app, &job, &[], &[]).await;
    let page = other.get(&job).await;
    assert_eq!(
        page.headers()["refresh"],
        "1",
        "a running job's page reloads"
    );
    assert!(page.text().await.unwrap().contains("<progress"));
    let mut read_seen = 0;
    let checked = loop {
        let s = status(&other, &job).await;
        if s["phase"] != "checking" {
            break s;
        }
        read_seen = read_seen.max(s["rows_read"].as_u64().unwrap());
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert_eq!(checked["phase"], "checked", "{checked}");
    assert_eq!(count(&checked, "created"), rows as u64);
    assert_eq!(checked["report"], status(&app, &job).await["report"]);
    assert!(read_seen < rows as u64);

    // Committed from the other instance, followed from the first.
    let token = other.csrf_token().await;
    let response = other
        .client
        .post(other.url(&format!("{job}/commit")))
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let done = settled(&app, &job).await;
    assert_eq!(done["phase"], "done", "{done}");
    assert_eq!(done["report"]["written"], true);
    assert_eq!(done["report"], status(&other, &job).await["report"]);
    assert!(other.get_html(&job).await.contains("Import terminé"));
    assert_eq!(organisations(&app).await, before + rows as u64);
    no_upload_left(&app, &[app.data_dir(), other.data_dir()]).await;
}

#[tokio::test]
async fn a_job_whose_instance_stopped_is_shown_failed_and_its_file_removed() {
    use sea_orm::sea_query::Expr;
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let job = start(
        &app,
        "arrete.csv",
        b"nom,commune\nA,B\n".to_vec(),
        "organisations",
    )
    .await;
    let token = job.trim_start_matches("/imports/").to_owned();
    assert_eq!(crate::helpers::count(&app.db, "import_uploads").await, 1);
    // As if an instance had started the dry run, with its heartbeat at `at`.
    let running_since = |at: chrono::DateTime<chrono::Utc>| {
        import_job::Entity::update_many()
            .col_expr(import_job::Column::Phase, Expr::value("checking"))
            .col_expr(import_job::Column::RowsRead, Expr::value(1_500i64))
            .col_expr(import_job::Column::HeartbeatAt, Expr::value(Some(at)))
            .filter(import_job::Column::Token.eq(token.clone()))
            .exec(&app.db)
    };
    running_since(app.now()).await.unwrap();
    let mut other = app.peer().await;
    other.client = app.client.clone();
    let running = status(&other, &job).await;
    assert_eq!(running["phase"], "checking", "alive: still running");
    assert_eq!(
        running["rows_read"], 1_500,
        "its progress shown on any instance"
    );
    let page = other.get(&job).await;
    assert_eq!(page.headers()["refresh"], "1");
    assert!(page.text().await.unwrap().contains("<progress"));

    // The instance died: its heartbeat stopped a minute ago.
    running_since(app.now() - chrono::Duration::minutes(1))
        .await
        .unwrap();
    let failed = status(&other, &job).await;
    assert_eq!(failed["phase"], "failed", "{failed}");
    assert!(
        failed["error"]
            .as_str()
            .unwrap()
            .contains("Import interrompu"),
        "{failed}"
    );
    let page = app.get_html(&job).await;
    assert!(page.contains("Relancez-le") && page.contains("href=\"/imports\""));
    no_upload_left(&app, &[app.data_dir(), other.data_dir()]).await;
    // It cannot be started again without its file.
    let token = app.csrf_token().await;
    let again = app
        .client
        .post(app.url(&format!("{job}/check")))
        .form(&[("column-0", "name"), ("_csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
}

#[tokio::test]
async fn a_finished_import_leaves_no_file_behind() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    // Left by a version that kept uploads on disk: removed at start.
    let old = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(old.path().join("imports")).unwrap();
    std::fs::write(old.path().join("imports/ancien"), "nom\nA\n").unwrap();
    crate::helpers::start(old.path(), app.db.clone(), &app.clock).await;
    assert!(!old.path().join("imports").exists());
    let job = start(&app, "fini.csv", places(3), "organisations").await;
    assert_eq!(crate::helpers::count(&app.db, "import_uploads").await, 1);
    check(&app, &job, &[], &[]).await;
    assert_eq!(
        crate::helpers::count(&app.db, "import_uploads").await,
        1,
        "kept for the commit"
    );
    let done = commit(&app, &job, &[]).await;
    assert_eq!(done["report"]["written"], true);
    no_upload_left(&app, &[app.data_dir()]).await;
    // The report stays readable after the file went.
    assert!(app.get_html(&job).await.contains("Import terminé"));
}

#[tokio::test]
async fn the_command_line_import_into_a_new_database_files_rows_under_their_departement() {
    // A new data folder: the import creates, migrates and seeds it first,
    // so the départements and régions its rows name are known.
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("bibliotheques.csv");
    std::fs::write(
        &file,
        "Libelle1;Libelle2;Localisation;voie;CP;CEDEXB;Ville;DEPT;INSEE;coordonnees_ban;coordonnees_insee;coordonnees_finales;code_bib;code_ua;Code region;Statut;surface;type_adresse;amplitude_horaire;pop_com\n\
         Médiathèque des Essais;;;1 rue de la gare;60490;;Boulogne-la-Grasse;60;60093;49.6, 2.7;49.6, 2.7;49.6,2.7;99999.0;99999.0;32;Bibliothèque municipale;;Bibliothèque ouverte au public;;486.0\n",
    )
    .expect("file written");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("new.sqlite").display()
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_relais"))
        .args(["import", "organisations"])
        .arg(&file)
        .env("DATABASE_URL", &url)
        .env("RELAIS_DATA_DIR", dir.path())
        .output()
        .expect("relais runs");
    let said = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    assert!(
        !said.contains("inconnu"),
        "no unknown département or région: {said}"
    );
    let db = relais::db::connect(&url).await.expect("sqlite");
    let library = organisation::Entity::find()
        .filter(organisation::Column::Name.eq("Médiathèque des Essais"))
        .one(&db)
        .await
        .expect("query")
        .expect("imported");
    assert_eq!(
        (
            library.departement_code.as_deref(),
            library.region_code.as_deref()
        ),
        (Some("60"), Some("32"))
    );
}
