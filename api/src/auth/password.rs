//! Password hashing: argon2id with the OWASP minimum (`Argon2::default()`: m=19456 KiB, t=2, p=1), stored
//! as a PHC string. Hashing and verifying take tens of milliseconds of CPU, so the async functions run
//! them on the blocking pool.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;

use super::AuthError;

/// The shortest password accepted for a new or reset password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// The longest password looked at, in bytes; longer ones are refused before hashing.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// A hash of a password nobody knows, with the same parameters as real ones. Verifying against it
/// makes a login for an unknown email cost what a wrong password costs.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$0cnqjaAPHCj00Vjq5r3Jow$LqWnufl0limmH/5LD0Htxs7O/cG+zQm50eShhjNbvFM";

/// Checks the rules for a new password: at least 12 characters, at most 1 KiB.
pub fn check_new_password(password: &str) -> Result<(), AuthError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AuthError::BadInput(format!(
            "the password must have at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AuthError::BadInput(format!(
            "the password must have at most {MAX_PASSWORD_BYTES} bytes"
        )));
    }
    Ok(())
}

/// The argon2id PHC string of `password`, with a fresh 16-byte salt. Blocking: see [`hash`].
pub fn hash_blocking(password: &str) -> Result<String, AuthError> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(AuthError::internal)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(AuthError::internal)
}

/// Whether `password` matches the PHC string `stored`; `None` verifies against a dummy hash and is
/// always false. A stored string that does not parse is false too (and logged).
pub fn verify_blocking(password: &str, stored: Option<&str>) -> bool {
    let (phc, real) = match stored {
        Some(s) => (s, true),
        None => (DUMMY_HASH, false),
    };
    let parsed = match PasswordHash::new(phc) {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e, "a stored password hash does not parse");
            // Still spend the time, so a broken row does not stand out either.
            let _ = verify_blocking(password, None);
            return false;
        }
    };
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    matches && real
}

/// [`hash_blocking`] on the blocking pool.
pub async fn hash(password: &str) -> Result<String, AuthError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(AuthError::internal)?
}

/// [`verify_blocking`] on the blocking pool.
pub async fn verify(password: &str, stored: Option<&str>) -> Result<bool, AuthError> {
    let password = password.to_owned();
    let stored = stored.map(str::to_owned);
    tokio::task::spawn_blocking(move || verify_blocking(&password, stored.as_deref()))
        .await
        .map_err(AuthError::internal)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn a_stored_hash_is_argon2id_with_the_owasp_minimum_parameters() {
        let phc = hash_blocking("correct horse battery staple").unwrap();
        assert!(
            phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "unexpected parameters: {phc}"
        );
        let parsed = PasswordHash::new(&phc).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        assert_eq!(parsed.salt.map(|s| s.as_str().len()), Some(22)); // 16 bytes, base64 without padding
    }

    #[test]
    fn two_hashes_of_one_password_differ_by_their_salt_and_both_verify() {
        let a = hash_blocking("correct horse battery staple").unwrap();
        let b = hash_blocking("correct horse battery staple").unwrap();
        assert_ne!(a, b);
        assert!(verify_blocking("correct horse battery staple", Some(&a)));
        assert!(verify_blocking("correct horse battery staple", Some(&b)));
        assert!(!verify_blocking("correct horse battery stapler", Some(&a)));
    }

    #[test]
    fn the_dummy_hash_has_the_real_parameters_and_never_verifies() {
        assert!(DUMMY_HASH.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify_blocking("", None));
        assert!(!verify_blocking("anything at all", None));
    }

    #[test]
    fn a_broken_stored_hash_is_a_mismatch_not_a_panic() {
        assert!(!verify_blocking("whatever", Some("not a phc string")));
        assert!(!verify_blocking("whatever", Some("")));
    }

    #[test]
    fn new_passwords_need_twelve_characters_and_at_most_one_kibibyte() {
        assert!(check_new_password("elevenchars").is_err());
        assert!(check_new_password("twelve chars").is_ok());
        assert!(check_new_password("ünïcödé-pässwörd").is_ok());
        assert!(check_new_password(&"x".repeat(MAX_PASSWORD_BYTES + 1)).is_err());
    }
}
