//! Mandates and handovers: when an elected or fixed-term role ends (or an
//! organisation's elected members end their mandates together), the role
//! shows as ended, the organisation is parked in its campaigns until the
//! new members are likely known, and the campaign's owner of it is asked,
//! once, to find the new contacts.

use std::time::Duration;

use chrono::NaiveDate;
use relais::campaign::mandates::NEW_MEMBERS_DAYS;
use relais::clock::Clock;
use relais::config::Config;
use relais::entities::{Role, interaction, membership, organisation, outreach_status};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::helpers::{TestApp, create_person, date, seeded_campaign, seeded_organisation};
use crate::instances::eventually;

fn watching_often(config: &mut Config) {
    config.mandates_poll = Duration::from_millis(100);
}

async fn follow_ups_of(app: &TestApp, organisation: i32) -> Vec<interaction::Model> {
    interaction::Entity::find()
        .filter(interaction::Column::OrganisationId.eq(organisation))
        .filter(interaction::Column::FollowUpOn.is_not_null())
        .all(&app.db)
        .await
        .expect("follow-ups")
}

async fn status_of(app: &TestApp, organisation: i32, campaign: i32) -> outreach_status::Model {
    outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(organisation))
        .filter(outreach_status::Column::CampaignId.eq(campaign))
        .one(&app.db)
        .await
        .expect("query")
        .expect("the campaign follows it")
}

#[tokio::test]
async fn an_ended_mandate_parks_the_organisation_and_asks_its_owner_once_for_new_contacts() {
    let start = date(2026, 6, 10);
    let app = TestApp::spawn_configured(Clock::starting_on(start), watching_often).await;
    let owner = app.login_as(Role::Volunteer).await;
    let library = seeded_organisation(&app, "bd-ille-et-vilaine").await;
    let campaign = seeded_campaign(&app).await;
    let status = status_of(&app, library.id, campaign.id).await;
    let mut row: outreach_status::ActiveModel = status.clone().into();
    row.owner_id = Set(Some(owner));
    row.not_before = Set(None);
    row.update(&app.db).await.expect("owner set");
    let before = follow_ups_of(&app, library.id).await.len();

    let person = create_person(&app, "Claude Présidente", false).await;
    let end = date(2026, 6, 20);
    let response = app
        .post_form(
            &format!("/people/{person}/memberships"),
            &[
                ("organisation_id", &library.id.to_string()),
                ("role", "Présidente du comité"),
                ("mandate_ends_on", &end.to_string()),
                ("elected_by", "Assemblée générale"),
                ("back", &format!("/people/{person}")),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "role added");
    let page = app.get_html(&format!("/people/{person}")).await;
    assert!(
        page.contains("mandat jusqu'au"),
        "the mandate shows: {page}"
    );

    // Before the end nothing happens.
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(follow_ups_of(&app, library.id).await.len(), before);
    assert_eq!(
        status_of(&app, library.id, campaign.id).await.not_before,
        None
    );

    // The day after the end.
    app.clock.advance(chrono::Duration::days(11));
    let today: NaiveDate = app.today();
    let asked = async || follow_ups_of(&app, library.id).await.len() == before + 1;
    assert!(
        eventually(asked).await,
        "a follow-up asks for the new contacts"
    );
    let follow_up = follow_ups_of(&app, library.id)
        .await
        .into_iter()
        .max_by_key(|i| i.id)
        .expect("follow-up");
    assert_eq!(
        follow_up.user_id,
        Some(owner),
        "for the campaign's owner of it"
    );
    assert_eq!(follow_up.follow_up_on, Some(today));
    assert_eq!(follow_up.campaign_id, Some(campaign.id));
    assert!(
        follow_up.summary.contains("Présidente du comité"),
        "{}",
        follow_up.summary
    );

    let parked = status_of(&app, library.id, campaign.id).await;
    assert_eq!(
        parked.not_before,
        Some(end + chrono::Duration::days(NEW_MEMBERS_DAYS)),
        "parked until the new members are likely known"
    );
    let role = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person))
        .one(&app.db)
        .await
        .expect("query")
        .expect("the role is kept");
    assert_eq!(
        role.ended_on,
        Some(end),
        "the role ended on the mandate's end"
    );
    // Eleven days later the session has lapsed: a colleague looks.
    let colleague = app.with_new_client();
    colleague.login_as(Role::Admin).await;
    let page = colleague.get_html(&format!("/people/{person}")).await;
    assert!(page.contains("mandat terminé le"), "shown as ended: {page}");
    assert!(page.contains("Claude Présidente"), "the person stays");

    // Acted on once, however often the instance looks.
    app.clock.advance(chrono::Duration::days(1));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(follow_ups_of(&app, library.id).await.len(), before + 1);
}

#[tokio::test]
async fn an_organisations_elected_members_ending_together_park_it_and_the_seed_carries_the_abf() {
    let app =
        TestApp::spawn_configured(Clock::starting_on(date(2026, 6, 10)), watching_often).await;
    app.login_as(Role::Volunteer).await;

    // The ABF's commissions: mandates ended in December 2018 (found long
    // after: noted, nothing parked nor asked).
    let commission = seeded_organisation(&app, "abf-strategie-numerique").await;
    assert_eq!(commission.mandates_end_on, Some(date(2018, 12, 31)));
    let page = app
        .get_html(&format!("/organisations/{}", commission.id))
        .await;
    assert!(page.contains("Fin des mandats des élus"), "{page}");
    assert!(page.contains("2018"));

    // A board whose mandates ended last week, typed on the form.
    let mut form = crate::directory::valid_form("Réseau des bibliothèques du Pays de Vitré");
    form.retain(|(k, _)| k != "mandates_end_on" && k != "mandates_elected_by");
    form.push(("mandates_end_on".into(), "2026-06-03".into()));
    form.push(("mandates_elected_by".into(), "Assemblée générale".into()));
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = app.post_form("/organisations", &fields).await;
    assert_eq!(response.status(), 303, "created");
    let network = organisation::Entity::find()
        .filter(organisation::Column::Name.eq("Réseau des bibliothèques du Pays de Vitré"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("created");
    let asked = async || follow_ups_of(&app, network.id).await.len() == 1;
    assert!(eventually(asked).await, "asked at once, without a campaign");
    let follow_up = &follow_ups_of(&app, network.id).await[0];
    assert!(
        follow_up.summary.contains("Assemblée générale"),
        "{}",
        follow_up.summary
    );
    assert_eq!(follow_up.campaign_id, None);
    let handled = organisation::Entity::find_by_id(network.id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("row");
    assert!(handled.mandates_handled_on.is_some());

    let seeded = organisation::Entity::find_by_id(commission.id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("row");
    assert!(
        seeded.mandates_handled_on.is_some(),
        "the seed's end was seen"
    );
    assert!(
        follow_ups_of(&app, commission.id).await.is_empty(),
        "an end years ago asks nothing"
    );
}
