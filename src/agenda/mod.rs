//! Agenda: professional events, calls for proposals, recurrence and
//! iCalendar feeds in and out.
//!
//! - [`store`]: events, their organisers and changed occurrences;
//! - [`recurrence`]: RRULE/RDATE/EXDATE expansion in the event's zone;
//! - [`ical`]: reading and writing iCalendar, independent of our tables;
//! - [`import`] (files and feeds in), [`feed`] (`/events.ics` out, personal
//!   feed tokens, [`feed_cache`] for unchanged feeds), [`subscriptions`]
//!   (followed feeds, refreshed in the background) read through [`fetch`]
//!   (public addresses only, limits);
//! - [`message`]: what files and feeds say, kept as translation keys;
//! - [`links`]: which links an event may keep;
//! - [`form`], [`views`], `routes`: the pages, one module a sub-feature
//!   (events, occurrences, feeds, import, calls, lineage);
//! - [`lineage`]: editions of a yearly event, the next one's probable date;
//! - [`capture`]: what is noted at a stand, and its triage into people.
//!
//! Régions and départements come from [`crate::geography`].

pub mod capture;
pub mod feed;
pub mod feed_cache;
pub mod fetch;
pub mod form;
pub mod ical;
pub mod import;
pub mod lineage;
pub mod links;
pub mod message;
pub mod recurrence;
mod routes;
pub mod store;
pub mod subscriptions;
pub mod time;
pub mod views;

pub use routes::routes;
