//! The one rate-limiting machinery, used by sign-in throttling (`throttle`) and write limits
//! (`write_limits`): GCRA on Quire's injectable clock. On SQLite (one process) the counts are
//! governor's, in memory; on PostgreSQL they are kept in the database (`shared_rate`), so that
//! every instance counts the same events. Keys that used up their allowance are remembered
//! with the time they may go again, so a refusal can say when.
use governor::{clock::Clock as GovernorClock, middleware::NoOpMiddleware, Quota, RateLimiter};
use std::{
    collections::HashMap,
    num::NonZeroU32,
    sync::{Arc, Mutex},
    time::Duration,
};

use super::{
    db::{Db, Pool},
    shared_rate::{self, Allowance},
};
use crate::server::clock::SharedClock;

/// governor reads time through this, so tests move it with the mock clock.
#[derive(Clone)]
pub struct AppClock(pub SharedClock);

impl GovernorClock for AppClock {
    type Instant = Duration;
    fn now(&self) -> Duration {
        Duration::from_nanos(self.0.now().unix_timestamp_nanos().max(0) as u64)
    }
}

type Store = governor::state::keyed::DashMapStateStore<String>;
pub type Limiter = RateLimiter<String, Store, AppClock, NoOpMiddleware<Duration>>;

/// Above this many tracked keys, stale ones are dropped on the next use.
const RETAIN_ABOVE: usize = 10_000;

/// Up to `burst` events at once, then one more each `window / count`: `count` per window
/// when the bucket starts full.
pub fn quota(burst: u32, count: u32, window_seconds: u64) -> Quota {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    let period = Duration::from_secs(window_seconds.max(1)) / count.max(1);
    Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(burst))
        .allow_burst(burst)
}

/// One allowance, in both forms: governor's limiter for counts kept in memory, and its period
/// and burst for counts kept in the database.
#[derive(Clone)]
pub struct Rule {
    limiter: Arc<Limiter>,
    allowance: Allowance,
}

/// The rule for [`quota`]`(burst, count, window_seconds)`.
pub fn rule(burst: u32, count: u32, window_seconds: u64, clock: &AppClock) -> Rule {
    let quota = quota(burst, count, window_seconds);
    Rule {
        limiter: Arc::new(RateLimiter::dashmap_with_clock(quota, clock.clone())),
        allowance: Allowance {
            period_ms: quota.replenish_interval().as_millis() as i64,
            burst: quota.burst_size().get(),
        },
    }
}

/// Where the counts of one kind of check are kept.
#[derive(Clone)]
pub enum Counts {
    Memory(Blocked),
    Database(Db),
}

impl Counts {
    pub fn for_backend(db: &Db) -> Self {
        match db.pool {
            Pool::Sqlite(_) => Counts::Memory(Blocked::default()),
            Pool::Postgres(_) => Counts::Database(db.clone()),
        }
    }

    /// Whole seconds until `key` may go again, if it is blocked at `now`.
    pub async fn wait(&self, key: &str, now: Duration) -> Result<Option<u64>, sqlx::Error> {
        match self {
            Counts::Memory(blocked) => Ok(blocked.wait(key, now)),
            Counts::Database(db) => shared_rate::wait(db, key, now.as_millis() as i64).await,
        }
    }

    /// Counts one event for `key` under `rule`, or says how long it is refused.
    pub async fn count(
        &self,
        rule: &Rule,
        key: &str,
        now: Duration,
    ) -> Result<Result<(), Refused>, sqlx::Error> {
        match self {
            Counts::Memory(blocked) => Ok(blocked.count(&rule.limiter, key, now)),
            Counts::Database(db) => {
                shared_rate::count(db, key, rule.allowance, now.as_millis() as i64).await
            }
        }
    }
}

/// Keys refused until a time, shared by the limiters of one kind of check.
#[derive(Clone, Default)]
pub struct Blocked(Arc<Mutex<HashMap<String, Duration>>>);

impl Blocked {
    /// Whole seconds until `key` may go again, if it is blocked at `now`.
    pub fn wait(&self, key: &str, now: Duration) -> Option<u64> {
        let mut blocked = self.0.lock().unwrap_or_else(|p| p.into_inner());
        // Expired entries are skipped here and swept only when the map grows large, so a
        // request never walks every blocked key.
        if blocked.len() > RETAIN_ABOVE {
            blocked.retain(|_, until| *until > now);
        }
        let until = blocked.get(key).copied().filter(|until| *until > now)?;
        Some((until - now).as_secs().max(1))
    }

    /// Counts one event for `key`. When none is left the key is blocked until one refills,
    /// and the refusal says how long that is and whether it is the first since the key was
    /// last allowed (the one worth recording: a flood of refusals is one event, not many).
    pub fn count(&self, limiter: &Limiter, key: &str, now: Duration) -> Result<(), Refused> {
        let counted = limiter.check_key(&key.to_owned());
        if limiter.len() > RETAIN_ABOVE {
            limiter.retain_recent();
        }
        let not_until = match counted {
            Ok(()) => return Ok(()),
            Err(not_until) => not_until,
        };
        let at = now + not_until.wait_time_from(now);
        let mut blocked = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let first = blocked
            .insert(key.to_owned(), at)
            .is_none_or(|was| was <= now);
        Err(Refused {
            seconds: (at - now).as_secs().max(1),
            first,
        })
    }
}

/// A refused event: the seconds until the key may go again, and whether this is the first
/// refusal in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub seconds: u64,
    pub first: bool,
}
