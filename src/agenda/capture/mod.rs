//! Event-day capture: what a volunteer notes at a stand, on a phone and
//! without script ([`form`], [`views`]), waits in the event's triage
//! queue; after the day each entry is resolved into a person (merged into
//! one already known, never duplicated), an organisation, the lawful basis
//! and a logged contact with its follow-up ([`store::triage`]), and
//! nothing typed stays in the queue. Entries waiting longer than
//! [`store::FLAG_DAYS`] are flagged. Owns `capture_entries`; people,
//! organisations and contacts are written through their areas' stores.

pub mod form;
pub(crate) mod routes;
pub mod store;
pub mod views;
