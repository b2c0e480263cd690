//! Messages decided away from any request — a calendar file's problems, a
//! followed feed's errors — kept as a translation key and its arguments
//! until they are shown: in the reader's language on a page or in JSON, in
//! French on the command line ([`Display`](std::fmt::Display)) and where a
//! message is stored as text.

use std::fmt;

use crate::web::Locale;
use crate::web::i18n::arg;

/// A key of `locales/*/agenda.ftl` with its `{ $name }` arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    pub fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// The message with one more argument.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Message {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn render(&self, locale: Locale) -> String {
        let args: Vec<_> = self
            .args
            .iter()
            .map(|(name, value)| arg(name, value.clone()))
            .collect();
        locale.t_args(self.key, &args)
    }
}

/// In French: the command line's language, and the one stored messages
/// are kept in.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Locale::Fr))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files that build messages: each key they name exists in both
    /// languages (a missing one would show as the key itself).
    const SOURCES: &[&str] = &[
        include_str!("ical/read.rs"),
        include_str!("import.rs"),
        include_str!("fetch.rs"),
        include_str!("feed.rs"),
        include_str!("subscriptions.rs"),
        include_str!("store/occurrences.rs"),
    ];

    #[test]
    fn every_message_key_is_translated() {
        let mut keys = 0;
        for source in SOURCES {
            for rest in source.split("Message::new(\"").skip(1) {
                let key = rest.split('"').next().unwrap_or_default();
                for locale in Locale::ALL {
                    assert!(locale.has(key), "{} lacks {key}", locale.code());
                }
                keys += 1;
            }
        }
        assert!(keys > 20, "only {keys} keys found");
    }

    #[test]
    fn arguments_fill_the_message_in_each_language() {
        let message = Message::new("agenda-fetch-status").with("status", "404 Not Found");
        assert_eq!(message.to_string(), "le serveur répond 404 Not Found");
        assert_eq!(
            message.render(Locale::En),
            "the server answered 404 Not Found"
        );
    }
}
