//! Password hashing with Argon2id (the `argon2` crate's defaults), off the
//! async runtime since hashing is deliberately slow.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand_core::OsRng;

/// Shortest password accepted.
pub const MIN_LENGTH: usize = 12;

/// Long enough, and not only spaces (a passphrase may contain spaces).
pub fn is_acceptable(password: &str) -> bool {
    password.chars().count() >= MIN_LENGTH && !password.trim().is_empty()
}

pub async fn hash(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

pub async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A password that can never match: used to spend the same time verifying
/// when the account does not exist, so timing does not reveal accounts.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0ty1cVNxGtYxD+eTsD8JWQ1+NhjK0QBGyhRXK5Md7XY";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let hashed = hash("correct horse battery".into()).await.expect("hash");
        assert!(hashed.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), hashed.clone()).await);
        assert!(!verify("wrong".into(), hashed).await);
        assert!(!verify("x".into(), DUMMY_HASH.into()).await);
    }
}
