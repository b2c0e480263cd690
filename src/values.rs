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
