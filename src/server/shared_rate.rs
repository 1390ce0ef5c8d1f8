//! GCRA in one SQL statement, for counts that every instance on a PostgreSQL database shares
//! (the `rate_limits` table). The upsert reads and writes a key's row atomically, so events
//! counted at once on several instances are each counted exactly once: none is lost to a race.
//! Keys are stored as their SHA-256: they may hold an address typed into a form. The
//! arithmetic is governor's: an event passes while the key's theoretical arrival time is
//! at most `tolerance` ahead of now, and moves it one `period` further; a refused event moves
//! nothing and blocks the key until the time comes back within the tolerance.
use super::{db::Db, hashing::sha256_hex, rate::Refused};

/// An allowance: one event per `period_ms`, up to `burst` at once.
#[derive(Debug, Clone, Copy)]
pub struct Allowance {
    pub period_ms: i64,
    pub burst: u32,
}

impl Allowance {
    fn tolerance_ms(&self) -> i64 {
        self.period_ms * i64::from(self.burst.max(1) - 1)
    }
}

#[derive(sqlx::FromRow)]
struct Counted {
    blocked_until: i64,
    refusals: i64,
}

const COUNT: &str = "\
    INSERT INTO rate_limits AS r (key, tat) VALUES ($1, $2 + $3) \
    ON CONFLICT (key) DO UPDATE SET \
      tat = CASE WHEN GREATEST(r.tat, $2) - $2 > $4 THEN r.tat ELSE GREATEST(r.tat, $2) + $3 END, \
      blocked_until = CASE WHEN GREATEST(r.tat, $2) - $2 > $4 \
                      THEN GREATEST(r.tat, $2) - $4 ELSE r.blocked_until END, \
      refusals = CASE WHEN GREATEST(r.tat, $2) - $2 <= $4 THEN 0 \
                 WHEN r.blocked_until <= $2 THEN 1 ELSE r.refusals + 1 END \
    RETURNING blocked_until, refusals";

/// Counts one event for `key` at `now_ms`, or refuses it with the wait.
pub async fn count(
    db: &Db,
    key: &str,
    allowance: Allowance,
    now_ms: i64,
) -> Result<Result<(), Refused>, sqlx::Error> {
    let counted: Counted = crate::on_db!(db, |exe| sqlx::query_as(COUNT)
        .bind(sha256_hex(key.as_bytes()))
        .bind(now_ms)
        .bind(allowance.period_ms)
        .bind(allowance.tolerance_ms())
        .fetch_one(exe)
        .await)?;
    if counted.blocked_until <= now_ms {
        return Ok(Ok(()));
    }
    Ok(Err(Refused {
        seconds: seconds_until(counted.blocked_until, now_ms),
        first: counted.refusals == 1,
    }))
}

/// Whole seconds until `key` may go again, if it is blocked at `now_ms`.
pub async fn wait(db: &Db, key: &str, now_ms: i64) -> Result<Option<u64>, sqlx::Error> {
    let until: Option<i64> = crate::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT blocked_until FROM rate_limits WHERE key = $1"
    )
    .bind(sha256_hex(key.as_bytes()))
    .fetch_optional(exe)
    .await)?;
    Ok(until
        .filter(|until| *until > now_ms)
        .map(|until| seconds_until(until, now_ms)))
}

/// Forgets keys whose state is the same as never having been seen.
pub async fn delete_settled(db: &Db, now_ms: i64) -> Result<u64, sqlx::Error> {
    crate::on_db!(db, |exe| sqlx::query(
        "DELETE FROM rate_limits WHERE tat <= $1 AND blocked_until <= $1"
    )
    .bind(now_ms)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))
}

fn seconds_until(until_ms: i64, now_ms: i64) -> u64 {
    ((until_ms - now_ms) / 1000).max(1) as u64
}
