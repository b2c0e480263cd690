//! iCalendar, independent of relais's tables: reading files into
//! components (with line numbers for errors), writing content lines, and
//! naming time zones. The agenda maps events to and from these.

pub mod read;
pub mod write;
pub mod zones;
