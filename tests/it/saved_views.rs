//! Saved views: a list's filter saved under a name, shared with the team
//! or kept personal, opened from a bookmarkable address.

use relais::entities::*;

use crate::claims::second_volunteer;
use crate::helpers::TestApp;

/// Saves the directory's `query` as `name`; returns the view's address.
async fn save(app: &TestApp, name: &str, query: &str, shared: bool) -> String {
    let mut fields = vec![
        ("path", "/organisations"),
        ("query", query),
        ("view_name", name),
    ];
    if shared {
        fields.push(("shared", "on"));
    }
    let response = app.post_form("/views", &fields).await;
    assert_eq!(response.status(), 303);
    response.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned()
}

#[tokio::test]
async fn a_shared_view_is_seen_by_another_volunteer_and_a_personal_one_is_not() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let list = app
        .get_html("/organisations?kind=library&departement=35")
        .await;
    assert!(
        list.contains("name=\"query\" value=\"kind=library&amp;departement=35\""),
        "the list offers to save itself as filtered"
    );
    let shared = save(
        &app,
        "Bibliothèques d'Ille-et-Vilaine",
        "kind=library&departement=35",
        true,
    )
    .await;
    let personal = save(&app, "Mes réseaux", "kind=regional_network", false).await;

    let (camille, _) = second_volunteer(&app).await;
    let page = camille.get_html("/views").await;
    assert!(
        page.contains("Bibliothèques d&#39;Ille-et-Vilaine")
            || page.contains("Bibliothèques d'Ille-et-Vilaine")
    );
    assert!(
        !page.contains("Mes réseaux"),
        "a personal view stays its author's"
    );
    let opened = camille.get(&shared).await;
    assert_eq!(opened.status(), 303);
    assert_eq!(
        opened.headers()["location"],
        "/organisations?kind=library&departement=35"
    );
    assert_eq!(camille.get(&personal).await.status(), 404);

    // Only its author deletes a view.
    let id = shared.rsplit('/').next().expect("id");
    let refused = camille.post_form(&format!("/views/{id}/delete"), &[]).await;
    assert_eq!(refused.status(), 404);
    let deleted = app.post_form(&format!("/views/{id}/delete"), &[]).await;
    assert_eq!(deleted.status(), 303);
    assert_eq!(camille.get(&shared).await.status(), 404);

    // A view without a name is refused with a message.
    let unnamed = app
        .post_form(
            "/views",
            &[
                ("path", "/organisations"),
                ("query", "kind=library"),
                ("view_name", " "),
            ],
        )
        .await;
    assert_eq!(unnamed.status(), 422);
    let elsewhere = app
        .post_form(
            "/views",
            &[
                ("path", "/admin/users"),
                ("query", ""),
                ("view_name", "Comptes"),
            ],
        )
        .await;
    assert_eq!(elsewhere.status(), 422);
}

/// The optional columns a list's table heads, in order.
fn head_columns(page: &str) -> Vec<String> {
    let head = &page[page.find("<thead>").expect("head")..];
    let head = &head[..head.find("</thead>").expect("end of head")];
    head.split("data-column=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn a_saved_view_keeps_its_columns_and_the_list_shows_exactly_them() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    crate::instances::create_organisation(&app, "Médiathèque de Vitré").await;

    // By default: the columns the list always had.
    let list = app.get_html("/organisations?kind=library").await;
    assert_eq!(
        head_columns(&list),
        ["kind", "commune", "departement", "parent", "reach"]
    );
    assert!(
        list.contains(r#"<details class="column-chooser">"#),
        "a column chooser without script"
    );
    assert!(list.contains(r#"name="cols" value="kind" checked"#));
    assert!(!list.contains(r#"name="cols" value="tags" checked"#));

    // Chosen columns, named in any order, unknown ones ignored.
    let query = "kind=library&name=Vitr%C3%A9&cols=website,tags,bogus,stage";
    let list = app.get_html(&format!("/organisations?{query}")).await;
    assert_eq!(head_columns(&list), ["stage", "tags", "website"]);
    let row = &list[list.find("Médiathèque de Vitré</a>").expect("row")..];
    let row = &row[..row.find("</tr>").expect("end of row")];
    assert!(row.contains("ateliers, vie privée"), "its tags: {row}");
    assert!(row.contains("href=\"https://example.org\""), "its website");
    assert!(
        !row.contains("col-commune"),
        "no column it was not asked for"
    );
    // The checkboxes say so, and the save form carries the columns.
    assert!(list.contains(r#"name="cols" value="tags" checked"#));
    assert!(!list.contains(r#"name="cols" value="kind" checked"#));
    assert!(list.contains("cols=website,tags,bogus,stage\""));

    // As the chooser's boxes send them (repeated, `name` always there).
    let sent = app
        .get_html("/organisations?kind=library&cols=name&cols=owner&cols=last_contact")
        .await;
    assert_eq!(head_columns(&sent), ["owner", "last_contact"]);
    let bare = app.get_html("/organisations?kind=library&cols=name").await;
    assert!(head_columns(&bare).is_empty(), "the name alone");
    let unknown = app.get_html("/organisations?cols=bogus").await;
    assert_eq!(head_columns(&unknown).len(), 5, "the default set");

    // Saved, the view opens the list with the same columns, for
    // another volunteer too.
    let view = save(&app, "Sites et étiquettes", query, true).await;
    let (camille, _) = second_volunteer(&app).await;
    let opened = camille.get(&view).await;
    assert_eq!(opened.status(), 303);
    let target = opened.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert_eq!(target, format!("/organisations?{query}"));
    let list = camille.get_html(&target).await;
    assert_eq!(head_columns(&list), ["stage", "tags", "website"]);
}
