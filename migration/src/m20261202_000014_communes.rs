//! Reference communes, "around here", visit tours and commune notes (issue 25).
//!
//! - `epcis` and `communes`: reference data loaded from files by
//!   `geo::load_dir` (never typed), keyed by SIREN and INSEE code.
//!   `communes.postcodes` holds the commune's postcodes separated by
//!   spaces ("35000 35200 35700"); `search_name` its name folded (accents,
//!   case, hyphens) for lookups typed by hand.
//! - `organisations.commune_code`: the organisation's commune (INSEE code),
//!   set by imports and the form's picker. No foreign key: communes are
//!   reference data loaded from a file after the schema, possibly later
//!   than the organisations (a restored backup, a fresh test database); a
//!   free-text `commune` without a code is "to check".
//!   `organisations.weekly_opening_hours`: hours open per week (the
//!   national list's `amplitude_horaire`).
//!   Indexed on (latitude, longitude) for the bounding box of "around".
//! - `users.commune_code`: "my commune", where "around me" starts.
//! - `commune_notes`: one shared note of local context per commune (who
//!   decides on the library, municipal priorities, the mayor's public
//!   office and term), dated and sourced; its history is the audit log.
//! - `tours` and `tour_stops`: a volunteer's visit tours, each stop an
//!   organisation, and the contact it became once recorded.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema_helpers::{editable, finish_editable, fk, index, unique_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000014_communes"
    }
}

/// (table, column, definition), one statement each (SQLite adds them one
/// at a time).
fn columns() -> Vec<(&'static str, &'static str, ColumnDef)> {
    vec![
        (
            "organisations",
            "commune_code",
            string_len_null("commune_code", 5),
        ),
        (
            "organisations",
            "weekly_opening_hours",
            double_null("weekly_opening_hours"),
        ),
        ("users", "commune_code", string_len_null("commune_code", 5)),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("epcis")
                    .if_not_exists()
                    .col(string_len("siren", 9).primary_key())
                    .col(string_len("name", 200))
                    .col(string_len("kind", 16))
                    .col(integer_null("population"))
                    .col(integer_null("members"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("communes")
                    .if_not_exists()
                    .col(string_len("code", 5).primary_key())
                    .col(string_len("name", 200))
                    .col(string_len("search_name", 200))
                    .col(string_len("departement_code", 3))
                    .col(string_len("region_code", 3))
                    .col(string_len("postcodes", 200))
                    .col(integer_null("population"))
                    .col(string_len_null("epci_siren", 9))
                    .col(double_null("latitude"))
                    .col(double_null("longitude"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("communes", &["search_name"]))
            .await?;
        manager
            .create_index(index("communes", &["departement_code"]))
            .await?;
        manager
            .create_index(index("communes", &["epci_siren"]))
            .await?;
        for (table, _, mut column) in columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(index("organisations", &["commune_code"]))
            .await?;
        manager
            .create_index(index("organisations", &["latitude", "longitude"]))
            .await?;
        manager
            .create_table(finish_editable(
                editable("commune_notes")
                    .col(string_len("commune_code", 5))
                    .col(text_null("library_decides"))
                    .col(text_null("priorities"))
                    .col(text_null("mayor"))
                    .col(string_len("source", 500))
                    .col(date("noted_on"))
                    .col(integer_null("user_id"))
                    .foreign_key(&mut fk(
                        "commune_notes",
                        "user_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            ))
            .await?;
        manager
            .create_index(unique_index("commune_notes", &["commune_code"]))
            .await?;
        manager
            .create_table(finish_editable(
                editable("tours")
                    .col(integer("user_id"))
                    .col(string_len("name", 200))
                    .col(string_len_null("start_commune_code", 5))
                    .col(date_null("recorded_on"))
                    .foreign_key(&mut fk(
                        "tours",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            ))
            .await?;
        manager.create_index(index("tours", &["user_id"])).await?;
        manager
            .create_table(
                Table::create()
                    .table("tour_stops")
                    .if_not_exists()
                    .col(pk_auto("id"))
                    .col(integer("tour_id"))
                    .col(integer("organisation_id"))
                    .col(integer("position"))
                    .col(integer_null("interaction_id"))
                    .foreign_key(&mut fk(
                        "tour_stops",
                        "tour_id",
                        "tours",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "tour_stops",
                        "organisation_id",
                        "organisations",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "tour_stops",
                        "interaction_id",
                        "interactions",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index("tour_stops", &["tour_id", "organisation_id"]))
            .await?;
        manager
            .create_index(index("tour_stops", &["organisation_id"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["tour_stops", "tours", "commune_notes"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for (table, name) in [
            ("organisations", "latitude_longitude"),
            ("organisations", "commune_code"),
        ] {
            manager
                .drop_index(
                    Index::drop()
                        .name(format!("idx_{table}_{name}"))
                        .table(table)
                        .to_owned(),
                )
                .await?;
        }
        for (table, name, _) in columns().into_iter().rev() {
            manager
                .alter_table(Table::alter().table(table).drop_column(name).to_owned())
                .await?;
        }
        for table in ["communes", "epcis"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
