//! Callers recently checked against the database, so a busy client does not cost a user or token
//! lookup per request.
//!
//! An entry is the [`Caller`] a bearer token stood for when it was last checked; it is trusted for at
//! most [`CALLER_TTL`] and never past the token's own expiry. A signed token's signature, expiry and
//! not-before are still checked on every request; only the database lookup behind it (disabled?
//! changed? revoked?) is reused. So a user disabled, re-keyed or given another role, or a service
//! token revoked, is refused by every process within [`CALLER_TTL`]; the process that made the change
//! forgets every entry at once ([`CallerCache::clear`], after each mutation).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::Caller;

/// How long a checked caller is reused without looking at the database again.
pub const CALLER_TTL: Duration = Duration::from_secs(1);

/// Entries kept before the expired ones are dropped (and, if none is expired, all of them).
const MAX_ENTRIES: usize = 10_000;

/// An entry's key: the SHA-256 of the token, so tokens are neither kept nor compared in the clear.
type Key = [u8; 32];

fn key(token: &str) -> Key {
    Sha256::digest(token.as_bytes()).into()
}

/// Recently checked callers by bearer token.
#[derive(Debug, Default)]
pub struct CallerCache {
    entries: Mutex<HashMap<Key, (Caller, Instant)>>,
}

impl CallerCache {
    /// The caller `token` stood for, if it was checked recently enough.
    pub fn get(&self, token: &str) -> Option<Caller> {
        let entries = self.lock();
        let (caller, until) = entries.get(&key(token))?;
        (Instant::now() < *until).then(|| caller.clone())
    }

    /// Remembers the caller `token` stands for, for [`CALLER_TTL`] or until `expires_in` (the token's
    /// own remaining lifetime), whichever is shorter.
    pub fn put(&self, token: &str, caller: &Caller, expires_in: Option<Duration>) {
        let now = Instant::now();
        let until = now + expires_in.map_or(CALLER_TTL, |e| e.min(CALLER_TTL));
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (_, until)| *until > now);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key(token), (caller.clone(), until));
    }

    /// Forgets every entry: the next request of each token is checked against the database.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, (Caller, Instant)>> {
        // A panic while holding the lock leaves a map that is still valid.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn someone() -> Caller {
        Caller {
            user_id: Some(7),
            service_token_id: None,
            label: "a@example.com".into(),
            role: Some(super::super::Role::Analyst),
            partner: None,
        }
    }

    #[test]
    fn an_entry_is_reused_until_its_token_expires_and_forgotten_on_clear() {
        let cache = CallerCache::default();
        assert_eq!(cache.get("t"), None);
        cache.put("t", &someone(), None);
        assert_eq!(cache.get("t"), Some(someone()));
        cache.put("expired", &someone(), Some(Duration::ZERO));
        assert_eq!(cache.get("expired"), None, "never past the token's expiry");
        cache.clear();
        assert_eq!(cache.get("t"), None);
    }

    #[test]
    fn the_cache_stays_bounded() {
        let cache = CallerCache::default();
        for i in 0..MAX_ENTRIES + 5 {
            cache.put(&format!("t{i}"), &someone(), None);
        }
        assert!(cache.lock().len() <= MAX_ENTRIES);
    }
}
