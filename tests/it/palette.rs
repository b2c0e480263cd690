//! The command palette's lookups: records from the search engine, pages
//! and actions by name, actions only for those who may write; a plain page
//! without JavaScript.

use relais::entities::*;
use serde_json::Value;

use crate::helpers::TestApp;

async fn palette(app: &TestApp, q: &str) -> Vec<Value> {
    let response = app
        .client
        .get(app.url("/go"))
        .query(&[("q", q)])
        .header("Accept", "application/json")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    response
        .json::<Vec<Value>>()
        .await
        .expect("a list of items")
}

/// Waits (bounded) until search has caught up with the seed.
async fn indexed(app: &TestApp) {
    for _ in 0..300 {
        if crate::search::search_backlog(app).await["pending"] == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the search index never caught up");
}

#[tokio::test]
async fn the_palette_finds_records_pages_and_actions_by_typing() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    indexed(&app).await;
    let ping = crate::helpers::seeded_organisation(&app, "ping").await;
    let found = palette(&app, "ping").await;
    let hit = found
        .iter()
        .find(|i| i["href"] == format!("/organisations/{}", ping.id))
        .unwrap_or_else(|| panic!("the organisation is offered: {found:?}"));
    assert_eq!(hit["group"], "organisation");

    let actions = palette(&app, "nouv év").await;
    assert!(
        actions
            .iter()
            .any(|i| i["href"] == "/events/new" && i["group"] == "action"),
        "an action by the first letters of its words: {actions:?}"
    );
    let pages = palette(&app, "agenda").await;
    assert!(
        pages
            .iter()
            .any(|i| i["href"] == "/agenda" && i["group"] == "page")
    );

    // Without JavaScript: a page of links.
    let page = app.get_html("/go?q=agenda").await;
    assert!(page.contains("href=\"/agenda\""));
    assert!(
        app.get_html("/").await.contains("data-palette-open"),
        "every page has the palette's button"
    );
}

#[tokio::test]
async fn viewers_are_offered_no_actions() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    // Blank, the palette offers every page and action one may use.
    let found = palette(&app, "").await;
    assert!(
        found.iter().any(|i| i["href"] == "/agenda"),
        "pages are offered: {found:?}"
    );
    assert!(found.iter().all(|i| i["group"] != "action"), "{found:?}");
    let writer = TestApp::spawn_as(Role::Volunteer).await;
    assert!(
        palette(&writer, "")
            .await
            .iter()
            .any(|i| i["group"] == "action"),
        "a volunteer is offered the actions"
    );
}
