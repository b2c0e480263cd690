//! The whole data model of the first release: directory, people, contact log,
//! campaigns and outreach, agenda, workshops, accounts, audit and search outbox.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema_helpers::*;

use ForeignKeyAction::{Cascade, Restrict, SetNull};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000001_initial_schema"
    }
}

/// Tables in creation order; dropped in reverse.
const TABLES: &[&str] = &[
    "regions",
    "departements",
    "users",
    "organisations",
    "organisation_relations",
    "channels",
    "tags",
    "organisation_tags",
    "people",
    "memberships",
    "campaigns",
    "campaign_owners",
    "campaign_objectives",
    "outreach_statuses",
    "outreach_stage_changes",
    "interactions",
    "event_feeds",
    "events",
    "event_organisers",
    "event_overrides",
    "workshop_kits",
    "workshop_sessions",
    "audit_log",
    "search_outbox",
];

fn tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("regions")
            .if_not_exists()
            .col(string_len("code", 3).primary_key())
            .col(string("name"))
            .take(),
        Table::create()
            .table("departements")
            .if_not_exists()
            .col(string_len("code", 3).primary_key())
            .col(string("name"))
            .col(string_len("region_code", 3))
            .foreign_key(&mut fk("departements", "region_code", "regions", Restrict))
            .take(),
        finish_editable(
            editable("users")
                .col(string_uniq("email"))
                .col(string("display_name"))
                .col(string("password_hash"))
                .col(vocab("role"))
                .col(boolean("active").default(true))
                .col(string_len_null("locale", 8))
                .col(string_len_null("feed_token", 64).unique_key())
                .col(timestamp_with_time_zone_null("last_login_at"))
                .take(),
        ),
        finish_editable(
            editable("organisations")
                .col(string("name"))
                .col(string_null("acronym"))
                .col(vocab("kind"))
                .col(integer_null("parent_id"))
                .col(vocab("scope"))
                .col(string_len_null("region_code", 3))
                .col(string_len_null("departement_code", 3))
                .col(string_null("commune"))
                .col(string_len_null("postcode", 10))
                .col(text_null("address"))
                .col(double_null("latitude"))
                .col(double_null("longitude"))
                .col(string_null("website"))
                .col(string_null("contact_form_url"))
                .col(string_null("email"))
                .col(string_null("phone"))
                .col(text_null("description"))
                .col(text_null("governance_notes"))
                .col(text_null("workshops_offered"))
                // JSON array of workshop runners: staff, local_association, …
                .col(json_null("workshop_runners"))
                .col(string_null("external_id").unique_key())
                .col(string_null("seed_key").unique_key())
                // Fields kept from imported datasets (services, opening hours…).
                .col(json_null("extra"))
                .foreign_key(&mut fk(
                    "organisations",
                    "parent_id",
                    "organisations",
                    SetNull,
                ))
                .foreign_key(&mut fk("organisations", "region_code", "regions", Restrict))
                .foreign_key(&mut fk(
                    "organisations",
                    "departement_code",
                    "departements",
                    Restrict,
                ))
                .take(),
        ),
        finish_editable(
            editable("organisation_relations")
                .col(integer("source_id"))
                .col(integer("target_id"))
                .col(vocab("kind"))
                .col(text_null("note"))
                .foreign_key(&mut fk(
                    "organisation_relations",
                    "source_id",
                    "organisations",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "organisation_relations",
                    "target_id",
                    "organisations",
                    Cascade,
                ))
                .take(),
        ),
        finish_editable(
            editable("channels")
                .col(integer("organisation_id"))
                .col(vocab("kind"))
                .col(string_null("label"))
                .col(string_null("address"))
                .foreign_key(&mut fk(
                    "channels",
                    "organisation_id",
                    "organisations",
                    Cascade,
                ))
                .take(),
        ),
        Table::create()
            .table("tags")
            .if_not_exists()
            .col(pk_auto("id"))
            .col(string_uniq("name"))
            .col(timestamp_with_time_zone("created_at"))
            .take(),
        Table::create()
            .table("organisation_tags")
            .if_not_exists()
            .col(integer("organisation_id"))
            .col(integer("tag_id"))
            .primary_key(Index::create().col("organisation_id").col("tag_id"))
            .foreign_key(&mut fk(
                "organisation_tags",
                "organisation_id",
                "organisations",
                Cascade,
            ))
            .foreign_key(&mut fk("organisation_tags", "tag_id", "tags", Cascade))
            .take(),
        finish_editable(
            editable("people")
                .col(string("full_name"))
                .col(string_null("email"))
                .col(string_null("phone"))
                .col(text_null("notes"))
                .col(vocab("lawful_basis"))
                .col(date_null("lawful_basis_on"))
                .col(text_null("source"))
                .col(boolean("do_not_contact").default(false))
                .col(timestamp_with_time_zone_null("erased_at"))
                .col(string_null("external_id").unique_key())
                .take(),
        ),
        finish_editable(
            editable("memberships")
                .col(integer("person_id"))
                .col(integer("organisation_id"))
                .col(string("role"))
                .col(date_null("started_on"))
                .col(date_null("ended_on"))
                .foreign_key(&mut fk("memberships", "person_id", "people", Cascade))
                .foreign_key(&mut fk(
                    "memberships",
                    "organisation_id",
                    "organisations",
                    Cascade,
                ))
                .take(),
        ),
        finish_editable(
            editable("campaigns")
                .col(string("name"))
                .col(text_null("description"))
                .col(date_null("starts_on"))
                .col(date_null("ends_on"))
                .col(string_null("seed_key").unique_key())
                .take(),
        ),
        Table::create()
            .table("campaign_owners")
            .if_not_exists()
            .col(integer("campaign_id"))
            .col(integer("user_id"))
            .primary_key(Index::create().col("campaign_id").col("user_id"))
            .foreign_key(&mut fk(
                "campaign_owners",
                "campaign_id",
                "campaigns",
                Cascade,
            ))
            .foreign_key(&mut fk("campaign_owners", "user_id", "users", Cascade))
            .take(),
        finish_editable(
            editable("campaign_objectives")
                .col(integer("campaign_id"))
                .col(small_integer("level"))
                .col(string("title"))
                .col(vocab("metric"))
                .col(integer("target"))
                .foreign_key(&mut fk(
                    "campaign_objectives",
                    "campaign_id",
                    "campaigns",
                    Cascade,
                ))
                .take(),
        ),
        finish_editable(
            editable("outreach_statuses")
                .col(integer("organisation_id"))
                .col(integer("campaign_id"))
                .col(vocab("stage"))
                .col(integer_null("owner_id"))
                .col(vocab("priority"))
                .col(small_integer_null("level"))
                .col(date_null("not_before"))
                .foreign_key(&mut fk(
                    "outreach_statuses",
                    "organisation_id",
                    "organisations",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "outreach_statuses",
                    "campaign_id",
                    "campaigns",
                    Cascade,
                ))
                .foreign_key(&mut fk("outreach_statuses", "owner_id", "users", SetNull))
                .take(),
        ),
        Table::create()
            .table("outreach_stage_changes")
            .if_not_exists()
            .col(pk_auto("id"))
            .col(integer("outreach_status_id"))
            .col(vocab_null("from_stage"))
            .col(vocab("to_stage"))
            .col(integer_null("changed_by"))
            .col(timestamp_with_time_zone("changed_at"))
            .foreign_key(&mut fk(
                "outreach_stage_changes",
                "outreach_status_id",
                "outreach_statuses",
                Cascade,
            ))
            .foreign_key(&mut fk(
                "outreach_stage_changes",
                "changed_by",
                "users",
                SetNull,
            ))
            .take(),
        finish_editable(
            editable("interactions")
                .col(date("occurred_on"))
                .col(vocab("channel"))
                .col(vocab("direction"))
                .col(integer_null("user_id"))
                .col(integer_null("organisation_id"))
                .col(integer_null("person_id"))
                .col(text("summary"))
                .col(text_null("outcome"))
                .col(text_null("next_step"))
                .col(date_null("follow_up_on"))
                .col(boolean("follow_up_done").default(false))
                .col(integer_null("campaign_id"))
                .foreign_key(&mut fk("interactions", "user_id", "users", SetNull))
                .foreign_key(&mut fk(
                    "interactions",
                    "organisation_id",
                    "organisations",
                    Cascade,
                ))
                // Erasing or deleting a person keeps the interaction counted.
                .foreign_key(&mut fk("interactions", "person_id", "people", SetNull))
                .foreign_key(&mut fk("interactions", "campaign_id", "campaigns", SetNull))
                .take(),
        ),
        finish_editable(
            editable("event_feeds")
                .col(string("name"))
                .col(string("url"))
                .col(integer_null("organiser_id"))
                .col(timestamp_with_time_zone_null("last_refresh_at"))
                .col(vocab_null("last_status"))
                .col(text_null("last_error"))
                .foreign_key(&mut fk(
                    "event_feeds",
                    "organiser_id",
                    "organisations",
                    SetNull,
                ))
                .take(),
        ),
        finish_editable(
            editable("events")
                .col(string("title"))
                .col(vocab("kind"))
                .col(text_null("description"))
                .col(boolean("all_day").default(false))
                // Wall-clock times in `time_zone`; all-day events use midnight.
                .col(date_time("start_local"))
                .col(date_time_null("end_local"))
                .col(string_len("time_zone", 64))
                // The first start as an instant, for ordering and date queries.
                .col(timestamp_with_time_zone("starts_at"))
                .col(timestamp_with_time_zone_null("ends_at"))
                .col(text_null("rrule"))
                .col(text_null("rdates"))
                .col(text_null("exdates"))
                .col(string_null("place"))
                .col(string_null("commune"))
                .col(string_len_null("region_code", 3))
                .col(string_len_null("departement_code", 3))
                .col(boolean("online").default(false))
                .col(json_null("themes"))
                .col(string_null("url"))
                .col(date_null("cfp_deadline"))
                .col(string_null("cfp_url"))
                .col(vocab("participation"))
                .col(text_null("participants"))
                .col(string_null("external_uid").unique_key())
                .col(integer_null("feed_id"))
                // Names of fields a volunteer changed, which re-imports keep.
                .col(json_null("edited_fields"))
                .col(string_null("seed_key").unique_key())
                .foreign_key(&mut fk("events", "region_code", "regions", Restrict))
                .foreign_key(&mut fk(
                    "events",
                    "departement_code",
                    "departements",
                    Restrict,
                ))
                .foreign_key(&mut fk("events", "feed_id", "event_feeds", SetNull))
                .take(),
        ),
        Table::create()
            .table("event_organisers")
            .if_not_exists()
            .col(integer("event_id"))
            .col(integer("organisation_id"))
            .primary_key(Index::create().col("event_id").col("organisation_id"))
            .foreign_key(&mut fk("event_organisers", "event_id", "events", Cascade))
            .foreign_key(&mut fk(
                "event_organisers",
                "organisation_id",
                "organisations",
                Cascade,
            ))
            .take(),
        finish_editable(
            editable("event_overrides")
                .col(integer("event_id"))
                // Original start (wall clock) of the occurrence being changed.
                .col(date_time("recurrence_local"))
                .col(boolean("cancelled").default(false))
                .col(date_time_null("start_local"))
                .col(date_time_null("end_local"))
                .col(string_null("title"))
                .col(text_null("note"))
                .foreign_key(&mut fk("event_overrides", "event_id", "events", Cascade))
                .take(),
        ),
        finish_editable(
            editable("workshop_kits")
                .col(string("title"))
                .col(text("goal"))
                .col(text("audience"))
                .col(integer_null("duration_minutes"))
                .col(text_null("materials"))
                .col(text_null("prerequisites"))
                .col(text("steps_md"))
                .col(string("licence"))
                .col(string_len("kit_version", 32))
                .col(integer_null("previous_version_id"))
                .col(string_null("seed_key").unique_key())
                .foreign_key(&mut fk(
                    "workshop_kits",
                    "previous_version_id",
                    "workshop_kits",
                    SetNull,
                ))
                .take(),
        ),
        finish_editable(
            editable("workshop_sessions")
                .col(integer("kit_id"))
                .col(integer_null("venue_organisation_id"))
                .col(integer_null("facilitator_person_id"))
                .col(boolean("run_by_us").default(false))
                .col(boolean("we_attend").default(false))
                .col(date("held_on"))
                .col(integer_null("attendance"))
                .col(text_null("feedback"))
                .col(integer_null("campaign_id"))
                .foreign_key(&mut fk(
                    "workshop_sessions",
                    "kit_id",
                    "workshop_kits",
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "workshop_sessions",
                    "venue_organisation_id",
                    "organisations",
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    "workshop_sessions",
                    "facilitator_person_id",
                    "people",
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    "workshop_sessions",
                    "campaign_id",
                    "campaigns",
                    SetNull,
                ))
                .take(),
        ),
        Table::create()
            .table("audit_log")
            .if_not_exists()
            .col(pk_auto("id"))
            .col(timestamp_with_time_zone("at"))
            .col(integer_null("user_id"))
            .col(vocab("action"))
            .col(vocab("entity"))
            .col(integer("entity_id"))
            .col(string_null("label"))
            // {"field": ["old", "new"], …}
            .col(json_null("changes"))
            .foreign_key(&mut fk("audit_log", "user_id", "users", SetNull))
            .take(),
        Table::create()
            .table("search_outbox")
            .if_not_exists()
            .col(pk_auto("id"))
            .col(vocab("entity"))
            .col(integer("entity_id"))
            .col(vocab("op"))
            .col(timestamp_with_time_zone("created_at"))
            .col(integer("attempts").default(0))
            .col(timestamp_with_time_zone("available_at"))
            .col(timestamp_with_time_zone_null("locked_until"))
            .col(text_null("last_error"))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index("departements", &["region_code"]),
        index("organisations", &["departement_code", "kind"]),
        index("organisations", &["kind"]),
        index("organisations", &["region_code"]),
        index("organisations", &["parent_id"]),
        index("organisations", &["name"]),
        unique_index(
            "organisation_relations",
            &["source_id", "target_id", "kind"],
        ),
        index("organisation_relations", &["target_id"]),
        index("channels", &["organisation_id"]),
        index("organisation_tags", &["tag_id"]),
        index("people", &["email"]),
        index("people", &["full_name"]),
        index("memberships", &["person_id"]),
        index("memberships", &["organisation_id"]),
        index("campaign_objectives", &["campaign_id"]),
        unique_index("outreach_statuses", &["organisation_id", "campaign_id"]),
        index("outreach_statuses", &["campaign_id", "stage"]),
        index("outreach_statuses", &["not_before"]),
        index("outreach_stage_changes", &["outreach_status_id"]),
        index("interactions", &["follow_up_on"]),
        index("interactions", &["organisation_id", "occurred_on"]),
        index("interactions", &["person_id"]),
        index("interactions", &["occurred_on"]),
        index("interactions", &["campaign_id"]),
        index("events", &["starts_at"]),
        index("events", &["cfp_deadline"]),
        index("events", &["region_code", "starts_at"]),
        index("events", &["departement_code"]),
        index("event_organisers", &["organisation_id"]),
        unique_index("event_overrides", &["event_id", "recurrence_local"]),
        index("workshop_sessions", &["kit_id"]),
        index("workshop_sessions", &["held_on"]),
        index("workshop_sessions", &["venue_organisation_id"]),
        index("audit_log", &["entity", "entity_id"]),
        index("audit_log", &["at"]),
        index("audit_log", &["user_id"]),
        index("search_outbox", &["available_at"]),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in tables() {
            manager.create_table(table).await?;
        }
        for index in indexes() {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(*table).if_exists().take())
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_created_table_is_dropped() {
        let created = tables();
        assert_eq!(created.len(), TABLES.len());
        for (statement, name) in created.iter().zip(TABLES) {
            let sql = statement.to_string(SqliteQueryBuilder);
            let expected = format!("CREATE TABLE IF NOT EXISTS \"{name}\"");
            assert!(sql.starts_with(&expected), "{sql}");
        }
    }
}
