//! Bulk actions from the directory list: counted before confirming, one
//! transaction, a record changed meanwhile listed and left alone.

use relais::entities::*;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::helpers::{TestApp, count, seeded_campaign};
use crate::instances::create_organisation;

/// The hidden `as_of` of a confirmation page.
fn as_of(page: &str) -> String {
    let start = page.find("name=\"as_of\" value=\"").expect("as_of field")
        + "name=\"as_of\" value=\"".len();
    page[start..].split('"').next().expect("value").to_owned()
}

async fn tags_of(app: &TestApp, id: i32) -> Vec<String> {
    relais::directory::store::tag_names(&app.db, id)
        .await
        .expect("tags")
}

#[tokio::test]
async fn tags_are_added_to_a_selection_and_a_record_changed_meanwhile_is_listed() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let a = create_organisation(&app, "Médiathèque de Saint-Brice").await;
    let b = create_organisation(&app, "Bibliothèque de Louvigné").await;
    let c = create_organisation(&app, "Médiathèque de Fougères").await;
    let list = app.get_html("/organisations").await;
    assert!(
        list.contains("form=\"bulk\"") && list.contains(&format!("value=\"{a}\"")),
        "rows can be ticked"
    );

    let query = format!("/organisations/bulk?action=add_tags&scope=selection&id={a}&id={b}&id={c}");
    let page = app.get_html(&query).await;
    assert!(page.contains("concernera 3 structures"), "{page}");
    let as_of = as_of(&page);

    // Someone edits one of them after the count was shown.
    let mut form = crate::directory::valid_form("Médiathèque de Fougères");
    let version = organisation::Entity::find_by_id(c)
        .one(&app.db)
        .await
        .expect("query")
        .expect("c")
        .version;
    form.push(("version".into(), version.to_string()));
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        app.post_form(&format!("/organisations/{c}"), &fields)
            .await
            .status(),
        303
    );

    let sent = [
        ("action", "add_tags"),
        ("as_of", as_of.as_str()),
        ("scope", "selection"),
        ("id", &a.to_string()),
        ("id", &b.to_string()),
        ("id", &c.to_string()),
        ("tags", "tournée 2027, ateliers"),
    ];
    let refused = app
        .post_form(
            "/organisations/bulk",
            &[sent[0], sent[1], sent[2], sent[3], ("tags", " , ")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .expect("body")
            .contains("Indiquez au moins une étiquette")
    );
    assert!(!tags_of(&app, a).await.contains(&"tournée 2027".to_owned()));

    let audit_before = count(&app.db, "audit_log").await;
    let response = app.post_form("/organisations/bulk", &sent).await;
    assert_eq!(response.status(), 200);
    let report = response.text().await.expect("body");
    assert!(report.contains("Fait pour 2 structures"), "{report}");
    assert!(
        report.contains("Médiathèque de Fougères") && report.contains("modifiée par quelqu'un"),
        "the record changed meanwhile is listed"
    );
    for id in [a, b] {
        let tags = tags_of(&app, id).await;
        assert!(
            tags.contains(&"tournée 2027".to_owned()) && tags.contains(&"ateliers".to_owned()),
            "{tags:?}"
        );
    }
    assert!(!tags_of(&app, c).await.contains(&"tournée 2027".to_owned()));
    // "ateliers" was already on a and b (the form's tags): one tag added,
    // one audit entry each.
    assert_eq!(count(&app.db, "audit_log").await, audit_before + 2);

    // An edit form opened before the bulk change is now stale.
    let stale = app
        .post_form(
            &format!("/organisations/{a}"),
            &{
                let mut form = crate::directory::valid_form("Médiathèque de Saint-Brice");
                form.push(("version".into(), "1".into()));
                form
            }
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(stale.status(), 409);

    let removed = app
        .post_form(
            "/organisations/bulk",
            &[
                ("action", "remove_tags"),
                ("as_of", &app.now().to_rfc3339()),
                ("scope", "selection"),
                ("id", &a.to_string()),
                ("tags", "TOURNÉE 2027"),
            ],
        )
        .await;
    assert_eq!(removed.status(), 200);
    assert!(!tags_of(&app, a).await.contains(&"tournée 2027".to_owned()));
}

/// Adds what `kind=mediation_place&departement=22` matches to `campaign`,
/// as counted at `as_of`; returns the report page.
async fn add_matching(app: &TestApp, campaign: i32, as_of: &str) -> reqwest::Response {
    app.post_form(
        "/organisations/bulk",
        &[
            ("action", "add_to_campaign"),
            ("as_of", as_of),
            ("scope", "filter"),
            ("kind", "mediation_place"),
            ("departement", "22"),
            ("campaign", &campaign.to_string()),
            ("stage", "to_contact"),
        ],
    )
    .await
}

#[tokio::test]
async fn five_thousand_filtered_organisations_join_a_campaign_at_once() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let campaign = seeded_campaign(&app).await;
    let now = app.now();
    let rows: Vec<organisation::ActiveModel> = (0..5_000)
        .map(|i| organisation::ActiveModel {
            name: Set(format!("Point numérique en masse {i}")),
            sort_name: Set(Some(format!("point numerique en masse {i}"))),
            kind: Set(OrgKind::MediationPlace),
            scope: Set(Scope::Local),
            departement_code: Set(Some("22".into())),
            region_code: Set(Some("53".into())),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(500) {
        organisation::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .expect("insert");
    }
    let matching = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::MediationPlace))
        .filter(organisation::Column::DepartementCode.eq("22"))
        .count(&app.db)
        .await
        .expect("count");
    let in_campaign = |app: &TestApp| {
        let db = app.db.clone();
        let campaign = campaign.id;
        async move {
            outreach_status::Entity::find()
                .filter(outreach_status::Column::CampaignId.eq(campaign))
                .count(&db)
                .await
                .expect("count")
        }
    };
    let before = in_campaign(&app).await;
    let page = app
        .get_html("/organisations/bulk?action=add_to_campaign&scope=filter&kind=mediation_place&departement=22")
        .await;
    let squeezed: String = page.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        squeezed.contains(&format!("concernera{matching}structures")),
        "the count is shown before confirming"
    );
    let response = add_matching(&app, campaign.id, &as_of(&page)).await;
    assert_eq!(response.status(), 200);
    let added = in_campaign(&app).await - before;
    assert_eq!(added, matching, "every filtered organisation joined once");

    // Again: all already in, all listed, none added twice.
    let again = add_matching(&app, campaign.id, &app.now().to_rfc3339()).await;
    assert_eq!(again.status(), 200);
    assert!(
        again
            .text()
            .await
            .expect("body")
            .contains("déjà dans la campagne")
    );
    assert_eq!(in_campaign(&app).await - before, matching);

    // A stage move on an organisation outside the campaign is listed.
    let outside = create_organisation(&app, "Point numérique hors campagne").await;
    organisation::Entity::update_many()
        .col_expr(
            organisation::Column::Kind,
            sea_orm::sea_query::Expr::value(OrgKind::MediationPlace),
        )
        .col_expr(
            organisation::Column::DepartementCode,
            sea_orm::sea_query::Expr::value("22"),
        )
        .filter(organisation::Column::Id.eq(outside))
        .exec(&app.db)
        .await
        .expect("update");
    let moved = app
        .post_form(
            "/organisations/bulk",
            &[
                ("action", "move_stage"),
                (
                    "as_of",
                    &(app.now() + chrono::Duration::seconds(1)).to_rfc3339(),
                ),
                ("scope", "filter"),
                ("kind", "mediation_place"),
                ("departement", "22"),
                ("name", "hors campagne"),
                ("campaign", &campaign.id.to_string()),
                ("stage", "contacted"),
            ],
        )
        .await;
    assert_eq!(moved.status(), 200);
    assert!(
        moved
            .text()
            .await
            .expect("body")
            .contains("pas dans cette campagne")
    );
}

#[tokio::test]
async fn viewers_see_no_bulk_actions() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let list = app.get_html("/organisations").await;
    assert!(!list.contains("form=\"bulk\""));
    let page = app
        .get("/organisations/bulk?action=add_tags&scope=filter&kind=library")
        .await;
    assert_eq!(page.status(), 403);
}

/// The names of an exported CSV's rows (its `name` column; `;`-separated
/// after a byte-order mark, as French spreadsheets read it).
fn exported_names(csv: &str) -> Vec<String> {
    let csv = csv.trim_start_matches('\u{feff}');
    let mut rows = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(csv.as_bytes());
    let name = rows
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "name")
        .expect("a name column");
    let mut names: Vec<String> = rows
        .records()
        .map(|r| r.expect("row")[name].to_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn the_bar_exports_the_ticked_rows_or_what_the_filter_matches() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let a = create_organisation(&app, "Médiathèque de Saint-Brice").await;
    let b = create_organisation(&app, "Bibliothèque de Louvigné").await;
    create_organisation(&app, "Médiathèque de Fougères").await;
    let list = app.get_html("/organisations").await;
    assert!(list.contains("formaction=\"/organisations/bulk/export\""));

    let ticked = app
        .get(&format!(
            "/organisations/bulk/export?action=&scope=selection&id={a}&id={b}"
        ))
        .await;
    assert_eq!(ticked.status(), 200);
    assert!(
        ticked
            .headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("relais-organisations-"))
    );
    assert_eq!(
        exported_names(&ticked.text().await.expect("csv")),
        ["Bibliothèque de Louvigné", "Médiathèque de Saint-Brice"]
    );

    // Everything a filter matches: what the list's own export gives.
    let by_filter = app
        .get("/organisations/bulk/export?scope=filter&name=m%C3%A9diath%C3%A8que")
        .await
        .text()
        .await
        .expect("csv");
    let list_export = app
        .get("/export/organisations.csv?name=m%C3%A9diath%C3%A8que")
        .await
        .text()
        .await
        .expect("csv");
    let names = exported_names(&by_filter);
    assert!(names.contains(&"Médiathèque de Fougères".to_owned()));
    assert!(!names.contains(&"Bibliothèque de Louvigné".to_owned()));
    assert_eq!(names, exported_names(&list_export));

    let nothing_ticked = app.get("/organisations/bulk/export?scope=selection").await;
    assert_eq!(nothing_ticked.status(), 422);
    let said = nothing_ticked.text().await.expect("page");
    assert!(said.contains(&relais::web::i18n::Locale::Fr.t("bulk-none-selected")));
}
