//! Small value types parsed once where input enters ("parse, don't
//! validate"): holding one means the value is well-formed.

use std::fmt;

/// An email address, trimmed and lower-cased; loosely checked (one `@`, a
/// dot in the domain, no spaces) since the only proof is a reply.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Returns the translation key of the problem when `input` is no address.
    pub fn parse(input: &str) -> Result<Email, &'static str> {
        let value = input.trim().to_lowercase();
        if value.is_empty() {
            return Err("error-required");
        }
        let valid = value.len() <= 254
            && !value.chars().any(char::is_whitespace)
            && match value.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if valid {
            Ok(Email(value))
        } else {
            Err("error-email-invalid")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The longest text each kind of field takes, in characters: the same on
/// SQLite (which would take anything) and PostgreSQL (whose indexes refuse
/// rows over about 2,700 bytes). Checked where input enters: every form
/// field and query parameter in the request guard ([`limits::for_field`]),
/// every imported cell in the importers.
pub mod limits {
    /// Names and titles (organisations, people, events, kits, tags).
    pub const NAME: usize = 200;
    /// E-mail addresses (RFC 5321).
    pub const EMAIL: usize = 254;
    /// Other one-line values: communes, roles, identifiers, addresses.
    pub const LINE: usize = 500;
    /// Web addresses.
    pub const URL: usize = 2_000;
    /// Notes, descriptions, summaries; any field not named.
    pub const TEXT: usize = 20_000;
    /// Whole documents: a workshop kit's Markdown steps.
    pub const DOCUMENT: usize = 100_000;

    /// The limit of a form field or query parameter, by its name.
    pub fn for_field(name: &str) -> usize {
        match name {
            "name" | "full_name" | "title" | "display_name" | "acronym" | "tag" => NAME,
            "email" => EMAIL,
            "commune" | "role" | "postcode" | "address" | "phone" | "source" | "external_id"
            | "label" | "handle" => LINE,
            "website" | "url" | "contact_form_url" | "cfp_url" => URL,
            "steps_md" => DOCUMENT,
            _ => TEXT,
        }
    }

    /// A control character other than tab and line breaks: never typed,
    /// refused by PostgreSQL (NUL), invisible on the page.
    pub fn is_forbidden_char(c: char) -> bool {
        c.is_control() && !matches!(c, '\t' | '\n' | '\r')
    }
}

/// A name as lists sort it: accents and case folded ("Émile" with "emile",
/// before "Zoé"), spaces squeezed; the same on SQLite and PostgreSQL since
/// it is computed here and stored.
pub fn sort_key(name: &str) -> String {
    let folded = deunicode::deunicode(name).to_lowercase();
    let key: String = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    key.chars().take(limits::NAME).collect()
}

/// Trimmed text, `None` when blank: optional form fields.
pub fn optional_text(input: &str) -> Option<String> {
    let trimmed = input.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// A case-insensitive "contains" condition that behaves the same on SQLite
/// and PostgreSQL (whose `LIKE` is case-sensitive); `%` and `_` typed by
/// the user are matched literally.
pub fn contains_ci<C: sea_orm::ColumnTrait>(
    column: C,
    text: &str,
) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Expr, Func, LikeExpr};
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    Expr::expr(Func::lower(Expr::col(column)))
        .like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Camille@Example.ORG ").map(|e| e.to_string()),
            Ok("camille@example.org".into())
        );
        assert_eq!(Email::parse(""), Err("error-required"));
        for bad in [
            "camille",
            "camille@",
            "@example.org",
            "a@b",
            "a b@example.org",
            "a@@b.org",
            "a@b.",
        ] {
            assert_eq!(Email::parse(bad), Err("error-email-invalid"), "{bad}");
        }
    }
}
