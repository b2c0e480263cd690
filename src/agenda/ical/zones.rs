//! Time-zone names found in real calendar files: IANA names (sometimes
//! with a leading `/` or quotes), Windows names from Exchange and Outlook,
//! and custom VTIMEZONE definitions recognised by their offsets and rules.

use chrono_tz::Tz;

use super::read::Component;

/// Windows zone names (Exchange, Outlook, Teams) → IANA, per the Unicode
/// CLDR mapping, for the zones a French association meets.
const WINDOWS: &[(&str, &str)] = &[
    ("Romance Standard Time", "Europe/Paris"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Morocco Standard Time", "Africa/Casablanca"),
    ("W. Central Africa Standard Time", "Africa/Lagos"),
    ("Reunion Standard Time", "Indian/Reunion"),
    ("Mauritius Standard Time", "Indian/Mauritius"),
    ("SA Western Standard Time", "America/La_Paz"),
    ("SA Eastern Standard Time", "America/Cayenne"),
    ("Central Pacific Standard Time", "Pacific/Guadalcanal"),
    ("Eastern Standard Time", "America/New_York"),
    ("Central Standard Time", "America/Chicago"),
    ("Mountain Standard Time", "America/Denver"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("UTC", "UTC"),
    ("Coordinated Universal Time", "UTC"),
];

/// The zone a TZID names, if it is a known IANA or Windows name.
pub fn resolve(tzid: &str) -> Option<Tz> {
    let name = tzid.trim().trim_matches('"').trim_start_matches('/');
    if let Ok(tz) = name.parse::<Tz>() {
        return Some(tz);
    }
    // Some producers prefix a vendor path: "/mozilla.org/20050126_1/Europe/Paris".
    if let Some(tz) = name
        .match_indices('/')
        .map(|(i, _)| &name[i + 1..])
        .find_map(|tail| tail.parse::<Tz>().ok())
    {
        return Some(tz);
    }
    WINDOWS
        .iter()
        .find(|(windows, _)| windows.eq_ignore_ascii_case(name))
        .and_then(|(_, iana)| iana.parse().ok())
}

/// A custom VTIMEZONE recognised by its standard and daylight offsets.
pub fn from_offsets(definition: &Component) -> Option<Tz> {
    let offset = |part: &str| {
        definition
            .children_named(part)
            .next()
            .and_then(|c| c.get("TZOFFSETTO"))
            .map(|p| p.value.trim().to_owned())
    };
    let zone = match (offset("STANDARD")?.as_str(), offset("DAYLIGHT").as_deref()) {
        ("+0100", Some("+0200")) => "Europe/Paris",
        ("+0000", Some("+0100")) => "Europe/London",
        ("+0200", Some("+0300")) => "Europe/Helsinki",
        ("-0500", Some("-0400")) => "America/New_York",
        ("-0800", Some("-0700")) => "America/Los_Angeles",
        ("+0100", None) => "Africa/Lagos",
        ("+0000", None) => "UTC",
        ("+0400", None) => "Indian/Reunion",
        ("-0400", None) => "America/Martinique",
        ("-0300", None) => "America/Cayenne",
        ("+1100", None) => "Pacific/Noumea",
        _ => return None,
    };
    zone.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iana_windows_and_prefixed_names() {
        assert_eq!(resolve("Europe/Paris"), Some(chrono_tz::Europe::Paris));
        assert_eq!(resolve("/Europe/Vienna"), Some(chrono_tz::Europe::Vienna));
        assert_eq!(
            resolve("/mozilla.org/20050126_1/Europe/Paris"),
            Some(chrono_tz::Europe::Paris)
        );
        assert_eq!(
            resolve("W. Europe Standard Time"),
            Some(chrono_tz::Europe::Berlin)
        );
        assert_eq!(resolve("Somewhere Else"), None);
    }
}
