//! Throttling of failed logins, per account and per client address, kept in memory (one process; a
//! restart forgets it, which only ever helps a legitimate user).
//!
//! It slows guessing down instead of locking people out: the first failures are free (5 per account,
//! 20 per address, since offices share one), then each further attempt must wait a delay that doubles
//! with every failure (1 s, 2 s, 4 s …), up to 15 minutes for an account and 1 minute for an address.
//! An attempt inside the delay is refused (`RATE_LIMITED`, with the seconds left) without looking at
//! the password; one after it is checked, and the right password gets in and clears the account's
//! failures. Failures are forgotten 15 minutes after the last one, and an administrator can clear an
//! account at once. Accounts are keyed by normalized email whether or not it exists, so the throttle
//! says nothing about which emails exist.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Keys tracked per map before the stalest are evicted; bounds memory under a spray of made-up emails.
const MAX_TRACKED_KEYS: usize = 50_000;

/// Failures so far and when the last one was.
#[derive(Debug, Clone, Copy)]
struct Strikes {
    count: u32,
    last: Instant,
}

/// How one kind of key (accounts, addresses) is throttled.
#[derive(Debug, Clone, Copy)]
struct Rule {
    /// Failures before any delay.
    free: u32,
    /// The delay after the first failure past the free ones.
    base: Duration,
    /// The longest delay.
    cap: Duration,
}

impl Rule {
    /// How long after the last failure the next attempt may come.
    fn delay(&self, count: u32) -> Duration {
        if count < self.free {
            return Duration::ZERO;
        }
        let doublings = (count - self.free).min(20);
        self.base.saturating_mul(1u32 << doublings).min(self.cap)
    }
}

/// Failed-login throttling.
#[derive(Debug)]
pub struct LoginLimiter {
    account: Rule,
    address: Rule,
    /// Failures are forgotten this long after the last one.
    forget_after: Duration,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    accounts: HashMap<String, Strikes>,
    addresses: HashMap<IpAddr, Strikes>,
}

impl Default for LoginLimiter {
    /// 5 free failures per account (then up to 15 minutes between attempts), 20 per address (then up
    /// to 1 minute), forgotten 15 minutes after the last.
    fn default() -> Self {
        LoginLimiter::new(
            5,
            Duration::from_secs(15 * 60),
            20,
            Duration::from_secs(60),
            Duration::from_secs(15 * 60),
        )
    }
}

impl LoginLimiter {
    /// A limiter giving `account_free` failures per account before delays of up to `account_cap`,
    /// `address_free` per address before delays of up to `address_cap`, forgetting failures
    /// `forget_after` the last one.
    pub fn new(
        account_free: u32,
        account_cap: Duration,
        address_free: u32,
        address_cap: Duration,
        forget_after: Duration,
    ) -> Self {
        let base = Duration::from_secs(1);
        LoginLimiter {
            account: Rule {
                free: account_free.max(1),
                base,
                cap: account_cap.max(base),
            },
            address: Rule {
                free: address_free.max(1),
                base,
                cap: address_cap.max(base),
            },
            forget_after,
            state: Mutex::new(State::default()),
        }
    }

    /// `Ok` when a login for `account` from `address` may be tried now; otherwise how long to wait.
    pub fn check(&self, account: &str, address: Option<IpAddr>) -> Result<(), Duration> {
        self.check_at(account, address, Instant::now())
    }

    /// Records a failed login.
    pub fn record_failure(&self, account: &str, address: Option<IpAddr>) {
        self.record_failure_at(account, address, Instant::now());
    }

    /// Records a successful login: the account's failures are forgotten (the address's are not: one
    /// good password does not vouch for every guess from that address).
    pub fn record_success(&self, account: &str) {
        self.lock().accounts.remove(account);
    }

    /// Forgets an account's failures (an administrator's "unlock"); whether there were any.
    pub fn clear(&self, account: &str) -> bool {
        self.lock().accounts.remove(account).is_some()
    }

    fn check_at(
        &self,
        account: &str,
        address: Option<IpAddr>,
        now: Instant,
    ) -> Result<(), Duration> {
        let mut state = self.lock();
        let forget = self.forget_after;
        let account_wait = wait(&mut state.accounts, account, &self.account, now, forget);
        let address_wait = address
            .map(|a| wait(&mut state.addresses, &a, &self.address, now, forget))
            .unwrap_or_default();
        match account_wait.max(address_wait) {
            Duration::ZERO => Ok(()),
            left => Err(left),
        }
    }

    fn record_failure_at(&self, account: &str, address: Option<IpAddr>, now: Instant) {
        let mut state = self.lock();
        let forget = self.forget_after;
        strike(&mut state.accounts, account.to_owned(), now, forget);
        if let Some(a) = address {
            strike(&mut state.addresses, a, now, forget);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves counts, never a broken invariant: carry on.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// How long `key` must still wait, forgetting its failures once they are old.
fn wait<K, Q>(
    map: &mut HashMap<K, Strikes>,
    key: &Q,
    rule: &Rule,
    now: Instant,
    forget: Duration,
) -> Duration
where
    K: Eq + Hash + std::borrow::Borrow<Q>,
    Q: Eq + Hash + ?Sized,
{
    let Some(s) = map.get(key).copied() else {
        return Duration::ZERO;
    };
    let since = now.saturating_duration_since(s.last);
    if since >= forget {
        map.remove(key);
        return Duration::ZERO;
    }
    rule.delay(s.count).saturating_sub(since)
}

fn strike<K: Eq + Hash + Clone>(
    map: &mut HashMap<K, Strikes>,
    key: K,
    now: Instant,
    forget: Duration,
) {
    if !map.contains_key(&key) && map.len() >= MAX_TRACKED_KEYS {
        make_room(map, now, forget);
    }
    let entry = map.entry(key).or_insert(Strikes {
        count: 0,
        last: now,
    });
    if now.saturating_duration_since(entry.last) >= forget {
        entry.count = 0;
    }
    entry.count = entry.count.saturating_add(1);
    entry.last = now;
}

/// Drops forgotten keys; when every key is live, the tenth with the oldest last failure.
fn make_room<K: Eq + Hash + Clone>(map: &mut HashMap<K, Strikes>, now: Instant, forget: Duration) {
    map.retain(|_, s| now.saturating_duration_since(s.last) < forget);
    if map.len() >= MAX_TRACKED_KEYS {
        let mut by_age: Vec<(Instant, K)> = map.iter().map(|(k, s)| (s.last, k.clone())).collect();
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

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn five_failures_are_free_then_each_attempt_waits_twice_as_long_as_the_last() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        for _ in 0..5 {
            assert!(limiter.check_at("a@example.com", ip(1), t0).is_ok());
            limiter.record_failure_at("a@example.com", ip(1), t0);
        }
        // The sixth attempt waits 1 s, from any address: the account's guesses are what is slowed.
        assert_eq!(limiter.check_at("a@example.com", ip(2), t0), Err(S(1)));
        assert!(limiter.check_at("a@example.com", ip(2), t0 + S(1)).is_ok());
        limiter.record_failure_at("a@example.com", ip(2), t0 + S(1));
        assert_eq!(
            limiter.check_at("a@example.com", ip(2), t0 + S(1)),
            Err(S(2))
        );
        limiter.record_failure_at("a@example.com", ip(2), t0 + S(3));
        assert_eq!(
            limiter.check_at("a@example.com", ip(2), t0 + S(3)),
            Err(S(4))
        );
        // Another account from the same address is not slowed.
        assert!(limiter.check_at("b@example.com", ip(1), t0 + S(3)).is_ok());
    }

    #[test]
    fn the_delay_stops_growing_at_fifteen_minutes_and_failures_are_forgotten_after_it() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        for i in 0..40 {
            limiter.record_failure_at("a@example.com", None, t0 + S(i));
        }
        let last = t0 + S(39);
        assert_eq!(limiter.check_at("a@example.com", None, last), Err(S(900)));
        assert!(
            limiter
                .check_at("a@example.com", None, last + S(900))
                .is_ok()
        );
        // Forgotten: the next failure is the first again.
        limiter.record_failure_at("a@example.com", None, last + S(900));
        assert!(
            limiter
                .check_at("a@example.com", None, last + S(900))
                .is_ok()
        );
    }

    #[test]
    fn an_address_spraying_many_accounts_is_slowed_to_one_guess_a_minute_not_locked_out() {
        let limiter = LoginLimiter::default();
        let t0 = Instant::now();
        for i in 0..40 {
            let account = format!("user{i}@example.com");
            limiter.record_failure_at(&account, ip(9), t0);
        }
        // Its owner's right password can be tried after at most a minute, never fifteen.
        assert_eq!(limiter.check_at("fresh@example.com", ip(9), t0), Err(S(60)));
        assert!(
            limiter
                .check_at("fresh@example.com", ip(9), t0 + S(60))
                .is_ok()
        );
        assert!(limiter.check_at("fresh@example.com", ip(10), t0).is_ok());
        assert!(limiter.check_at("fresh@example.com", None, t0).is_ok());
    }

    #[test]
    fn a_success_or_an_administrator_clears_the_accounts_failures_but_not_the_addresss() {
        let limiter = LoginLimiter::new(2, S(900), 3, S(60), S(900));
        let t0 = Instant::now();
        limiter.record_failure_at("a@example.com", ip(1), t0);
        limiter.record_failure_at("a@example.com", ip(1), t0);
        assert!(limiter.check_at("a@example.com", None, t0).is_err());
        limiter.record_success("a@example.com");
        assert!(limiter.check_at("a@example.com", None, t0).is_ok());
        limiter.record_failure_at("b@example.com", ip(1), t0);
        assert!(limiter.check_at("c@example.com", ip(1), t0).is_err());

        limiter.record_failure_at("d@example.com", None, t0);
        limiter.record_failure_at("d@example.com", None, t0);
        assert!(limiter.clear("d@example.com"));
        assert!(limiter.check_at("d@example.com", None, t0).is_ok());
        assert!(!limiter.clear("d@example.com"));
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
