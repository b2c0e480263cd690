//! The directory: list with filters, organisation page, create, edit with
//! optimistic locking, delete with children.

use relais::entities::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{TestApp, count, seeded_organisation};

pub(crate) fn valid_form(name: &str) -> Vec<(String, String)> {
    [
        ("name", name),
        ("acronym", ""),
        ("kind", "library"),
        ("scope", "local"),
        ("parent_id", ""),
        ("region_code", ""),
        ("departement_code", "35"),
        ("commune", "Rennes"),
        ("postcode", "35000"),
        ("address", ""),
        ("latitude", "48,11"),
        ("longitude", "-1.68"),
        ("website", "https://example.org"),
        ("contact_form_url", ""),
        ("email", ""),
        ("phone", ""),
        ("description", "Une médiathèque"),
        ("governance_notes", ""),
        ("workshops_offered", "Ateliers smartphone"),
        ("workshop_runner", "volunteers"),
        ("tags", "ateliers, vie privée"),
        ("channel-0-kind", "newsletter"),
        ("channel-0-address", "https://example.org/lettre"),
        ("channel-0-label", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

async fn post(app: &TestApp, path: &str, fields: &[(String, String)]) -> reqwest::Response {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_form(path, &borrowed).await
}

#[tokio::test]
async fn the_list_filters_combine_and_stay_in_the_url() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let page = app.get_html("/organisations").await;
    assert!(
        page.contains("Association des bibliothécaires de France")
            && page.contains("Liste cryptobib")
    );

    let departmental = app
        .get_html("/organisations?kind=departmental_library")
        .await;
    assert!(departmental.contains("Bibliothèque du Finistère"));
    assert!(!departmental.contains("Liste cryptobib"));
    let expected = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::DepartmentalLibrary))
        .all(&app.db)
        .await
        .expect("query")
        .len();
    assert!(
        departmental.contains(&format!("{expected} structures")),
        "count shown"
    );

    let breton = app
        .get_html("/organisations?kind=departmental_library&region=53")
        .await;
    assert!(
        breton.contains("Bibliothèque du Finistère")
            && !breton.contains("Bibliothèque départementale de la Sarthe")
    );
    assert!(
        breton.contains("<option value=\"53\" selected"),
        "filters stay selected"
    );

    let relays = app.get_html("/organisations?stage=relay").await;
    assert!(relays.contains("Liste cryptobib") && !relays.contains("Commission Labenbib"));
    let tagged = app.get_html("/organisations?tag=cryptoparty").await;
    assert!(tagged.contains("Liste cryptobib") && !tagged.contains("Ping"));
    let named = app.get_html("/organisations?name=Rennes").await;
    assert!(named.contains("Les médiathèques de Rennes Métropole") && !named.contains("Cergy"));
    // Unknown filter values are ignored, never a 500.
    assert_eq!(
        app.get("/organisations?kind=bibliotheque&page=-3&sort=x")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn the_list_paginates() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    for i in 0..55 {
        let response = post(
            &app,
            "/organisations",
            &valid_form(&format!("Zz structure {i:02}")),
        )
        .await;
        assert_eq!(response.status(), 303);
    }
    let first = app.get_html("/organisations?sort=name").await;
    assert!(first.contains("Page 1 sur 2"));
    let second = app.get_html("/organisations?sort=name&page=1").await;
    assert!(
        second.contains("Zz structure 54") && !second.contains("Association des bibliothécaires")
    );
}

#[tokio::test]
async fn organisation_pages_show_hierarchy_relations_and_governance() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let abf = seeded_organisation(&app, "abf").await;
    let page = app.get_html(&format!("/organisations/{}", abf.id)).await;
    assert!(
        page.contains("Commission Labenbib") && page.contains("Groupe Paris de l&#39;ABF")
            || page.contains("Groupe Paris de l'ABF")
    );
    assert!(page.contains("décembre 2018"));
    assert!(
        page.contains("Congrès annuel de l&#39;ABF") || page.contains("Congrès annuel de l'ABF"),
        "events it organises"
    );
    let ping = seeded_organisation(&app, "ping").await;
    let network = seeded_organisation(&app, "parcours-numerique").await;
    assert!(
        app.get_html(&format!("/organisations/{}", ping.id))
            .await
            .contains("coordonne")
    );
    let network_page = app
        .get_html(&format!("/organisations/{}", network.id))
        .await;
    assert!(network_page.contains("coordonnée par") && network_page.contains("Ping"));
    assert!(
        network_page.contains("à contacter"),
        "outreach stage in the campaign"
    );
    assert_eq!(app.get("/organisations/999999").await.status(), 404);
    assert_eq!(app.get("/organisations/abc").await.status(), 400);
}

#[tokio::test]
async fn creating_validates_every_field_and_keeps_the_input() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let mut form = valid_form("");
    for (k, v) in form.iter_mut() {
        match k.as_str() {
            "departement_code" => *v = "99".into(),
            "postcode" => *v = "3500".into(),
            "latitude" => *v = "123".into(),
            "website" => *v = "example.org".into(),
            "email" => *v = "pas une adresse".into(),
            "kind" => *v = "bibliotheque".into(),
            "description" => *v = "Texte gardé".into(),
            _ => {}
        }
    }
    let before = count(&app.db, "organisations").await;
    let response = post(&app, "/organisations", &form).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    for message in [
        "Ce champ est obligatoire",
        "Département inconnu",
        "5 chiffres",
        "Coordonnée invalide",
        "http:// ou https://",
        "n'est pas valide",
        "Choisissez une valeur",
    ] {
        assert!(page.contains(message), "{message}");
    }
    assert!(
        page.contains("Texte gardé") && page.contains("value=\"3500\""),
        "input kept"
    );
    assert_eq!(
        count(&app.db, "organisations").await,
        before,
        "nothing written"
    );

    // A département of another région is refused too.
    let mut form = valid_form("Médiathèque d'essai");
    form.push(("region_code".into(), "52".into()));
    form.retain(|(k, v)| k != "region_code" || v == "52");
    assert_eq!(post(&app, "/organisations", &form).await.status(), 422);

    let response = post(&app, "/organisations", &valid_form("Médiathèque d'essai")).await;
    assert_eq!(response.status(), 303);
    let created = organisation::Entity::find()
        .filter(organisation::Column::Name.eq("Médiathèque d'essai"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("created");
    assert_eq!(
        created.region_code.as_deref(),
        Some("53"),
        "région filled from the département"
    );
    assert_eq!(
        created.latitude,
        Some(48.11),
        "French decimal comma accepted"
    );
    let page = app
        .get_html(&format!("/organisations/{}", created.id))
        .await;
    assert!(
        page.contains("vie privée")
            && page.contains("https://example.org/lettre")
            && page.contains("des bénévoles")
    );
    let audit = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::Organisation))
        .filter(audit_entry::Column::EntityId.eq(created.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("audit entry");
    assert_eq!(
        audit.changes.expect("changes")["name"],
        serde_json::json!([null, "Médiathèque d'essai"])
    );
}

#[tokio::test]
async fn a_concurrent_edit_is_refused_and_both_versions_are_shown() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let cergy = seeded_organisation(&app, "cergy-mediatheques").await;
    let version = cergy.version.to_string();
    let mut first = valid_form("Médiathèques de Cergy (première)");
    first.push(("version".into(), version.clone()));
    let mut second = valid_form("Médiathèques de Cergy (seconde)");
    second.push(("version".into(), version));
    assert_eq!(
        post(&app, &format!("/organisations/{}", cergy.id), &first)
            .await
            .status(),
        303
    );
    let response = post(&app, &format!("/organisations/{}", cergy.id), &second).await;
    assert_eq!(response.status(), 409);
    let page = response.text().await.expect("body");
    assert!(
        page.contains("Médiathèques de Cergy (première)"),
        "their version"
    );
    assert!(
        page.contains("value=\"Médiathèques de Cergy (seconde)\""),
        "my input"
    );
    let stored = organisation::Entity::find_by_id(cergy.id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("row");
    assert_eq!(stored.name, "Médiathèques de Cergy (première)");
    // Re-submitting deliberately from the conflict page applies.
    let mut again = valid_form("Médiathèques de Cergy (seconde)");
    again.push(("version".into(), stored.version.to_string()));
    assert_eq!(
        post(&app, &format!("/organisations/{}", cergy.id), &again)
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn user_text_is_escaped() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let response = post(
        &app,
        "/organisations",
        &valid_form("<script>alert(1)</script>"),
    )
    .await;
    assert_eq!(response.status(), 303);
    let list = app.get_html("/organisations?name=alert").await;
    assert!(list.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!list.contains("<script>alert(1)</script>"));
}

#[tokio::test]
async fn deleting_a_parent_asks_what_becomes_of_its_children() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let abf = seeded_organisation(&app, "abf").await;
    let page = app
        .get_html(&format!("/organisations/{}/delete", abf.id))
        .await;
    assert!(page.contains("3 structures y sont rattachées"));
    // Without a choice, nothing happens.
    assert_eq!(
        app.post_form(&format!("/organisations/{}/delete", abf.id), &[])
            .await
            .status(),
        422
    );
    assert!(
        organisation::Entity::find_by_id(abf.id)
            .one(&app.db)
            .await
            .expect("query")
            .is_some()
    );

    let response = app
        .post_form(
            &format!("/organisations/{}/delete", abf.id),
            &[("children", "detach")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(
        organisation::Entity::find_by_id(abf.id)
            .one(&app.db)
            .await
            .expect("query")
            .is_none()
    );
    let labenbib = seeded_organisation(&app, "abf-labenbib").await;
    assert_eq!(labenbib.parent_id, None);

    // Moving up: Rennes' committee goes where Rennes' network was (nowhere).
    let rennes = seeded_organisation(&app, "rennes-metropole-mediatheques").await;
    let response = app
        .post_form(
            &format!("/organisations/{}/delete", rennes.id),
            &[("children", "delete")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(
        organisation::Entity::find()
            .filter(organisation::Column::SeedKey.eq("rennes-comite-numerique"))
            .one(&app.db)
            .await
            .expect("query")
            .is_none()
    );
}

#[tokio::test]
async fn directory_pages_render_in_english_without_missing_keys() {
    let app = TestApp::spawn_as(Role::Admin).await;
    app.get("/lang/en?back=/").await;
    let abf = seeded_organisation(&app, "abf").await;
    for path in [
        "/organisations",
        &format!("/organisations/{}", abf.id),
        "/organisations/new",
        &format!("/organisations/{}/edit", abf.id),
        &format!("/organisations/{}/delete", abf.id),
        "/organisations/by-kind",
    ] {
        let page = app.get_html(path).await;
        assert!(page.contains("<html lang=\"en\""), "{path}");
    }
    assert!(
        relais::web::i18n::missing_keys().is_empty(),
        "{:?}",
        relais::web::i18n::missing_keys()
    );
}

#[tokio::test]
async fn relations_are_added_and_removed_from_either_page_with_history() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let ping = seeded_organisation(&app, "ping").await;
    let cergy = seeded_organisation(&app, "cergy-mediatheques").await;
    let before = count(&app.db, "organisation_relations").await;

    // "Cergy's médiathèques are coordinated by PING", written from Cergy's page.
    let link = app
        .post_form(
            &format!("/organisations/{}/relations", cergy.id),
            &[
                ("link", "incoming:coordinates"),
                ("other", ping.name.as_str()),
                ("note", "réseau régional"),
            ],
        )
        .await;
    assert_eq!(link.status(), 303);
    let stored = organisation_relation::Entity::find()
        .filter(organisation_relation::Column::SourceId.eq(ping.id))
        .filter(organisation_relation::Column::TargetId.eq(cergy.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("the link, PING as its source");
    assert_eq!(stored.kind, RelationKind::Coordinates);
    let cergy_page = app.get_html(&format!("/organisations/{}", cergy.id)).await;
    assert!(
        cergy_page.contains("coordonnée par"),
        "seen from the target"
    );
    assert!(cergy_page.contains("réseau régional"));
    let ping_page = app.get_html(&format!("/organisations/{}", ping.id)).await;
    assert!(ping_page.contains(&cergy.name), "seen from the source too");

    // Refused, with the message beside its field, what was typed kept, and
    // nothing written: twice the same link, an unknown name, a link to
    // itself, an unknown kind.
    let refused = [
        (
            "incoming:coordinates",
            ping.name.clone(),
            "field-other-error",
            "existe déjà",
        ),
        (
            "outgoing:relays_to",
            "Structure inconnue".into(),
            "field-other-error",
            "Structure inconnue",
        ),
        (
            "outgoing:relays_to",
            cergy.name.clone(),
            "field-other-error",
            "elle-même",
        ),
        (
            "outgoing:owns",
            ping.name.clone(),
            "field-link-error",
            "type de lien",
        ),
    ];
    for (kind, other, field, message) in refused {
        let response = app
            .post_form(
                &format!("/organisations/{}/relations", cergy.id),
                &[
                    ("link", kind),
                    ("other", other.as_str()),
                    ("note", "précision gardée"),
                ],
            )
            .await;
        assert_eq!(response.status(), 422, "{kind} {other}");
        let page = response.text().await.expect("body");
        let error = page
            .split(&format!("id=\"{field}\""))
            .nth(1)
            .unwrap_or_else(|| panic!("{field} shown for {kind} {other}"));
        assert!(
            error
                .split("</small>")
                .next()
                .is_some_and(|e| e.contains(message)),
            "{message}"
        );
        assert!(
            page.contains("value=\"précision gardée\""),
            "the note is kept"
        );
        assert!(
            page.contains(&format!("value=\"{other}\"")),
            "the name is kept"
        );
    }
    assert_eq!(count(&app.db, "organisation_relations").await, before + 1);

    let removed = app
        .post_form(
            &format!("/relations/{}/delete", stored.id),
            &[("from", cergy.id.to_string().as_str())],
        )
        .await;
    assert_eq!(removed.status(), 303);
    assert_eq!(
        removed.headers()["location"],
        format!("/organisations/{}", cergy.id).as_str(),
        "back to the page it was removed from"
    );
    assert_eq!(count(&app.db, "organisation_relations").await, before);
    let history = app.get_html(&format!("/organisations/{}", ping.id)).await;
    let entry = format!("coordinates → {}", cergy.name);
    assert_eq!(
        history.matches(entry.as_str()).count(),
        2,
        "added, then removed, in PING's history"
    );
}

#[tokio::test]
async fn lists_sort_names_in_french_order_on_both_databases() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    for name in [
        "Zoé lecture",
        "émile lecture",
        "Élan lecture",
        "abeille lecture",
        "Eole lecture",
    ] {
        let response = app
            .post_form(
                "/organisations",
                &[
                    ("name", name),
                    ("kind", "library"),
                    ("scope", "local"),
                    ("tags", "tri-francais"),
                ],
            )
            .await;
        assert_eq!(response.status(), 303, "{name}");
    }
    let page = app
        .get_html("/organisations?tag=tri-francais&sort=name")
        .await;
    let position = |name: &str| page.find(name).unwrap_or_else(|| panic!("{name} listed"));
    let order = ["abeille", "Élan", "émile", "Eole", "Zoé"];
    for pair in order.windows(2) {
        assert!(
            position(pair[0]) < position(pair[1]),
            "{} before {}",
            pair[0],
            pair[1]
        );
    }
}

/// The page's header: from its `record-head` to the end of the header.
fn record_head(page: &str) -> &str {
    let start = page.find("class=\"record-head\"").expect("a record header");
    let end = start + page[start..].find("</header>").expect("header end");
    &page[start..end]
}

/// A contact with `organisation`, written straight to the database.
async fn contact(
    app: &TestApp,
    organisation: i32,
    on: chrono::NaiveDate,
    summary: &str,
    follow_up_on: Option<chrono::NaiveDate>,
) {
    use sea_orm::{ActiveModelTrait, Set};
    interaction::ActiveModel {
        occurred_on: Set(on),
        channel: Set(InteractionChannel::Phone),
        direction: Set(Direction::Outbound),
        organisation_id: Set(Some(organisation)),
        summary: Set(summary.into()),
        follow_up_on: Set(follow_up_on),
        follow_up_done: Set(false),
        created_at: Set(app.now()),
        updated_at: Set(app.now()),
        version: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("contact");
}

#[tokio::test]
async fn the_organisation_page_shows_only_the_facts_that_have_a_value() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let mut form = valid_form("Médiathèque sans adresse");
    for (k, v) in form.iter_mut() {
        if k == "website" {
            v.clear();
        }
    }
    assert_eq!(post(&app, "/organisations", &form).await.status(), 303);
    let created = organisation::Entity::find()
        .filter(organisation::Column::Name.eq("Médiathèque sans adresse"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("created");
    let page = app
        .get_html(&format!("/organisations/{}", created.id))
        .await;
    assert!(page.contains("<dt>Commune</dt>"), "a fact with a value");
    for empty in ["Adresse</dt>", "Site web</dt>", "Téléphone</dt>"] {
        assert!(!page.contains(empty), "no row for {empty}");
    }
    assert!(!page.contains("&mdash;"), "no rows of dashes");
}

#[tokio::test]
async fn the_organisation_header_shows_its_stage_owner_next_follow_up_and_the_contact_action() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let network = seeded_organisation(&app, "parcours-numerique").await;
    let campaign = crate::helpers::seeded_campaign(&app).await;
    let soon = app.today() + chrono::Days::new(7);
    contact(
        &app,
        network.id,
        app.today(),
        "Appel de présentation",
        Some(soon),
    )
    .await;
    let page = app
        .get_html(&format!("/organisations/{}", network.id))
        .await;
    let head = record_head(&page);
    assert!(
        head.contains("data-vocabulary=\"stage\"") && head.contains("à contacter"),
        "the stage as a badge: {head}"
    );
    assert!(head.contains(&campaign.name), "with its campaign");
    assert!(
        head.contains(&format!(
            "href=\"/interactions/new?organisation={}\"",
            network.id
        )) && head.contains("Noter un échange"),
        "the contact action"
    );
    assert!(head.contains(&soon.to_string()), "the next follow-up");
    assert!(head.contains("Ajouter à une campagne") || head.contains("Modifier"));
}

#[tokio::test]
async fn the_organisation_timeline_lists_contacts_and_stage_moves_newest_first_and_filters_by_kind()
{
    use sea_orm::{ActiveModelTrait, Set};
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let network = seeded_organisation(&app, "parcours-numerique").await;
    let status = outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(network.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("followed in the seeded campaign");
    let day = |days: u64| app.today() - chrono::Days::new(days);
    contact(&app, network.id, day(10), "Premier appel au réseau", None).await;
    contact(
        &app,
        network.id,
        day(2),
        "Second échange avec le réseau",
        None,
    )
    .await;
    outreach_stage_change::ActiveModel {
        outreach_status_id: Set(status.id),
        from_stage: Set(Some(Stage::ToContact)),
        to_stage: Set(Stage::Contacted),
        changed_by: Set(None),
        changed_at: Set(app.now() - chrono::Duration::days(5)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("stage move");

    let path = format!("/organisations/{}", network.id);
    let page = app.get_html(&path).await;
    let at = |needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("{needle} shown"))
    };
    let moved = at("contactée</span>");
    assert!(
        at("Second échange avec le réseau") < moved && moved < at("Premier appel au réseau"),
        "newest first"
    );
    assert!(page.contains(&format!("href=\"{path}?show=contacts#timeline\"")));

    let contacts = app.get_html(&format!("{path}?show=contacts")).await;
    assert!(contacts.contains("Premier appel au réseau") && contacts.contains("Second échange"));
    assert!(
        !contacts.contains("data-kind=\"stages\""),
        "stage moves filtered out"
    );
    assert!(
        contacts.contains("aria-current=\"true\""),
        "the filter chosen is marked"
    );

    let stages = app.get_html(&format!("{path}?show=stages")).await;
    assert!(stages.contains("data-kind=\"stages\""));
    assert!(
        !stages.contains("Premier appel au réseau"),
        "contacts filtered out"
    );

    // A contact with a person names them, with a link to their page.
    let person = crate::helpers::create_person(&app, "Dominique Relais", false).await;
    interaction::ActiveModel {
        occurred_on: Set(day(1)),
        channel: Set(InteractionChannel::Email),
        direction: Set(Direction::Inbound),
        organisation_id: Set(Some(network.id)),
        person_id: Set(Some(person)),
        summary: Set("Réponse de Dominique".into()),
        follow_up_done: Set(false),
        created_at: Set(app.now()),
        updated_at: Set(app.now()),
        version: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("contact with a person");
    let page = app.get_html(&path).await;
    let answer = &page[page.find("Réponse de Dominique").expect("the contact")..];
    assert!(answer.contains(&format!("href=\"/people/{person}\">Dominique Relais</a>")));

    let everything = app.get_html(&format!("{path}?show=nonsense")).await;
    assert!(
        everything.contains("Premier appel au réseau")
            && everything.contains("data-kind=\"stages\"")
    );
}

#[tokio::test]
async fn an_organisation_is_added_to_a_campaign_from_its_page_once() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    assert_eq!(
        post(&app, "/organisations", &valid_form("Médiathèque à suivre"))
            .await
            .status(),
        303
    );
    let created = organisation::Entity::find()
        .filter(organisation::Column::Name.eq("Médiathèque à suivre"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("created");
    let campaign = crate::helpers::seeded_campaign(&app).await;
    let path = format!("/organisations/{}", created.id);
    let page = app.get_html(&path).await;
    assert!(
        page.contains(&format!("action=\"{path}/campaigns\"")) && page.contains(&campaign.name)
    );

    let id = campaign.id.to_string();
    let added = app
        .post_form(&format!("{path}/campaigns"), &[("campaign", id.as_str())])
        .await;
    assert_eq!(added.status(), 303);
    let status = outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(created.id))
        .filter(outreach_status::Column::CampaignId.eq(campaign.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("followed now");
    assert_eq!(status.stage, Stage::ToResearch);
    let page = app.get_html(&path).await;
    assert!(record_head(&page).contains("data-vocabulary=\"stage\""));
    assert!(
        !page.contains(&format!("action=\"{path}/campaigns\"")),
        "no campaign left to add"
    );

    let again = app
        .post_form(&format!("{path}/campaigns"), &[("campaign", id.as_str())])
        .await;
    crate::helpers::assert_refused(again, "suit déjà cette structure").await;
    let viewer = app.with_new_client();
    viewer.login_as(Role::Viewer).await;
    let refused = viewer
        .post_form(&format!("{path}/campaigns"), &[("campaign", id.as_str())])
        .await;
    assert!(refused.status().is_client_error(), "viewers cannot");
}
