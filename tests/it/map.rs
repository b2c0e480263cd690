//! The directory as a map of France: a shape per département, figures
//! equal to the filtered list's, drawn by the server.

use std::collections::HashMap;

use relais::entities::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::TestApp;
use crate::instances::create_organisation;

/// `(code, figure)` of the table beside the map.
fn table(page: &str) -> HashMap<String, u64> {
    let body = &page[page.find("<tbody>").expect("table")..];
    body.split("<tr>")
        .skip(1)
        .filter_map(|row| {
            let code = row.split("departement=").nth(1)?.split(['"', '&']).next()?;
            let figure = row.split("class=\"num\">").nth(1)?.split('<').next()?;
            Some((code.to_owned(), figure.trim().parse().ok()?))
        })
        .collect()
}

#[tokio::test]
async fn the_map_has_every_departement_and_the_filtered_lists_figures() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    create_organisation(&app, "Médiathèque de Vitré").await;
    create_organisation(&app, "Bibliothèque de Janzé").await;
    let page = app.get_html("/organisations/map?kind=library").await;
    let mut codes: Vec<&str> = page
        .split("data-code=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), 101, "a shape for each département");
    assert!(
        page.contains("Licence Ouverte"),
        "the outlines are credited"
    );

    let libraries = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Library))
        .all(&app.db)
        .await
        .expect("query");
    let mut expected: HashMap<String, u64> = HashMap::new();
    for o in &libraries {
        if let Some(code) = &o.departement_code {
            *expected.entry(code.clone()).or_default() += 1;
        }
    }
    let figures = table(&page);
    assert_eq!(figures, expected);
    assert!(figures["35"] >= 2);

    // Each département links to the list with the same filter, which
    // counts the same.
    let list = app
        .get_html("/organisations?kind=library&departement=35")
        .await;
    let squeezed: String = list.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        page.contains("kind=library&amp;sort=name&amp;departement=35\""),
        "the shape links to the filtered list"
    );
    assert!(
        squeezed.contains(&format!("{}structures", figures["35"])),
        "the list counts what the map shows"
    );

    // The organisation page places it on a small map.
    let vitre = libraries
        .iter()
        .find(|o| o.name == "Médiathèque de Vitré")
        .expect("created");
    let page = app.get_html(&format!("/organisations/{}", vitre.id)).await;
    assert!(page.contains("class=\"spot\""), "a position is drawn");
}

/// The figures of a stage table: `(code, stage) → figure`, and the
/// total of each département.
fn stage_table(page: &str) -> (HashMap<(String, String), u64>, HashMap<String, u64>) {
    let body = &page[page.find("<tbody>").expect("table")..];
    let body = &body[..body.find("</tbody>").expect("end of table")];
    let mut cells = HashMap::new();
    let mut totals = HashMap::new();
    for row in body.split("<tr>").skip(1) {
        let code = row
            .split("departement=")
            .nth(1)
            .and_then(|s| s.split(['"', '&']).next())
            .expect("a département link")
            .to_owned();
        for cell in row.split("<td class=\"num\" data-stage=\"").skip(1) {
            let (stage, rest) = cell.split_once('"').expect("stage");
            let inner = &rest[..rest.find("</td>").expect("cell end")];
            let digits: String = strip_tags(inner)
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            cells.insert(
                (code.clone(), stage.to_owned()),
                digits.parse().expect("figure"),
            );
        }
        let total = row
            .split("class=\"num total\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .expect("total");
        totals.insert(code, total.trim().parse().expect("total figure"));
    }
    (cells, totals)
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// The figure a directory list says it counts ("N structures").
async fn list_count(app: &TestApp, query: &str) -> u64 {
    let list = app.get_html(&format!("/organisations?{query}")).await;
    let status = &list[list.find("class=\"list-count\"").expect("count")..];
    let text = strip_tags(&status[..status.find("</p>").expect("end")]);
    if text.contains("aucune") {
        return 0;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        1
    } else {
        digits.parse().expect("count")
    }
}

#[tokio::test]
async fn the_map_by_a_campaign_s_stages_counts_what_the_filtered_lists_count() {
    use crate::helpers::seeded_campaign;
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let campaign = seeded_campaign(&app).await;
    let vitre = create_organisation(&app, "Médiathèque de Vitré").await;
    let janze = create_organisation(&app, "Bibliothèque de Janzé").await;
    let fougeres = create_organisation(&app, "Médiathèque de Fougères").await;
    for id in [vitre, janze, fougeres] {
        let added = app
            .post_form(
                &format!("/organisations/{id}/campaigns"),
                &[("campaign", &campaign.id.to_string())],
            )
            .await;
        assert_eq!(added.status(), 303);
    }
    // One moves on, one is in another département.
    outreach_status::Entity::update_many()
        .col_expr(
            outreach_status::Column::Stage,
            sea_orm::sea_query::Expr::value(Stage::Contacted.as_str()),
        )
        .filter(outreach_status::Column::OrganisationId.eq(janze))
        .exec(&app.db)
        .await
        .expect("stage moved");
    organisation::Entity::update_many()
        .col_expr(
            organisation::Column::DepartementCode,
            sea_orm::sea_query::Expr::value("22"),
        )
        .filter(organisation::Column::Id.eq(fougeres))
        .exec(&app.db)
        .await
        .expect("moved to 22");

    let query = format!("kind=library&in_campaign={}", campaign.id);
    let page = app
        .get_html(&format!("/organisations/map?{query}&by=stages"))
        .await;
    assert!(
        page.contains(r#"name="by" value="stages" checked"#),
        "the choice is kept"
    );

    // What the database holds: the campaign's libraries by département
    // and stage.
    let statuses = outreach_status::Entity::find()
        .filter(outreach_status::Column::CampaignId.eq(campaign.id))
        .all(&app.db)
        .await
        .expect("statuses");
    let mut expected: HashMap<(String, String), u64> = HashMap::new();
    for s in &statuses {
        let o = organisation::Entity::find_by_id(s.organisation_id)
            .one(&app.db)
            .await
            .expect("query")
            .expect("organisation");
        if let (OrgKind::Library, Some(code)) = (o.kind, o.departement_code) {
            *expected
                .entry((code, s.stage.as_str().to_owned()))
                .or_default() += 1;
        }
    }
    let (cells, totals) = stage_table(&page);
    let shown: HashMap<(String, String), u64> = cells
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| (k.clone(), *n))
        .collect();
    assert_eq!(shown, expected);
    assert_eq!(cells[&("35".to_owned(), "to_research".to_owned())], 1);
    assert_eq!(cells[&("35".to_owned(), "contacted".to_owned())], 1);
    assert_eq!(totals["35"], 2);
    assert_eq!(totals["22"], 1);
    // The shapes are titled with the same totals.
    assert!(page.contains("(35) : 2 structures"));

    // Every figure is what the list filtered the same way counts.
    for ((code, stage), n) in &shown {
        let listed = list_count(&app, &format!("{query}&stage={stage}&departement={code}")).await;
        assert_eq!(listed, *n, "{code} at {stage}");
    }
    for (code, n) in &totals {
        assert_eq!(
            list_count(&app, &format!("{query}&departement={code}")).await,
            *n
        );
    }
    // And the département links to that list and to the board.
    assert!(page.contains(&format!(
        "kind=library&amp;sort=name&amp;in_campaign={}&amp;departement=35\"",
        campaign.id
    )));
    assert!(page.contains(&format!(
        "/campaigns/{}/board?kind=library&amp;departement=35",
        campaign.id
    )));

    // Without a campaign named, the latest one is drawn.
    let latest = app
        .get_html("/organisations/map?kind=library&by=stages")
        .await;
    assert!(latest.contains("data-stage=\"contacted\""));
}

fn event_form<'a>(title: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("title", title),
        ("kind", "network_meeting"),
        ("participation", "considering"),
        ("participants", ""),
        ("start_time", "09:30"),
        ("end_date", ""),
        ("end_time", "17:00"),
        ("time_zone", "Europe/Paris"),
        ("repeat", ""),
        ("rrule", ""),
        ("rdates", ""),
        ("exdates", ""),
        ("place", "Médiathèque"),
        ("commune", ""),
        ("organisers", ""),
        ("themes", ""),
        ("url", ""),
        ("cfp_deadline", ""),
        ("cfp_url", ""),
        ("description", ""),
        ("version", ""),
    ];
    fields.extend_from_slice(extra);
    fields
}

async fn create_event(app: &TestApp, title: &str, extra: &[(&str, &str)]) {
    let response = app.post_form("/events", &event_form(title, extra)).await;
    assert_eq!(response.status(), 303, "event {title} created");
}

/// The distinct events the agenda lists as it opens, filtered by `query`.
async fn agenda_events(app: &TestApp, query: &str) -> std::collections::HashSet<i64> {
    let response = app
        .client
        .get(app.url(&format!("/agenda?{query}")))
        .header("accept", "application/json")
        .send()
        .await
        .expect("agenda");
    assert_eq!(response.status(), 200);
    let items: Vec<serde_json::Value> = response.json().await.expect("json");
    items
        .iter()
        .filter_map(|i| i["event_id"].as_i64())
        .collect()
}

#[tokio::test]
async fn the_map_of_events_to_come_counts_what_the_agenda_lists() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let today = app.today();
    let day = |days: i64| {
        (today + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    let (soon, later, past) = (day(10), day(60), day(-30));
    create_event(
        &app,
        "Journée pro Rennes",
        &[
            ("start_date", &soon),
            ("region_code", "53"),
            ("departement_code", "35"),
        ],
    )
    .await;
    create_event(
        &app,
        "Rencontre mensuelle Rennes",
        &[
            ("start_date", &later),
            ("region_code", "53"),
            ("departement_code", "35"),
            ("repeat", "monthly-weekday"),
        ],
    )
    .await;
    create_event(
        &app,
        "Congrès passé",
        &[
            ("start_date", &past),
            ("region_code", "53"),
            ("departement_code", "35"),
        ],
    )
    .await;
    create_event(
        &app,
        "Journée pro Saint-Brieuc",
        &[
            ("start_date", &later),
            ("region_code", "53"),
            ("departement_code", "22"),
        ],
    )
    .await;

    let page = app.get_html("/organisations/map?by=events").await;
    assert!(page.contains(r#"name="by" value="events" checked"#));
    let figures = table(&page);
    // Each figure is the number of events the agenda lists there.
    for (code, n) in &figures {
        let listed = agenda_events(&app, &format!("departement={code}")).await;
        assert_eq!(listed.len() as u64, *n, "events in {code}");
    }
    assert_eq!(
        figures["35"], 2,
        "the past one is left out, a series counts once"
    );
    assert_eq!(figures["22"], 1);
    // No département is left out: the figures add up to the agenda's
    // events that have one.
    let all = agenda_events(&app, "").await;
    let mut with_departement = 0;
    for id in all {
        let e = event::Entity::find_by_id(i32::try_from(id).expect("id"))
            .one(&app.db)
            .await
            .expect("query")
            .expect("event");
        if e.departement_code.is_some() {
            with_departement += 1;
        }
    }
    assert_eq!(figures.values().sum::<u64>(), with_departement);
    // The shapes lead to the agenda of the département.
    assert!(page.contains("href=\"/agenda?departement=35\""));
    // The filter's région narrows it.
    let brittany = table(&app.get_html("/organisations/map?by=events&region=53").await);
    assert_eq!(brittany.get("35"), Some(&2));
    assert!(
        brittany
            .keys()
            .all(|code| ["22", "29", "35", "56"].contains(&code.as_str()))
    );
}
