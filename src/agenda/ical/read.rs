//! Reading iCalendar (RFC 5545): unfolding, content lines, nested
//! components, text unescaping and date values. Lenient where real files
//! are (LF line ends, date-only values without `VALUE=DATE`), strict where a
//! file is broken — and then the error names the line.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::zones;
use crate::agenda::message::Message;
use crate::web::Locale;

/// A problem of a file, at a line: refused files, events left out,
/// values read differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line of the file where the problem starts.
    pub line: usize,
    pub message: Message,
}

impl ParseError {
    pub fn new(line: usize, message: Message) -> ParseError {
        ParseError { line, message }
    }

    /// "ligne 12 : …" in `locale`.
    pub fn render(&self, locale: Locale) -> String {
        Message::new("agenda-ical-line")
            .with("line", self.line)
            .with("message", self.message.render(locale))
            .render(locale)
    }
}

/// In French (the command line).
impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Locale::Fr))
    }
}

#[derive(Debug, Clone)]
pub struct Property {
    pub name: String,
    pub params: Vec<(String, String)>,
    pub value: String,
    pub line: usize,
}

impl Property {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value as text, escapes undone.
    pub fn text(&self) -> String {
        unescape(&self.value)
    }

    /// An error about this property, naming its line.
    pub fn error(&self, message: Message) -> ParseError {
        ParseError::new(self.line, message)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Component {
    pub name: String,
    pub properties: Vec<Property>,
    pub children: Vec<Component>,
    pub line: usize,
}

impl Component {
    pub fn get(&self, name: &str) -> Option<&Property> {
        self.properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.properties
            .iter()
            .filter(move |p| p.name.eq_ignore_ascii_case(name))
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Component> + 'a {
        self.children
            .iter()
            .filter(move |c| c.name.eq_ignore_ascii_case(name))
    }
}

/// Logical lines (folded continuations joined) with their first line number.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        // RFC 5545 allows no control character but tab in a content line;
        // a NUL from a broken export would reach the database otherwise.
        let cleaned;
        let raw = if raw.chars().any(crate::values::limits::is_forbidden_char) {
            cleaned = raw
                .chars()
                .filter(|c| !crate::values::limits::is_forbidden_char(*c))
                .collect::<String>();
            cleaned.as_str()
        } else {
            raw
        };
        match raw.chars().next() {
            Some(' ' | '\t') if !lines.is_empty() => {
                if let Some((_, last)) = lines.last_mut() {
                    last.push_str(&raw[1..]);
                }
            }
            _ if raw.trim().is_empty() => {}
            _ => lines.push((index + 1, raw.to_owned())),
        }
    }
    lines
}

/// `NAME;P1=a,b;P2="x:y":value` → property (quotes may hide `;` and `:`).
fn content_line(line: usize, text: &str) -> Result<Property, ParseError> {
    let mut in_quotes = false;
    let mut colon = None;
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ':' if !in_quotes => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let Some(colon) = colon else {
        return Err(ParseError::new(
            line,
            Message::new("agenda-ical-no-colon").with("text", preview(text)),
        ));
    };
    let (head, value) = (&text[..colon], &text[colon + 1..]);
    let mut parts = split_unquoted(head, ';').into_iter();
    let name = parts.next().unwrap_or_default().trim().to_ascii_uppercase();
    let valid_name =
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !valid_name {
        return Err(ParseError::new(
            line,
            Message::new("agenda-ical-bad-name").with("name", preview(&name)),
        ));
    }
    let params = parts
        .map(|p| match p.split_once('=') {
            Some((k, v)) => Ok((
                k.trim().to_ascii_uppercase(),
                v.trim_matches('"').to_owned(),
            )),
            None => Err(ParseError::new(
                line,
                Message::new("agenda-ical-bad-param").with("param", preview(&p)),
            )),
        })
        .collect::<Result<_, _>>()?;
    Ok(Property {
        name,
        params,
        value: value.to_owned(),
        line,
    })
}

fn split_unquoted(text: &str, separator: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut in_quotes = false;
    for c in text.chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if c == separator && !in_quotes {
            parts.push(String::new());
        } else if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts
}

/// The start of `text`, to quote it in a message.
pub fn preview(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// Parses a whole file into its `VCALENDAR` component.
pub fn parse(text: &str) -> Result<Component, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut stack: Vec<Component> = Vec::new();
    let mut root: Option<Component> = None;
    for (line, logical) in unfold(text) {
        let property = content_line(line, &logical)?;
        match property.name.as_str() {
            "BEGIN" => {
                if root.is_some() {
                    return Err(property.error(Message::new("agenda-ical-after-end")));
                }
                let name = property.value.trim().to_ascii_uppercase();
                if stack.is_empty() && name != "VCALENDAR" {
                    return Err(property
                        .error(Message::new("agenda-ical-not-vcalendar").with("name", name)));
                }
                stack.push(Component {
                    name,
                    line,
                    ..Default::default()
                });
            }
            "END" => {
                let name = property.value.trim().to_ascii_uppercase();
                let Some(open) = stack.pop() else {
                    return Err(property
                        .error(Message::new("agenda-ical-end-without-begin").with("name", name)));
                };
                if open.name != name {
                    return Err(property.error(
                        Message::new("agenda-ical-end-mismatch")
                            .with("name", name)
                            .with("open", open.name)
                            .with("line", open.line),
                    ));
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(open),
                    None => root = Some(open),
                }
            }
            _ => match stack.last_mut() {
                Some(current) => current.properties.push(property),
                None => {
                    return Err(property.error(Message::new("agenda-ical-outside")));
                }
            },
        }
    }
    if let Some(open) = stack.pop() {
        return Err(ParseError::new(
            open.line,
            Message::new("agenda-ical-never-closed").with("name", open.name),
        ));
    }
    root.ok_or_else(|| ParseError::new(1, Message::new("agenda-ical-no-calendar")))
}

/// Undoes TEXT escapes: `\n`, `\,`, `\;`, `\\`.
pub fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A list value (CATEGORIES) split on unescaped commas, each unescaped.
pub fn split_list(value: &str) -> Vec<String> {
    let mut items = vec![String::new()];
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            if let Some(last) = items.last_mut() {
                last.push('\\');
                last.push(c);
            }
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ',' {
            items.push(String::new());
        } else if let Some(last) = items.last_mut() {
            last.push(c);
        }
    }
    items
        .iter()
        .map(|s| unescape(s).trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A DATE or DATE-TIME value, as the file gave it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum When {
    Date(NaiveDate),
    /// No zone at all: a wall-clock time "wherever you are".
    Floating(NaiveDateTime),
    Utc(DateTime<Utc>),
    Zoned(NaiveDateTime, Tz),
}

impl When {
    /// The wall-clock time in `tz` (floating times are taken as `tz`'s).
    pub fn local_in(self, tz: Tz) -> NaiveDateTime {
        match self {
            When::Date(d) => d.and_hms_opt(0, 0, 0).unwrap_or_default(),
            When::Floating(t) => t,
            When::Utc(t) => t.with_timezone(&tz).naive_local(),
            When::Zoned(t, zone) if zone == tz => t,
            When::Zoned(t, zone) => super::super::time::to_instant(t, zone)
                .with_timezone(&tz)
                .naive_local(),
        }
    }

    pub fn zone(self) -> Option<Tz> {
        match self {
            When::Zoned(_, tz) => Some(tz),
            When::Utc(_) => Some(chrono_tz::UTC),
            _ => None,
        }
    }
}

/// Resolves a TZID: IANA names, Windows names, or a VTIMEZONE of the file
/// recognised by its offsets.
pub struct ZoneResolver<'a> {
    pub calendar: &'a Component,
}

impl ZoneResolver<'_> {
    pub fn resolve(&self, tzid: &str) -> Option<Tz> {
        zones::resolve(tzid).or_else(|| {
            let definition = self
                .calendar
                .children_named("VTIMEZONE")
                .find(|z| z.get("TZID").is_some_and(|p| p.value.trim() == tzid.trim()))?;
            zones::from_offsets(definition)
        })
    }
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y%m%d").ok()
}

fn parse_date_time(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S").ok()
}

/// Parses one value of a date property (`DTSTART`, one item of `RDATE`…).
pub fn when(
    property: &Property,
    raw: &str,
    zones: &ZoneResolver<'_>,
    default_tz: Tz,
) -> Result<When, ParseError> {
    let raw = raw.trim();
    // RDATE;VALUE=PERIOD: the start is what matters for an occurrence.
    let raw = raw.split('/').next().unwrap_or(raw);
    let bad = || {
        property.error(
            Message::new("agenda-ical-bad-date")
                .with("value", raw)
                .with("property", &property.name),
        )
    };
    if property
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
        || raw.len() == 8
        || (raw.len() == 9 && raw.ends_with('Z'))
    {
        return parse_date(raw.trim_end_matches('Z'))
            .map(When::Date)
            .ok_or_else(bad);
    }
    if let Some(utc) = raw.strip_suffix('Z') {
        let t = parse_date_time(utc).ok_or_else(bad)?;
        return Ok(When::Utc(Utc.from_utc_datetime(&t)));
    }
    let t = parse_date_time(raw).ok_or_else(bad)?;
    match property.param("TZID") {
        Some(tzid) => Ok(When::Zoned(t, zones.resolve(tzid).unwrap_or(default_tz))),
        None => Ok(When::Floating(t)),
    }
}

/// Every value of a multi-valued date property (`EXDATE:a,b`).
pub fn whens(
    property: &Property,
    zones: &ZoneResolver<'_>,
    default_tz: Tz,
) -> Result<Vec<When>, ParseError> {
    property
        .value
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|item| when(property, item, zones, default_tz))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_lines_quoted_params_and_escapes() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Journ\r\n ée\\, pro\\nsuite\r\nX-A;P=\"a:b;c\":v\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let cal = parse(text).expect("valid");
        let event = cal.children_named("VEVENT").next().expect("event");
        assert_eq!(
            event.get("SUMMARY").expect("summary").text(),
            "Journée, pro\nsuite"
        );
        assert_eq!(event.get("X-A").and_then(|p| p.param("P")), Some("a:b;c"));
    }

    #[test]
    fn broken_files_name_their_line() {
        let missing_end = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VCALENDAR\n";
        let err = parse(missing_end).expect_err("mismatch");
        assert_eq!(err.line, 4);
        let no_colon = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY x\nEND:VEVENT\nEND:VCALENDAR\n";
        assert_eq!(parse(no_colon).expect_err("no colon").line, 3);
        assert_eq!(parse("hello").expect_err("not ics").line, 1);
    }

    #[test]
    fn categories_keep_escaped_commas() {
        assert_eq!(
            split_list("Meeting\\, John,Work\\, Sarah,Project"),
            ["Meeting, John", "Work, Sarah", "Project"]
        );
    }

    use proptest::prelude::*;

    /// Content lines, folded lines and structure in any order.
    fn any_line() -> impl Strategy<Value = String> {
        prop_oneof![
            "(BEGIN|END):(VCALENDAR|VEVENT|VTIMEZONE|STANDARD|X)",
            "[A-Z-]{1,12}(;[A-Z]{1,5}=(\"[^\"]{0,6}\"?|[a-z:;,]{0,6})){0,2}:\\PC{0,30}",
            "[ \t]\\PC{0,20}",
            "\\PC{0,40}",
            Just(String::new()),
            Just("\u{feff}BEGIN:VCALENDAR".to_owned()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_text_is_read_or_refused_without_a_panic(text in "\\PC*|[\\x00-\\x7f]{0,200}") {
            if let Err(err) = parse(&text) {
                prop_assert!(err.line >= 1);
            }
            let _ = unescape(&text);
            let _ = split_list(&text);
        }

        #[test]
        fn any_mix_of_lines_is_read_or_refused_without_a_panic(
            lines in prop::collection::vec(any_line(), 0..30),
            crlf in any::<bool>(),
        ) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            let lines_in_text = text.split('\n').count();
            match parse(&text) {
                Ok(calendar) => prop_assert_eq!(calendar.name, "VCALENDAR"),
                Err(err) => prop_assert!((1..=lines_in_text).contains(&err.line), "{err}"),
            }
        }
    }
}
