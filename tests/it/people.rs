//! People pages, the contact log and the dashboard.

use chrono::Duration;
use relais::entities::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::helpers::{TestApp, count, create_person, seeded_organisation};

#[tokio::test]
async fn people_are_created_with_a_lawful_basis_and_source_and_edited_safely() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let response = app
        .post_form(
            "/people",
            &[
                ("full_name", "Camille"),
                ("email", "camille@"),
                ("lawful_basis", "consent"),
                ("source", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    assert!(page.contains("Indiquez d&#39;où vient") || page.contains("Indiquez d'où vient"));
    assert!(page.contains("n'est pas valide") && page.contains("value=\"Camille\""));
    assert_eq!(count(&app.db, "people").await, 0);

    let id = create_person(&app, "Camille <script>alert(1)</script>", false).await;
    let page = app.get_html(&format!("/people/{id}")).await;
    assert!(
        page.contains("Camille &lt;script&gt;alert(1)&lt;/script&gt;")
            && !page.contains("<script>alert(1)")
    );
    assert!(page.contains("intérêt légitime") && page.contains("Page publique"));
    assert!(app.get_html("/people?q=camille").await.contains("Camille"));

    let version = person::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("row")
        .version
        .to_string();
    let edit = |name: &'static str| {
        vec![
            ("full_name", name),
            ("lawful_basis", "consent"),
            ("source", "Rencontre"),
            ("version", version.as_str()),
        ]
    };
    assert_eq!(
        app.post_form(&format!("/people/{id}"), &edit("Camille Première"))
            .await
            .status(),
        303
    );
    let response = app
        .post_form(&format!("/people/{id}"), &edit("Camille Seconde"))
        .await;
    assert_eq!(response.status(), 409);
    let page = response.text().await.expect("body");
    assert!(page.contains("Camille Première") && page.contains("value=\"Camille Seconde\""));
    assert_eq!(
        person::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .expect("query")
            .expect("row")
            .full_name,
        "Camille Première"
    );
}

#[tokio::test]
async fn roles_link_people_and_organisations_both_ways() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let network = seeded_organisation(&app, "parcours-numerique").await;
    let id = create_person(&app, "Dominique Réseau", false).await;
    let response = app
        .post_form(
            &format!("/people/{id}/memberships"),
            &[
                ("organisation_id", &network.id.to_string()),
                ("role", "animatrice du réseau"),
                ("started_on", "2026-01-01"),
                ("ended_on", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(
        app.get_html(&format!("/people/{id}"))
            .await
            .contains("animatrice du réseau")
    );
    let org_page = app
        .get_html(&format!("/organisations/{}", network.id))
        .await;
    assert!(org_page.contains("Dominique Réseau") && org_page.contains("animatrice du réseau"));
    let m = membership::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("membership");
    let back = format!("/organisations/{}", network.id);
    let response = app
        .post_form(&format!("/memberships/{}/delete", m.id), &[("back", &back)])
        .await;
    assert_eq!(response.headers()["location"], back.as_str());
    assert_eq!(count(&app.db, "memberships").await, 0);
    assert_eq!(
        app.post_form(
            &format!("/people/{id}/memberships"),
            &[("organisation_id", "999999"), ("role", "x")]
        )
        .await
        .status(),
        422
    );
}

#[tokio::test]
async fn logging_a_contact_from_the_organisation_moves_its_stage() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let network = seeded_organisation(&app, "parcours-numerique").await;
    let campaign = campaign::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("campaign");
    let form = app
        .get_html(&format!("/interactions/new?organisation={}", network.id))
        .await;
    assert!(
        form.contains(&format!(
            "name=\"organisation_id\" value=\"{}\"",
            network.id
        )),
        "organisation prefilled"
    );
    assert!(
        form.contains(&format!("value=\"{}\"", app.today())),
        "date defaults to today"
    );

    let follow_up = (app.today() + Duration::days(3)).to_string();
    let response = app
        .post_form(
            "/interactions",
            &[
                ("occurred_on", &app.today().to_string()),
                ("channel", "email"),
                ("direction", "outbound"),
                ("organisation_id", &network.id.to_string()),
                ("person_id", ""),
                ("summary", "Présentation de nos outils à la coordinatrice"),
                ("outcome", ""),
                ("next_step", "Envoyer la plaquette"),
                ("follow_up_on", &follow_up),
                ("campaign_id", &campaign.id.to_string()),
                ("new_stage", "contacted"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let status = outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(network.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("status");
    assert_eq!(status.stage, Stage::Contacted);
    let change = outreach_stage_change::Entity::find()
        .filter(outreach_stage_change::Column::OutreachStatusId.eq(status.id))
        .order_by_desc(outreach_stage_change::Column::Id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("change");
    assert_eq!(
        (change.from_stage, change.to_stage),
        (Some(Stage::ToContact), Stage::Contacted)
    );
    let audit = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::Interaction))
        .one(&app.db)
        .await
        .expect("query")
        .expect("audit");
    assert_eq!(audit.action, AuditAction::Create);
    let page = app
        .get_html(&format!("/organisations/{}", network.id))
        .await;
    assert!(page.contains("Présentation de nos outils"));

    // This week's follow-up appears on the dashboard, until done.
    let dashboard = app.get_html("/").await;
    assert!(dashboard.contains("Envoyer la plaquette"));
    let interaction = interaction::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("row");
    app.post_form(&format!("/interactions/{}/done", interaction.id), &[])
        .await;
    assert!(!app.get_html("/").await.contains("Envoyer la plaquette"));
}

#[tokio::test]
async fn the_contact_form_validates_and_respects_do_not_contact() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let id = create_person(&app, "Eva Tranquille", true).await;
    assert!(
        app.get_html(&format!("/interactions/new?person={id}"))
            .await
            .contains("a demandé à ne pas être contactée")
    );
    let base = |direction: &'static str, confirm: bool| {
        let mut f: Vec<(&str, String)> = vec![
            ("occurred_on", app.today().to_string()),
            ("channel", "phone".into()),
            ("direction", direction.into()),
            ("organisation_id", "".into()),
            ("person_id", id.to_string()),
            ("summary", "Appel".into()),
        ];
        if confirm {
            f.push(("confirm_do_not_contact", "on".into()));
        }
        f
    };
    let send = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let borrowed: Vec<(&str, &str)> =
                fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form("/interactions", &borrowed).await
        }
    };
    let refused = send(base("outbound", false)).await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .expect("body")
            .contains("ne doit pas être contactée")
    );
    assert_eq!(count(&app.db, "interactions").await, 0);
    assert_eq!(
        send(base("inbound", false)).await.status(),
        303,
        "they contacted us"
    );
    assert_eq!(
        send(base("outbound", true)).await.status(),
        303,
        "explicitly confirmed"
    );

    let mut bad = base("outbound", true);
    bad.retain(|(k, _)| *k != "summary" && *k != "occurred_on");
    bad.push(("summary", "  ".into()));
    bad.push(("occurred_on", "2026-11-20".into()));
    bad.push(("follow_up_on", "2026-11-01".into()));
    let response = send(bad).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    assert!(page.contains("Ce champ est obligatoire") && page.contains("ne peut pas précéder"));
}

#[tokio::test]
async fn the_dashboard_shows_overdue_follow_ups_and_organisations_ready_to_approach() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let me = relais::entities::user::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("me")
        .id;
    let now = app.now();
    let org = seeded_organisation(&app, "ping").await;
    for (summary, follow_up, done) in [
        ("Relance en retard", -2, false),
        ("Relance faite", -3, true),
    ] {
        interaction::ActiveModel {
            occurred_on: Set(app.today() - Duration::days(10)),
            channel: Set(InteractionChannel::Email),
            direction: Set(Direction::Outbound),
            user_id: Set(Some(me)),
            organisation_id: Set(Some(org.id)),
            summary: Set(summary.into()),
            follow_up_on: Set(Some(app.today() + Duration::days(follow_up))),
            follow_up_done: Set(done),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("interaction");
    }
    // Parked until yesterday: ready; until tomorrow: still parked.
    for (key, days) in [("abf-labenbib", -1), ("abf-strategie-numerique", 1)] {
        let o = seeded_organisation(&app, key).await;
        outreach_status::Entity::update_many()
            .col_expr(
                outreach_status::Column::NotBefore,
                (app.today() + Duration::days(days)).into(),
            )
            .filter(outreach_status::Column::OrganisationId.eq(o.id))
            .exec(&app.db)
            .await
            .expect("update");
    }
    let page = app.get_html("/").await;
    let mine = &page[page.find("id=\"mine\"").expect("my section")
        ..page.find("id=\"week\"").expect("week section")];
    assert!(mine.contains("Relance en retard"));
    assert!(
        !mine.contains("Relance faite"),
        "done follow-ups leave the list"
    );
    assert!(page.contains("Commission Labenbib"));
    assert!(!page.contains("Commission Stratégie numérique"));
    // The cards count them and link to their lists.
    assert!(page.contains(
        r#"<a href="/follow-ups" class="stat-link"><span class="stat-count">1</span> <span class="stat-label">Mes relances en retard</span>"#
    ));
    let campaign = crate::helpers::seeded_campaign(&app).await;
    assert!(page.contains(&format!(
        r#"<a href="/campaigns/{}/ready" class="stat-link"><span class="stat-count">1</span>"#,
        campaign.id
    )));
    assert!(
        page.contains("Congrès annuel de l&#39;ABF")
            || page.contains("Congrès annuel de l'ABF")
            || page.contains("Journée de formation"),
        "upcoming events"
    );
}

#[tokio::test]
async fn people_pages_render_in_english_without_missing_keys() {
    let app = TestApp::spawn_as(Role::Admin).await;
    app.get("/lang/en?back=/").await;
    let id = create_person(&app, "Frankie Example", false).await;
    for path in [
        "/".to_owned(),
        "/people".into(),
        "/people?cols=email,phone,organisations,lawful_basis,source,updated_at".into(),
        format!("/people/{id}"),
        format!("/people/{id}/edit"),
        "/people/new".into(),
        "/interactions/new".into(),
        format!("/interactions/new?person={id}"),
        "/people/review".into(),
        "/campaigns".into(),
        "/campaigns/1".into(),
        "/campaigns/1/board".into(),
        "/campaigns/1/progress".into(),
        "/campaigns/1/add?region=53".into(),
        "/campaigns/1/ready".into(),
        "/campaigns/new".into(),
        "/search?q=abf".into(),
        "/admin/users".into(),
        "/admin/audit".into(),
        "/admin/settings".into(),
    ] {
        let page = app.get_html(&path).await;
        assert!(page.contains("<html lang=\"en\""), "{path}");
    }
    assert!(
        relais::web::i18n::missing_keys().is_empty(),
        "{:?}",
        relais::web::i18n::missing_keys()
    );
}

#[tokio::test]
async fn a_role_is_given_from_the_organisation_page_and_the_next_page_says_so_once() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let network = seeded_organisation(&app, "parcours-numerique").await;
    let person = create_person(&app, "Camille Martin", false).await;
    let page = format!("/organisations/{}", network.id);
    assert!(
        app.get_html(&page)
            .await
            .contains("data-picker=\"/pick/people\""),
        "a person is picked by name"
    );
    let before = count(&app.db, "memberships").await;

    let refused = app
        .post_form(
            &format!("{page}/memberships"),
            &[
                ("person_id", person.to_string().as_str()),
                ("role", ""),
                ("started_on", "2026-09-01"),
                ("ended_on", "2026-01-01"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let shown = refused.text().await.expect("body");
    assert!(
        shown.contains("id=\"field-role-error\""),
        "the role is required"
    );
    assert!(
        shown.contains("id=\"field-ended_on-error\""),
        "the end is before the start"
    );
    assert!(shown.contains("value=\"2026-09-01\""), "the dates are kept");
    assert!(
        shown.contains(&format!("name=\"person_id\" value=\"{person}\"")),
        "the chosen person is kept"
    );
    let unknown = app
        .post_form(
            &format!("{page}/memberships"),
            &[("person_id", "999999"), ("role", "trésorière")],
        )
        .await;
    assert_eq!(unknown.status(), 422);
    let shown = unknown.text().await.expect("body");
    assert!(shown.contains("Choisissez une personne"));
    assert!(shown.contains("value=\"trésorière\""), "the role is kept");
    assert_eq!(count(&app.db, "memberships").await, before);

    let added = app
        .post_form(
            &format!("{page}/memberships"),
            &[
                ("person_id", person.to_string().as_str()),
                ("role", "coordinatrice"),
                ("started_on", "2026-09-01"),
                ("ended_on", ""),
                ("back", page.as_str()),
            ],
        )
        .await;
    assert_eq!(added.status(), 303);
    assert_eq!(added.headers()["location"], page.as_str());
    let shown = app.get_html(&page).await;
    assert!(shown.contains("coordinatrice"));
    assert!(
        shown.contains("Modifications enregistrées."),
        "the one-time message"
    );
    let again = app.get_html(&page).await;
    assert!(
        !again.contains("Modifications enregistrées."),
        "shown once only"
    );
    let person_page = app.get_html(&format!("/people/{person}")).await;
    assert!(person_page.contains("coordinatrice") && person_page.contains(&network.name));
}

#[tokio::test]
async fn a_history_shows_field_labels_and_value_labels_not_internal_names() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let id = crate::helpers::create_person(&app, "Camille Historique", true).await;
    let page = app.get_html(&format!("/people/{id}")).await;
    let history = &page[page.find("audit-changes").expect("a history")..];
    assert!(history.contains("Ne pas contacter"), "{history}");
    assert!(history.contains("intérêt légitime"));
    assert!(!history.contains("do_not_contact"));
    assert!(!history.contains("legitimate_interest"));
}

#[tokio::test]
async fn a_person_page_leaves_out_empty_facts_and_shows_contacts_and_edits_in_one_timeline() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let id = crate::helpers::create_person(&app, "Camille Chronologie", false).await;
    interaction::ActiveModel {
        occurred_on: Set(app.today()),
        channel: Set(InteractionChannel::Meeting),
        direction: Set(Direction::Inbound),
        person_id: Set(Some(id)),
        summary: Set("Rencontre au salon".into()),
        follow_up_on: Set(Some(app.today() + chrono::Days::new(3))),
        follow_up_done: Set(false),
        created_at: Set(app.now()),
        updated_at: Set(app.now()),
        version: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("contact");
    let path = format!("/people/{id}");
    let page = app.get_html(&path).await;
    assert!(page.contains("personne@example.org"), "a fact with a value");
    assert!(
        !page.contains("Téléphone</dt>") && !page.contains("&mdash;"),
        "no empty rows"
    );
    let head = &page[page.find("class=\"record-head\"").expect("header")..];
    let head = &head[..head.find("</header>").expect("header end")];
    assert!(head.contains(&format!("href=\"/interactions/new?person={id}\"")));
    assert!(
        head.contains(&(app.today() + chrono::Days::new(3)).to_string()),
        "next follow-up"
    );
    assert!(page.contains("data-kind=\"contacts\"") && page.contains("Rencontre au salon"));
    assert!(
        page.contains("data-kind=\"edits\""),
        "its creation, in the same timeline"
    );
    let contacts = app.get_html(&format!("{path}?show=contacts")).await;
    assert!(contacts.contains("Rencontre au salon") && !contacts.contains("data-kind=\"edits\""));
}

#[tokio::test]
async fn the_people_list_shows_the_columns_chosen_and_keeps_them_in_its_address() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let person = create_person(&app, "Camille Sentinelle", false).await;
    let org = seeded_organisation(&app, "cryptobib").await;
    let response = app
        .post_form(
            &format!("/organisations/{}/memberships", org.id),
            &[("person_id", &person.to_string()), ("role", "animatrice")],
        )
        .await;
    assert_eq!(response.status(), 303);

    let default = app.get_html("/people").await;
    assert!(default.contains("data-columns=\"email lawful_basis\""));
    assert!(default.contains("personne@example.org"));
    assert!(!default.contains("animatrice"), "roles only when asked");

    // As the chooser's boxes send them (with the name always).
    let chosen = app
        .get_html("/people?q=sentinelle&cols=name&cols=organisations&cols=source")
        .await;
    assert!(chosen.contains("data-columns=\"organisations source\""));
    assert!(chosen.contains("animatrice") && chosen.contains(&org.name));
    assert!(chosen.contains("Page publique"), "the source");
    assert!(
        !chosen.contains("personne@example.org"),
        "e-mail not chosen"
    );
    assert!(
        chosen.contains("value=\"organisations\" checked"),
        "the chooser shows the choice"
    );

    // The name alone.
    let bare = app.get_html("/people?cols=name").await;
    assert!(bare.contains("data-columns=\"\""));
    assert!(bare.contains("Camille Sentinelle"));
}
