//! Agenda: professional events, calls for proposals, recurrence and
//! iCalendar feeds. For now it owns how wall-clock times become instants.

pub mod store;
pub mod time;
