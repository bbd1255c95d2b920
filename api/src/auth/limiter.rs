//! Throttling of failed logins, per account and per client address, shared by every server replica
//! through the database (`login_failures.rs` keeps the counts; the rules are here, in one place).
//!
//! It slows guessing down instead of locking people out: the first failures are free (5 per account,
//! 20 per address, since offices share one), then each further attempt must wait a delay that doubles
//! with every failure (1 s, 2 s, 4 s …), up to 15 minutes for an account and 1 minute for an address.
//! An attempt inside the delay is refused (`RATE_LIMITED`, with the seconds left) without looking at
//! the password; one after it is checked, and the right password gets in and clears the account's
//! failures. Failures are forgotten 15 minutes after the last one (their rows are pruned then, which
//! bounds the table), and an administrator can clear an account at once. Accounts are keyed by
//! normalized email whether or not it exists, so the throttle says nothing about which emails exist.
//! A failure is one atomic upsert, so failures on different replicas at once all count.

use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use super::login_failures::{self, Strikes};

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

/// Failed-login throttling: the rules; the counts are in the database.
#[derive(Debug)]
pub struct LoginLimiter {
    account: Rule,
    address: Rule,
    /// Failures are forgotten this long after the last one.
    forget_after: Duration,
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

/// The throttle key of an account (a normalized email).
fn account_key(account: &str) -> String {
    format!("account:{account}")
}

/// The throttle key of a client address.
fn address_key(address: IpAddr) -> String {
    format!("address:{address}")
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
        }
    }

    /// `Ok` when a login for `account` from `address` may be tried now; otherwise how long to wait.
    /// One read of the stored failures.
    pub async fn check(
        &self,
        db: &impl ConnectionTrait,
        account: &str,
        address: Option<IpAddr>,
    ) -> Result<Result<(), Duration>, DbErr> {
        let (account, address) = (account_key(account), address.map(address_key));
        let keys: Vec<&str> = std::iter::once(account.as_str())
            .chain(address.as_deref())
            .collect();
        let stored = login_failures::load(db, &keys).await?;
        let wait = self.wait(
            stored.get(&account).copied(),
            address.and_then(|a| stored.get(&a).copied()),
            Utc::now(),
        );
        Ok(match wait {
            Duration::ZERO => Ok(()),
            left => Err(left),
        })
    }

    /// Records a failed login (one atomic upsert per key), forgetting failures that are old.
    pub async fn record_failure(
        &self,
        db: &impl ConnectionTrait,
        account: &str,
        address: Option<IpAddr>,
    ) -> Result<(), DbErr> {
        let now = Utc::now();
        let keys: Vec<String> = std::iter::once(account_key(account))
            .chain(address.map(address_key))
            .collect();
        login_failures::strike(db, &keys, now, self.forgotten_before(now)).await
    }

    /// Records a successful login: the account's failures are forgotten (the address's are not: one
    /// good password does not vouch for every guess from that address).
    pub async fn record_success(
        &self,
        db: &impl ConnectionTrait,
        account: &str,
    ) -> Result<(), DbErr> {
        login_failures::forget(db, &account_key(account))
            .await
            .map(drop)
    }

    /// Forgets an account's failures (an administrator's "unlock"); whether there were any.
    pub async fn clear(&self, db: &impl ConnectionTrait, account: &str) -> Result<bool, DbErr> {
        login_failures::forget(db, &account_key(account)).await
    }

    /// The time before which a last failure is forgotten.
    fn forgotten_before(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        chrono::Duration::from_std(self.forget_after)
            .ok()
            .and_then(|forget| now.checked_sub_signed(forget))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// How long an attempt at `now` must still wait, given the stored failures of its account and of
    /// its address. A last failure later than `now` (another replica's clock a little ahead) counts
    /// as just now.
    fn wait(
        &self,
        account: Option<Strikes>,
        address: Option<Strikes>,
        now: DateTime<Utc>,
    ) -> Duration {
        let one = |strikes: Option<Strikes>, rule: &Rule| {
            let Some(s) = strikes else {
                return Duration::ZERO;
            };
            let since = (now - s.last).to_std().unwrap_or(Duration::ZERO);
            if since >= self.forget_after {
                return Duration::ZERO;
            }
            rule.delay(s.count).saturating_sub(since)
        };
        one(account, &self.account).max(one(address, &self.address))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// What the `login_failures` table does, in memory: old rows pruned at each failure, then one
    /// more failure for each key.
    #[derive(Default)]
    struct Table(HashMap<String, Strikes>);

    impl Table {
        fn fail(
            &mut self,
            l: &LoginLimiter,
            account: &str,
            ip: Option<IpAddr>,
            now: DateTime<Utc>,
        ) {
            let before = l.forgotten_before(now);
            self.0.retain(|_, s| s.last > before);
            for key in std::iter::once(account_key(account)).chain(ip.map(address_key)) {
                let s = self.0.entry(key).or_insert(Strikes {
                    count: 0,
                    last: now,
                });
                s.count += 1;
                s.last = now;
            }
        }

        fn check(
            &self,
            l: &LoginLimiter,
            account: &str,
            ip: Option<IpAddr>,
            now: DateTime<Utc>,
        ) -> Result<(), Duration> {
            let account = self.0.get(&account_key(account)).copied();
            let address = ip.and_then(|a| self.0.get(&address_key(a)).copied());
            match l.wait(account, address, now) {
                Duration::ZERO => Ok(()),
                left => Err(left),
            }
        }
    }

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([192, 0, 2, last]))
    }

    const S: fn(u64) -> Duration = Duration::from_secs;

    fn at(t0: DateTime<Utc>, secs: u64) -> DateTime<Utc> {
        t0 + chrono::Duration::seconds(secs as i64)
    }

    #[test]
    fn five_failures_are_free_then_each_attempt_waits_twice_as_long_as_the_last() {
        let l = LoginLimiter::default();
        let mut t = Table::default();
        let t0 = Utc::now();
        for _ in 0..5 {
            assert!(t.check(&l, "a@example.com", ip(1), t0).is_ok());
            t.fail(&l, "a@example.com", ip(1), t0);
        }
        // The sixth attempt waits 1 s, from any address: the account's guesses are what is slowed.
        assert_eq!(t.check(&l, "a@example.com", ip(2), t0), Err(S(1)));
        assert!(t.check(&l, "a@example.com", ip(2), at(t0, 1)).is_ok());
        t.fail(&l, "a@example.com", ip(2), at(t0, 1));
        assert_eq!(t.check(&l, "a@example.com", ip(2), at(t0, 1)), Err(S(2)));
        t.fail(&l, "a@example.com", ip(2), at(t0, 3));
        assert_eq!(t.check(&l, "a@example.com", ip(2), at(t0, 3)), Err(S(4)));
        // Another account from the same address is not slowed.
        assert!(t.check(&l, "b@example.com", ip(1), at(t0, 3)).is_ok());
    }

    #[test]
    fn the_delay_stops_growing_at_fifteen_minutes_and_failures_are_forgotten_after_it() {
        let l = LoginLimiter::default();
        let mut t = Table::default();
        let t0 = Utc::now();
        for i in 0..40 {
            t.fail(&l, "a@example.com", None, at(t0, i));
        }
        let last = at(t0, 39);
        assert_eq!(t.check(&l, "a@example.com", None, last), Err(S(900)));
        assert!(t.check(&l, "a@example.com", None, at(last, 900)).is_ok());
        // Forgotten: the next failure is the first again.
        t.fail(&l, "a@example.com", None, at(last, 900));
        assert!(t.check(&l, "a@example.com", None, at(last, 900)).is_ok());
        assert_eq!(t.0[&account_key("a@example.com")].count, 1);
    }

    #[test]
    fn an_address_spraying_many_accounts_is_slowed_to_one_guess_a_minute_not_locked_out() {
        let l = LoginLimiter::default();
        let mut t = Table::default();
        let t0 = Utc::now();
        for i in 0..40 {
            t.fail(&l, &format!("user{i}@example.com"), ip(9), t0);
        }
        // Its owner's right password can be tried after at most a minute, never fifteen.
        assert_eq!(t.check(&l, "fresh@example.com", ip(9), t0), Err(S(60)));
        assert!(t.check(&l, "fresh@example.com", ip(9), at(t0, 60)).is_ok());
        assert!(t.check(&l, "fresh@example.com", ip(10), t0).is_ok());
        assert!(t.check(&l, "fresh@example.com", None, t0).is_ok());
    }

    #[test]
    fn a_last_failure_stamped_ahead_of_this_clock_counts_as_just_now() {
        let l = LoginLimiter::new(1, S(900), 20, S(60), S(900));
        let now = Utc::now();
        let ahead = Strikes {
            count: 3,
            last: at(now, 30),
        };
        assert_eq!(l.wait(Some(ahead), None, now), S(4));
    }

    #[test]
    fn the_keys_of_accounts_and_addresses_never_collide() {
        assert_ne!(
            account_key("192.0.2.1"),
            address_key(IpAddr::from([192, 0, 2, 1]))
        );
        assert_eq!(
            address_key(IpAddr::from([192, 0, 2, 1])),
            "address:192.0.2.1"
        );
    }
}
