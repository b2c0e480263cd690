//! The search contract, run against every engine: the embedded one always,
//! Meilisearch when `MEILI_URL` is set. Then search through HTTP, an engine
//! outage, and reindexing.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use relais::entities::*;
use relais::search::embedded::EmbeddedEngine;
use relais::search::meili::MeiliEngine;
use relais::search::{
    DocKind, Facet, SearchDocument, SearchEngine, SearchError, SearchQuery, SearchResults, worker,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::helpers::TestApp;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
}

fn doc(id: &str, kind: DocKind, title: &str) -> SearchDocument {
    SearchDocument {
        id: id.into(),
        kind,
        title: title.into(),
        acronym: None,
        commune: None,
        region_code: None,
        departement_code: None,
        org_kind: None,
        stages: vec![],
        tags: vec![],
        description: String::new(),
        url: format!("/{id}"),
        date: None,
    }
}

fn corpus() -> Vec<SearchDocument> {
    let org =
        |id: &str, title: &str| doc(&format!("organisation:{id}"), DocKind::Organisation, title);
    let mut docs = vec![
        SearchDocument {
            acronym: Some("ABF".into()),
            org_kind: Some("professional_association".into()),
            region_code: Some("11".into()),
            departement_code: Some("75".into()),
            commune: Some("Paris".into()),
            ..org("1", "Association des bibliothécaires de France")
        },
        SearchDocument {
            org_kind: Some("commission".into()),
            ..org("2", "Commission Labenbib")
        },
        SearchDocument {
            org_kind: Some("mediation_network".into()),
            region_code: Some("52".into()),
            departement_code: Some("44".into()),
            commune: Some("Nantes".into()),
            tags: vec!["newsletter".into()],
            stages: vec!["to_contact".into()],
            ..org("3", "Réseau Parcours Numérique")
        },
        SearchDocument {
            org_kind: Some("mailing_list".into()),
            stages: vec!["relay".into()],
            tags: vec!["vie privée".into()],
            ..org("4", "Liste cryptobib")
        },
        SearchDocument {
            org_kind: Some("library".into()),
            region_code: Some("53".into()),
            departement_code: Some("35".into()),
            commune: Some("Rennes".into()),
            ..org("5", "Les médiathèques de Rennes Métropole")
        },
        SearchDocument {
            org_kind: Some("library".into()),
            region_code: Some("11".into()),
            departement_code: Some("95".into()),
            commune: Some("Cergy".into()),
            ..org("6", "Médiathèque de Cergy")
        },
        doc("person:1", DocKind::Person, "Camille Exemple"),
        SearchDocument {
            org_kind: Some("congress".into()),
            date: NaiveDate::from_ymd_opt(2027, 6, 10),
            ..doc("event:1", DocKind::Event, "Congrès annuel de l'ABF")
        },
        SearchDocument {
            org_kind: Some("congress".into()),
            date: NaiveDate::from_ymd_opt(2025, 6, 12),
            ..doc("event:2", DocKind::Event, "Congrès de l'ABF 2025")
        },
        doc("kit:1", DocKind::Kit, "Atelier vie privée sur smartphone"),
    ];
    // Fillers mentioning the same words outside the title, for ranking.
    for (i, (commune, description, tags)) in [
        ("Rennes", "Bibliothèque de quartier", vec![]),
        (
            "Saint-Malo",
            "Partenaire des médiathèques de Rennes",
            vec![],
        ),
        ("Vannes", "Un parcours numérique pour les seniors", vec![]),
        ("Brest", "Lieu d'accueil", vec!["labenbib".to_owned()]),
        ("Lorient", "Point lecture", vec![]),
    ]
    .into_iter()
    .enumerate()
    {
        docs.push(SearchDocument {
            commune: Some(commune.into()),
            description: description.into(),
            tags,
            org_kind: Some("library".into()),
            region_code: Some("53".into()),
            ..org(
                &format!("{}", 100 + i),
                &format!("Bibliothèque municipale n°{i}"),
            )
        });
    }
    docs
}

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        filters: vec![],
        include_people: true,
        today: today(),
        limit: 20,
        offset: 0,
        facets: true,
    }
}

async fn run(engine: &dyn SearchEngine, q: SearchQuery) -> SearchResults {
    engine.search(&q).await.expect("search answers")
}

async fn ids(engine: &dyn SearchEngine, text: &str) -> Vec<String> {
    run(engine, query(text))
        .await
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn facet(results: &SearchResults, facet: Facet) -> Vec<(String, u64)> {
    results
        .facets
        .iter()
        .find(|f| f.facet == facet)
        .map(|f| f.values.clone())
        .unwrap_or_default()
}

/// The whole contract; panics with the scenario that failed.
async fn contract(engine: &dyn SearchEngine) {
    engine.clear().await.expect("clear");
    engine.upsert(corpus()).await.expect("index corpus");
    assert_eq!(engine.count().await.expect("count"), corpus().len() as u64);

    // Accents and case.
    for text in [
        "médiathèque cergy",
        "mediatheque cergy",
        "MEDIATHEQUE CERGY",
    ] {
        assert_eq!(
            ids(engine, text).await.first().map(String::as_str),
            Some("organisation:6"),
            "{text}"
        );
    }
    // The queries of the issue find the seeded organisation first.
    for (text, expected) in [
        ("mediatheque rennes", "organisation:5"),
        ("parcour numerik", "organisation:3"),
        ("cryptobibb", "organisation:4"),
        ("labenbib", "organisation:2"),
    ] {
        assert_eq!(
            ids(engine, text).await.first().map(String::as_str),
            Some(expected),
            "{text}"
        );
    }
    // Typos: one from 5 letters, two from 9, none below 5.
    assert!(
        ids(engine, "cergi")
            .await
            .contains(&"organisation:6".to_owned()),
        "one typo at 5 letters"
    );
    assert!(
        ids(engine, "bibliotecaires")
            .await
            .contains(&"organisation:1".to_owned()),
        "one typo at 14 letters"
    );
    assert!(
        ids(engine, "bybliotecaires")
            .await
            .contains(&"organisation:1".to_owned()),
        "two typos at 14 letters"
    );
    assert!(
        !ids(engine, "bybliotekaires")
            .await
            .contains(&"organisation:1".to_owned()),
        "not three"
    );
    assert!(
        ids(engine, "brest")
            .await
            .contains(&"organisation:103".to_owned())
    );
    assert!(
        ids(engine, "brast")
            .await
            .contains(&"organisation:103".to_owned()),
        "brest has 5 letters: one typo allowed"
    );
    assert!(
        !ids(engine, "lise")
            .await
            .contains(&"organisation:4".to_owned()),
        "no typo below 5 letters (liste)"
    );
    assert!(
        !ids(engine, "abc")
            .await
            .contains(&"organisation:1".to_owned()),
        "no typo on 3 letters (abf)"
    );
    // Prefixes, as you type.
    assert!(
        ids(engine, "mediat")
            .await
            .contains(&"organisation:5".to_owned())
    );
    assert!(
        ids(engine, "renn")
            .await
            .contains(&"organisation:5".to_owned())
    );
    assert!(ids(engine, "labenb").await.first().map(String::as_str) == Some("organisation:2"));
    // Every word must match.
    assert!(
        !ids(engine, "cergy nantes")
            .await
            .contains(&"organisation:6".to_owned())
    );
    // Acronyms rank like titles.
    assert_eq!(
        ids(engine, "abf").await.first().map(String::as_str),
        Some("organisation:1")
    );
    // Title before commune before tags before description.
    let rennes = ids(engine, "rennes").await;
    let pos = |id: &str| rennes.iter().position(|x| x == id).unwrap_or(usize::MAX);
    assert!(
        pos("organisation:5") < pos("organisation:100"),
        "title before commune: {rennes:?}"
    );
    assert!(
        pos("organisation:100") < pos("organisation:101"),
        "commune before description: {rennes:?}"
    );
    let labenbib = ids(engine, "labenbib").await;
    assert!(
        labenbib.iter().position(|x| x == "organisation:2")
            < labenbib.iter().position(|x| x == "organisation:103"),
        "title before tag"
    );
    // Highlighting keeps the original text and marks the match.
    let hit = run(engine, query("mediatheque"))
        .await
        .hits
        .into_iter()
        .find(|h| h.id == "organisation:6")
        .expect("hit");
    let marked: Vec<String> = hit
        .title_highlighted
        .iter()
        .filter(|f| f.matched)
        .map(|f| f.text.clone())
        .collect();
    assert_eq!(marked, ["Médiathèque"]);

    // Facets with counts, combined with the query.
    let all = run(engine, query("")).await;
    assert_eq!(all.total, corpus().len());
    let types = facet(&all, Facet::Type);
    assert!(
        types.contains(&("organisation".into(), 11))
            && types.contains(&("person".into(), 1))
            && types.contains(&("event".into(), 2))
    );
    assert!(facet(&all, Facet::Kind).contains(&("library".into(), 7)));
    assert!(facet(&all, Facet::Region).contains(&("53".into(), 6)));
    assert!(facet(&all, Facet::Stage).contains(&("relay".into(), 1)));
    assert!(facet(&all, Facet::Tag).contains(&("newsletter".into(), 1)));
    assert_eq!(
        facet(&all, Facet::When),
        vec![("past".to_owned(), 1), ("upcoming".to_owned(), 1)]
    );
    let libraries = run(
        engine,
        SearchQuery {
            filters: vec![(Facet::Kind, "library".into())],
            ..query("")
        },
    )
    .await;
    assert_eq!(libraries.total, 7);
    let rennes_libraries = run(
        engine,
        SearchQuery {
            filters: vec![
                (Facet::Kind, "library".into()),
                (Facet::Departement, "35".into()),
            ],
            ..query("mediatheque")
        },
    )
    .await;
    assert_eq!(
        rennes_libraries
            .hits
            .iter()
            .map(|h| h.id.as_str())
            .collect::<Vec<_>>(),
        ["organisation:5"]
    );
    let either = run(
        engine,
        SearchQuery {
            filters: vec![
                (Facet::Departement, "35".into()),
                (Facet::Departement, "95".into()),
            ],
            ..query("")
        },
    )
    .await;
    assert_eq!(either.total, 2, "values of one facet are OR-ed");
    let upcoming = run(
        engine,
        SearchQuery {
            filters: vec![(Facet::When, "upcoming".into())],
            ..query("congres")
        },
    )
    .await;
    assert_eq!(
        upcoming
            .hits
            .iter()
            .map(|h| h.id.as_str())
            .collect::<Vec<_>>(),
        ["event:1"]
    );

    // People stay hidden from those who may not see them: hits, totals, facets.
    let anonymous = run(
        engine,
        SearchQuery {
            include_people: false,
            ..query("")
        },
    )
    .await;
    assert_eq!(anonymous.total, corpus().len() - 1);
    assert!(
        !facet(&anonymous, Facet::Type)
            .iter()
            .any(|(v, _)| v == "person")
    );
    assert!(
        run(
            engine,
            SearchQuery {
                include_people: false,
                ..query("camille")
            }
        )
        .await
        .hits
        .is_empty()
    );
    assert_eq!(ids(engine, "camille").await, ["person:1"]);

    // Replacing and deleting.
    engine
        .upsert(vec![SearchDocument {
            commune: Some("Pontoise".into()),
            ..doc(
                "organisation:6",
                DocKind::Organisation,
                "Médiathèque de Cergy",
            )
        }])
        .await
        .expect("upsert");
    assert_eq!(ids(engine, "pontoise").await, ["organisation:6"]);
    assert_eq!(engine.count().await.expect("count"), corpus().len() as u64);
    engine
        .delete(vec!["person:1".into(), "organisation:6".into()])
        .await
        .expect("delete");
    assert!(ids(engine, "camille").await.is_empty());
    assert!(ids(engine, "cergy").await.is_empty());
    engine.clear().await.expect("clear");
    assert_eq!(run(engine, query("")).await.total, 0);
}

#[tokio::test]
async fn the_embedded_engine_fulfils_the_contract_in_memory() {
    contract(&EmbeddedEngine::open_in_ram().expect("index")).await;
}

#[tokio::test]
async fn the_embedded_engine_fulfils_the_contract_on_disk_and_persists() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("search");
    {
        let engine = EmbeddedEngine::open(&path).expect("index");
        assert!(engine.needs_rebuild(), "a new index asks to be filled");
        contract(&engine).await;
        engine.upsert(corpus()).await.expect("index");
    }
    let reopened = EmbeddedEngine::open(&path).expect("reopen");
    assert!(!reopened.needs_rebuild());
    assert_eq!(
        reopened.count().await.expect("count"),
        corpus().len() as u64
    );
    drop(reopened);
    // An index written by another version is rebuilt rather than misread.
    std::fs::write(path.join("relais-schema-version"), "relais-search-0").expect("write");
    let rebuilt = EmbeddedEngine::open(&path).expect("open");
    assert!(rebuilt.needs_rebuild());
    assert_eq!(rebuilt.count().await.expect("count"), 0);
}

#[tokio::test]
async fn the_meilisearch_engine_fulfils_the_contract_when_a_server_is_given() {
    let Ok(url) = std::env::var("MEILI_URL") else {
        println!("MEILI_URL not set: skipping the Meilisearch contract");
        return;
    };
    let key = std::env::var("MEILI_MASTER_KEY").ok();
    let uid = format!("relais_test_{}", std::process::id());
    let engine = MeiliEngine::connect(&url, key.as_deref(), &uid).expect("client");
    engine.apply_settings().await.expect("settings");
    contract(&engine).await;
    engine.drop_index().await.expect("cleanup");
}

/// This instance's search backlog, as `/health` reports it.
pub async fn search_backlog(app: &TestApp) -> serde_json::Value {
    let health: serde_json::Value = app
        .get("/health")
        .await
        .json()
        .await
        .expect("health answers JSON");
    health["search"]["backlog"].clone()
}

/// Waits (bounded) until the instance has applied every change: its index
/// has caught up.
pub(crate) async fn drained(app: &TestApp) {
    for _ in 0..400 {
        if search_backlog(app).await["pending"] == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the search outbox never drained");
}

/// Searches through HTTP as JSON, waiting (bounded) for the startup rebuild.
async fn search_json(app: &TestApp, path: &str) -> serde_json::Value {
    for _ in 0..400 {
        let response = app
            .client
            .get(app.url(path))
            .header("Accept", "application/json")
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200, "{path}");
        let body: serde_json::Value = response.json().await.expect("json");
        if body["total"].as_u64().unwrap_or(0) > 0 || path.contains("zzz") {
            return body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no result for {path}")
}

#[tokio::test]
async fn the_seeded_organisations_come_first_for_the_issue_queries() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    for (text, seed_key) in [
        ("mediatheque%20rennes", "rennes-metropole-mediatheques"),
        ("parcour%20numerique", "parcours-numerique"),
        ("cryptobibb", "cryptobib"),
        ("labenbib", "abf-labenbib"),
    ] {
        let org = organisation::Entity::find()
            .filter(organisation::Column::SeedKey.eq(seed_key))
            .one(&app.db)
            .await
            .expect("query")
            .expect("seeded");
        let body = search_json(&app, &format!("/search?q={text}")).await;
        assert_eq!(
            body["hits"][0]["url"],
            format!("/organisations/{}", org.id),
            "{text}: {body}"
        );
    }
    // Facets come along in the JSON, and as links on the page.
    let body = search_json(&app, "/search?q=mediatheque&kind=departmental_library").await;
    assert!(
        body["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .all(|h| h["kind"] == "organisation")
    );
    assert!(
        body["facets"]["region"]
            .as_array()
            .is_some_and(|v| !v.is_empty())
    );
    let page = app
        .get_html("/search?q=m%C3%A9diath%C3%A8que&region=53")
        .await;
    assert!(page.contains("<mark>"), "matches highlighted");
    assert!(page.contains("Bretagne"), "région named in the facets");
    assert!(
        page.contains("href=\"/search?q=m%C3%A9diath%C3%A8que\""),
        "the active filter links back without itself: {page}"
    );
    // Input the engine cannot use is still answered, never a 500.
    let page = app
        .get("/search?q=%22%5C%27%3Cscript%3E&kind=%22&page=abc")
        .await;
    assert_eq!(page.status(), 200);
    assert!(!page.text().await.expect("body").contains("<script>"));
}

#[tokio::test]
async fn anonymous_clients_get_no_search_and_no_people() {
    let app = TestApp::spawn().await;
    app.create_user(Role::Admin).await;
    let response = app
        .client
        .get(app.url("/search?q=camille"))
        .header("Accept", "application/json")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn erased_people_disappear_from_search() {
    let app = TestApp::spawn_as(Role::Admin).await;
    let now = app.now();
    let person = sea_orm::ActiveModelTrait::insert(
        person::ActiveModel {
            full_name: sea_orm::Set("Zéphyrine Testeuse".into()),
            lawful_basis: sea_orm::Set(LawfulBasis::Consent),
            do_not_contact: sea_orm::Set(false),
            created_at: sea_orm::Set(now),
            updated_at: sea_orm::Set(now),
            version: sea_orm::Set(1),
            ..Default::default()
        },
        &app.db,
    )
    .await
    .expect("person");
    relais::search::outbox::enqueue(&app.db, EntityKind::Person, person.id, OutboxOp::Upsert)
        .await
        .expect("enqueue");
    let body = search_json(&app, "/search?q=zephyrine").await;
    assert_eq!(body["hits"][0]["title"], "Zéphyrine Testeuse");

    let response = app
        .post_form(
            &format!("/people/{}/erase", person.id),
            &[("confirm", "EFFACER")],
        )
        .await;
    assert_eq!(response.status(), 200);
    drained(&app).await;
    let body = search_json(&app, "/search?q=zephyrine+zzz").await;
    assert_eq!(body["total"], 0, "{body}");
}

/// The embedded engine, switched off and on by the test: a real outage of
/// the engine as the worker sees it.
struct Outage {
    inner: EmbeddedEngine,
    down: AtomicBool,
}

impl Outage {
    fn check(&self) -> Result<(), SearchError> {
        if self.down.load(Ordering::SeqCst) {
            Err(SearchError::Unavailable("switched off by the test".into()))
        } else {
            Ok(())
        }
    }
}

#[async_trait::async_trait]
impl SearchEngine for Outage {
    fn name(&self) -> &'static str {
        "embedded (with outage)"
    }
    fn consumer(&self) -> String {
        self.inner.consumer()
    }
    async fn upsert(&self, docs: Vec<SearchDocument>) -> Result<(), SearchError> {
        self.check()?;
        self.inner.upsert(docs).await
    }
    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError> {
        self.check()?;
        self.inner.delete(ids).await
    }
    async fn clear(&self) -> Result<(), SearchError> {
        self.check()?;
        self.inner.clear().await
    }
    async fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        self.check()?;
        self.inner.search(q).await
    }
    async fn count(&self) -> Result<u64, SearchError> {
        self.check()?;
        self.inner.count().await
    }
}

#[tokio::test]
async fn writes_succeed_while_the_engine_is_down_and_the_index_converges_after() {
    let dir = tempfile::tempdir().expect("dir");
    let db = crate::helpers::fresh_database(&dir).await;
    let engine = Arc::new(Outage {
        inner: EmbeddedEngine::open_in_ram().expect("index"),
        down: AtomicBool::new(false),
    });
    let mut config = relais::config::Config::for_data_dir(dir.path());
    config.bind = "127.0.0.1:0".parse().expect("address");
    config.clock = crate::helpers::harness_clock();
    let clock = config.clock.clone();
    let application =
        relais::app::Application::build_with_engine(config, db.clone(), engine.clone(), true)
            .await
            .expect("starts");
    let address = format!("http://{}", application.local_addr().expect("address"));
    tokio::spawn(application.run_until(std::future::pending()));
    let app = TestApp::attach(address, db, dir, clock);
    app.login_as(Role::Volunteer).await;
    search_json(&app, "/search?q=parcours").await;

    engine.down.store(true, Ordering::SeqCst);
    // The search page says so, without failing.
    let response = app.get("/search?q=parcours").await;
    assert_eq!(response.status(), 503);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("momentanément indisponible")
    );
    // A write goes through and waits in the outbox.
    let network = organisation::Entity::find()
        .filter(organisation::Column::SeedKey.eq("parcours-numerique"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("seeded");
    let status = outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(network.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("status");
    let response = app
        .post_form(
            &format!("/outreach/{}/stage", status.id),
            &[
                ("stage", "in_discussion"),
                ("version", &status.version.to_string()),
            ],
        )
        .await;
    assert_eq!(
        response.status(),
        303,
        "the write does not depend on search"
    );
    // The change waits, and the failure is on record.
    for _ in 0..200 {
        if search_backlog(&app).await["attempts"].as_i64() > Some(0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let backlog = search_backlog(&app).await;
    assert!(
        backlog["pending"].as_u64() > Some(0),
        "kept for later: {backlog}"
    );
    assert!(
        backlog["last_error"]
            .as_str()
            .is_some_and(|e| !e.is_empty()),
        "the engine's error is on record: {backlog}"
    );

    engine.down.store(false, Ordering::SeqCst);
    drained(&app).await;
    let body = search_json(&app, "/search?q=parcours&stage=in_discussion").await;
    assert_eq!(
        body["hits"][0]["url"],
        format!("/organisations/{}", network.id)
    );
}

#[tokio::test]
async fn a_full_reindex_gives_the_same_results_as_incremental_indexing() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    // The startup rebuild indexes kits last: once the last one is found,
    // the whole rebuild is in (a busy machine makes it take a while).
    let last_kit = workshop_kit::Entity::find()
        .order_by_desc(workshop_kit::Column::Id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("a seeded kit");
    let kit_url = format!("/workshops/kits/{}", last_kit.id);
    let mut rebuilt = false;
    for _ in 0..400 {
        let body = search_json(&app, "/search?q=messagerie").await;
        if body["hits"]
            .as_array()
            .is_some_and(|hits| hits.iter().any(|h| h["url"] == kit_url.as_str()))
        {
            rebuilt = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(rebuilt, "the startup rebuild reached the last kit");
    // Incremental changes: stages moved, organisations added to a campaign.
    let campaign = campaign::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("campaign");
    let response = app
        .post_form(
            &format!("/campaigns/{}/add", campaign.id),
            &[
                ("kind", "library"),
                ("region", ""),
                ("departement", ""),
                ("stage", "contacted"),
                ("level", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    drained(&app).await;
    let queries = [
        "/search?q=",
        "/search?q=mediatheque",
        "/search?q=&stage=contacted",
        "/search?q=bibliotheque&region=53",
        "/search?q=congres",
    ];
    let snapshot = |body: serde_json::Value| {
        let mut ids: Vec<String> = body["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["id"].as_str().unwrap_or_default().to_owned())
            .collect();
        ids.sort();
        (body["total"].clone(), ids, body["facets"].clone())
    };
    let mut incremental = Vec::new();
    for q in queries {
        incremental.push(snapshot(search_json(&app, q).await));
    }
    // Rebuild from the database into a fresh index and compare.
    let fresh = EmbeddedEngine::open_in_ram().expect("index");
    let indexed = worker::reindex(&app.db, &fresh, |_, _| {})
        .await
        .expect("reindex");
    assert!(indexed > 20);
    for (q, expected) in queries.iter().zip(incremental) {
        let url_query: Vec<(String, String)> =
            serde_urlencoded::from_str(q.trim_start_matches("/search?")).expect("query");
        let mut sq = query("");
        sq.today = app.today();
        for (k, v) in url_query {
            match k.as_str() {
                "q" => sq.text = v,
                other => sq.filters.push((Facet::parse(other).expect("facet"), v)),
            }
        }
        let r = fresh.search(&sq).await.expect("search");
        let mut ids: Vec<String> = r.hits.iter().map(|h| h.id.clone()).collect();
        ids.sort();
        assert_eq!(serde_json::json!(r.total), expected.0, "{q}");
        assert_eq!(ids, expected.1, "{q}");
        let facets: std::collections::HashMap<&str, &Vec<(String, u64)>> = r
            .facets
            .iter()
            .map(|f| (f.facet.as_str(), &f.values))
            .collect();
        assert_eq!(serde_json::json!(facets), expected.2, "{q}");
    }
}
