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
