//! Both languages, no missing translation.

use relais::web::Locale;
use relais::web::i18n::{defined_keys, missing_keys};

use crate::helpers::TestApp;

#[test]
fn french_and_english_define_the_same_keys() {
    assert_eq!(defined_keys(Locale::Fr), defined_keys(Locale::En));
}

#[test]
fn every_vocabulary_value_has_a_label_in_both_languages() {
    use relais::entities::OrgKind;
    for locale in Locale::ALL {
        for kind in OrgKind::ALL {
            assert!(
                locale.has(&kind.label_key()),
                "{} lacks {}",
                locale.code(),
                kind.label_key()
            );
        }
    }
}

#[tokio::test]
async fn pages_render_in_english_from_accept_language_and_the_switch() {
    let app = TestApp::spawn_as(relais::entities::Role::Viewer).await;
    let page = app
        .client
        .get(app.url("/organisations/by-kind"))
        .header("Accept-Language", "en-GB,en;q=0.9,fr;q=0.5")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(page.contains("<html lang=\"en\""));
    assert!(page.contains("Departmental libraries"));

    // The switch remembers French even when the browser prefers English.
    let response = app.get("/lang/fr?back=/").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/");
    let page = app
        .client
        .get(app.url("/"))
        .header("Accept-Language", "en")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(page.contains("<html lang=\"fr\""));

    // The switch never redirects off-site.
    let response = app.get("/lang/en?back=//evil.example").await;
    assert_eq!(response.headers()["location"], "/");
    assert!(
        missing_keys().is_empty(),
        "missing translations: {:?}",
        missing_keys()
    );
}
