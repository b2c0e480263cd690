//! The record picker: `/pick/organisations` and `/pick/people` answer the
//! picker's script from the search engine; without JavaScript the name
//! typed is resolved by the server (one record, several to choose from, or
//! none); no form lists every organisation any more.

use relais::entities::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use crate::helpers::{TestApp, count, create_person, seeded_organisation};

/// The picker's answer for `path`, as its script asks for it.
async fn pick(app: &TestApp, path: &str) -> Vec<Value> {
    let response = app
        .client
        .get(app.url(path))
        .header("Accept", "application/json")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200, "{path}");
    let body: Value = response.json().await.expect("json");
    body.as_array().cloned().unwrap_or_default()
}

/// The same, waiting (bounded) until the index has caught up with the
/// records the test wrote: the answer holds a record labelled `label`.
async fn pick_until(app: &TestApp, path: &str, label: &str) -> Vec<Value> {
    for _ in 0..400 {
        let found = pick(app, path).await;
        if labels(&found).iter().any(|l| l == label) {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{path} never offered {label}");
}

fn labels(found: &[Value]) -> Vec<String> {
    found
        .iter()
        .filter_map(|c| c["label"].as_str().map(str::to_owned))
        .collect()
}

fn ids(found: &[Value]) -> Vec<i64> {
    found.iter().filter_map(|c| c["id"].as_i64()).collect()
}

/// Creates an organisation through its form (so the index hears of it).
async fn create_organisation(app: &TestApp, name: &str, commune: &str) -> i32 {
    let response = app
        .post_form(
            "/organisations",
            &[
                ("name", name),
                ("kind", "library"),
                ("scope", "local"),
                ("commune", commune),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{name} created");
    organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .filter(organisation::Column::Commune.eq(commune))
        .one(&app.db)
        .await
        .expect("query")
        .expect("created")
        .id
}

/// The contact form as sent without JavaScript: names typed, no ids.
async fn log_contact(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    let today = app.today().to_string();
    let mut body = vec![
        ("occurred_on", today.as_str()),
        ("channel", "email"),
        ("direction", "outbound"),
        ("organisation_id", ""),
        ("person_id", ""),
        ("campaign_id", ""),
        ("new_stage", ""),
    ];
    body.retain(|(k, _)| !fields.iter().any(|(f, _)| f == k));
    body.extend_from_slice(fields);
    app.post_form("/interactions", &body).await
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_organisation_picker_finds_by_prefix_typo_accents_and_acronym() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let ping = seeded_organisation(&app, "ping").await;
    let found = pick_until(&app, "/pick/organisations?q=ping", "Ping").await;
    assert_eq!(ids(&found).first(), Some(&i64::from(ping.id)), "Ping first");
    assert!(found.len() <= 12, "a short list");
    assert_eq!(found[0]["detail"], "Nantes · Associations");
    let typo = pick(&app, "/pick/organisations?q=pinng").await;
    assert!(
        ids(&typo).contains(&i64::from(ping.id)),
        "a typo is forgiven"
    );
    let prefix = pick(&app, "/pick/organisations?q=cryptob").await;
    assert!(labels(&prefix).contains(&"Liste cryptobib".to_owned()));
    let abf = seeded_organisation(&app, "abf").await;
    let acronym = pick(&app, "/pick/organisations?q=abf").await;
    assert_eq!(ids(&acronym).first(), Some(&i64::from(abf.id)));
    assert_eq!(
        acronym[0]["label"],
        "Association des bibliothécaires de France (ABF)"
    );

    let zola = create_organisation(&app, "Médiathèque Émile-Zola", "Montpellier").await;
    let found = pick_until(
        &app,
        "/pick/organisations?q=mediatheque%20emile%20zola",
        "Médiathèque Émile-Zola",
    )
    .await;
    assert_eq!(ids(&found).first(), Some(&i64::from(zola)));
    assert!(
        found[0]["detail"]
            .as_str()
            .unwrap_or("")
            .contains("Montpellier")
    );
    assert!(pick(&app, "/pick/organisations?q=").await.is_empty());
}

#[tokio::test]
async fn the_people_picker_finds_people_by_name_and_nothing_else() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    // A viewer may see people (every signed-in role may); the writes below
    // go through a volunteer.
    let writer = app.with_new_client();
    writer.login_as(Role::Volunteer).await;
    let camille = create_person(&writer, "Camille Ferrand", false).await;
    let found = pick_until(&app, "/pick/people?q=ferand", "Camille Ferrand").await;
    assert_eq!(ids(&found), vec![i64::from(camille)]);
    // People are found by their name: not by their email address, and the
    // organisation picker never offers them.
    assert!(
        !labels(&pick(&app, "/pick/people?q=personne").await)
            .contains(&"Camille Ferrand".to_owned())
    );
    assert!(
        !labels(&pick(&app, "/pick/organisations?q=ferrand").await)
            .contains(&"Camille Ferrand".to_owned())
    );
    assert!(!labels(&pick(&app, "/pick/people?q=ping").await).contains(&"Ping".to_owned()));
    // Signed out, nothing.
    let anonymous = app.with_new_client();
    let response = anonymous
        .client
        .get(anonymous.url("/pick/people?q=ferrand"))
        .header("Accept", "application/json")
        .send()
        .await
        .expect("request");
    assert!(response.status() == 401 || response.status().is_redirection());
}

#[tokio::test]
async fn the_contact_form_without_javascript_resolves_a_typed_name() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let ping = seeded_organisation(&app, "ping").await;
    pick_until(&app, "/pick/organisations?q=ping", "Ping").await;
    let response = log_contact(
        &app,
        &[
            ("organisation_id_name", "ping"),
            ("summary", "Rencontre au forum sans JavaScript"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("/organisations/{}", ping.id));
    let page = app.get_html(&format!("/organisations/{}", ping.id)).await;
    assert!(page.contains("Rencontre au forum sans JavaScript"));

    // A person, by name only.
    let camille = create_person(&app, "Camille Ferrand", false).await;
    let response = log_contact(
        &app,
        &[
            ("person_id_name", "Camille Ferrand"),
            ("summary", "Appel à Camille"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("/people/{camille}"));

    // A name nobody bears: refused, the input kept.
    let before = count(&app.db, "interactions").await;
    let response = log_contact(
        &app,
        &[
            ("organisation_id_name", "Zzqx introuvable"),
            ("summary", "Perdu"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    assert!(
        page.contains("Aucune structure de l&#39;annuaire ne correspond")
            || page.contains("Aucune structure de l'annuaire ne correspond")
    );
    assert!(page.contains("value=\"Zzqx introuvable\""));
    assert_eq!(count(&app.db, "interactions").await, before);
}

#[tokio::test]
async fn an_ambiguous_typed_name_offers_the_candidates_and_the_choice_is_logged() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let rennes = create_organisation(&app, "Médiathèque Jean-Jaurès", "Rennes").await;
    let nantes = create_organisation(&app, "Médiathèque Jean-Jaurès", "Nantes").await;
    let before = count(&app.db, "interactions").await;
    let response = log_contact(
        &app,
        &[
            ("organisation_id_name", "Médiathèque Jean-Jaurès"),
            ("summary", "Présentation des ateliers"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    assert!(page.contains("Plusieurs fiches correspondent : précisez"));
    for (id, commune) in [(rennes, "Rennes"), (nantes, "Nantes")] {
        assert!(
            page.contains(&format!(
                "type=\"radio\" id=\"field-organisation_id-{id}\" name=\"organisation_id\" value=\"{id}\""
            )),
            "{commune} is offered"
        );
        assert!(page.contains(commune));
    }
    assert!(
        page.contains("Présentation des ateliers"),
        "the input is kept"
    );
    assert_eq!(count(&app.db, "interactions").await, before);

    // The volunteer picks Nantes: the radio sends its id, which wins.
    let nantes_id = nantes.to_string();
    let response = log_contact(
        &app,
        &[
            ("organisation_id", nantes_id.as_str()),
            ("organisation_id_name", "Médiathèque Jean-Jaurès"),
            ("summary", "Présentation des ateliers"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("/organisations/{nantes}"));
    let page = app.get_html(&format!("/organisations/{nantes}")).await;
    assert!(page.contains("Présentation des ateliers"));
    let page = app.get_html(&format!("/organisations/{rennes}")).await;
    assert!(!page.contains("Présentation des ateliers"));
}

#[tokio::test]
async fn a_role_is_added_by_typing_the_organisation_or_the_person() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let ping = seeded_organisation(&app, "ping").await;
    let camille = create_person(&app, "Camille Ferrand", false).await;
    let response = app
        .post_form(
            &format!("/people/{camille}/memberships"),
            &[("organisation_id_name", "Ping"), ("role", "coordinatrice")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let dominique = create_person(&app, "Dominique Leroy", false).await;
    let response = app
        .post_form(
            &format!("/organisations/{}/memberships", ping.id),
            &[("person_id_name", "Dominique Leroy"), ("role", "trésorier")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let roles = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(ping.id))
        .all(&app.db)
        .await
        .expect("query");
    assert!(
        roles
            .iter()
            .any(|m| m.person_id == camille && m.role == "coordinatrice")
    );
    assert!(
        roles
            .iter()
            .any(|m| m.person_id == dominique && m.role == "trésorier")
    );
    // Nothing typed: the role is refused on the person's page, kept.
    let response = app
        .post_form(
            &format!("/people/{camille}/memberships"),
            &[("organisation_id_name", ""), ("role", "secrétaire")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("value=\"secrétaire\"")
    );
}

#[tokio::test]
async fn pages_with_a_picker_list_no_organisations() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let ping = seeded_organisation(&app, "ping").await;
    let camille = create_person(&app, "Camille Ferrand", false).await;
    for path in [
        "/interactions/new".to_owned(),
        "/workshops/sessions/new".to_owned(),
        "/organisations/new".to_owned(),
        format!("/organisations/{}/edit", ping.id),
        format!("/organisations/{}", ping.id),
        format!("/people/{camille}"),
    ] {
        let page = app.get_html(&path).await;
        assert!(page.contains("role=\"combobox\""), "{path} has a picker");
        assert!(page.contains("aria-autocomplete=\"list\""));
        assert!(page.contains("role=\"listbox\""));
        for field in [
            "organisation_id",
            "person_id",
            "venue_id",
            "facilitator_id",
            "parent_id",
        ] {
            assert!(
                !page.contains(&format!("<select id=\"field-{field}\"")),
                "{path}: no list of every record for {field}"
            );
        }
        // A seeded organisation unrelated to these pages is not listed.
        assert!(
            !page.contains("Liste cryptobib"),
            "{path} lists organisations"
        );
    }
}
