//! Campaigns, the outreach board, parking and computed progress.

use chrono::{NaiveDate, TimeZone, Utc};
use relais::campaign::{progress, store};
use relais::entities::*;
use relais::web::format::paris_date;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::helpers::{TestApp, count, date, seeded_campaign, seeded_organisation};

#[tokio::test]
async fn the_seeded_campaign_shows_its_three_levels_with_live_progress() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let campaign = seeded_campaign(&app).await;
    let page = app.get_html(&format!("/campaigns/{}", campaign.id)).await;
    for level in ["Niveau 1", "Niveau 2", "Niveau 3"] {
        assert!(page.contains(level), "{level} shown");
    }
    // cryptobib is seeded at the relay stage: 1 of 15.
    assert!(page.contains("<svg"), "chart drawn");
    assert!(page.contains("1 / 15"), "level 1 progress from the records");
    let progress = app
        .get_html(&format!("/campaigns/{}/progress", campaign.id))
        .await;
    assert!(progress.contains("Entonnoir par étape") && progress.contains("Couverture par région"));
    let board = app
        .get_html(&format!("/campaigns/{}/board", campaign.id))
        .await;
    assert!(board.contains("Liste cryptobib") && board.contains("Commission Labenbib"));
    assert!(
        !board.contains("name=\"stage\""),
        "viewers get no move form"
    );
}

/// A campaign over 2026 with a constructed set of records.
#[tokio::test]
async fn progress_figures_equal_hand_computed_values() {
    // The figures depend on the day: the session of 1 December is planned.
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let db = &app.db;
    let response = app
        .post_form(
            "/campaigns",
            &[
                ("name", "Campagne d'essai"),
                ("starts_on", "2026-01-01"),
                ("ends_on", "2026-12-31"),
                ("objective-0-level", "1"),
                ("objective-0-title", "Relais"),
                ("objective-0-metric", "relay_organisations"),
                ("objective-0-target", "4"),
                ("objective-1-level", "2"),
                ("objective-1-title", "Présentations"),
                ("objective-1-metric", "presentations"),
                ("objective-1-target", "3"),
                ("objective-2-level", "3"),
                ("objective-2-title", "Ateliers sans nous"),
                ("objective-2-metric", "sessions_without_us"),
                ("objective-2-target", "10"),
                ("objective-3-level", "1"),
                ("objective-3-title", "Contactées"),
                ("objective-3-metric", "organisations_contacted"),
                ("objective-3-target", "5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let campaign = campaign::Entity::find()
        .filter(campaign::Column::Name.eq("Campagne d'essai"))
        .one(db)
        .await
        .expect("query")
        .expect("created");
    let now = app.now();
    // Five organisations: two relays, one contacted, one to contact (with an
    // interaction), one declined.
    let orgs = organisation::Entity::find()
        .order_by_asc(organisation::Column::Id)
        .all(db)
        .await
        .expect("orgs");
    let stages = [
        Stage::Relay,
        Stage::Relay,
        Stage::Contacted,
        Stage::ToContact,
        Stage::Declined,
    ];
    for (org, stage) in orgs.iter().zip(stages) {
        outreach_status::ActiveModel {
            organisation_id: Set(org.id),
            campaign_id: Set(campaign.id),
            stage: Set(stage),
            priority: Set(Priority::Normal),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("status");
    }
    // Interactions: two in the same week (Mon 2 Mar, Wed 4 Mar), one a week later,
    // one outside the period, with the 4th organisation (to contact).
    for (day, org) in [
        (date(2026, 3, 2), &orgs[3]),
        (date(2026, 3, 4), &orgs[0]),
        (date(2026, 3, 11), &orgs[0]),
        (date(2025, 6, 1), &orgs[0]),
    ] {
        interaction::ActiveModel {
            occurred_on: Set(day),
            channel: Set(InteractionChannel::Email),
            direction: Set(Direction::Outbound),
            organisation_id: Set(Some(org.id)),
            summary: Set("Échange".into()),
            follow_up_done: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("interaction");
    }
    // Events: two presented in 2026, one presented in 2025, one only attending.
    for (start, participation) in [
        (date(2026, 6, 10), Participation::Presented),
        (date(2026, 10, 1), Participation::Presented),
        (date(2025, 6, 10), Participation::Presented),
        (date(2026, 5, 5), Participation::Attending),
    ] {
        let local = start.and_hms_opt(9, 0, 0).expect("time");
        event::ActiveModel {
            title: Set("Journée".into()),
            kind: Set(EventKind::ProfessionalDay),
            all_day: Set(true),
            start_local: Set(local),
            time_zone: Set("Europe/Paris".into()),
            starts_at: Set(Utc.from_utc_datetime(&local)),
            online: Set(false),
            participation: Set(participation),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("event");
    }
    // Sessions: three held (attendance recorded) without us, one with us,
    // one without us in the future, and two past ones nobody confirmed
    // (today's and October's): held means confirmed, so these three do not count.
    let kit = workshop_kit::Entity::find()
        .one(db)
        .await
        .expect("query")
        .expect("seeded kit");
    for (held_on, run_by_us, attendance) in [
        (date(2026, 2, 1), false, Some(9)),
        (date(2026, 4, 1), false, Some(14)),
        (date(2026, 9, 1), false, Some(6)),
        (date(2026, 5, 1), true, Some(11)),
        (date(2026, 12, 1), false, None),
        (date(2026, 11, 25), false, None),
        (date(2026, 10, 15), true, None),
    ] {
        workshop_session::ActiveModel {
            kit_id: Set(kit.id),
            run_by_us: Set(run_by_us),
            we_attend: Set(run_by_us),
            held_on: Set(held_on),
            attendance: Set(attendance),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("session");
    }

    let report = progress::compute(db, &campaign, app.today())
        .await
        .expect("report");
    assert_eq!(
        report.figures,
        progress::Figures {
            relay_organisations: 2,
            // relay ×2, contacted, declined, plus the one with an interaction.
            organisations_contacted: 5,
            organisations_with_interactions: 2,
            presentations: 2,
            sessions_without_us: 3,
            sessions_with_us: 1,
        }
    );
    let by_metric: Vec<(ObjectiveMetric, u64, u64)> = report
        .objectives
        .iter()
        .map(|o| (o.objective.metric, o.value, o.percent()))
        .collect();
    assert!(by_metric.contains(&(ObjectiveMetric::RelayOrganisations, 2, 50)));
    assert!(by_metric.contains(&(ObjectiveMetric::Presentations, 2, 66)));
    assert!(by_metric.contains(&(ObjectiveMetric::SessionsWithoutUs, 3, 30)));
    assert!(by_metric.contains(&(ObjectiveMetric::OrganisationsContacted, 5, 100)));
    let funnel: Vec<u64> = report.funnel.iter().map(|(_, n)| *n).collect();
    assert_eq!(funnel, [0, 1, 1, 0, 2, 1, 0]);
    let week_of_2_march = report
        .weekly
        .iter()
        .find(|(w, _)| *w == date(2026, 3, 2))
        .expect("week");
    assert_eq!(week_of_2_march.1, 2);
    let week_of_9_march = report
        .weekly
        .iter()
        .find(|(w, _)| *w == date(2026, 3, 9))
        .expect("week");
    assert_eq!(week_of_9_march.1, 1);
    assert_eq!(
        report.weekly.iter().map(|(_, n)| n).sum::<u64>(),
        3,
        "the 2025 contact is outside"
    );

    // The CSV carries the same figures.
    let csv = app
        .get(&format!("/campaigns/{}/progress.csv", campaign.id))
        .await
        .text()
        .await
        .expect("csv");
    assert!(csv.starts_with('\u{feff}'), "BOM for French spreadsheets");
    assert!(csv.contains("Relais;2;4;50"), "{csv}");
    assert!(csv.contains("Ateliers sans nous;3;10;30"), "{csv}");
}

#[tokio::test]
async fn a_parked_organisation_reappears_when_its_date_passes_in_paris() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let campaign = seeded_campaign(&app).await;
    // Labenbib is parked until 2019-01-15 by the seed.
    let labenbib = seeded_organisation(&app, "abf-labenbib").await;
    let ready_on = |today: NaiveDate| {
        let db = app.db.clone();
        async move {
            store::ready_to_approach(&db, Some(campaign.id), today)
                .await
                .expect("query")
                .into_iter()
                .map(|(_, o)| o.id)
                .collect::<Vec<_>>()
        }
    };
    // 23:30 UTC on the 14th is already the 15th in Paris.
    let evening_before = paris_date(Utc.with_ymd_and_hms(2019, 1, 14, 22, 30, 0).unwrap());
    let paris_midnight = paris_date(Utc.with_ymd_and_hms(2019, 1, 14, 23, 30, 0).unwrap());
    assert!(!ready_on(evening_before).await.contains(&labenbib.id));
    assert!(ready_on(paris_midnight).await.contains(&labenbib.id));
    // And today it is listed on the ready page, with a button to move it.
    let page = app
        .get_html(&format!("/campaigns/{}/ready", campaign.id))
        .await;
    assert!(page.contains("Commission Labenbib"));
    // A date in the future keeps it parked.
    let status = outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(labenbib.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("status");
    let future = app.today() + chrono::Duration::days(30);
    let response = app
        .post_form(
            &format!("/outreach/{}", status.id),
            &[
                ("priority", "high"),
                ("not_before", &future.to_string()),
                ("version", &status.version.to_string()),
                ("owner", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(
        !app.get_html(&format!("/campaigns/{}/ready", campaign.id))
            .await
            .contains("Commission Labenbib")
    );
    assert!(
        app.get_html(&format!("/campaigns/{}/board", campaign.id))
            .await
            .contains("En attente jusqu&#39;au")
            || app
                .get_html(&format!("/campaigns/{}/board", campaign.id))
                .await
                .contains("En attente jusqu'au")
    );
}

#[tokio::test]
async fn moving_a_card_records_history_and_audit_and_refuses_stale_moves() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let network = seeded_organisation(&app, "parcours-numerique").await;
    let status = outreach_status::Entity::find()
        .filter(outreach_status::Column::OrganisationId.eq(network.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("seeded status");
    assert_eq!(status.stage, Stage::ToContact);
    let version = status.version.to_string();
    let response = app
        .post_form(
            &format!("/outreach/{}/stage", status.id),
            &[("stage", "contacted"), ("version", &version)],
        )
        .await;
    assert_eq!(response.status(), 303);
    let moved = outreach_status::Entity::find_by_id(status.id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("row");
    assert_eq!(
        (moved.stage, moved.version),
        (Stage::Contacted, status.version + 1)
    );
    let change = outreach_stage_change::Entity::find()
        .filter(outreach_stage_change::Column::OutreachStatusId.eq(status.id))
        .order_by_desc(outreach_stage_change::Column::Id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("history");
    assert_eq!(
        (change.from_stage, change.to_stage),
        (Some(Stage::ToContact), Stage::Contacted)
    );
    assert!(change.changed_by.is_some());
    let audit = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(EntityKind::Outreach))
        .filter(audit_entry::Column::EntityId.eq(status.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("audit");
    assert_eq!(
        audit.changes.expect("changes")["stage"],
        serde_json::json!(["to_contact", "contacted"])
    );
    let history = store::stage_history(&app.db, network.id)
        .await
        .expect("history");
    assert_eq!(
        history.first().map(|(_, c, _)| c.to_stage),
        Some(Stage::Contacted)
    );

    // The same form submitted again (stale version) is refused.
    let response = app
        .post_form(
            &format!("/outreach/{}/stage", status.id),
            &[("stage", "declined"), ("version", &version)],
        )
        .await;
    assert_eq!(response.status(), 409);
    let unchanged = outreach_status::Entity::find_by_id(status.id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("row");
    assert_eq!(unchanged.stage, Stage::Contacted);

    // Drag and drop speaks JSON.
    let token = app.csrf_token().await;
    let response = app
        .client
        .post(app.url(&format!("/outreach/{}/stage", status.id)))
        .header("Accept", "application/json")
        .header("X-CSRF-Token", token)
        .form(&[
            ("stage", "in_discussion"),
            ("version", &moved.version.to_string()),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["stage"], "in_discussion");
    assert_eq!(body["version"], moved.version + 1);

    // Unknown stages are a clear error.
    let response = app
        .post_form(
            &format!("/outreach/{}/stage", status.id),
            &[("stage", "partner"), ("version", "1")],
        )
        .await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn adding_from_a_directory_filter_adds_exactly_the_filtered_set_once() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let campaign = seeded_campaign(&app).await;
    let expected: Vec<i32> = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::DepartmentalLibrary))
        .filter(organisation::Column::RegionCode.eq("53"))
        .all(&app.db)
        .await
        .expect("query")
        .into_iter()
        .map(|o| o.id)
        .collect();
    let already: Vec<i32> = outreach_status::Entity::find()
        .filter(outreach_status::Column::CampaignId.eq(campaign.id))
        .all(&app.db)
        .await
        .expect("query")
        .into_iter()
        .map(|s| s.organisation_id)
        .collect();
    let new: Vec<i32> = expected
        .iter()
        .copied()
        .filter(|id| !already.contains(id))
        .collect();
    assert!(
        !new.is_empty() && new.len() < expected.len(),
        "the seed has one Breton departmental library in the campaign already"
    );

    let preview = app
        .get_html(&format!(
            "/campaigns/{}/add?kind=departmental_library&region=53",
            campaign.id
        ))
        .await;
    assert!(
        preview.contains(&format!("{} structures correspondent", new.len())),
        "{preview}"
    );

    let before = count(&app.db, "outreach_statuses").await;
    let response = app
        .post_form(
            &format!("/campaigns/{}/add", campaign.id),
            &[
                ("kind", "departmental_library"),
                ("region", "53"),
                ("departement", ""),
                ("stage", "to_contact"),
                ("level", "3"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        count(&app.db, "outreach_statuses").await,
        before + new.len() as i64
    );
    let mut in_campaign: Vec<i32> = outreach_status::Entity::find()
        .filter(outreach_status::Column::CampaignId.eq(campaign.id))
        .filter(outreach_status::Column::OrganisationId.is_in(expected.clone()))
        .all(&app.db)
        .await
        .expect("query")
        .into_iter()
        .map(|s| s.organisation_id)
        .collect();
    in_campaign.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(in_campaign, expected_sorted);

    // Again: nothing more.
    app.post_form(
        &format!("/campaigns/{}/add", campaign.id),
        &[
            ("kind", "departmental_library"),
            ("region", "53"),
            ("departement", ""),
            ("stage", "to_contact"),
            ("level", ""),
        ],
    )
    .await;
    assert_eq!(
        count(&app.db, "outreach_statuses").await,
        before + new.len() as i64
    );

    // No filter at all is refused rather than adding the whole directory.
    let response = app
        .post_form(
            &format!("/campaigns/{}/add", campaign.id),
            &[
                ("kind", ""),
                ("region", ""),
                ("departement", ""),
                ("stage", "to_contact"),
                ("level", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn campaign_forms_validate_and_never_overwrite_a_concurrent_edit() {
    let app = TestApp::spawn_as(Role::Volunteer).await;
    let response = app
        .post_form(
            "/campaigns",
            &[
                ("name", ""),
                ("starts_on", "2026-05-01"),
                ("ends_on", "2026-01-01"),
                ("objective-0-level", "1"),
                ("objective-0-title", "Relais"),
                ("objective-0-metric", "relay_organisations"),
                ("objective-0-target", "beaucoup"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    assert!(page.contains("Ce champ est obligatoire"));
    assert!(page.contains("La fin ne peut pas précéder le début"));
    assert!(page.contains("Indiquez une cible"));
    assert!(page.contains("value=\"beaucoup\""), "input kept");

    let campaign = seeded_campaign(&app).await;
    let version = campaign.version.to_string();
    let edit = |name: &'static str| {
        vec![
            ("name", name),
            ("version", version.as_str()),
            ("objective-0-level", "1"),
            ("objective-0-title", "Relais"),
            ("objective-0-metric", "relay_organisations"),
            ("objective-0-target", "15"),
        ]
    };
    let first = app
        .post_form(
            &format!("/campaigns/{}", campaign.id),
            &edit("Première version"),
        )
        .await;
    assert_eq!(first.status(), 303);
    let second = app
        .post_form(
            &format!("/campaigns/{}", campaign.id),
            &edit("Seconde version"),
        )
        .await;
    assert_eq!(second.status(), 409);
    let page = second.text().await.expect("body");
    assert!(
        page.contains("Première version"),
        "the other version is shown"
    );
    assert!(
        page.contains("value=\"Seconde version\""),
        "this user's input is kept"
    );
    let stored = seeded_campaign(&app).await;
    assert_eq!(stored.name, "Première version");
}

/// A campaign of `n` organisations ("Bib-essai 0000"…), all at "to
/// contact": every third in Bretagne (53), the others in Pays de la Loire
/// (52); every fourth owned by `owner`; the last ten of high priority.
/// Returns the campaign. Built directly in the database (for speed).
pub(crate) async fn big_board(app: &TestApp, n: usize, owner: Option<i32>) -> campaign::Model {
    let db = &app.db;
    let now = app.now();
    let campaign = campaign::ActiveModel {
        name: Set("Campagne des médiathèques".into()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("campaign");
    let orgs: Vec<organisation::ActiveModel> = (0..n)
        .map(|i| organisation::ActiveModel {
            name: Set(format!("Bib-essai {i:04}")),
            kind: Set(OrgKind::Library),
            scope: Set(Scope::Local),
            region_code: Set(Some(if i % 3 == 0 { "53" } else { "52" }.into())),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        })
        .collect();
    for chunk in orgs.chunks(500) {
        organisation::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .expect("organisations");
    }
    let ids: Vec<(i32, String)> = organisation::Entity::find()
        .filter(organisation::Column::Name.starts_with("Bib-essai "))
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await
        .expect("query")
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let statuses: Vec<outreach_status::ActiveModel> = ids
        .iter()
        .enumerate()
        .map(|(i, (id, _))| outreach_status::ActiveModel {
            organisation_id: Set(*id),
            campaign_id: Set(campaign.id),
            stage: Set(Stage::ToContact),
            owner_id: Set(owner.filter(|_| i % 4 == 0)),
            priority: Set(if i + 10 >= n {
                Priority::High
            } else {
                Priority::Normal
            }),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        })
        .collect();
    for chunk in statuses.chunks(500) {
        outreach_status::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .expect("statuses");
    }
    campaign
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
async fn a_board_of_thousands_shows_bounded_columns_with_true_counts_filters_and_moves() {
    let app = TestApp::spawn_as_at(Role::Volunteer, date(2026, 11, 25)).await;
    let owner = user::Entity::find()
        .filter(user::Column::Email.eq("volunteer@example.org"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("the volunteer")
        .id;
    let campaign = big_board(&app, 1_200, Some(owner)).await;
    let path = format!("/campaigns/{}/board", campaign.id);

    // The column shows 15 cards, high priority first, and counts all 1,200.
    let page = app.get_html(&path).await;
    let to_contact = column(&page, "to_contact");
    assert!(to_contact.contains("data-count=\"1200\""), "the true count");
    assert_eq!(to_contact.matches("data-outreach=").count(), 15);
    let first = to_contact.find("Bib-essai 1190").expect("high first");
    assert!(first < to_contact.find("Bib-essai 0000").expect("then by name"));
    assert!(!to_contact.contains("Bib-essai 0005"), "beyond the bound");
    assert!(to_contact.contains("Voir les 15 suivantes"));
    assert!(column(&page, "relay").contains("data-count=\"0\""));

    // "See the next ones" is a plain link to the next 15.
    let next = format!(
        "/campaigns/{}/board?stage=to_contact&amp;page=2",
        campaign.id
    );
    assert!(to_contact.contains(&next), "a link without JavaScript");
    let page = app
        .get_html(&format!("{path}?stage=to_contact&page=2"))
        .await;
    let to_contact = column(&page, "to_contact");
    assert_eq!(to_contact.matches("data-outreach=").count(), 15);
    assert!(to_contact.contains("Bib-essai 0005") && to_contact.contains("Bib-essai 0019"));
    assert!(!to_contact.contains("Bib-essai 0004") && !to_contact.contains("Bib-essai 1190"));
    assert!(to_contact.contains("Cartes 16 à 30 sur 1200"));
    let last = app
        .get_html(&format!("{path}?stage=to_contact&page=80"))
        .await;
    let to_contact = column(&last, "to_contact");
    assert_eq!(to_contact.matches("data-outreach=").count(), 15);
    assert!(!to_contact.contains("suivantes"), "nothing after the last");

    // Filters narrow the true counts, and combine.
    let count_with = |query: String| {
        let app = &app;
        let path = path.clone();
        async move {
            let page = app.get_html(&format!("{path}?{query}")).await;
            let col = column(&page, "to_contact");
            let start = col.find("data-count=\"").expect("count") + 12;
            col[start..col[start..].find('"').expect("end") + start].to_owned()
        }
    };
    assert_eq!(count_with("region=53".into()).await, "400");
    assert_eq!(count_with(format!("owner={owner}")).await, "300");
    assert_eq!(count_with(format!("region=53&owner={owner}")).await, "100");
    assert_eq!(count_with("priority=high".into()).await, "10");
    assert_eq!(count_with("kind=library&timing=parked".into()).await, "0");

    // A move answered in JSON gives both columns' true counts under the filter.
    let moved = outreach_status::Entity::find()
        .filter(outreach_status::Column::CampaignId.eq(campaign.id))
        .order_by_asc(outreach_status::Column::Id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("a card");
    let token = app.csrf_token().await;
    let response = app
        .client
        .post(app.url(&format!("/outreach/{}/stage", moved.id)))
        .header("Accept", "application/json")
        .header("X-CSRF-Token", token)
        .form(&[
            ("stage", "contacted"),
            ("version", &moved.version.to_string()),
            ("filter", "region=53"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    // The first organisation (0000) is in Bretagne.
    assert_eq!(
        body["counts"],
        serde_json::json!({ "to_contact": 399, "contacted": 1 })
    );
    let page = app.get_html(&path).await;
    assert!(column(&page, "to_contact").contains("data-count=\"1199\""));
    assert!(column(&page, "contacted").contains("data-count=\"1\""));
}
