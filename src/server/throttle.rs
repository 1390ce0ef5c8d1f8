//! Failed sign-in throttling (checklist P03): per client IP and per account, with governor's
//! GCRA on Quire's injectable clock. Only failures are counted, and limits refill with time, so
//! there is no permanent lockout: an attacker can slow an account's owner down for a while at
//! worst, never lock them out for good.
use std::sync::Arc;

use super::rate::{limiter, quota, AppClock, Blocked, Limiter};
use crate::{
    error::AppError,
    server::{clock::SharedClock, config::Config},
};
use governor::clock::Clock as _;

#[derive(Clone)]
pub struct SignInThrottle {
    per_ip: Arc<Limiter>,
    per_account: Arc<Limiter>,
    /// Keys that used up their failures, and when they may try again.
    blocked: Blocked,
    clock: AppClock,
}

/// `count` failures per window: a failure passes while a cell is left; the one that finds none
/// (the `count`-th) blocks further attempts until a cell refills (window / count).
fn failures(count: u32, window_seconds: u64) -> governor::Quota {
    let count = count.max(2);
    quota(count - 1, count, window_seconds)
}

impl SignInThrottle {
    pub fn new(config: &Config, clock: SharedClock) -> Self {
        let clock = AppClock(clock);
        let limits = &config.limits;
        Self {
            per_ip: limiter(
                failures(
                    limits.sign_in_failures_per_ip,
                    limits.sign_in_ip_window_seconds,
                ),
                &clock,
            ),
            per_account: limiter(
                failures(
                    limits.sign_in_failures_per_account,
                    limits.sign_in_account_window_seconds,
                ),
                &clock,
            ),
            blocked: Blocked::default(),
            clock,
        }
    }

    fn keys(ip: &str, account: &str) -> [String; 2] {
        [
            format!("ip:{ip}"),
            format!("account:{}", account.trim().to_lowercase()),
        ]
    }

    /// Refuses with the time to wait if the IP or the account used up its failures.
    /// Only `auth::secret_check` calls this and [`Self::failed`]: every password check does.
    pub(crate) fn check(&self, ip: &str, account: &str) -> Result<(), AppError> {
        let now = self.clock.now();
        let wait = Self::keys(ip, account)
            .iter()
            .filter_map(|key| self.blocked.wait(key, now))
            .max();
        match wait {
            Some(seconds) => Err(AppError::TooManyRequests(seconds)),
            None => Ok(()),
        }
    }

    /// Counts a failed attempt; blocks the IP or account once it used up its limit.
    pub(crate) fn failed(&self, ip: &str, account: &str) {
        let now = self.clock.now();
        let [ip_key, account_key] = Self::keys(ip, account);
        // A refusal takes effect through `check` on the next attempt.
        let _ = self.blocked.count(&self.per_ip, &ip_key, now);
        let _ = self.blocked.count(&self.per_account, &account_key, now);
    }

    /// As [`Self::check`] for a secret that names no account (a reset link): the IP only.
    pub(crate) fn check_ip(&self, ip: &str) -> Result<(), AppError> {
        let key = format!("ip:{ip}");
        match self.blocked.wait(&key, self.clock.now()) {
            Some(seconds) => Err(AppError::TooManyRequests(seconds)),
            None => Ok(()),
        }
    }

    /// Counts a failed check of a secret that names no account against the IP.
    pub(crate) fn failed_ip(&self, ip: &str) {
        let _ = self
            .blocked
            .count(&self.per_ip, &format!("ip:{ip}"), self.clock.now());
    }
}
