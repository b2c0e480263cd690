//! Places (issue 25): reference communes loaded from the shared files,
//! imports linking organisations to them, "around a place" in distance
//! order, visit tours that become contacts, commune pages and their note.
//! Expectations are computed here from the files themselves (haversine
//! written again below), never read back from the app.

use std::collections::HashMap;
use std::path::PathBuf;

use relais::entities::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::Value;

use crate::helpers::{TestApp, date};
use crate::imports::{check, commit, shared, start};

/// The haversine distance in km, written independently of the app's.
fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 6371.0088_f64;
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let h = ((b.0 - a.0).to_radians() / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((b.1 - a.1).to_radians() / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

fn geo_dir() -> Option<PathBuf> {
    shared("geo/communes.csv").map(|p| p.parent().expect("dir").to_path_buf())
}

/// A point (latitude, longitude), when the file gives one.
type Point = Option<(f64, f64)>;

/// The communes file as (code → (name, postcodes, lat/lon)).
fn communes_file(dir: &std::path::Path) -> HashMap<String, (String, String, Point)> {
    let mut reader = csv::Reader::from_path(dir.join("communes.csv")).expect("communes.csv");
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            let point = r[7].parse::<f64>().ok().zip(r[8].parse::<f64>().ok());
            (r[0].to_owned(), (r[1].to_owned(), r[4].to_owned(), point))
        })
        .collect()
}

/// A few reference communes written directly (tests that do not need the
/// whole file): Vitré and its centre, Rennes, and two Saint-Denis.
pub(crate) async fn some_communes(app: &TestApp) {
    for (code, name, dep, postcodes, population, lat, lon) in [
        ("35360", "Vitré", "35", "35500", 19365, 48.11408, -1.19352),
        (
            "35238",
            "Rennes",
            "35",
            "35000 35200 35700",
            230890,
            48.11156,
            -1.68188,
        ),
        (
            "93066",
            "Saint-Denis",
            "93",
            "93200 93210",
            113942,
            48.92944,
            2.35886,
        ),
        (
            "97411",
            "Saint-Denis",
            "974",
            "97400 97417 97490",
            153810,
            -20.93254,
            55.44681,
        ),
    ] {
        if commune::Entity::find_by_id(code.to_owned())
            .one(&app.db)
            .await
            .expect("query")
            .is_some()
        {
            continue;
        }
        commune::ActiveModel {
            code: Set(code.into()),
            name: Set(name.into()),
            search_name: Set(relais::geo::fold(name)),
            departement_code: Set(dep.into()),
            region_code: Set("53".into()),
            postcodes: Set(postcodes.into()),
            population: Set(Some(population)),
            epci_siren: Set(None),
            latitude: Set(Some(lat)),
            longitude: Set(Some(lon)),
        }
        .insert(&app.db)
        .await
        .expect("commune");
    }
}

/// Imports the national library list with the guessed mapping, writing
/// the good rows; returns the finished job's status.
async fn import_libraries(app: &TestApp, path: &PathBuf) -> Value {
    let job = start(
        app,
        "bibliotheques.csv",
        std::fs::read(path).unwrap(),
        "organisations",
    )
    .await;
    check(app, &job, &[], &[]).await;
    let done = commit(app, &job, &[("skip_errors", "on")]).await;
    assert_eq!(done["report"]["written"], true);
    done
}

/// Lines the import left out (duplicates, rows in error).
fn skipped_lines(report: &Value) -> Vec<u64> {
    report["report"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .filter(|r| r["action"] == "duplicate" || r["action"] == "error")
        .map(|r| r["line"].as_u64().expect("line"))
        .collect()
}

/// The library file's rows: (line, code_bib external id, INSEE, point).
fn library_rows(path: &PathBuf) -> Vec<(u64, String, String, Point)> {
    let text = std::fs::read_to_string(path)
        .expect("utf-8")
        .replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (bib, insee, coords) = (
        column("code_bib"),
        column("INSEE"),
        column("coordonnees_finales"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            let line = r.position().expect("position").line();
            let point = r[coords].split_once(',').and_then(|(a, b)| {
                a.trim()
                    .parse::<f64>()
                    .ok()
                    .zip(b.trim().parse::<f64>().ok())
            });
            (
                line,
                format!("code_bib:{}", r[bib].trim().trim_end_matches(".0")),
                r[insee].trim().trim_end_matches(".0").to_uppercase(),
                point,
            )
        })
        .collect()
}

/// `(organisation id, distance shown)` of an "around" page, in its order.
fn listed(page: &str) -> Vec<(i32, f64)> {
    let pattern =
        regex::Regex::new(r#"data-organisation="(\d+)"(?s:.*?)data-distance="([0-9.]+)""#)
            .expect("regex");
    pattern
        .captures_iter(page)
        .map(|c| (c[1].parse().unwrap(), c[2].parse().unwrap()))
        .collect()
}

#[tokio::test]
async fn communes_load_from_the_reference_files_and_loading_again_changes_nothing() {
    let Some(dir) = geo_dir() else { return };
    let app = TestApp::spawn().await;
    let report = relais::geo::load_dir(&app.db, &dir).await.expect("loaded");
    assert_eq!(report.communes, Some(34_969));
    assert_eq!(
        commune::Entity::find().count(&app.db).await.unwrap(),
        34_969
    );
    let rennes = commune::Entity::find_by_id("35238".to_owned())
        .one(&app.db)
        .await
        .unwrap()
        .expect("Rennes");
    assert_eq!(rennes.name, "Rennes");
    assert_eq!(
        rennes.postcode_list().collect::<Vec<_>>(),
        ["35000", "35200", "35700"]
    );
    assert_eq!(rennes.departement_code, "35");
    let epci = epci::Entity::find_by_id(rennes.epci_siren.clone().expect("an EPCI"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("Rennes Métropole is loaded");
    assert!(epci.name.contains("Rennes"), "{}", epci.name);
    // Corsica keeps its letters.
    assert!(
        commune::Entity::find_by_id("2A004".to_owned())
            .one(&app.db)
            .await
            .unwrap()
            .is_some()
    );
    let again = relais::geo::load_dir(&app.db, &dir)
        .await
        .expect("loaded again");
    assert_eq!(again, report);
    assert_eq!(
        commune::Entity::find().count(&app.db).await.unwrap(),
        34_969
    );
    let rennes_again = commune::Entity::find_by_id("35238".to_owned())
        .one(&app.db)
        .await
        .unwrap();
    assert_eq!(rennes_again, Some(rennes));
}

#[tokio::test]
async fn the_app_loads_the_communes_in_the_background_when_it_starts_without_any() {
    let Some(dir) = geo_dir() else { return };
    let clock = crate::helpers::harness_clock();
    let app = TestApp::spawn_configured(clock, |config| {
        config.geo_dir = shared("geo/communes.csv").and_then(|p| p.parent().map(PathBuf::from));
    })
    .await;
    let _ = dir;
    // It answers at once, and the communes arrive meanwhile.
    assert_eq!(app.get("/health").await.status(), 200);
    let mut count = 0;
    for _ in 0..600 {
        count = commune::Entity::find().count(&app.db).await.unwrap();
        if count == 34_969 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(count, 34_969);
}

#[tokio::test]
async fn the_national_library_list_links_its_rows_to_communes_and_says_which_it_could_not() {
    let (Some(dir), Some(path)) = (
        geo_dir(),
        shared("bibliotheques/adresses-des-bibliotheques-publiques.csv"),
    ) else {
        return;
    };
    let app = TestApp::spawn_as(Role::Volunteer).await;
    relais::geo::load_dir(&app.db, &dir).await.expect("loaded");
    let done = import_libraries(&app, &path).await;
    let report = &done["report"];
    let linked = report["communes_linked"].as_u64().expect("linked count");
    let not_linked = report["communes_not_linked"]
        .as_u64()
        .expect("not linked count");
    let reasons = report["not_linked"].as_object().expect("reasons");
    eprintln!("linked {linked}, not linked {not_linked}: {reasons:?}");
    let by_reason: u64 = reasons.values().map(|r| r["rows"].as_u64().unwrap()).sum();
    assert_eq!(by_reason, not_linked, "every row not linked has its reason");
    assert!(
        reasons
            .keys()
            .all(|k| ["no_commune", "unknown_code", "no_match", "ambiguous"].contains(&k.as_str())),
        "{reasons:?}"
    );

    // Independently: a row whose INSEE code is a current commune is
    // linked to exactly that commune.
    let communes = communes_file(&dir);
    let skipped = skipped_lines(&done);
    let organisations: HashMap<String, organisation::Model> = organisation::Entity::find()
        .filter(organisation::Column::ExternalId.starts_with("code_bib:"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|o| o.external_id.clone().map(|e| (e, o)))
        .collect();
    let mut by_code = 0;
    for (line, bib, insee, _) in library_rows(&path) {
        if skipped.contains(&line) || !communes.contains_key(&insee) {
            continue;
        }
        let o = organisations
            .get(&bib)
            .unwrap_or_else(|| panic!("{bib} imported"));
        assert_eq!(o.commune_code.as_deref(), Some(insee.as_str()), "{bib}");
        by_code += 1;
    }
    assert!(
        by_code > 15_000,
        "{by_code} rows linked by their INSEE code"
    );
    // The counts match what is stored, and the rows left are "to check".
    let summary = report["communes_summary"].as_str().expect("summary");
    assert!(summary.contains("rattachée(s) à leur commune"), "{summary}");
    let stored_unlinked = organisations
        .values()
        .filter(|o| o.commune_code.is_none())
        .count();
    assert_eq!(stored_unlinked as u64, not_linked);
    assert_eq!(linked + not_linked, organisations.len() as u64);
    let to_check = app
        .get_html("/organisations?commune_to_check=1&kind=library")
        .await;
    assert!(to_check.contains("Commune à vérifier"));
    // The opening hours are kept.
    assert!(
        organisations
            .values()
            .filter(|o| o.weekly_opening_hours.is_some())
            .count()
            > 10_000
    );
}

#[tokio::test]
async fn within_25_km_of_vitre_are_the_libraries_the_file_puts_there_nearest_first() {
    let (Some(dir), Some(path)) = (
        geo_dir(),
        shared("bibliotheques/adresses-des-bibliotheques-publiques.csv"),
    ) else {
        return;
    };
    let app = TestApp::spawn_as(Role::Viewer).await;
    relais::geo::load_dir(&app.db, &dir).await.expect("loaded");
    let importer = app.with_new_client();
    importer.login_as(Role::Volunteer).await;
    let done = import_libraries(&importer, &path).await;
    let skipped = skipped_lines(&done);

    let communes = communes_file(&dir);
    let vitre = communes["35360"].2.expect("Vitré's centre");
    let mut expected: Vec<(String, f64)> = library_rows(&path)
        .into_iter()
        .filter(|(line, ..)| !skipped.contains(line))
        .filter_map(|(_, bib, _, point)| Some((bib, distance_km(vitre, point?))))
        .filter(|(_, d)| *d <= 25.0)
        .collect();
    expected.sort_by(|a, b| a.1.total_cmp(&b.1));
    assert!(expected.len() > 20, "{} libraries", expected.len());

    let page = app.get_html("/around?at=35360&radius=25").await;
    let shown = listed(&page);
    let ids: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(shown.iter().map(|(id, _)| *id)))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.id, o.external_id.unwrap_or_default()))
        .collect();
    let shown_bibs: Vec<(String, f64)> =
        shown.iter().map(|(id, d)| (ids[id].clone(), *d)).collect();
    // The same libraries…
    let mut a: Vec<&str> = shown_bibs.iter().map(|(b, _)| b.as_str()).collect();
    let mut b: Vec<&str> = expected.iter().map(|(b, _)| b.as_str()).collect();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b, "the libraries within 25 km");
    // …each at the distance computed here, nearest first.
    let computed: HashMap<&str, f64> = expected.iter().map(|(b, d)| (b.as_str(), *d)).collect();
    for (bib, d) in &shown_bibs {
        assert!((computed[bib.as_str()] - d).abs() < 0.001, "{bib}: {d}");
    }
    assert!(
        shown_bibs.windows(2).all(|w| w[0].1 <= w[1].1),
        "in distance order"
    );
    assert!(page.contains("km de Vitré"), "the page names the place");
    assert!(page.contains("<svg"), "the plot is drawn");
    // The same by the name typed without JavaScript; a postcode several
    // communes share offers them.
    let by_name = listed(&app.get_html("/around?at_name=vitre&radius=25").await);
    assert_eq!(by_name, shown);
    let by_postcode = app.get("/around?at_name=35500").await;
    assert_eq!(by_postcode.status(), 422);
    let choices = by_postcode.text().await.unwrap();
    assert!(choices.contains("type=\"radio\"") && choices.contains("Vitré"));
    let (first, _) = shown[0];
    let from_library = listed(
        &app.get_html(&format!("/around?from={first}&radius=10"))
            .await,
    );
    assert!(
        from_library
            .iter()
            .all(|(id, d)| *id != first && *d <= 10.0)
    );
    // A narrower radius keeps the nearest.
    let near = listed(&app.get_html("/around?at=35360&radius=5").await);
    assert!(near.iter().all(|(_, d)| *d <= 5.0));
    assert_eq!(near[..], shown[..near.len()]);
}

/// A library at `lat`, `lon` (decimal degrees), through the form.
async fn library_at(app: &TestApp, name: &str, lat: f64, lon: f64) -> i32 {
    let mut form = crate::directory::valid_form(name);
    for (k, v) in &mut form {
        match k.as_str() {
            "latitude" => *v = lat.to_string(),
            "longitude" => *v = lon.to_string(),
            "commune" => *v = "Vitré".into(),
            "postcode" => *v = "35500".into(),
            "address" => *v = "1 place de la Gare".into(),
            _ => {}
        }
    }
    let borrowed: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = app.post_form("/organisations", &borrowed).await;
    assert_eq!(response.status(), 303, "{name} created");
    organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .expect("created")
        .id
}

#[tokio::test]
async fn a_tour_of_eight_stops_is_in_nearest_neighbour_order_prints_and_becomes_contacts() {
    let app = TestApp::spawn_at(date(2027, 3, 10)).await;
    app.login_as(Role::Volunteer).await;
    some_communes(&app).await;
    let start = (48.11408, -1.19352);
    let places = [
        ("Médiathèque A", 48.20, -1.10),
        ("Médiathèque B", 48.05, -1.30),
        ("Médiathèque C", 48.15, -1.25),
        ("Médiathèque D", 48.00, -1.00),
        ("Médiathèque E", 48.25, -1.35),
        ("Médiathèque F", 48.12, -1.05),
        ("Médiathèque G", 48.30, -1.15),
        ("Médiathèque H", 48.08, -1.40),
    ];
    let mut ids = Vec::new();
    for (name, lat, lon) in places {
        ids.push((library_at(&app, name, lat, lon).await, (lat, lon)));
    }
    // Someone to ask for, a past contact, opening hours.
    let person = crate::helpers::create_person(&app, "Camille Durand", false).await;
    let response = app
        .post_form(
            &format!("/organisations/{}/memberships", ids[2].0),
            &[
                ("person_id", &person.to_string()),
                ("role", "bibliothécaire"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = app
        .post_form(
            "/interactions",
            &[
                ("occurred_on", "2027-01-15"),
                ("channel", "phone"),
                ("direction", "outbound"),
                ("organisation_id", &ids[2].0.to_string()),
                ("summary", "Premier appel à la médiathèque"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "a past contact");
    let mut hours: organisation::ActiveModel = organisation::Entity::find_by_id(ids[5].0)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    hours.weekly_opening_hours = Set(Some(17.5));
    hours.update(&app.db).await.unwrap();

    for (id, _) in &ids {
        let response = app
            .post_form(
                "/tours/stops",
                &[
                    ("organisation_id", &id.to_string()),
                    ("start", "35360"),
                    ("back", "/around?at=35360"),
                ],
            )
            .await;
        assert_eq!(response.status(), 303);
    }
    // Twice is once.
    let again = app
        .post_form(
            "/tours/stops",
            &[("organisation_id", &ids[0].0.to_string())],
        )
        .await;
    assert_eq!(again.status(), 303);
    let tour = tour::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("a tour");
    assert_eq!(
        tour_stop::Entity::find()
            .filter(tour_stop::Column::TourId.eq(tour.id))
            .count(&app.db)
            .await
            .unwrap(),
        8
    );

    // Nearest neighbour, computed here.
    let mut left = ids.clone();
    let mut here = start;
    let mut expected = Vec::new();
    while !left.is_empty() {
        let (i, _) = left
            .iter()
            .enumerate()
            .min_by(|a, b| distance_km(here, a.1.1).total_cmp(&distance_km(here, b.1.1)))
            .unwrap();
        let (id, point) = left.remove(i);
        expected.push(id);
        here = point;
    }
    let page = app.get_html(&format!("/tours/{}", tour.id)).await;
    let order: Vec<i32> = regex::Regex::new(r#"data-stop="(\d+)""#)
        .unwrap()
        .captures_iter(&page)
        .map(|c| c[1].parse().unwrap())
        .collect();
    assert_eq!(order, expected, "nearest neighbour from Vitré");
    assert!(
        page.contains("plus proche voisin"),
        "the page says how it orders"
    );
    assert!(page.contains("au départ de Vitré"));
    assert!(page.contains("1 place de la Gare"), "addresses");
    assert!(
        page.contains("17,5 h par semaine") || page.contains("17.5 h par semaine"),
        "hours"
    );
    assert!(
        page.contains("Camille Durand") && page.contains("bibliothécaire"),
        "who to ask for"
    );
    assert!(
        page.contains(&format!("name=\"person-{}\"", ids[2].0)),
        "the person met is chosen among them when the visits are recorded"
    );
    assert!(
        page.contains("Premier appel à la médiathèque"),
        "the last contact"
    );
    assert!(page.contains("jamais contactée"));
    let css = app.get_html(relais::web::assets::url("app.css")).await;
    assert!(
        css.contains("@media print") && css.contains(".tour-stop"),
        "print rules"
    );

    // Bad input: refused with French messages, nothing written.
    let before = interaction::Entity::find().count(&app.db).await.unwrap();
    let future = app
        .post_form(
            &format!("/tours/{}/record", tour.id),
            &[
                ("occurred_on", "2027-04-01"),
                ("version", &tour.version.to_string()),
                (&format!("visited-{}", ids[0].0), "on"),
            ],
        )
        .await;
    assert_eq!(future.status(), 422);
    assert!(
        future
            .text()
            .await
            .unwrap()
            .contains("ne peut pas être dans le futur")
    );
    let none = app
        .post_form(
            &format!("/tours/{}/record", tour.id),
            &[
                ("occurred_on", "2027-03-10"),
                ("version", &tour.version.to_string()),
            ],
        )
        .await;
    assert_eq!(none.status(), 422);
    // Only someone the stop offers to ask for can be the person met.
    let stranger = crate::helpers::create_person(&app, "Dominique Ailleurs", false).await;
    let wrong_person = app
        .post_form(
            &format!("/tours/{}/record", tour.id),
            &[
                ("occurred_on", "2027-03-10"),
                ("version", &tour.version.to_string()),
                (&format!("visited-{}", ids[2].0), "on"),
                (&format!("person-{}", ids[2].0), &stranger.to_string()),
            ],
        )
        .await;
    assert_eq!(wrong_person.status(), 422);
    assert!(
        wrong_person
            .text()
            .await
            .unwrap()
            .contains("Choisissez une des personnes")
    );
    assert_eq!(
        interaction::Entity::find().count(&app.db).await.unwrap(),
        before
    );

    // After the day: every visit becomes a contact, in one step.
    let mut fields: Vec<(String, String)> = vec![
        ("occurred_on".into(), "2027-03-10".into()),
        ("version".into(), tour.version.to_string()),
    ];
    for (id, _) in &ids {
        fields.push((format!("visited-{id}"), "on".into()));
    }
    fields.push((
        format!("summary-{}", ids[2].0),
        "Rencontre avec Camille, atelier en mai".into(),
    ));
    fields.push((format!("person-{}", ids[2].0), person.to_string()));
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let recorded = app
        .post_form(&format!("/tours/{}/record", tour.id), &borrowed)
        .await;
    assert_eq!(recorded.status(), 303);
    assert_eq!(
        interaction::Entity::find().count(&app.db).await.unwrap(),
        before + 8
    );
    let visit = interaction::Entity::find()
        .filter(interaction::Column::OrganisationId.eq(ids[2].0))
        .filter(interaction::Column::Channel.eq(InteractionChannel::Meeting))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the visit is a contact");
    assert_eq!(visit.summary, "Rencontre avec Camille, atelier en mai");
    assert_eq!(visit.person_id, Some(person), "the person met");
    let other_visit = interaction::Entity::find()
        .filter(interaction::Column::OrganisationId.eq(ids[0].0))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a visit");
    assert_eq!(other_visit.person_id, None, "nobody chosen there");
    assert_eq!(visit.occurred_on, date(2027, 3, 10));
    let stops = tour_stop::Entity::find()
        .filter(tour_stop::Column::TourId.eq(tour.id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(stops.iter().all(|s| s.interaction_id.is_some()));
    let tour = tour::Entity::find_by_id(tour.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(tour.recorded_on, Some(date(2027, 3, 10)));
    // Once only.
    let twice = app.post_form(&borrowed_path(tour.id), &borrowed).await;
    assert_eq!(twice.status(), 409);
    assert_eq!(
        interaction::Entity::find().count(&app.db).await.unwrap(),
        before + 8
    );
    // The organisation's page shows the visit as its last contact.
    let org_page = app.get_html(&format!("/organisations/{}", ids[2].0)).await;
    assert!(org_page.contains("Rencontre avec Camille"));
}

fn borrowed_path(tour: i32) -> String {
    format!("/tours/{tour}/record")
}

#[tokio::test]
async fn a_tour_is_its_owners_and_viewers_only_read() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    some_communes(&app).await;
    let id = library_at(&app, "Bibliothèque de la Gare", 48.12, -1.20).await;
    let response = app
        .post_form("/tours/stops", &[("organisation_id", &id.to_string())])
        .await;
    assert_eq!(response.status(), 303);
    let tour = tour::Entity::find().one(&app.db).await.unwrap().unwrap();
    let other = app.with_new_client();
    other.login_as(Role::Admin).await;
    assert_eq!(
        other.get(&format!("/tours/{}", tour.id)).await.status(),
        404
    );
    let viewer = app.with_new_client();
    viewer.login_as(Role::Viewer).await;
    assert_eq!(viewer.get("/around?at=35360").await.status(), 200);
    let refused = viewer
        .post_form("/tours/stops", &[("organisation_id", &id.to_string())])
        .await;
    assert_eq!(refused.status(), 403);
    let anonymous = app.with_new_client();
    let page = anonymous.get("/around").await;
    assert!(page.status().is_redirection(), "{}", page.status());
    // Nonsense is a 4xx, never a 500.
    for bad in [
        "/around?at=99999",
        "/around?at=35360&radius=500",
        "/around?at=35360&radius=abc",
        "/around?at=35360&kind=boulangerie",
        "/around?at=35360&population_max=-4",
        "/around?from=999999",
        "/around?at_name=Atlantide",
        "/around?at_name=Saint-Denis",
        "/communes/00000",
        "/communes/%27%3B",
        "/tours/999999",
    ] {
        let status = app.get(bad).await.status();
        assert!(status.is_client_error(), "{bad}: {status}");
    }
    let radius = app
        .get("/around?at=35360&radius=500")
        .await
        .text()
        .await
        .unwrap();
    assert!(radius.contains("Le rayon est un nombre entier de kilomètres"));
    let namesakes = app
        .get("/around?at_name=Saint-Denis")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        namesakes.contains("type=\"radio\"") && namesakes.contains("974"),
        "choices"
    );
    for (path, fields) in [
        ("/tours/stops", vec![("organisation_id", "abc")]),
        ("/tours/stops", vec![("organisation_id", "999999")]),
        (
            "/tours/stops",
            vec![("organisation_id", "1"), ("start", "ZZZZZ")],
        ),
        (
            "/communes/35360/note",
            vec![("source", ""), ("noted_on", "hier")],
        ),
        (
            "/account/commune",
            vec![("commune_code", "99999"), ("commune_code_name", "")],
        ),
    ] {
        let status = app.post_form(path, &fields).await.status();
        assert!(status.is_client_error(), "{path} {fields:?}: {status}");
    }
}

#[tokio::test]
async fn the_organisation_form_links_a_typed_commune_offers_namesakes_and_keeps_the_unknown() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    some_communes(&app).await;
    let post = |name: &'static str, commune: &'static str| {
        let app = &app;
        async move {
            let mut form = crate::directory::valid_form(name);
            form.retain(|(k, _)| k != "commune" && k != "departement_code" && k != "postcode");
            form.push(("commune_code".into(), String::new()));
            form.push(("commune_code_name".into(), commune.into()));
            let borrowed: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.post_form("/organisations", &borrowed).await
        }
    };
    let found = |name: &'static str| {
        let app = &app;
        async move {
            organisation::Entity::find()
                .filter(organisation::Column::Name.eq(name))
                .one(&app.db)
                .await
                .unwrap()
        }
    };
    // One commune: linked, its name written as the reference writes it.
    assert_eq!(post("Médiathèque de Vitré", "vitre").await.status(), 303);
    let vitre = found("Médiathèque de Vitré").await.expect("saved");
    assert_eq!(vitre.commune_code.as_deref(), Some("35360"));
    assert_eq!(vitre.commune.as_deref(), Some("Vitré"));
    // Namesakes: the form comes back offering them.
    let ambiguous = post("Médiathèque de Saint-Denis", "Saint-Denis").await;
    assert_eq!(ambiguous.status(), 422);
    let page = ambiguous.text().await.unwrap();
    assert!(page.contains("Plusieurs fiches correspondent") && page.contains("type=\"radio\""));
    assert!(found("Médiathèque de Saint-Denis").await.is_none());
    // Choosing one (the radio's value) links it.
    let mut form = crate::directory::valid_form("Médiathèque de Saint-Denis");
    form.retain(|(k, _)| k != "commune" && k != "departement_code" && k != "postcode");
    form.push(("commune_code".into(), "97411".into()));
    form.push(("commune_code_name".into(), "Saint-Denis".into()));
    let borrowed: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        app.post_form("/organisations", &borrowed).await.status(),
        303
    );
    let saint_denis = found("Médiathèque de Saint-Denis").await.expect("saved");
    assert_eq!(saint_denis.commune_code.as_deref(), Some("97411"));
    // Nothing matches: kept as typed, to check.
    assert_eq!(
        post("Bibliothèque d'Atlantide", "Atlantide").await.status(),
        303
    );
    let atlantide = found("Bibliothèque d'Atlantide").await.expect("saved");
    assert_eq!(
        (
            atlantide.commune.as_deref(),
            atlantide.commune_code.as_deref()
        ),
        (Some("Atlantide"), None)
    );
    let list = app.get_html("/organisations?commune_to_check=1").await;
    assert!(
        list.contains("Bibliothèque d&#39;Atlantide") || list.contains("Bibliothèque d'Atlantide")
    );
    assert!(!list.contains("Médiathèque de Vitré"));
    let page = app
        .get_html(&format!("/organisations/{}", atlantide.id))
        .await;
    assert!(page.contains("Commune à vérifier"));
    // The picker's lookup, by name and by postcode.
    let picked: Value = app
        .client
        .get(app.url("/pick/communes?q=vit"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(picked[0]["id"], "35360");
    let by_postcode: Value = app
        .client
        .get(app.url("/pick/communes?q=35200"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(by_postcode[0]["label"], "Rennes");
}

#[tokio::test]
async fn a_commune_page_shows_its_organisations_and_a_dated_sourced_note_with_its_history() {
    let app = TestApp::spawn_at(date(2027, 3, 10)).await;
    app.login_as(Role::Volunteer).await;
    some_communes(&app).await;
    let library = library_at(&app, "Médiathèque de Vitré", 48.12, -1.20).await;
    let page = app.get_html("/communes/35360").await;
    assert!(
        page.contains("Vitré (35360)")
            && page.contains("19")
            && page.contains("Médiathèque de Vitré")
    );
    assert!(page.contains("Pas encore de note"));
    // The source and the date are required; messages in French.
    let refused = app
        .post_form(
            "/communes/35360/note",
            &[
                ("mayor", "Maire depuis 2020"),
                ("source", ""),
                ("noted_on", ""),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let text = refused.text().await.unwrap();
    assert!(text.contains("Maire depuis 2020"), "the input is kept");
    let saved = app
        .post_form(
            "/communes/35360/note",
            &[
                (
                    "library_decides",
                    "L'adjointe à la culture, avec la directrice",
                ),
                (
                    "priorities",
                    "Inclusion numérique : un conseiller numérique en 2026",
                ),
                ("mayor", "Maire depuis 2020, mandat jusqu'en 2026"),
                ("source", "Site de la mairie, délibération du 12 janvier"),
                ("noted_on", "2027-02-01"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let note = commune_note::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("note");
    // Someone else edits it; a stale version is a conflict.
    let other = app.with_new_client();
    other.login_as(Role::Admin).await;
    let edited = other
        .post_form(
            "/communes/35360/note",
            &[
                ("library_decides", "Le directeur de la médiathèque"),
                ("source", "Bulletin municipal de mars"),
                ("noted_on", "2027-03-01"),
                ("version", &note.version.to_string()),
            ],
        )
        .await;
    assert_eq!(edited.status(), 303);
    let stale = app
        .post_form(
            "/communes/35360/note",
            &[
                ("mayor", "Autre"),
                ("source", "Ailleurs"),
                ("noted_on", "2027-03-02"),
                ("version", &note.version.to_string()),
            ],
        )
        .await;
    assert_eq!(stale.status(), 409);
    let page = app.get_html("/communes/35360").await;
    assert!(page.contains("Le directeur de la médiathèque"));
    assert!(page.contains("Bulletin municipal de mars"), "its source");
    assert!(page.contains("Historique de la note"));
    let history = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::CommuneNote))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(history.len(), 2, "who wrote what, twice");
    assert_ne!(history[0].user_id, history[1].user_id);
    // Shown where the commune's organisations are: their page, the contact form.
    let org_page = app.get_html(&format!("/organisations/{library}")).await;
    assert!(
        org_page.contains("Contexte local : Vitré")
            && org_page.contains("Le directeur de la médiathèque")
    );
    let contact = app
        .get_html(&format!("/interactions/new?organisation={library}"))
        .await;
    assert!(contact.contains("Contexte local : Vitré"));
}

#[tokio::test]
async fn my_commune_is_where_around_me_starts() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    some_communes(&app).await;
    let unset = app.get("/around?me=1").await;
    assert_eq!(unset.status(), 422);
    assert!(
        unset
            .text()
            .await
            .unwrap()
            .contains("pas encore indiqué votre commune")
    );
    let saved = app
        .post_form(
            "/account/commune",
            &[("commune_code", ""), ("commune_code_name", "Vitré")],
        )
        .await;
    assert_eq!(saved.status(), 303, "a viewer sets their own commune");
    let page = app.get_html("/around?me=1").await;
    assert!(page.contains("km de Vitré"));
    assert!(page.contains("Autour de ma commune (Vitré)"));
}

#[tokio::test]
async fn the_population_filters_read_the_reference_communes_population() {
    let app = TestApp::spawn().await;
    app.login_as(Role::Volunteer).await;
    some_communes(&app).await;
    let town = library_at(&app, "Médiathèque de la petite ville", 48.12, -1.2).await;
    let city = library_at(&app, "Bibliothèque des Champs Libres", 48.11, -1.68).await;
    for (id, code) in [(town, "35360"), (city, "35238")] {
        organisation::Entity::update_many()
            .col_expr(organisation::Column::CommuneCode, Expr::value(code))
            .col_expr(
                organisation::Column::Address,
                Expr::value(format!("{id} rue Haute")),
            )
            .filter(organisation::Column::Id.eq(id))
            .exec(&app.db)
            .await
            .expect("commune code");
    }
    let ids = |page: String| {
        listed(&page)
            .into_iter()
            .map(|(id, _)| id)
            .collect::<Vec<_>>()
    };
    let all = ids(app.get_html("/around?at=35360&radius=50").await);
    assert_eq!(all, vec![town, city], "both, nearest first");
    // Vitré has 19,365 inhabitants, Rennes 230,890.
    let small = ids(app
        .get_html("/around?at=35360&radius=50&population_max=50000")
        .await);
    assert_eq!(small, vec![town]);
    let large = ids(app
        .get_html("/around?at=35360&radius=50&population_min=100000")
        .await);
    assert_eq!(large, vec![city]);
}

#[tokio::test]
async fn the_api_links_a_commune_by_name_or_code_and_lists_the_namesakes_it_refuses() {
    let app = TestApp::spawn().await;
    some_communes(&app).await;
    let (_, token) = crate::api::token_for(&app, Role::Volunteer, true).await;
    let create = |body: Value| {
        let (app, token) = (&app, &token);
        async move {
            crate::api::send(
                app,
                reqwest::Method::POST,
                "/api/v1/organisations",
                token,
                None,
                Some(body),
            )
            .await
        }
    };
    let linked: Value = create(serde_json::json!({
        "name": "Médiathèque de Vitré", "kind": "library", "commune": "VITRE"}))
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(linked["commune_code"], "35360");
    assert_eq!(linked["commune"], "Vitré");

    // Two Saint-Denis: refused, both offered, nothing written.
    let ambiguous = create(serde_json::json!({
        "name": "Médiathèque de Saint-Denis", "kind": "library", "commune": "Saint-Denis"}))
    .await;
    let problem = crate::api::problem(ambiguous, 422).await;
    let error = problem["errors"]
        .as_array()
        .and_then(|e| e.iter().find(|e| e["field"] == "commune_code"))
        .expect("the commune named");
    let mut offered: Vec<String> = error["choices"]
        .as_array()
        .expect("choices")
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c["label"].as_str().unwrap(),
                c["detail"].as_str().unwrap()
            )
        })
        .collect();
    offered.sort();
    assert_eq!(offered.len(), 2, "{offered:?}");
    assert!(
        offered[0].contains("93") && offered[1].contains("974"),
        "{offered:?}"
    );
    let none = organisation::Entity::find()
        .filter(organisation::Column::Name.eq("Médiathèque de Saint-Denis"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(none, 0);

    // The id of a choice, or the postcode, settles it.
    let reunion_id = error["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["detail"].as_str().unwrap().contains("974"))
        .map(|c| c["id"].to_string())
        .unwrap();
    let chosen: Value = create(serde_json::json!({
        "name": "Médiathèque de Saint-Denis", "kind": "library",
        "commune": "Saint-Denis", "commune_code": reunion_id}))
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(chosen["commune_code"], "97411");
    let by_postcode: Value = create(serde_json::json!({
        "name": "Bibliothèque de la Plaine", "kind": "library",
        "commune": "Saint-Denis", "postcode": "93210"}))
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(by_postcode["commune_code"], "93066");
    // An unknown code is refused by name.
    let unknown = create(serde_json::json!({
        "name": "Bibliothèque fantôme", "kind": "library", "commune_code": "99999"}))
    .await;
    let problem = crate::api::problem(unknown, 422).await;
    crate::api::field_message(&problem, "commune_code");
}
