//! Key material that must never be printed (the token-signing secret, the metrics token): a value
//! type whose `Debug` hides it, with the strength check every configured secret passes.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use rand::RngCore;

/// The fewest bytes a signing secret may have (HS256 wants 256 bits).
pub const MIN_SECRET_BYTES: usize = 32;

/// The fewest distinct bytes a secret may have; `aaaa…` or `abab…` is not a key.
const MIN_DISTINCT_BYTES: usize = 8;

/// Random bytes in a generated secret.
const GENERATED_SECRET_BYTES: usize = 48;

/// Key material that must never be printed: `Debug` shows `Secret(***)` and there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// Wraps key material.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Secret(bytes.into())
    }

    /// The key bytes, for the signing library only.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// `Ok` when the secret is at least 32 bytes with some variety; else why not, without the value.
    pub fn check_strength(&self) -> Result<(), String> {
        let bytes = &self.0;
        if bytes.len() < MIN_SECRET_BYTES {
            return Err(format!(
                "the JWT secret is too short: it needs at least {MIN_SECRET_BYTES} bytes (for example \
                 `openssl rand -base64 48`)"
            ));
        }
        let mut seen = [false; 256];
        for b in bytes {
            seen[usize::from(*b)] = true;
        }
        let distinct = seen.iter().filter(|s| **s).count();
        if distinct < MIN_DISTINCT_BYTES || is_periodic(bytes) {
            return Err(
                "the JWT secret is too weak: use random bytes (for example `openssl rand -base64 48`)"
                    .into(),
            );
        }
        Ok(())
    }

    /// 48 fresh random bytes, base64.
    pub fn generate() -> Self {
        let mut bytes = [0u8; GENERATED_SECRET_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        Secret(
            base64::engine::general_purpose::STANDARD
                .encode(bytes)
                .into_bytes(),
        )
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.as_bytes().to_vec())
    }
}

/// Never fails, so that clap cannot echo the value in an error message; strength is checked at
/// start-up instead.
impl FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret::from(s))
    }
}

/// Whether `bytes` is a shorter block repeated (`abcabcabc…`, `0123456789abcdef0123456789abcdef`).
fn is_periodic(bytes: &[u8]) -> bool {
    (1..=bytes.len() / 2).any(|p| bytes.iter().zip(&bytes[p..]).all(|(a, b)| a == b))
}
