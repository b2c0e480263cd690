//! Writing iCalendar (RFC 5545): CRLF line ends, lines folded at 75
//! octets without splitting a character, TEXT escaping, and VTIMEZONE
//! definitions for the zones the feed uses.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// Escapes a TEXT value: backslash, semicolon, comma and newlines.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

// Written by hand: chrono's strftime re-parses its pattern on every call,
// which shows in a feed of ten thousand events.
pub fn date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

pub fn local(t: NaiveDateTime) -> String {
    format!(
        "{}T{:02}{:02}{:02}",
        date(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

pub fn utc(t: DateTime<Utc>) -> String {
    format!("{}Z", local(t.naive_utc()))
}

/// Folds `parts` into `out` as one content line at 75 octets without
/// splitting a character, `room` octets being left on the current line;
/// continuation lines start with a space. Ends the line.
pub fn fold_into(out: &mut String, parts: &[&str], mut room: usize) {
    for part in parts {
        let mut rest = *part;
        while rest.len() > room {
            let mut cut = room;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            room = 74;
        }
        out.push_str(rest);
        room -= rest.len();
    }
    out.push_str("\r\n");
}

/// Where a text ends with a link to this application: the address is only
/// known per request, so it is written in when the feed is assembled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkHole {
    /// Offset in the text where the folded link (and its line end) goes.
    pub at: usize,
    /// The link's path, after the application's address.
    pub path: String,
}

/// Accumulates content lines.
#[derive(Default)]
pub struct Writer {
    out: String,
    holes: Vec<LinkHole>,
}

impl Writer {
    /// Writes `name:value` (the name may carry parameters), folded.
    pub fn line(&mut self, name: &str, value: &str) {
        self.parts(&[name, ":", value]);
    }

    /// Writes one content line made of `parts`, folded at 75 octets
    /// without splitting a character; continuation lines start with a space.
    pub fn parts(&mut self, parts: &[&str]) {
        fold_into(&mut self.out, parts, 75);
    }

    /// A TEXT property: `text` escaped, then a link to `path` of this
    /// application, which starts a continuation line of its own so that
    /// the folding before it does not depend on the address.
    pub fn text_then_link(&mut self, name: &str, text: &str, path: &str) {
        let mut head = String::new();
        fold_into(&mut head, &[name, ":", &escape(text)], 75);
        // A fold may fall anywhere: readers remove every CRLF + space.
        head.truncate(head.len() - 2);
        self.out.push_str(&head);
        self.out.push_str("\r\n ");
        self.holes.push(LinkHole {
            at: self.out.len(),
            path: path.to_owned(),
        });
    }

    /// A TEXT property, escaped; skipped when empty.
    pub fn text(&mut self, name: &str, value: &str) {
        if !value.trim().is_empty() {
            self.line(name, &escape(value));
        }
    }

    pub fn finish(self) -> String {
        self.out
    }

    /// The text and where links go in it ([`Writer::text_then_link`]).
    pub fn finish_with_holes(self) -> (String, Vec<LinkHole>) {
        (self.out, self.holes)
    }
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

fn offset_at(tz: Tz, y: i32, m: u32) -> i32 {
    let at = Utc
        .with_ymd_and_hms(y, m, 15, 12, 0, 0)
        .single()
        .unwrap_or_default();
    tz.offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc()
}

/// How a feed writes times of one zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneStyle {
    /// `TZID=…` with a VTIMEZONE the feed includes.
    Tzid,
    /// Converted to UTC: a zone whose rules the feed cannot describe.
    Utc,
}

/// Zones without daylight saving, and European ones (changes on the last
/// Sundays of March and October at 01:00 UTC), get a VTIMEZONE; others are
/// written in UTC.
pub fn style_of(tz: Tz) -> ZoneStyle {
    let (winter, summer) = (offset_at(tz, 2026, 1), offset_at(tz, 2026, 7));
    if winter == summer || tz.name().starts_with("Europe/") {
        ZoneStyle::Tzid
    } else {
        ZoneStyle::Utc
    }
}

/// The VTIMEZONE block of a zone whose style is [`ZoneStyle::Tzid`].
pub fn vtimezone(w: &mut Writer, tz: Tz) {
    let year = crate::clock::now().year();
    let (standard, daylight) = (offset_at(tz, year, 1), offset_at(tz, year, 7));
    w.line("BEGIN", "VTIMEZONE");
    w.line("TZID", tz.name());
    if standard == daylight {
        w.line("BEGIN", "STANDARD");
        w.line("DTSTART", "19700101T000000");
        w.line("TZOFFSETFROM", &offset_text(standard));
        w.line("TZOFFSETTO", &offset_text(standard));
        w.line("END", "STANDARD");
    } else {
        // The change happens at 01:00 UTC: local wall-clock before it.
        let to_daylight = 1 + standard / 3600;
        let to_standard = 1 + daylight / 3600;
        w.line("BEGIN", "DAYLIGHT");
        w.line("DTSTART", &format!("19700329T{to_daylight:02}0000"));
        w.line("TZOFFSETFROM", &offset_text(standard));
        w.line("TZOFFSETTO", &offset_text(daylight));
        w.line("RRULE", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
        w.line("END", "DAYLIGHT");
        w.line("BEGIN", "STANDARD");
        w.line("DTSTART", &format!("19701025T{to_standard:02}0000"));
        w.line("TZOFFSETFROM", &offset_text(daylight));
        w.line("TZOFFSETTO", &offset_text(standard));
        w.line("RRULE", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
        w.line("END", "STANDARD");
    }
    w.line("END", "VTIMEZONE");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_breaking_characters() {
        let mut w = Writer::default();
        let summary = "Journée régionale de la médiation numérique — ".repeat(5);
        w.text("SUMMARY", &summary);
        let out = w.finish();
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = out.replace("\r\n ", "").replace("\r\n", "");
        assert_eq!(unfolded, format!("SUMMARY:{summary}"));
    }

    #[test]
    fn a_link_filled_in_later_folds_and_unfolds_like_the_whole_text() {
        for text in [
            "",
            "Journée d'étude, à Nantes ; entrée libre.\n\n"
                .repeat(3)
                .as_str(),
        ] {
            let mut w = Writer::default();
            w.text_then_link("DESCRIPTION", text, "/events/42");
            w.line("END", "VEVENT");
            let (body, holes) = w.finish_with_holes();
            let base =
                "https://relais.example.org/une/adresse/publique/assez/longue/pour/etre/pliee";
            let mut out = body[..holes[0].at].to_owned();
            fold_into(&mut out, &[base, &holes[0].path], 74);
            out.push_str(&body[holes[0].at..]);
            for line in out.split("\r\n").filter(|l| !l.is_empty()) {
                assert!(line.len() <= 75, "{} octets: {line}", line.len());
            }
            assert_eq!(
                out.replace("\r\n ", ""),
                format!(
                    "DESCRIPTION:{}{base}/events/42\r\nEND:VEVENT\r\n",
                    escape(text)
                )
            );
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }

    #[test]
    fn paris_changes_at_two_and_three_local() {
        let mut w = Writer::default();
        vtimezone(&mut w, chrono_tz::Europe::Paris);
        let out = w.finish();
        assert!(out.contains("DTSTART:19700329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200"));
        assert!(out.contains("DTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100"));
        assert_eq!(style_of(chrono_tz::America::New_York), ZoneStyle::Utc);
        assert_eq!(style_of(chrono_tz::Indian::Reunion), ZoneStyle::Tzid);
    }
}
