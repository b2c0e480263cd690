//! Probable duplicates among people: the same name but for accents, case
//! and spacing, the same e-mail address, or the same phone number. Erased
//! people are left out; two people who both carry an import id are told
//! apart by it (the import's rule). The pairing and the store of dismissed
//! pairs are the directory's ([`crate::directory::duplicates`]).

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use crate::directory::duplicates::{
    Candidate, Pair, Reason, Side, dismiss_pair, dismissed, pair_up,
};
use crate::entities::{person, person_duplicate_dismissal};
use crate::transfer::import::fold;

type Row = (i32, String, Option<String>, Option<String>, Option<String>);

/// Every probable pair of people (smaller id first), strongest reason
/// first, then by name.
pub async fn probable(db: &impl ConnectionTrait) -> Result<Vec<Pair>, DbErr> {
    use person::Column as C;
    let rows: Vec<Row> = person::Entity::find()
        .select_only()
        .columns([C::Id, C::FullName, C::Email, C::Phone, C::ExternalId])
        .filter(C::ErasedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    let dismissed = dismissed::<person_duplicate_dismissal::Entity>(db).await?;
    let candidates: Vec<Candidate> = rows
        .iter()
        .map(|(id, name, email, phone, external)| {
            let mut c = Candidate::new(*id, external.is_some());
            c.key(Reason::Name, Some(fold(name)));
            c.key(
                Reason::Email,
                email.as_deref().map(|e| e.trim().to_lowercase()),
            );
            c.key(Reason::Phone, phone.as_deref().and_then(phone_key));
            c
        })
        .collect();
    let by_id: HashMap<i32, &Row> = rows.iter().map(|r| (r.0, r)).collect();
    Ok(pair_up(&candidates, &dismissed, |id| {
        by_id.get(&id).map(|r| Side {
            id,
            name: r.1.clone(),
            detail: r.2.clone(),
            kind: None,
        })
    }))
}

/// A phone number's digits, the French way ("+33 6 12…" and "06 12…" are
/// one number); `None` when too short to tell anyone apart.
pub fn phone_key(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits.strip_prefix("0033") {
        format!("0{rest}")
    } else if phone.trim_start().starts_with('+') && digits.starts_with("33") {
        format!("0{}", &digits[2..])
    } else {
        digits
    };
    (national.len() >= 6).then_some(national)
}

/// "These are two people": the pair is no longer offered.
pub async fn dismiss(
    db: &impl ConnectionTrait,
    a: i32,
    b: i32,
    actor: Option<i32>,
) -> Result<(), DbErr> {
    dismiss_pair::<person_duplicate_dismissal::Entity>(db, a, b, actor).await
}

#[cfg(test)]
mod tests {
    use super::phone_key;

    #[test]
    fn phone_numbers_are_compared_by_their_national_digits() {
        assert_eq!(phone_key("+33 6 12 34 56 78"), phone_key("06.12.34.56.78"));
        assert_eq!(phone_key("0033612345678"), phone_key("06 12 34 56 78"));
        assert_eq!(phone_key("12"), None);
    }
}
