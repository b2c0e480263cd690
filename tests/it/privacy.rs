//! Personal data: export, erasure everywhere, review list.

use chrono::{Duration, NaiveDate};
use relais::audit;
use relais::entities::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::helpers::{TestApp, all_text, count};

struct Fixture {
    person_id: i32,
    organisation_id: i32,
}

/// A person with a role, two interactions mentioning them and audit entries,
/// created the way the application records them.
async fn person_with_history(app: &TestApp, name: &str, email: &str) -> Fixture {
    let db = &app.db;
    let now = app.now();
    let organisation = organisation::Entity::find()
        .filter(organisation::Column::SeedKey.eq("parcours-numerique"))
        .one(db)
        .await
        .expect("query")
        .expect("seeded");
    let person = person::ActiveModel {
        full_name: Set(name.into()),
        email: Set(Some(email.into())),
        phone: Set(Some("02 40 00 00 00".into())),
        notes: Set(Some(format!("Rencontrée au salon ; écrire à {email}"))),
        lawful_basis: Set(LawfulBasis::LegitimateInterest),
        lawful_basis_on: Set(NaiveDate::from_ymd_opt(2026, 10, 1)),
        source: Set(Some("Page publique du réseau".into())),
        do_not_contact: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("person");
    audit::record(
        db,
        audit::Entry {
            actor: None,
            action: AuditAction::Create,
            entity: EntityKind::Person,
            entity_id: person.id,
            label: name,
            changes: audit::diff(None, Some(&person)),
        },
    )
    .await
    .expect("audit");
    membership::ActiveModel {
        person_id: Set(person.id),
        organisation_id: Set(organisation.id),
        role: Set("animatrice du réseau".into()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("membership");
    for summary in [
        format!("Appel avec {name} au sujet des ateliers"),
        "Envoi de la plaquette".to_owned(),
    ] {
        let row = interaction::ActiveModel {
            occurred_on: Set(NaiveDate::from_ymd_opt(2026, 11, 2).expect("date")),
            channel: Set(InteractionChannel::Phone),
            direction: Set(Direction::Outbound),
            organisation_id: Set(Some(organisation.id)),
            person_id: Set(Some(person.id)),
            summary: Set(summary.clone()),
            next_step: Set(Some(format!(
                "Relancer {} par courriel",
                name.to_uppercase()
            ))),
            follow_up_done: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("interaction");
        audit::record(
            db,
            audit::Entry {
                actor: None,
                action: AuditAction::Create,
                entity: EntityKind::Interaction,
                entity_id: row.id,
                label: &summary,
                changes: audit::diff(None, Some(&row)),
            },
        )
        .await
        .expect("audit");
    }
    Fixture {
        person_id: person.id,
        organisation_id: organisation.id,
    }
}

#[tokio::test]
async fn a_person_can_be_exported_as_json() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let fixture = person_with_history(&app, "Zéphyrine Testeuse", "zephyrine@example.org").await;
    let response = app
        .get(&format!("/people/{}/export", fixture.person_id))
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .expect("header")
            .contains("attachment")
    );
    let export: serde_json::Value = response.json().await.expect("json");
    assert_eq!(export["person"]["full_name"], "Zéphyrine Testeuse");
    assert_eq!(export["person"]["email"], "zephyrine@example.org");
    assert_eq!(export["person"]["lawful_basis"], "legitimate_interest");
    assert_eq!(export["person"]["source"], "Page publique du réseau");
    assert_eq!(
        export["memberships"][0]["organisation"],
        "Réseau Parcours Numérique"
    );
    assert_eq!(export["memberships"][0]["role"], "animatrice du réseau");
    assert_eq!(export["interactions"].as_array().map(Vec::len), Some(2));
    assert_eq!(export["history"].as_array().map(Vec::len), Some(1));

    assert_eq!(app.get("/people/999999/export").await.status(), 404);
    let viewer = TestApp::spawn_as(Role::Viewer).await;
    assert_eq!(viewer.get("/people/1/export").await.status(), 403);
}

#[tokio::test]
async fn erasure_leaves_no_trace_of_the_person_and_keeps_the_counts() {
    let app = TestApp::spawn_as(Role::Admin).await;
    let fixture = person_with_history(&app, "Zéphyrine Testeuse", "zephyrine@example.org").await;
    let interactions_before = count(&app.db, "interactions").await;
    let text = all_text(&app.db).await.to_lowercase();
    assert!(
        text.contains("zéphyrine testeuse") && text.contains("zephyrine@example.org"),
        "fixture visible before"
    );

    // Without the typed confirmation nothing happens.
    let response = app
        .post_form(
            &format!("/people/{}/erase", fixture.person_id),
            &[("confirm", "oui")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(all_text(&app.db).await.contains("zephyrine@example.org"));

    let response = app
        .post_form(
            &format!("/people/{}/erase", fixture.person_id),
            &[("confirm", "EFFACER")],
        )
        .await;
    assert_eq!(response.status(), 200);

    let text = all_text(&app.db).await.to_lowercase();
    for trace in [
        "zéphyrine",
        "testeuse",
        "zephyrine@example.org",
        "02 40 00 00 00",
        "page publique du réseau",
    ] {
        assert!(
            !text.contains(trace),
            "« {trace} » is still stored somewhere"
        );
    }
    assert_eq!(
        count(&app.db, "interactions").await,
        interactions_before,
        "interactions stay counted"
    );
    let kept = interaction::Entity::find()
        .filter(interaction::Column::PersonId.eq(fixture.person_id))
        .all(&app.db)
        .await
        .expect("query");
    assert_eq!(kept.len(), 2, "still linked to the erased person");
    assert!(
        kept.iter()
            .any(|i| i.summary.contains("[personne effacée]"))
    );
    assert!(
        kept.iter().any(|i| i.summary == "Envoi de la plaquette"),
        "unrelated text kept"
    );
    let erased = person::Entity::find_by_id(fixture.person_id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("row kept");
    assert!(erased.erased_at.is_some() && erased.do_not_contact);
    assert_eq!(count(&app.db, "memberships").await, 0);
    let membership_org = organisation::Entity::find_by_id(fixture.organisation_id)
        .one(&app.db)
        .await
        .expect("query");
    assert!(membership_org.is_some(), "the organisation itself stays");

    // (Its removal from search is checked by the search suite.)
    // The erasure itself is logged, without the data.
    let logged = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(AuditAction::Erase))
        .one(&app.db)
        .await
        .expect("query");
    assert!(logged.is_some());

    // Erasing twice is refused politely.
    let response = app
        .post_form(
            &format!("/people/{}/erase", fixture.person_id),
            &[("confirm", "EFFACER")],
        )
        .await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn only_administrators_erase() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let fixture = person_with_history(&app, "Yves Exemple", "yves@example.org").await;
    let response = app
        .post_form(
            &format!("/people/{}/erase", fixture.person_id),
            &[("confirm", "EFFACER")],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert!(all_text(&app.db).await.contains("yves@example.org"));
}

#[tokio::test]
async fn the_review_list_shows_people_not_touched_for_the_configured_months() {
    let app = TestApp::spawn_as(Role::Admin).await;
    let old = app.now() - Duration::days(500);
    let stale = person_with_history(&app, "Ancienne Fiche", "ancienne@example.org").await;
    let in_touch = person_with_history(&app, "Fiche Active", "active@example.org").await;
    let fresh = person_with_history(&app, "Fiche Récente", "recente@example.org").await;
    // Age the first two; only the second had a recent interaction.
    for id in [stale.person_id, in_touch.person_id] {
        person::ActiveModel {
            id: Set(id),
            updated_at: Set(old),
            ..Default::default()
        }
        .update(&app.db)
        .await
        .expect("age");
    }
    interaction::Entity::update_many()
        .col_expr(interaction::Column::OccurredOn, (old.date_naive()).into())
        .filter(interaction::Column::PersonId.eq(stale.person_id))
        .exec(&app.db)
        .await
        .expect("age interactions");
    interaction::Entity::update_many()
        .col_expr(interaction::Column::OccurredOn, (app.today()).into())
        .filter(interaction::Column::PersonId.eq(in_touch.person_id))
        .exec(&app.db)
        .await
        .expect("recent interaction");

    let page = app.get_html("/people/review").await;
    assert!(page.contains("Ancienne Fiche"), "stale person listed");
    assert!(
        !page.contains("Fiche Active"),
        "recent interaction keeps them off"
    );
    assert!(!page.contains("Fiche Récente"));
    let _ = fresh;

    // With a 24-month setting nobody is 500 days old enough.
    let response = app
        .post_form("/admin/settings", &[("review_months", "24")])
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        !app.get_html("/people/review")
            .await
            .contains("Ancienne Fiche")
    );
    let response = app
        .post_form("/admin/settings", &[("review_months", "douze")])
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(app.get("/people/review?months=0").await.status(), 422);
    assert!(
        app.get_html("/people/review?months=6")
            .await
            .contains("Ancienne Fiche")
    );
}
