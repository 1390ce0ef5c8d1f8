//! GCRA in one SQL statement, for counts that every instance on a PostgreSQL database shares
//! (the `auth_rate_limits` table). The upsert reads and writes a key's row atomically, so events
//! taken at once on several instances are each counted exactly once: none is lost to a race,
//! and no more pass than the allowance holds. Keys are stored as their SHA-256: they may hold
//! an address typed into a form. The arithmetic is [`Allowance::take`]'s.
use super::{seconds_until, Allowance, Refused};
use crate::{db::Db, secret::sha256_hex};

#[derive(sqlx::FromRow)]
struct Taken {
    blocked_until: i64,
    refusals: i64,
}

const TAKE: &str = "\
    INSERT INTO auth_rate_limits AS r (key, tat) VALUES ($1, $2 + $3) \
    ON CONFLICT (key) DO UPDATE SET \
      tat = CASE WHEN GREATEST(r.tat, $2) - $2 > $4 THEN r.tat ELSE GREATEST(r.tat, $2) + $3 END, \
      blocked_until = CASE WHEN GREATEST(r.tat, $2) - $2 > $4 \
                      THEN GREATEST(r.tat, $2) - $4 ELSE r.blocked_until END, \
      refusals = CASE WHEN GREATEST(r.tat, $2) - $2 <= $4 THEN 0 \
                 WHEN r.blocked_until <= $2 THEN 1 ELSE r.refusals + 1 END \
    RETURNING blocked_until, refusals";

/// Takes one event for `key` at `now_ms`, or refuses it with the wait. An event passed when
/// the row's refusals are back at zero.
pub async fn take(
    db: &Db,
    key: &str,
    allowance: Allowance,
    now_ms: i64,
) -> Result<Result<(), Refused>, sqlx::Error> {
    let taken: Taken = crate::on_db!(db, |exe| sqlx::query_as(TAKE)
        .bind(sha256_hex(key.as_bytes()))
        .bind(now_ms)
        .bind(allowance.period_ms)
        .bind(allowance.tolerance_ms())
        .fetch_one(exe)
        .await)?;
    if taken.refusals == 0 {
        return Ok(Ok(()));
    }
    Ok(Err(Refused {
        seconds: seconds_until(taken.blocked_until, now_ms),
        first: taken.refusals == 1,
    }))
}

/// Gives one event taken for `key` back: its `tat` moves one period earlier.
pub async fn give_back(db: &Db, key: &str, allowance: Allowance) -> Result<(), sqlx::Error> {
    crate::on_db!(db, |exe| sqlx::query(
        "UPDATE auth_rate_limits SET tat = tat - $2 WHERE key = $1"
    )
    .bind(sha256_hex(key.as_bytes()))
    .bind(allowance.period_ms)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}

/// The key's theoretical arrival time, if it has a row.
pub async fn tat(db: &Db, key: &str) -> Result<Option<i64>, sqlx::Error> {
    crate::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT tat FROM auth_rate_limits WHERE key = $1"
    )
    .bind(sha256_hex(key.as_bytes()))
    .fetch_optional(exe)
    .await)
}

/// Forgets keys whose state is the same as never having been seen.
pub async fn delete_settled(db: &Db, now_ms: i64) -> Result<u64, sqlx::Error> {
    crate::on_db!(db, |exe| sqlx::query(
        "DELETE FROM auth_rate_limits WHERE tat <= $1 AND blocked_until <= $1"
    )
    .bind(now_ms)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))
}
