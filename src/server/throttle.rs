//! Failed sign-in throttling (checklist P03): per client IP and per account, with governor's
//! GCRA on Quire's injectable clock. Only failures are counted, and limits refill with time, so
//! there is no permanent lockout: an attacker can slow an account's owner down for a while at
//! worst, never lock them out for good.
use governor::{clock::Clock as GovernorClock, middleware::NoOpMiddleware, Quota, RateLimiter};
use std::{
    collections::HashMap,
    num::NonZeroU32,
    sync::{Arc, Mutex},
    time::Duration,
};

use crate::{
    error::AppError,
    server::{clock::SharedClock, config::Config},
};

/// governor reads time through this, so tests move it with the mock clock.
#[derive(Clone)]
pub struct AppClock(SharedClock);

impl GovernorClock for AppClock {
    type Instant = Duration;
    fn now(&self) -> Duration {
        Duration::from_nanos(self.0.now().unix_timestamp_nanos().max(0) as u64)
    }
}

type Store = governor::state::keyed::DashMapStateStore<String>;
type Limiter = RateLimiter<String, Store, AppClock, NoOpMiddleware<Duration>>;

/// Above this many tracked keys, stale ones are dropped on the next failure.
const RETAIN_ABOVE: usize = 10_000;

#[derive(Clone)]
pub struct SignInThrottle {
    per_ip: Arc<Limiter>,
    per_account: Arc<Limiter>,
    /// Keys that used up their failures, and when they may try again.
    blocked: Arc<Mutex<HashMap<String, Duration>>>,
    clock: AppClock,
}

/// `count` failures per window: a failure passes while a cell is left; the one that finds none
/// (the `count`-th) blocks further attempts until a cell refills (window / count).
fn quota(count: u32, window_seconds: u64) -> Quota {
    let count = count.max(2);
    let period = Duration::from_secs(window_seconds.max(1)) / count;
    let burst = NonZeroU32::new(count - 1).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(burst))
        .allow_burst(burst)
}

impl SignInThrottle {
    pub fn new(config: &Config, clock: SharedClock) -> Self {
        let clock = AppClock(clock);
        let limits = &config.limits;
        let limiter = |q| Arc::new(RateLimiter::dashmap_with_clock(q, clock.clone()));
        Self {
            per_ip: limiter(quota(
                limits.sign_in_failures_per_ip,
                limits.sign_in_ip_window_seconds,
            )),
            per_account: limiter(quota(
                limits.sign_in_failures_per_account,
                limits.sign_in_account_window_seconds,
            )),
            blocked: Arc::default(),
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
        let mut blocked = self.blocked.lock().unwrap_or_else(|p| p.into_inner());
        // Expired entries are skipped here and swept only when the map grows large, so a
        // sign-in never walks every blocked key.
        if blocked.len() > RETAIN_ABOVE {
            blocked.retain(|_, until| *until > now);
        }
        let wait = Self::keys(ip, account)
            .iter()
            .filter_map(|key| blocked.get(key).copied())
            .filter(|until| *until > now)
            .max();
        match wait {
            Some(until) => Err(AppError::TooManyRequests((until - now).as_secs().max(1))),
            None => Ok(()),
        }
    }

    /// Counts a failed attempt; blocks the IP or account once it used up its limit.
    pub(crate) fn failed(&self, ip: &str, account: &str) {
        let now = self.clock.now();
        let [ip_key, account_key] = Self::keys(ip, account);
        for (limiter, key) in [(&self.per_ip, ip_key), (&self.per_account, account_key)] {
            if let Err(not_until) = limiter.check_key(&key) {
                let at = now + not_until.wait_time_from(now);
                self.blocked
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(key, at);
            }
            if limiter.len() > RETAIN_ABOVE {
                limiter.retain_recent();
            }
        }
    }
}
