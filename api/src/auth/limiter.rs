//! The limit on failed logins, per account and per client address, kept in memory (one process; a
//! restart forgets it, which only ever helps a legitimate user).
//!
//! An account (by normalized email, whether or not it exists, so the limit says nothing about which
//! emails exist) is refused after 5 failures within 15 minutes; an address after 20, since offices
//! share one. A success clears the account's failures, not the address's.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Keys tracked per map before the oldest are evicted; bounds memory under a spray of made-up emails.
const MAX_TRACKED_KEYS: usize = 50_000;

/// Failed-login counts in a sliding window.
#[derive(Debug)]
pub struct LoginLimiter {
    per_account: usize,
    per_address: usize,
    window: Duration,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    accounts: HashMap<String, VecDeque<Instant>>,
    addresses: HashMap<IpAddr, VecDeque<Instant>>,
}

impl Default for LoginLimiter {
    /// 5 failures per account and 20 per address within 15 minutes.
    fn default() -> Self {
        LoginLimiter::new(5, 20, Duration::from_secs(15 * 60))
    }
}

impl LoginLimiter {
    /// A limiter refusing an account after `per_account` failures and an address after `per_address`
    /// failures within `window`.
    pub fn new(per_account: usize, per_address: usize, window: Duration) -> Self {
        LoginLimiter {
            per_account: per_account.max(1),
            per_address: per_address.max(1),
            window,
            state: Mutex::new(State::default()),
        }
    }

    /// Whether a login for `account` from `address` may be tried now.
    pub fn allows(&self, account: &str, address: Option<IpAddr>) -> bool {
        self.allows_at(account, address, Instant::now())
    }

    /// Records a failed login.
    pub fn record_failure(&self, account: &str, address: Option<IpAddr>) {
        self.record_failure_at(account, address, Instant::now());
    }

    /// Records a successful login: the account's failures are forgotten.
    pub fn record_success(&self, account: &str) {
        let mut state = self.lock();
        state.accounts.remove(account);
    }

    fn allows_at(&self, account: &str, address: Option<IpAddr>, now: Instant) -> bool {
        let mut state = self.lock();
        let account_ok = recent(&mut state.accounts, account, now, self.window) < self.per_account;
        let address_ok = address
            .is_none_or(|a| recent(&mut state.addresses, &a, now, self.window) < self.per_address);
        account_ok && address_ok
    }

    fn record_failure_at(&self, account: &str, address: Option<IpAddr>, now: Instant) {
        let mut state = self.lock();
        push(
            &mut state.accounts,
            account.to_owned(),
            now,
            self.window,
            self.per_account,
        );
        if let Some(a) = address {
            push(&mut state.addresses, a, now, self.window, self.per_address);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves counts, never a broken invariant: carry on.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The failures of `key` inside the window, dropping older ones.
fn recent<K, Q>(
    map: &mut HashMap<K, VecDeque<Instant>>,
    key: &Q,
    now: Instant,
    window: Duration,
) -> usize
where
    K: Eq + Hash + std::borrow::Borrow<Q>,
    Q: Eq + Hash + ?Sized,
{
    let Some(times) = map.get_mut(key) else {
        return 0;
    };
    expire(times, now, window);
    let n = times.len();
    if n == 0 {
        map.remove(key);
    }
    n
}

fn push<K: Eq + Hash + Clone>(
    map: &mut HashMap<K, VecDeque<Instant>>,
    key: K,
    now: Instant,
    window: Duration,
    limit: usize,
) {
    if !map.contains_key(&key) && map.len() >= MAX_TRACKED_KEYS {
        make_room(map, now, window);
    }
    let times = map.entry(key).or_default();
    expire(times, now, window);
    times.push_back(now);
    // Only whether the limit is reached matters; keep no more than that.
    while times.len() > limit {
        times.pop_front();
    }
}

fn expire(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while times
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= window)
    {
        times.pop_front();
    }
}

/// Drops expired keys; when every key is live, the tenth with the oldest last failure.
fn make_room<K: Eq + Hash + Clone>(
    map: &mut HashMap<K, VecDeque<Instant>>,
    now: Instant,
    window: Duration,
) {
    map.retain(|_, times| {
        expire(times, now, window);
        !times.is_empty()
    });
    if map.len() >= MAX_TRACKED_KEYS {
        let mut by_age: Vec<(Instant, K)> = map
            .iter()
            .filter_map(|(k, t)| t.back().map(|last| (*last, k.clone())))
            .collect();
        by_age.sort_by_key(|(last, _)| *last);
        for (_, key) in by_age.into_iter().take(MAX_TRACKED_KEYS / 10) {
            map.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([192, 0, 2, last]))
    }

    #[test]
    fn the_sixth_failure_within_fifteen_minutes_locks_the_account() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        for i in 0..5 {
            assert!(limiter.allows_at("a@example.com", ip(1), t0));
            limiter.record_failure_at("a@example.com", ip(1), t0 + Duration::from_secs(i));
        }
        assert!(!limiter.allows_at("a@example.com", ip(1), t0 + Duration::from_secs(10)));
        // From another address too: the account is what is locked.
        assert!(!limiter.allows_at("a@example.com", ip(2), t0 + Duration::from_secs(10)));
        // Another account from the same address is still allowed.
        assert!(limiter.allows_at("b@example.com", ip(1), t0 + Duration::from_secs(10)));
    }

    #[test]
    fn failures_older_than_the_window_no_longer_count() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        for _ in 0..5 {
            limiter.record_failure_at("a@example.com", None, t0);
        }
        assert!(!limiter.allows_at("a@example.com", None, t0 + Duration::from_secs(899)));
        assert!(limiter.allows_at("a@example.com", None, t0 + Duration::from_secs(900)));
    }

    #[test]
    fn an_address_spraying_many_accounts_is_locked_after_twenty_failures() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        for i in 0..20 {
            let account = format!("user{i}@example.com");
            assert!(limiter.allows_at(&account, ip(9), t0));
            limiter.record_failure_at(&account, ip(9), t0);
        }
        assert!(!limiter.allows_at("fresh@example.com", ip(9), t0));
        assert!(limiter.allows_at("fresh@example.com", ip(10), t0));
        assert!(limiter.allows_at("fresh@example.com", None, t0));
    }

    #[test]
    fn a_success_clears_the_accounts_failures_but_not_the_addresss() {
        let limiter = LoginLimiter::new(2, 3, Duration::from_secs(60));
        let t0 = Instant::now();
        limiter.record_failure_at("a@example.com", ip(1), t0);
        limiter.record_failure_at("a@example.com", ip(1), t0);
        assert!(!limiter.allows_at("a@example.com", None, t0));
        limiter.record_success("a@example.com");
        assert!(limiter.allows_at("a@example.com", None, t0));
        limiter.record_failure_at("b@example.com", ip(1), t0);
        assert!(!limiter.allows_at("c@example.com", ip(1), t0));
    }

    #[test]
    fn memory_stays_bounded_under_a_spray_of_made_up_accounts() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        for i in 0..(MAX_TRACKED_KEYS + 10) {
            limiter.record_failure_at(&format!("u{i}@example.com"), None, t0);
        }
        assert!(limiter.lock().accounts.len() <= MAX_TRACKED_KEYS);
    }
}
