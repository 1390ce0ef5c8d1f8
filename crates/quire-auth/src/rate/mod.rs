//! Rate limits: GCRA on the injectable clock, for limits on guessing (sign-in throttling) and
//! on writes. On SQLite (one process) the counts are kept in memory; on PostgreSQL they are
//! kept in the database (the `auth_rate_limits` table), so that every instance counts the same
//! events. Both follow [`Allowance::take`]'s arithmetic.
//!
//! An event can be given back ([`Counts::give_back`]). Limits on guessing take an attempt
//! before the secret is checked and give it back when the secret was right, so that requests
//! sent at once cannot all pass a limit that none of them has reached yet. (governor, a fine
//! in-memory limiter, has no way to give a cell back.)
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use crate::{clock::SharedClock, db::Db};

mod shared;
pub use shared::delete_settled;

/// Above this many tracked keys, settled ones are dropped on the next use.
const RETAIN_ABOVE: usize = 10_000;

/// An allowance: one event per `period_ms`, up to `burst` at once.
///
/// ```
/// use quire_auth::rate::Allowance;
/// // Five at once, then one more every 12 seconds: five a minute.
/// let five_a_minute = Allowance::new(5, 5, 60);
/// let mut cell = None;
/// for _ in 0..5 {
///     let (next, taken) = five_a_minute.take(cell, 0);
///     assert!(taken.is_ok());
///     cell = Some(next);
/// }
/// let (_, sixth) = five_a_minute.take(cell, 0);
/// assert_eq!(sixth.unwrap_err().seconds, 12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowance {
    /// Milliseconds between events, once the burst is spent.
    pub period_ms: i64,
    /// Events that may pass at once.
    pub burst: u32,
}

/// A key's state: `tat` is the theoretical arrival time of its next event, `blocked_until`
/// when a refused key may go again, `refusals` how many were refused in a row. Unix ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    /// The theoretical arrival time of the key's next event.
    pub tat: i64,
    /// When a refused key may go again.
    pub blocked_until: i64,
    /// Events refused in a row.
    pub refusals: i64,
}

/// A refused event: the seconds until the key may go again, and whether this is the first
/// refusal in a row (the one worth recording: a flood of refusals is one event, not many).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// Whole seconds until the key may go again (at least one): a `Retry-After`.
    pub seconds: u64,
    /// Whether this is the first refusal in a row.
    pub first: bool,
}

impl Allowance {
    /// Up to `burst` events at once, then one more each `window / count`: `count` per window
    /// when the bucket starts full.
    pub fn new(burst: u32, count: u32, window_seconds: u64) -> Self {
        let window_ms = window_seconds.max(1).saturating_mul(1000);
        Self {
            period_ms: i64::try_from(window_ms / u64::from(count.max(1)))
                .unwrap_or(i64::MAX)
                .max(1),
            burst: burst.max(1),
        }
    }

    /// How far ahead of now a key's `tat` may be for an event to pass.
    pub fn tolerance_ms(&self) -> i64 {
        self.period_ms * i64::from(self.burst - 1)
    }

    /// One event at `now` against `cell` (`None`: a key never seen, or forgotten). An event
    /// passes while the key's `tat` is at most the tolerance ahead of now and moves it one
    /// period further; a refused event moves nothing and blocks the key until the `tat` comes
    /// back within the tolerance. `shared_rate`'s SQL is this, in one statement.
    pub fn take(&self, cell: Option<Cell>, now: i64) -> (Cell, Result<(), Refused>) {
        let Some(cell) = cell else {
            let new = Cell {
                tat: now + self.period_ms,
                blocked_until: 0,
                refusals: 0,
            };
            return (new, Ok(()));
        };
        let base = cell.tat.max(now);
        if base - now <= self.tolerance_ms() {
            let passed = Cell {
                tat: base + self.period_ms,
                refusals: 0,
                ..cell
            };
            return (passed, Ok(()));
        }
        let refusals = if cell.blocked_until <= now {
            1
        } else {
            cell.refusals + 1
        };
        let blocked_until = base - self.tolerance_ms();
        let refused = Refused {
            seconds: seconds_until(blocked_until, now),
            first: refusals == 1,
        };
        let cell = Cell {
            blocked_until,
            refusals,
            ..cell
        };
        (cell, Err(refused))
    }
}

impl Allowance {
    /// Whole seconds until a key at `tat` (`None`: never seen) could take an event, if it
    /// could not take one at `now`. Reads only: what [`Allowance::take`] would refuse.
    pub fn wait(&self, tat: Option<i64>, now: i64) -> Option<u64> {
        let base = tat?.max(now);
        let until = base - self.tolerance_ms();
        (until > now).then(|| seconds_until(until, now))
    }
}

/// Whole seconds, at least one, from `now` to `until` (both unix ms).
pub fn seconds_until(until: i64, now: i64) -> u64 {
    ((until - now) / 1000).max(1) as u64
}

/// The clock's time in unix milliseconds.
pub fn now_ms(clock: &SharedClock) -> i64 {
    i64::try_from(clock.now().unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// Where the counts of one kind of check are kept. Clones share the counts.
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// # let options = quire_auth::db::Options { url: "sqlite::memory:".into(), ..Default::default() };
/// # let none = || sqlx::migrate::Migrator::DEFAULT;
/// # let migrations = quire_auth::db::Migrations { sqlite: none(), postgres: none() };
/// # let db = quire_auth::db::connect(&options, migrations).await.unwrap();
/// use quire_auth::rate::{Allowance, Counts};
/// let counts = Counts::for_backend(&db); // in memory on SQLite
/// let one_a_minute = Allowance::new(1, 1, 60);
/// assert!(counts.take(one_a_minute, "export:7", 0).await?.is_ok());
/// assert!(counts.take(one_a_minute, "export:7", 1_000).await?.is_err());
/// counts.give_back(one_a_minute, "export:7").await?; // it did not happen after all
/// assert!(counts.take(one_a_minute, "export:7", 2_000).await?.is_ok());
/// # Ok::<(), sqlx::Error>(())
/// # }).unwrap();
/// ```
#[derive(Clone)]
pub struct Counts(Where);

#[derive(Clone)]
enum Where {
    Memory(Arc<Mutex<HashMap<String, Cell>>>),
    Database(Db),
}

impl Counts {
    /// In the database when several instances share it (PostgreSQL), else in memory.
    pub fn for_backend(db: &Db) -> Self {
        Counts(if db.is_postgres() {
            Where::Database(db.clone())
        } else {
            Where::Memory(Arc::default())
        })
    }

    /// Takes one event for `key` under `allowance`, or says how long it is refused. Atomic:
    /// of events taken at once, exactly as many pass as the allowance holds.
    pub async fn take(
        &self,
        allowance: Allowance,
        key: &str,
        now: i64,
    ) -> Result<Result<(), Refused>, sqlx::Error> {
        match &self.0 {
            Where::Memory(cells) => {
                let mut cells = cells.lock().unwrap_or_else(|p| p.into_inner());
                if cells.len() > RETAIN_ABOVE {
                    cells.retain(|_, cell| cell.tat > now || cell.blocked_until > now);
                }
                let (cell, taken) = allowance.take(cells.get(key).copied(), now);
                cells.insert(key.to_owned(), cell);
                Ok(taken)
            }
            Where::Database(db) => shared::take(db, key, allowance, now).await,
        }
    }

    /// Whole seconds until `key` could take an event under `allowance`, if it could not now.
    /// Writes nothing.
    pub async fn wait(
        &self,
        allowance: Allowance,
        key: &str,
        now: i64,
    ) -> Result<Option<u64>, sqlx::Error> {
        let tat = match &self.0 {
            Where::Memory(cells) => {
                let cells = cells.lock().unwrap_or_else(|p| p.into_inner());
                cells.get(key).map(|cell| cell.tat)
            }
            Where::Database(db) => shared::tat(db, key).await?,
        };
        Ok(allowance.wait(tat, now))
    }

    /// Returns one event taken for `key`: it no longer counts against the allowance.
    pub async fn give_back(&self, allowance: Allowance, key: &str) -> Result<(), sqlx::Error> {
        match &self.0 {
            Where::Memory(cells) => {
                let mut cells = cells.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(cell) = cells.get_mut(key) {
                    cell.tat -= allowance.period_ms;
                }
                Ok(())
            }
            Where::Database(db) => shared::give_back(db, key, allowance).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(allowance: Allowance, times: &[i64]) -> Vec<bool> {
        let mut cell = None;
        times
            .iter()
            .map(|&now| {
                let (next, taken) = allowance.take(cell, now);
                cell = Some(next);
                taken.is_ok()
            })
            .collect()
    }

    #[test]
    fn p03_a_burst_passes_then_one_more_per_period() {
        let three_per_30s = Allowance::new(3, 3, 30);
        assert_eq!(three_per_30s.period_ms, 10_000);
        let at_once = run(three_per_30s, &[0, 0, 0, 0, 0]);
        assert_eq!(at_once, [true, true, true, false, false]);
        let later = run(three_per_30s, &[0, 0, 0, 0, 9_999, 10_000, 10_000]);
        assert_eq!(later, [true, true, true, false, false, true, false]);
    }

    #[test]
    fn p03_only_the_first_refusal_in_a_row_is_first_and_it_says_how_long() {
        let one_per_minute = Allowance::new(1, 1, 60);
        let (cell, taken) = one_per_minute.take(None, 0);
        assert!(taken.is_ok());
        let (cell, first) = one_per_minute.take(Some(cell), 1_000);
        let (_, second) = one_per_minute.take(Some(cell), 2_000);
        assert_eq!(
            first.unwrap_err(),
            Refused {
                seconds: 59,
                first: true
            }
        );
        assert!(!second.unwrap_err().first);
    }

    #[test]
    fn p03_waiting_says_what_taking_would_refuse() {
        let two = Allowance::new(2, 2, 60);
        let (cell, _) = two.take(None, 0);
        assert_eq!(two.wait(Some(cell.tat), 0), None, "one left");
        let (cell, _) = two.take(Some(cell), 0);
        assert_eq!(two.wait(Some(cell.tat), 0), Some(30));
        assert!(two.take(Some(cell), 0).1.is_err());
        assert_eq!(two.wait(None, 0), None);
    }

    #[tokio::test]
    async fn p03_an_event_given_back_no_longer_counts() {
        let counts = Counts(Where::Memory(Arc::default()));
        let two = Allowance::new(2, 2, 60);
        for _ in 0..2 {
            assert!(counts.take(two, "k", 0).await.unwrap().is_ok());
        }
        assert!(counts.take(two, "k", 0).await.unwrap().is_err());
        counts.give_back(two, "k").await.unwrap();
        assert!(counts.take(two, "k", 0).await.unwrap().is_ok());
        assert!(counts.take(two, "k", 0).await.unwrap().is_err());
    }
}
