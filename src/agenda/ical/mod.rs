//! iCalendar, independent of relais's tables: reading files into
//! components (with line numbers for errors), writing content lines, and
//! naming time zones. The agenda maps events to and from these.
//!
//! Why a reader of our own: files come from volunteers and organisers'
//! sites, and a refused one must say what is wrong and on which line of
//! the file as it was sent (before unfolding), in the volunteer's language
//! ([`read::ParseError`] carries a translation key); real exports are
//! tolerated where they bend the RFC (LF line ends, a byte-order mark,
//! dates without `VALUE=DATE`) and their zones resolved whatever they are
//! called — Windows names from Outlook and Exchange, or a VTIMEZONE of the
//! file recognised by its offsets ([`zones`]). The `icalendar` crate, used
//! by our tests as an independent reader of the feed we write, parses
//! well-formed files but reports errors as English text numbered on the
//! unfolded content and maps no vendor zone names, so it would still need
//! all of the above around it. Recurrence itself is the `rrule` crate's.

pub mod read;
pub mod write;
pub mod zones;
