//! SeaORM entities: one file per table, plain data, no behaviour.
//!
//! The schema itself is defined by the `migration` crate; these structs must
//! match it column for column (the migration tests round-trip every table).
//! Closed vocabularies live in [`vocabulary`].

pub mod api_rate_window;
pub mod api_token;
pub mod audit_entry;
pub mod campaign;
pub mod campaign_objective;
pub mod campaign_owner;
pub mod capture_entry;
pub mod change_stamp;
pub mod channel;
pub mod commune;
pub mod commune_note;
pub mod departement;
pub mod duplicate_dismissal;
pub mod epci;
pub mod event;
pub mod event_feed;
pub mod event_lineage;
pub mod event_organiser;
pub mod event_override;
pub mod form_submission;
pub mod import_job;
pub mod import_upload;
pub mod interaction;
pub mod invitation;
pub mod login_attempt;
pub mod membership;
pub mod organisation;
pub mod organisation_alias;
pub mod organisation_relation;
pub mod organisation_tag;
pub mod outbox_entry;
pub mod outreach_claim;
pub mod outreach_stage_change;
pub mod outreach_status;
pub mod person;
pub mod person_alias;
pub mod person_duplicate_dismissal;
pub mod region;
pub mod saved_view;
pub mod search_consumer;
pub mod search_log;
pub mod session;
pub mod setting;
pub mod tag;
pub mod tour;
pub mod tour_stop;
pub mod user;
pub mod vocabulary;
pub mod webhook;
pub mod webhook_delivery;
pub mod workshop_kit;
pub mod workshop_session;

pub use vocabulary::*;
