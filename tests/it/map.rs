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
