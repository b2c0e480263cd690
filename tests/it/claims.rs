//! Soft claims ("je m'en occupe jusqu'au …"): shown to the rest of the
//! team on the board card, the organisation page and the contact form;
//! gone by themselves once their day has passed (by the app's clock);
//! released or handed over by their volunteer, each change in the audit
//! log; a contact logged with a claimed organisation is warned about and
//! saved all the same; viewers cannot claim.

use chrono::{Duration, NaiveDate};
use relais::accounts::{password, store as accounts};
use relais::entities::*;
use relais::values::Email;
use relais::web::Locale;
use relais::web::format;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::helpers::{PASSWORD, TestApp, count, date, seeded_campaign, seeded_organisation};

/// "Camille Durand", a second volunteer, signed in on a browser of their
/// own; returns it with their id.
pub(crate) async fn second_volunteer(app: &TestApp) -> (TestApp, i32) {
    let email = Email::parse("camille@example.org").expect("email");
    let hash = password::hash(PASSWORD.into()).await.expect("hash");
    let id = accounts::create(
        &app.db,
        accounts::NewUser {
            email: &email,
            display_name: "Camille Durand",
            role: Role::Volunteer,
            password_hash: Some(hash),
            actor: None,
        },
    )
    .await
    .expect("second volunteer")
    .id;
    let camille = app.with_new_client();
    let response = camille
        .post_form(
            "/login",
            &[
                ("email", "camille@example.org"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "Camille signs in");
    (camille, id)
}

/// The seeded departmental library of Ille-et-Vilaine and the seeded
/// campaign that follows it.
async fn claimable(app: &TestApp) -> (organisation::Model, campaign::Model) {
    (
        seeded_organisation(app, "bd-ille-et-vilaine").await,
        seeded_campaign(app).await,
    )
}

async fn claim(
    app: &TestApp,
    organisation: i32,
    campaign: i32,
    until: NaiveDate,
    note: &str,
) -> reqwest::Response {
    app.post_form(
        &format!("/organisations/{organisation}/claims"),
        &[
            ("campaign", &campaign.to_string()),
            ("until", &until.to_string()),
            ("claim_note", note),
        ],
    )
    .await
}

async fn claims_of(app: &TestApp, organisation: i32) -> Vec<outreach_claim::Model> {
    outreach_claim::Entity::find()
        .filter(outreach_claim::Column::OrganisationId.eq(organisation))
        .all(&app.db)
        .await
        .expect("claims")
}

/// The organisation's audit entries that record a claim.
async fn claim_entries(app: &TestApp, organisation: i32) -> Vec<serde_json::Value> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::Organisation))
        .filter(audit_entry::Column::EntityId.eq(organisation))
        .order_by_asc(audit_entry::Column::Id)
        .all(&app.db)
        .await
        .expect("audit")
        .into_iter()
        .filter_map(|e| e.changes)
        .filter_map(|c| c.get("claim").cloned())
        .collect()
}

fn fr(day: NaiveDate) -> String {
    format::date(Locale::Fr, day)
}

/// The part of a board page that is `stage`'s column.
fn column<'a>(page: &'a str, stage: &str) -> &'a str {
    let start = page
        .find(&format!("data-stage=\"{stage}\""))
        .expect("the column");
    let rest = &page[start..];
    let end = rest[1..]
        .find("class=\"board-column\"")
        .map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

#[tokio::test]
async fn a_claim_shows_to_the_rest_of_the_team_on_the_card_the_page_and_the_contact_form() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2027, 1, 5)).await;
    let (camille, _) = second_volunteer(&app).await;
    let (bdp, campaign) = claimable(&app).await;
    let until = app.today() + Duration::days(10);

    let response = claim(&app, bdp.id, campaign.id, until, "Relancée par courriel").await;
    assert_eq!(response.status(), 303, "claimed");
    let stored = claims_of(&app, bdp.id).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].until, until);
    assert_eq!(stored[0].note.as_deref(), Some("Relancée par courriel"));

    // The organisation page, to someone else.
    let said = format!(
        "Test volunteer s'en occupe pour « {} » jusqu'au {}",
        campaign.name,
        fr(until)
    );
    let page = camille
        .get_html(&format!("/organisations/{}", bdp.id))
        .await;
    assert!(page.contains(&said), "the page names who is on it");
    assert!(page.contains("Relancée par courriel"), "with the note");
    assert!(
        !page.contains(&format!("/claims/{}/release", stored[0].id)),
        "only its volunteer releases it"
    );
    // …and to its volunteer, who can release it or hand it over.
    let own = app.get_html(&format!("/organisations/{}", bdp.id)).await;
    assert!(own.contains("Vous vous en occupez"));
    assert!(own.contains(&format!("/claims/{}/release", stored[0].id)));
    assert!(own.contains(&format!("/claims/{}/hand-over", stored[0].id)));

    // The board card.
    let board = camille
        .get_html(&format!("/campaigns/{}/board", campaign.id))
        .await;
    let card = column(&board, "to_research");
    assert!(card.contains(&bdp.name));
    assert!(card.contains(&format!(
        "Test volunteer s'en occupe jusqu'au {}",
        fr(until)
    )));

    // The contact form warns someone else, not its volunteer.
    let form_path = format!("/interactions/new?organisation={}", bdp.id);
    let form = camille.get_html(&form_path).await;
    assert!(form.contains("class=\"claim-warning\""));
    assert!(form.contains(&format!(
        "Test volunteer s'occupe de cette structure pour « {} » jusqu'au {}",
        campaign.name,
        fr(until)
    )));
    assert!(!app.get_html(&form_path).await.contains("claim-warning"));

    // Someone else cannot take it while it runs.
    let taken = claim(&camille, bdp.id, campaign.id, until, "").await;
    assert_eq!(taken.status(), 409);
    assert!(
        taken
            .text()
            .await
            .unwrap()
            .contains("Test volunteer s'occupe déjà")
    );
    assert_eq!(claims_of(&app, bdp.id).await[0].user_id, stored[0].user_id);

    // Its volunteer renews it: still one claim.
    let later = until + Duration::days(5);
    assert_eq!(
        claim(&app, bdp.id, campaign.id, later, "").await.status(),
        303
    );
    let renewed = claims_of(&app, bdp.id).await;
    assert_eq!((renewed.len(), renewed[0].until), (1, later));
    let history = claim_entries(&app, bdp.id).await;
    assert_eq!(
        history.len(),
        2,
        "the claim and its renewal are in the audit log"
    );
    assert!(history[0][0].is_null());
    assert!(
        history[0][1]
            .as_str()
            .unwrap()
            .starts_with("Test volunteer · ")
    );
}

#[tokio::test]
async fn a_contact_with_a_claimed_organisation_is_warned_about_and_saved() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2027, 1, 5)).await;
    let (camille, camille_id) = second_volunteer(&app).await;
    let (bdp, campaign) = claimable(&app).await;
    let until = app.today() + Duration::days(3);
    assert_eq!(
        claim(&app, bdp.id, campaign.id, until, "").await.status(),
        303
    );

    let before = count(&app.db, "interactions").await;
    let response = camille
        .post_form(
            "/interactions",
            &[
                ("occurred_on", &camille.today().to_string()),
                ("channel", "phone"),
                ("direction", "outbound"),
                ("organisation_id", &bdp.id.to_string()),
                ("summary", "Appel à l'accueil de la médiathèque"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "the contact is saved, not refused");
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    assert!(
        cookies.iter().any(|c| c.contains("flash-logged-claimed")),
        "a warning follows: {cookies:?}"
    );
    assert_eq!(count(&app.db, "interactions").await, before + 1);
    let logged = interaction::Entity::find()
        .filter(interaction::Column::OrganisationId.eq(bdp.id))
        .filter(interaction::Column::UserId.eq(camille_id))
        .one(&app.db)
        .await
        .expect("query");
    assert!(logged.is_some(), "logged by Camille");
    let page = camille
        .get_html(&format!("/organisations/{}", bdp.id))
        .await;
    assert!(page.contains("quelqu'un d'autre s'occupe de cette structure"));
    assert!(
        page.contains("Test volunteer s'en occupe"),
        "the claim stays"
    );

    // Its own volunteer logs without a warning.
    let response = app
        .post_form(
            "/interactions",
            &[
                ("occurred_on", &app.today().to_string()),
                ("channel", "email"),
                ("direction", "outbound"),
                ("organisation_id", &bdp.id.to_string()),
                ("summary", "Courriel de présentation"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let cookies: Vec<&str> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.contains("relais_flash=flash-logged;"))
    );
    assert!(
        !cookies.iter().any(|c| c.contains("claimed")),
        "{cookies:?}"
    );
}

#[tokio::test]
async fn an_expired_claim_disappears_by_itself_and_can_be_taken_again() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2027, 1, 5)).await;
    let (camille, camille_id) = second_volunteer(&app).await;
    let (bdp, campaign) = claimable(&app).await;
    let until = app.today() + Duration::days(1);
    assert_eq!(
        claim(&app, bdp.id, campaign.id, until, "").await.status(),
        303
    );
    let page_path = format!("/organisations/{}", bdp.id);
    let board_path = format!("/campaigns/{}/board", campaign.id);
    let form_path = format!("/interactions/new?organisation={}", bdp.id);
    let said = "Test volunteer s'en occupe";

    // Its last day: still shown.
    app.clock.advance(Duration::days(1));
    assert_eq!(camille.today(), until);
    assert!(camille.get_html(&page_path).await.contains(said));
    assert!(column(&camille.get_html(&board_path).await, "to_research").contains(said));
    assert!(camille.get_html(&form_path).await.contains("claim-warning"));

    // The day after: gone from the three places, with no job run.
    app.clock.advance(Duration::days(1));
    assert!(camille.today() > until);
    assert!(!camille.get_html(&page_path).await.contains(said));
    assert!(
        !app.get_html(&page_path)
            .await
            .contains("Vous vous en occupez")
    );
    assert!(!column(&camille.get_html(&board_path).await, "to_research").contains(said));
    assert!(!camille.get_html(&form_path).await.contains("claim-warning"));

    // Anyone may take it now; it is still one row.
    let next = camille.today() + Duration::days(7);
    assert_eq!(
        claim(&camille, bdp.id, campaign.id, next, "")
            .await
            .status(),
        303
    );
    let claims = claims_of(&app, bdp.id).await;
    assert_eq!(claims.len(), 1);
    assert_eq!((claims[0].user_id, claims[0].until), (camille_id, next));
    assert!(
        app.get_html(&page_path)
            .await
            .contains("Camille Durand s'en occupe")
    );
}

#[tokio::test]
async fn a_claim_is_handed_over_or_released_by_its_volunteer_only() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2027, 1, 5)).await;
    let (camille, camille_id) = second_volunteer(&app).await;
    let viewer = app.with_new_client();
    let viewer_id = viewer.login_as(Role::Viewer).await;
    let (bdp, campaign) = claimable(&app).await;
    let until = app.today() + Duration::days(20);
    assert_eq!(
        claim(&app, bdp.id, campaign.id, until, "").await.status(),
        303
    );
    let held = claims_of(&app, bdp.id).await.remove(0);
    let version = held.version.to_string();
    let page_path = format!("/organisations/{}", bdp.id);

    // Not Camille's to give away or release.
    let refused = camille
        .post_form(
            &format!("/claims/{}/release", held.id),
            &[("version", &version)],
        )
        .await;
    assert_eq!(refused.status(), 403);
    let refused = camille
        .post_form(
            &format!("/claims/{}/hand-over", held.id),
            &[("version", &version), ("to", &camille_id.to_string())],
        )
        .await;
    assert_eq!(refused.status(), 403);

    // Not to a read-only account.
    let refused = app
        .post_form(
            &format!("/claims/{}/hand-over", held.id),
            &[("version", &version), ("to", &viewer_id.to_string())],
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("pas un compte en lecture seule")
    );

    // Handed over to Camille, until the same day.
    let response = app
        .post_form(
            &format!("/claims/{}/hand-over", held.id),
            &[
                ("version", &version),
                ("to", &camille_id.to_string()),
                ("back", &page_path),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], page_path.as_str());
    let handed = claims_of(&app, bdp.id).await.remove(0);
    assert_eq!((handed.user_id, handed.until), (camille_id, until));
    let page = app.get_html(&page_path).await;
    assert!(page.contains(&format!(
        "Camille Durand s'en occupe pour « {} »",
        campaign.name
    )));

    // A second hand-over from the page seen before is refused: it changed.
    let stale = app
        .post_form(
            &format!("/claims/{}/hand-over", held.id),
            &[("version", &version), ("to", &camille_id.to_string())],
        )
        .await;
    assert!(
        stale.status() == 403 || stale.status() == 409,
        "{}",
        stale.status()
    );

    // Camille releases it: nobody is on it any more.
    let response = camille
        .post_form(
            &format!("/claims/{}/release", held.id),
            &[("version", &handed.version.to_string())],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(claims_of(&app, bdp.id).await.is_empty());
    assert!(
        !camille
            .get_html(&page_path)
            .await
            .contains("s'en occupe pour")
    );

    // Each step is in the organisation's history: claimed, handed, released.
    let history = claim_entries(&app, bdp.id).await;
    assert_eq!(history.len(), 3, "{history:?}");
    assert!(
        history[1][0]
            .as_str()
            .unwrap()
            .starts_with("Test volunteer")
    );
    assert!(
        history[1][1]
            .as_str()
            .unwrap()
            .starts_with("Camille Durand")
    );
    assert!(
        history[2][0]
            .as_str()
            .unwrap()
            .starts_with("Camille Durand")
    );
    assert!(history[2][1].is_null());
}

#[tokio::test]
async fn a_stale_release_is_refused() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2027, 1, 5)).await;
    let (bdp, campaign) = claimable(&app).await;
    let until = app.today() + Duration::days(2);
    assert_eq!(
        claim(&app, bdp.id, campaign.id, until, "").await.status(),
        303
    );
    let held = claims_of(&app, bdp.id).await.remove(0);
    // Renewed meanwhile (another tab): the version moved on.
    assert_eq!(
        claim(&app, bdp.id, campaign.id, until + Duration::days(1), "")
            .await
            .status(),
        303
    );
    let stale = app
        .post_form(
            &format!("/claims/{}/release", held.id),
            &[("version", &held.version.to_string())],
        )
        .await;
    assert_eq!(stale.status(), 409);
    assert_eq!(claims_of(&app, bdp.id).await.len(), 1, "nothing released");
}

#[tokio::test]
async fn viewers_cannot_claim_and_claims_are_checked() {
    let app = TestApp::spawn_as_at(Role::Viewer, date(2027, 1, 5)).await;
    let (bdp, campaign) = claimable(&app).await;
    let page = app.get_html(&format!("/organisations/{}", bdp.id)).await;
    assert!(!page.contains("/claims\""), "no claim form for a viewer");
    let until = app.today() + Duration::days(5);
    let refused = claim(&app, bdp.id, campaign.id, until, "").await;
    assert_eq!(refused.status(), 403);
    assert!(claims_of(&app, bdp.id).await.is_empty());

    let volunteer = app.with_new_client();
    volunteer.login_as(Role::Volunteer).await;
    let page = volunteer
        .get_html(&format!("/organisations/{}", bdp.id))
        .await;
    assert!(page.contains(&format!("/organisations/{}/claims", bdp.id)));
    let today = volunteer.today();
    for (until, note, message) in [
        (today - Duration::days(1), "", "Ce jour est déjà passé."),
        (
            today + Duration::days(400),
            "",
            "Une prise en charge dure au plus six mois.",
        ),
        (
            today + Duration::days(3),
            &"n".repeat(201)[..],
            "Ce texte est trop long.",
        ),
    ] {
        let response = claim(&volunteer, bdp.id, campaign.id, until, note).await;
        crate::helpers::assert_refused(response, message).await;
    }
    // A campaign that does not follow it, or none at all.
    let list = seeded_organisation(&app, "cryptobib").await;
    let other = campaign::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .max()
        .unwrap_or(0)
        + 1;
    let response = claim(&volunteer, list.id, other, today, "").await;
    crate::helpers::assert_refused(response, "Choisissez une campagne qui suit cette structure")
        .await;
    // The refused form comes back open, with what was typed.
    let response = claim(
        &volunteer,
        bdp.id,
        campaign.id,
        today - Duration::days(1),
        "à garder",
    )
    .await;
    let page = response.text().await.unwrap();
    assert!(page.contains("value=\"à garder\""));
    assert!(claims_of(&app, bdp.id).await.is_empty());
}
