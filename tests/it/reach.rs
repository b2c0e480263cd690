//! Reach: how many libraries, members or subscribers an organisation
//! reaches, computed from the directory (the national list's `pop_com`
//! kept on import, relations, a volunteer's audience estimate) and
//! explained in words; the directory sorts by it and the campaign board
//! and its "ready" list rank by it.

use relais::entities::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use crate::helpers::{TestApp, date, seeded_campaign, seeded_organisation};
use crate::imports::{check, commit, shared, start};

/// Uploads, checks with the guessed mapping and commits (rows in error
/// left out) a file of organisations; returns the dry run's status.
async fn import(app: &TestApp, name: &str, bytes: Vec<u8>) -> Value {
    let job = start(app, name, bytes, "organisations").await;
    let checked = check(app, &job, &[], &[]).await;
    let done = commit(app, &job, &[("skip_errors", "on")]).await;
    assert_eq!(done["report"]["written"], true);
    checked
}

/// The `data-reach` figures of a page, in order.
fn figures(page: &str) -> Vec<i64> {
    page.split("data-reach=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

/// Creates an organisation through the form; returns its id.
async fn create(app: &TestApp, name: &str, kind: &str, extra: &[(&str, &str)]) -> i32 {
    let mut fields = vec![
        ("name", name),
        ("kind", kind),
        ("scope", "regional"),
        ("audience_estimate", ""),
        ("audience_source", ""),
    ];
    for &(key, value) in extra {
        fields.retain(|(k, _)| *k != key);
        fields.push((key, value));
    }
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

async fn stored_reach(app: &TestApp, id: i32) -> Option<i32> {
    organisation::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("organisation")
        .reach
}

async fn link(app: &TestApp, from: i32, kind: &str, other: &str) {
    let response = app
        .post_form(
            &format!("/organisations/{from}/relations"),
            &[("link", kind), ("other", other), ("note", "")],
        )
        .await;
    assert_eq!(response.status(), 303, "{kind} {other}");
}

#[tokio::test]
async fn a_departmental_library_reaches_the_small_communes_libraries_of_its_departement() {
    let Some(path) = shared("bibliotheques/adresses-des-bibliotheques-publiques.csv") else {
        return;
    };
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let checked = import(&app, "bibliotheques.csv", std::fs::read(&path).unwrap()).await;
    assert!(
        checked["mapping"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "commune_population"),
        "pop_com is read: {}",
        checked["mapping"]
    );
    // Lines not written: duplicates left out, rows in error.
    let skipped: Vec<u64> = checked["report"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "duplicate" || r["action"] == "error")
        .map(|r| r["line"].as_u64().unwrap())
        .collect();

    // Counted from the file itself: libraries (not the departmental
    // library's own sites) of département 35 in communes under 10,000.
    let text = std::fs::read_to_string(&path)
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
    let mut expected: i32 = 0;
    let mut with_population = 0;
    for record in reader.records() {
        let record = record.expect("record");
        if skipped.contains(&record.position().unwrap().line()) {
            continue;
        }
        let population = record[column("pop_com")].trim().parse::<f64>().ok();
        if population.is_some() {
            with_population += 1;
        }
        if record[column("DEPT")].trim().trim_end_matches(".0") == "35"
            && record[column("Statut")].trim() != "Bibliothèque départementale"
            && population.is_some_and(|p| p < 10_000.0)
        {
            expected += 1;
        }
    }
    assert!(expected > 100, "Ille-et-Vilaine has many small libraries");

    // The population is kept on every row that gives one.
    let kept = organisation::Entity::find()
        .filter(organisation::Column::CommunePopulation.is_not_null())
        .all(&app.db)
        .await
        .unwrap()
        .len();
    assert_eq!(kept, with_population);

    let bdp = seeded_organisation(&app, "bd-ille-et-vilaine").await;
    assert_eq!(stored_reach(&app, bdp.id).await, Some(expected));
    let page = app.get_html(&format!("/organisations/{}", bdp.id)).await;
    assert!(
        page.contains(&format!("data-reach=\"{expected}\"")),
        "the page shows {expected}"
    );
    assert!(page.contains(&format!("{expected} bibliothèques accompagnées")));
    assert!(
        page.contains("commune de moins de 10 000 habitants"),
        "explained"
    );
    assert!(page.contains("Ille-et-Vilaine (35)"));

    // The directory sorts by reach: largest first, every figure in order.
    let list = app
        .get_html("/organisations?kind=departmental_library&sort=reach")
        .await;
    let shown = figures(&list);
    assert!(
        shown.len() >= 20,
        "departmental libraries listed: {shown:?}"
    );
    assert!(shown.windows(2).all(|w| w[0] >= w[1]), "{shown:?}");
    let largest = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::DepartmentalLibrary))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|o| o.reach)
        .max()
        .unwrap();
    assert_eq!(shown[0], i64::from(largest));
    let breton = app
        .get_html("/organisations?departement=35&sort=reach")
        .await;
    // In Ille-et-Vilaine, its departmental library (and its sites) lead.
    assert_eq!(figures(&breton)[0], i64::from(expected));
    assert!(breton.contains("Médiathèque départementale d'Ille-et-Vilaine"));

    // A small library moved out of the département no longer counts.
    let small = organisation::Entity::find()
        .filter(organisation::Column::DepartementCode.eq("35"))
        .filter(organisation::Column::Kind.eq(OrgKind::Library))
        .filter(organisation::Column::CommunePopulation.lt(10_000))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a small library of Ille-et-Vilaine");
    let response = app
        .post_form(
            &format!("/organisations/{}/delete", small.id),
            &[("children", "detach")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(stored_reach(&app, bdp.id).await, Some(expected - 1));
}

#[tokio::test]
async fn a_network_reaches_its_members_and_a_newsletter_its_estimated_audience() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let network = create(&app, "Zêta réseau", "mediation_network", &[]).await;
    assert_eq!(stored_reach(&app, network).await, Some(0), "no member yet");
    let first = create(&app, "Zêta médiathèque A", "library", &[]).await;
    create(&app, "Zêta médiathèque B", "library", &[]).await;
    // A is a member of it; it coordinates B; A linked twice counts once.
    link(&app, first, "outgoing:member_of", "Zêta réseau").await;
    link(&app, network, "outgoing:coordinates", "Zêta médiathèque B").await;
    link(&app, network, "outgoing:coordinates", "Zêta médiathèque A").await;
    assert_eq!(stored_reach(&app, network).await, Some(2));
    let page = app.get_html(&format!("/organisations/{network}")).await;
    assert!(page.contains("data-reach=\"2\"") && page.contains("2 membres"));
    assert!(page.contains("comme « membre de », ou qu'il coordonne"));

    // A relation removed: one member fewer.
    let relation = organisation_relation::Entity::find()
        .filter(organisation_relation::Column::SourceId.eq(first))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the membership");
    let response = app
        .post_form(&format!("/relations/{}/delete", relation.id), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        stored_reach(&app, network).await,
        Some(2),
        "A is still coordinated"
    );
    let coordinated = organisation_relation::Entity::find()
        .filter(organisation_relation::Column::TargetId.eq(first))
        .one(&app.db)
        .await
        .unwrap()
        .expect("coordinates A");
    app.post_form(&format!("/relations/{}/delete", coordinated.id), &[])
        .await;
    assert_eq!(stored_reach(&app, network).await, Some(1));

    // A newsletter: the audience a volunteer estimated, with its source.
    let source = "Page d'inscription, janvier 2027";
    let letter = create(
        &app,
        "Zêta lettre",
        "mailing_list",
        &[("audience_estimate", "1 200"), ("audience_source", source)],
    )
    .await;
    assert_eq!(stored_reach(&app, letter).await, Some(1200));
    let page = app.get_html(&format!("/organisations/{letter}")).await;
    assert!(page.contains("data-reach=\"1200\""));
    assert!(page.contains("1200 abonné·es (estimation)"));
    assert!(page.contains(&format!("source : {source}")));
    // A list nobody estimated says so.
    let unknown = create(&app, "Zêta liste inconnue", "mailing_list", &[]).await;
    assert_eq!(stored_reach(&app, unknown).await, None);
    assert!(
        app.get_html(&format!("/organisations/{unknown}"))
            .await
            .contains("indiquez l'audience estimée")
    );

    // The form's rules, the same on both databases.
    for (estimate, given_source, message) in [
        ("1200", "", "Indiquez d'où vient cette estimation."),
        (
            "",
            source,
            "Indiquez l'audience estimée, ou effacez sa source.",
        ),
        (
            "beaucoup",
            source,
            "Indiquez un nombre entier entre 1 et 10 000 000.",
        ),
        (
            "0",
            source,
            "Indiquez un nombre entier entre 1 et 10 000 000.",
        ),
        (
            "20000000",
            source,
            "Indiquez un nombre entier entre 1 et 10 000 000.",
        ),
        ("300", &"s".repeat(501)[..], "Ce texte est trop long."),
    ] {
        let response = app
            .post_form(
                "/organisations",
                &[
                    ("name", "Zêta refusée"),
                    ("kind", "mailing_list"),
                    ("scope", "national"),
                    ("audience_estimate", estimate),
                    ("audience_source", given_source),
                ],
            )
            .await;
        crate::helpers::assert_refused(response, message).await;
    }
    let longest = "s".repeat(500);
    let at_limit = create(
        &app,
        "Zêta source longue",
        "mailing_list",
        &[
            ("audience_estimate", "10000000"),
            ("audience_source", longest.as_str()),
        ],
    )
    .await;
    assert_eq!(stored_reach(&app, at_limit).await, Some(10_000_000));

    // Edited away, the audience no longer counts.
    let edit = app.get_html(&format!("/organisations/{letter}/edit")).await;
    assert!(edit.contains("value=\"1200\"") && edit.contains(source));
    let version = organisation::Entity::find_by_id(letter)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .version
        .to_string();
    let response = app
        .post_form(
            &format!("/organisations/{letter}"),
            &[
                ("name", "Zêta lettre"),
                ("kind", "mailing_list"),
                ("scope", "regional"),
                ("audience_estimate", ""),
                ("audience_source", ""),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(stored_reach(&app, letter).await, None);
}

#[tokio::test]
async fn the_directory_sorts_by_reach_and_the_board_ranks_ready_cards_by_it() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2027, 3, 1)).await;
    let large = create(
        &app,
        "Zêta grande liste",
        "mailing_list",
        &[
            ("audience_estimate", "1200"),
            ("audience_source", "Son animatrice"),
        ],
    )
    .await;
    let small = create(
        &app,
        "Zêta petite liste",
        "mailing_list",
        &[
            ("audience_estimate", "300"),
            ("audience_source", "Son animateur"),
        ],
    )
    .await;
    let network = create(&app, "Zêta réseau", "mediation_network", &[]).await;
    create(&app, "Zêta médiathèque", "library", &[]).await;
    link(&app, network, "outgoing:coordinates", "Zêta médiathèque").await;

    let page = app
        .get_html("/organisations?name=Z%C3%AAta&sort=reach")
        .await;
    assert!(page.contains("<option value=\"reach\" selected"));
    let at = |name: &str| page.find(name).unwrap_or_else(|| panic!("{name} listed"));
    assert!(at("Zêta grande liste") < at("Zêta petite liste"));
    assert!(at("Zêta petite liste") < at("Zêta réseau"));
    assert!(at("Zêta réseau") < at("Zêta médiathèque"), "no reach last");
    assert_eq!(figures(&page), [1200, 300, 1]);
    assert!(page.contains("title=\"Audience estimée par un·e bénévole"));

    // In the campaign: both lists ready to approach, the larger first.
    let campaign = seeded_campaign(&app).await;
    let yesterday = (app.today() - chrono::Duration::days(1)).to_string();
    for id in [small, large] {
        let response = app
            .post_form(
                &format!("/organisations/{id}/campaigns"),
                &[("campaign", &campaign.id.to_string())],
            )
            .await;
        assert_eq!(response.status(), 303);
        let status = outreach_status::Entity::find()
            .filter(outreach_status::Column::OrganisationId.eq(id))
            .one(&app.db)
            .await
            .unwrap()
            .expect("followed");
        let response = app
            .post_form(
                &format!("/outreach/{}/stage", status.id),
                &[
                    ("stage", "on_hold"),
                    ("version", &status.version.to_string()),
                ],
            )
            .await;
        assert_eq!(response.status(), 303);
        let response = app
            .post_form(
                &format!("/outreach/{}", status.id),
                &[
                    ("owner", ""),
                    ("priority", "normal"),
                    ("not_before", &yesterday),
                    ("version", &(status.version + 1).to_string()),
                ],
            )
            .await;
        assert_eq!(response.status(), 303);
    }
    let ready = app
        .get_html(&format!("/campaigns/{}/ready", campaign.id))
        .await;
    let at = |name: &str| ready.find(name).unwrap_or_else(|| panic!("{name} ready"));
    assert!(at("Zêta grande liste") < at("Zêta petite liste"));
    // An ABF commission, parked until 2019 in the seed, is ready too,
    // without a reach: after them.
    let labenbib = seeded_organisation(&app, "abf-labenbib").await;
    assert!(
        at("Zêta petite liste") < at(labenbib.name.as_str()),
        "no reach last"
    );

    // On the board, a ready card with the larger reach comes first; a
    // parked card comes after the ready ones whatever its reach.
    let board_path = format!("/campaigns/{}/board", campaign.id);
    let board = app.get_html(&board_path).await;
    let on_hold = column_of(&board, "on_hold");
    assert!(
        on_hold.find("Zêta grande liste").unwrap() < on_hold.find("Zêta petite liste").unwrap()
    );
    let status = outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(large))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let in_a_month = (app.today() + chrono::Duration::days(30)).to_string();
    let response = app
        .post_form(
            &format!("/outreach/{}", status.id),
            &[
                ("owner", ""),
                ("priority", "normal"),
                ("not_before", &in_a_month),
                ("version", &status.version.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let board = app.get_html(&board_path).await;
    let on_hold = column_of(&board, "on_hold");
    assert!(
        on_hold.find("Zêta petite liste").unwrap() < on_hold.find("Zêta grande liste").unwrap()
    );
}

/// The part of a board page that is `stage`'s column.
fn column_of<'a>(page: &'a str, stage: &str) -> &'a str {
    let start = page
        .find(&format!("data-stage=\"{stage}\""))
        .expect("the column");
    let rest = &page[start..];
    let end = rest[1..]
        .find("class=\"board-column\"")
        .map_or(rest.len(), |e| e + 1);
    &rest[..end]
}
