//! The foundation: schema, migrations, seed data, vocabularies, first page.

use chrono::NaiveDate;
use migration::{Migrator, MigratorTrait};
use relais::entities::*;
use relais::seed;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    Statement,
};

use crate::helpers::{TestApp, count, table_names};

const EVERY_TABLE: &[&str] = &[
    "audit_log",
    "campaign_objectives",
    "campaign_owners",
    "campaigns",
    "capture_entries",
    "channels",
    "change_stamps",
    "departements",
    "event_feeds",
    "event_lineages",
    "event_organisers",
    "event_overrides",
    "events",
    "import_jobs",
    "import_uploads",
    "interactions",
    "memberships",
    "organisation_relations",
    "organisation_tags",
    "organisations",
    "outreach_claims",
    "outreach_stage_changes",
    "outreach_statuses",
    "people",
    "regions",
    "search_consumers",
    "search_log",
    "search_outbox",
    "tags",
    "users",
    "webhook_deliveries",
    "webhooks",
    "workshop_kits",
    "workshop_sessions",
];

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    let app = TestApp::spawn().await;
    let tables = table_names(&app.db).await;
    for table in EVERY_TABLE {
        assert!(tables.contains(&table.to_string()), "missing table {table}");
    }

    Migrator::down(&app.db, None)
        .await
        .expect("migrations go down");
    let remaining: Vec<String> = table_names(&app.db)
        .await
        .into_iter()
        .filter(|t| t != "seaql_migrations")
        .collect();
    assert!(
        remaining.is_empty(),
        "tables left after down: {remaining:?}"
    );

    Migrator::up(&app.db, None)
        .await
        .expect("migrations go up again");
    let tables = table_names(&app.db).await;
    for table in EVERY_TABLE {
        assert!(
            tables.contains(&table.to_string()),
            "missing table {table} after re-up"
        );
    }
    assert!(seed::database_is_new(&app.db).await.expect("query"));
}

#[tokio::test]
async fn a_new_database_is_seeded_with_the_reference_geography_and_the_documents() {
    let app = TestApp::spawn().await;
    assert_eq!(count(&app.db, "regions").await, 18);
    assert_eq!(count(&app.db, "departements").await, 101);

    let corse: Vec<String> = departement::Entity::find()
        .filter(departement::Column::RegionCode.eq("94"))
        .order_by_asc(departement::Column::Code)
        .all(&app.db)
        .await
        .expect("query")
        .into_iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(corse, ["2A", "2B"]);

    let abf = organisation::Entity::find()
        .filter(organisation::Column::Acronym.eq("ABF"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("ABF is seeded");
    assert_eq!(abf.kind, OrgKind::ProfessionalAssociation);
    assert!(
        abf.governance_notes
            .as_deref()
            .unwrap_or("")
            .contains("décembre 2018")
    );
    let children: Vec<String> = organisation::Entity::find()
        .filter(organisation::Column::ParentId.eq(abf.id))
        .all(&app.db)
        .await
        .expect("query")
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert!(
        children.iter().any(|n| n.contains("Labenbib")),
        "{children:?}"
    );
    assert!(
        children.iter().any(|n| n.contains("Stratégie numérique")),
        "{children:?}"
    );
    assert!(
        children.iter().any(|n| n.contains("Groupe Paris")),
        "{children:?}"
    );

    let departmental = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::DepartmentalLibrary))
        .all(&app.db)
        .await
        .expect("query");
    assert!(departmental.len() >= 5);
    assert!(
        departmental
            .iter()
            .all(|o| o.departement_code.is_some() && o.commune.is_some())
    );

    let rennes = organisation::Entity::find()
        .filter(organisation::Column::SeedKey.eq("rennes-metropole-mediatheques"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("Rennes seeded");
    assert_eq!(
        rennes.contact_form_url.as_deref(),
        Some("https://www.lesmediatheques-rennesmetropole.fr/contact")
    );

    // Ping coordinates the Réseau Parcours Numérique.
    let ping = find_seeded(&app, "ping").await;
    let network = find_seeded(&app, "parcours-numerique").await;
    let coordination = organisation_relation::Entity::find()
        .filter(organisation_relation::Column::SourceId.eq(ping.id))
        .filter(organisation_relation::Column::TargetId.eq(network.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("relation seeded");
    assert_eq!(coordination.kind, RelationKind::Coordinates);

    let objectives = campaign_objective::Entity::find()
        .order_by_asc(campaign_objective::Column::Level)
        .all(&app.db)
        .await
        .expect("query");
    let levels: Vec<i16> = objectives.iter().map(|o| o.level).collect();
    assert_eq!(levels, [1, 2, 3]);
    assert!(objectives.iter().all(|o| o.target > 0));

    let congress = event::Entity::find()
        .filter(event::Column::SeedKey.eq("abf-congres"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("congress seeded");
    assert!(
        congress
            .rrule
            .as_deref()
            .unwrap_or("")
            .contains("BYMONTH=6")
    );
    let kits_in_seed = include_str!("../../seed-data/kits.toml")
        .lines()
        .filter(|l| l.trim() == "[[kits]]")
        .count();
    assert_eq!(count(&app.db, "workshop_kits").await, kits_in_seed as i64);
    // No personal data in the seed.
    assert_eq!(count(&app.db, "people").await, 0);
}

async fn find_seeded(app: &TestApp, key: &str) -> organisation::Model {
    organisation::Entity::find()
        .filter(organisation::Column::SeedKey.eq(key))
        .one(&app.db)
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("{key} is seeded"))
}

/// Every row of every table, as text, for before/after comparisons.
async fn dump(db: &sea_orm::DatabaseConnection) -> Vec<String> {
    let backend = db.get_database_backend();
    let mut lines = Vec::new();
    for table in EVERY_TABLE {
        let sql = match backend {
            sea_orm::DbBackend::Postgres => {
                format!("SELECT row_to_json(t)::text AS line FROM {table} t ORDER BY 1")
            }
            _ => format!("SELECT json_array(*) AS line FROM {table}"),
        };
        if backend == sea_orm::DbBackend::Sqlite {
            // SQLite has no row-to-JSON over `*`; count and ids suffice there
            // together with the explicit column checks below.
            let n = count(db, table).await;
            lines.push(format!("{table}: {n} rows"));
            continue;
        }
        for row in db
            .query_all(Statement::from_string(backend, sql))
            .await
            .expect("dump")
        {
            lines.push(format!(
                "{table}: {}",
                row.try_get::<String>("", "line").expect("line")
            ));
        }
    }
    lines
}

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    let app = TestApp::spawn().await;
    // The search worker's own row changes when its first rebuild ends:
    // compare the data once it has.
    crate::search::drained(&app).await;
    let before_rows = dump(&app.db).await;
    let before_orgs = organisation::Entity::find()
        .order_by_asc(organisation::Column::Id)
        .all(&app.db)
        .await
        .expect("query");

    let report = seed::run(&app.db).await.expect("second seed");
    assert_eq!(
        report,
        seed::SeedReport::default(),
        "nothing created the second time"
    );

    assert_eq!(dump(&app.db).await, before_rows);
    let after_orgs = organisation::Entity::find()
        .order_by_asc(organisation::Column::Id)
        .all(&app.db)
        .await
        .expect("query");
    assert_eq!(after_orgs, before_orgs);
}

#[tokio::test]
async fn seeding_never_overwrites_a_row_a_user_edited() {
    let app = TestApp::spawn().await;
    let abf = find_seeded(&app, "abf").await;
    let mut edit: organisation::ActiveModel = abf.into();
    edit.description = Set(Some("Notre propre description".into()));
    edit.version = Set(2);
    edit.update(&app.db).await.expect("edit");

    seed::run(&app.db).await.expect("seed again");
    let after = find_seeded(&app, "abf").await;
    assert_eq!(
        after.description.as_deref(),
        Some("Notre propre description")
    );
    assert_eq!(after.version, 2);
}

#[tokio::test]
async fn every_vocabulary_value_round_trips_through_the_database() {
    let app = TestApp::spawn().await;
    let db = &app.db;
    let now = app.now();
    let parent = find_seeded(&app, "abf").await;
    let campaign_id = campaign::Entity::find()
        .one(db)
        .await
        .expect("query")
        .expect("seeded campaign")
        .id;
    let user = user::ActiveModel {
        email: Set("roundtrip@example.org".into()),
        display_name: Set("Round Trip".into()),
        password_hash: Set("x".into()),
        role: Set(Role::Viewer),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("user");

    for (i, kind) in OrgKind::ALL.iter().enumerate() {
        let scope = Scope::ALL[i % Scope::ALL.len()];
        let runners: Vec<&str> = WorkshopRunner::ALL.iter().map(|r| r.as_str()).collect();
        let org = organisation::ActiveModel {
            name: Set(format!("Structure {i}")),
            kind: Set(*kind),
            scope: Set(scope),
            parent_id: Set(Some(parent.id)),
            workshop_runners: Set(Some(serde_json::json!(runners))),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("organisation");
        let back = organisation::Entity::find_by_id(org.id)
            .one(db)
            .await
            .expect("read")
            .expect("row");
        assert_eq!((back.kind, back.scope), (*kind, scope));
        let stored: Vec<WorkshopRunner> =
            serde_json::from_value(back.workshop_runners.expect("runners")).expect("runners parse");
        assert_eq!(stored, WorkshopRunner::ALL);

        let relation = RelationKind::ALL[i % RelationKind::ALL.len()];
        let rel = organisation_relation::ActiveModel {
            source_id: Set(org.id),
            target_id: Set(parent.id),
            kind: Set(relation),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("relation");
        assert_eq!(
            organisation_relation::Entity::find_by_id(rel.id)
                .one(db)
                .await
                .expect("read")
                .expect("row")
                .kind,
            relation
        );
    }

    for kind in ChannelKind::ALL {
        let row = channel::ActiveModel {
            organisation_id: Set(parent.id),
            kind: Set(*kind),
            address: Set(Some("https://example.org".into())),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("channel");
        assert_eq!(
            channel::Entity::find_by_id(row.id)
                .one(db)
                .await
                .expect("read")
                .expect("row")
                .kind,
            *kind
        );
    }

    for role in Role::ALL {
        let mut edit: user::ActiveModel = user::Entity::find_by_id(user.id)
            .one(db)
            .await
            .expect("read")
            .expect("row")
            .into();
        edit.role = Set(*role);
        edit.update(db).await.expect("update role");
        assert_eq!(
            user::Entity::find_by_id(user.id)
                .one(db)
                .await
                .expect("read")
                .expect("row")
                .role,
            *role
        );
    }

    let mut person_ids = Vec::new();
    for basis in LawfulBasis::ALL {
        let person = person::ActiveModel {
            full_name: Set("Personne Fictive".into()),
            lawful_basis: Set(*basis),
            do_not_contact: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("person");
        assert_eq!(
            person::Entity::find_by_id(person.id)
                .one(db)
                .await
                .expect("read")
                .expect("row")
                .lawful_basis,
            *basis
        );
        person_ids.push(person.id);
    }

    for (i, channel) in InteractionChannel::ALL.iter().enumerate() {
        let direction = Direction::ALL[i % Direction::ALL.len()];
        let row = interaction::ActiveModel {
            occurred_on: Set(NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")),
            channel: Set(*channel),
            direction: Set(direction),
            user_id: Set(Some(user.id)),
            organisation_id: Set(Some(parent.id)),
            person_id: Set(person_ids.first().copied()),
            summary: Set("Échange".into()),
            follow_up_done: Set(false),
            campaign_id: Set(Some(campaign_id)),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("interaction");
        let back = interaction::Entity::find_by_id(row.id)
            .one(db)
            .await
            .expect("read")
            .expect("row");
        assert_eq!((back.channel, back.direction), (*channel, direction));
    }

    let organisations = organisation::Entity::find().all(db).await.expect("orgs");
    for (i, stage) in Stage::ALL.iter().enumerate() {
        let priority = Priority::ALL[i % Priority::ALL.len()];
        let row = outreach_status::ActiveModel {
            organisation_id: Set(organisations[organisations.len() - 1 - i].id),
            campaign_id: Set(campaign_id),
            stage: Set(*stage),
            priority: Set(priority),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("outreach status");
        let back = outreach_status::Entity::find_by_id(row.id)
            .one(db)
            .await
            .expect("read")
            .expect("row");
        assert_eq!((back.stage, back.priority), (*stage, priority));
        let change = outreach_stage_change::ActiveModel {
            outreach_status_id: Set(row.id),
            from_stage: Set(Some(*stage)),
            to_stage: Set(*stage),
            changed_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("stage change");
        assert_eq!(
            outreach_stage_change::Entity::find_by_id(change.id)
                .one(db)
                .await
                .expect("read")
                .expect("row")
                .from_stage,
            Some(*stage)
        );
    }

    for metric in ObjectiveMetric::ALL {
        let row = campaign_objective::ActiveModel {
            campaign_id: Set(campaign_id),
            level: Set(1),
            title: Set("Objectif".into()),
            metric: Set(*metric),
            target: Set(3),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("objective");
        assert_eq!(
            campaign_objective::Entity::find_by_id(row.id)
                .one(db)
                .await
                .expect("read")
                .expect("row")
                .metric,
            *metric
        );
    }

    let start = NaiveDate::from_ymd_opt(2027, 3, 4)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .expect("time");
    for (i, kind) in EventKind::ALL.iter().enumerate() {
        let participation = Participation::ALL[i % Participation::ALL.len()];
        let row = event::ActiveModel {
            title: Set(format!("Journée {i}")),
            kind: Set(*kind),
            all_day: Set(false),
            start_local: Set(start),
            time_zone: Set("Europe/Paris".into()),
            starts_at: Set(now),
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
        let back = event::Entity::find_by_id(row.id)
            .one(db)
            .await
            .expect("read")
            .expect("row");
        assert_eq!(
            (back.kind, back.participation, back.start_local),
            (*kind, participation, start)
        );
    }
    for participation in Participation::ALL {
        let parsed: Participation = participation.as_str().parse().expect("parses");
        assert_eq!(parsed, *participation);
    }

    for status in FeedStatus::ALL {
        let row = event_feed::ActiveModel {
            name: Set("Agenda".into()),
            url: Set("https://example.org/agenda.ics".into()),
            last_status: Set(Some(*status)),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("feed");
        assert_eq!(
            event_feed::Entity::find_by_id(row.id)
                .one(db)
                .await
                .expect("read")
                .expect("row")
                .last_status,
            Some(*status)
        );
    }

    for (i, entity) in EntityKind::ALL.iter().enumerate() {
        let action = AuditAction::ALL[i % AuditAction::ALL.len()];
        let op = OutboxOp::ALL[i % OutboxOp::ALL.len()];
        let audit = audit_entry::ActiveModel {
            at: Set(now),
            user_id: Set(Some(user.id)),
            action: Set(action),
            entity: Set(*entity),
            entity_id: Set(i as i32),
            changes: Set(Some(serde_json::json!({"name": ["avant", "après"]}))),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("audit");
        let back = audit_entry::Entity::find_by_id(audit.id)
            .one(db)
            .await
            .expect("read")
            .expect("row");
        assert_eq!((back.action, back.entity), (action, *entity));
        let outbox = outbox_entry::ActiveModel {
            entity: Set(*entity),
            entity_id: Set(i as i32),
            op: Set(op),
            created_at: Set(now),
            position: Set(Some(i as i64)),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("outbox");
        assert_eq!(
            outbox_entry::Entity::find_by_id(outbox.id)
                .one(db)
                .await
                .expect("read")
                .expect("row")
                .op,
            op
        );
    }
}

#[tokio::test]
async fn an_unknown_stored_value_is_an_error_not_a_panic() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let backend = app.db.get_database_backend();
    app.db
        .execute(Statement::from_string(
            backend,
            "UPDATE organisations SET kind = 'bibliotheque' WHERE seed_key = 'abf'",
        ))
        .await
        .expect("raw update");
    let result = organisation::Entity::find()
        .filter(organisation::Column::SeedKey.eq("abf"))
        .one(&app.db)
        .await;
    assert!(result.is_err(), "reading an unknown kind must fail cleanly");

    // …and the directory answers with a proper error page, not a crash.
    let response = app.get("/organisations/by-kind").await;
    assert_eq!(response.status(), 500);
    let body = response.text().await.expect("body");
    assert!(body.contains("rien n'a été enregistré"), "{body}");
}

#[test]
fn unknown_vocabulary_values_are_refused_with_the_allowed_ones() {
    let err = "bibliotheque".parse::<OrgKind>().expect_err("unknown kind");
    let message = err.to_string();
    assert!(
        message.contains("bibliotheque") && message.contains("departmental_library"),
        "{message}"
    );
    assert!("relay_partner".parse::<Stage>().is_err());
    assert!("4".parse::<StrategicLevel>().is_err());
    assert_eq!("3".parse::<StrategicLevel>().map(|l| l.get()), Ok(3));
}

#[tokio::test]
async fn the_first_page_lists_the_seeded_organisations_by_kind() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let page = app.get_html("/organisations/by-kind").await;
    assert!(page.contains("<html lang=\"fr\""));
    assert!(page.contains("Association des bibliothécaires de France"));
    assert!(page.contains("Bibliothèques départementales"));
    // Each organisation with its département and parent.
    let labenbib = page.find("Commission Labenbib").expect("Labenbib listed");
    let after = &page[labenbib..];
    let line_end = after.find("</li>").expect("line end");
    assert!(
        after[..line_end].contains("Association des bibliothécaires de France"),
        "parent shown"
    );
    assert!(page.contains("Ille-et-Vilaine (35)"));

    // Every seeded organisation appears.
    for org in organisation::Entity::find()
        .all(&app.db)
        .await
        .expect("orgs")
    {
        let escaped = org.name.replace('\'', "&#39;");
        assert!(
            page.contains(&org.name) || page.contains(&escaped),
            "{} missing",
            org.name
        );
    }
}

#[tokio::test]
async fn health_reports_the_database() {
    let app = TestApp::spawn().await;
    let response = app.get("/health").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"]["status"], "ok");
    let expected = if std::env::var(crate::helpers::PG_URL_VAR)
        .map(|u| !u.is_empty())
        .unwrap_or(false)
    {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(body["database"]["backend"], expected);
}

#[tokio::test]
async fn unknown_pages_answer_404_in_html_or_json() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let response = app.get("/nulle-part").await;
    assert_eq!(response.status(), 404);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("Page introuvable")
    );

    let response = app
        .client
        .get(app.url("/nulle-part"))
        .header("Accept", "application/json")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"]["status"], 404);
}

#[tokio::test]
async fn a_save_from_a_stale_version_is_refused_and_writes_nothing() {
    use relais::versioning::{Saved, update_versioned};
    let app = TestApp::spawn().await;
    let abf = find_seeded(&app, "abf").await;
    let first = organisation::ActiveModel {
        id: Set(abf.id),
        commune: Set(Some("Paris 13e".into())),
        ..Default::default()
    };
    let second = organisation::ActiveModel {
        id: Set(abf.id),
        commune: Set(Some("Lyon".into())),
        ..Default::default()
    };
    assert_eq!(
        app.clock
            .scope(update_versioned(&app.db, first, abf.version))
            .await
            .expect("save"),
        Saved::Applied(abf.version + 1)
    );
    assert_eq!(
        app.clock
            .scope(update_versioned(&app.db, second, abf.version))
            .await
            .expect("save"),
        Saved::Conflict
    );
    let after = find_seeded(&app, "abf").await;
    assert_eq!(after.commune.as_deref(), Some("Paris 13e"));
    assert_eq!(after.version, abf.version + 1);
    assert_eq!(after.name, abf.name, "fields not Set are left alone");
    assert!(after.updated_at >= abf.updated_at);
}

#[tokio::test]
async fn assets_are_linked_by_content_hash_and_cached_for_a_year() {
    let app = TestApp::spawn_as(Role::Viewer).await;
    let home = app.get_html("/").await;
    let href = home
        .split("href=\"/assets/app-")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|rest| format!("/assets/app-{rest}"))
        .expect("the stylesheet is linked by a hashed name");
    assert!(href.ends_with(".css") && href.len() > "/assets/app-.css".len());
    let response = app.get(&href).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        response.headers().get("set-cookie").is_none(),
        "no session or CSRF work for an asset"
    );
    let css = response.text().await.expect("body");
    assert!(
        css.contains(".record") && css.contains(".badge"),
        "app.css and records.css"
    );
    // An old page's plain name still works, briefly cached; others are 404.
    let plain = app.get("/assets/app.css").await;
    assert_eq!(plain.status(), 200);
    assert_eq!(plain.headers()["cache-control"], "public, max-age=300");
    assert_eq!(app.get("/assets/app-0000.css").await.status(), 404);
}
