//! Failed sign-in throttling (checklist P03): per client IP and per account, with governor's
//! GCRA on Quire's injectable clock. Only failures are counted, and limits refill with time, so
//! there is no permanent lockout: an attacker can slow an account's owner down for a while at
//! worst, never lock them out for good.
use super::rate::{rule, AppClock, Counts, Rule};
use crate::{
    error::AppError,
    server::{clock::SharedClock, config::Config, db::Db},
};
use governor::clock::Clock as _;

#[derive(Clone)]
pub struct SignInThrottle {
    per_ip: Rule,
    per_account: Rule,
    /// Where failures are counted, and keys that used up theirs remembered with when they may
    /// try again: this process, or the database every instance shares (PostgreSQL).
    counts: Counts,
    clock: AppClock,
}

/// `count` failures per window: a failure passes while a cell is left; the one that finds none
/// (the `count`-th) blocks further attempts until a cell refills (window / count).
fn failures(count: u32, window_seconds: u64, clock: &AppClock) -> Rule {
    let count = count.max(2);
    rule(count - 1, count, window_seconds, clock)
}

impl SignInThrottle {
    pub fn new(config: &Config, db: &Db, clock: SharedClock) -> Self {
        let clock = AppClock(clock);
        let limits = &config.limits;
        Self {
            per_ip: failures(
                limits.sign_in_failures_per_ip,
                limits.sign_in_ip_window_seconds,
                &clock,
            ),
            per_account: failures(
                limits.sign_in_failures_per_account,
                limits.sign_in_account_window_seconds,
                &clock,
            ),
            counts: Counts::for_backend(db),
            clock,
        }
    }

    fn keys(ip: &str, account: &str) -> [String; 2] {
        [
            format!("sign-in:ip:{ip}"),
            format!("sign-in:account:{}", account.trim().to_lowercase()),
        ]
    }

    /// Refuses with the time to wait if the IP or the account used up its failures.
    /// Only `auth::secret_check` calls this and [`Self::failed`]: every password check does.
    pub(crate) async fn check(&self, ip: &str, account: &str) -> Result<(), AppError> {
        let now = self.clock.now();
        let mut wait = None;
        for key in Self::keys(ip, account) {
            wait = wait.max(self.counts.wait(&key, now).await?);
        }
        match wait {
            Some(seconds) => Err(AppError::TooManyRequests(seconds)),
            None => Ok(()),
        }
    }

    /// Counts a failed attempt; blocks the IP or account once it used up its limit.
    pub(crate) async fn failed(&self, ip: &str, account: &str) {
        let [ip_key, account_key] = Self::keys(ip, account);
        self.count(&self.per_ip, &ip_key).await;
        self.count(&self.per_account, &account_key).await;
    }

    /// As [`Self::check`] for a secret that names no account (a reset link): the IP only.
    pub(crate) async fn check_ip(&self, ip: &str) -> Result<(), AppError> {
        let key = format!("sign-in:ip:{ip}");
        match self.counts.wait(&key, self.clock.now()).await? {
            Some(seconds) => Err(AppError::TooManyRequests(seconds)),
            None => Ok(()),
        }
    }

    /// Counts a failed check of a secret that names no account against the IP.
    pub(crate) async fn failed_ip(&self, ip: &str) {
        self.count(&self.per_ip, &format!("sign-in:ip:{ip}")).await;
    }

    /// A refusal takes effect through `check` on the next attempt. A failure that cannot be
    /// counted (the database is out of reach) is logged: the next `check` then fails too.
    async fn count(&self, rule: &Rule, key: &str) {
        if let Err(error) = self.counts.count(rule, key, self.clock.now()).await {
            tracing::warn!(%error, "a failed sign-in could not be counted");
        }
    }
}
