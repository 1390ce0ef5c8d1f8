//! An account's session rows: listed for its owner, ended, capped, and swept when expired.
//! Ending sessions is one half of a revocation: the app bumps the account's `auth_epoch` in
//! the same write transaction, so that no sign-in in flight stores a session afterwards (see
//! [`Principal::auth_epoch`](super::Principal::auth_epoch)).
use crate::{
    db::{Db, Tx},
    Error,
};

/// A live session as its owner's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
#[non_exhaustive]
pub struct StoredSession {
    /// The SHA-256 of the session id: a handle the owner may name it by (never the id itself).
    pub id_hash: String,
    /// The client's address at sign-in.
    pub ip: String,
    /// The client's user agent at sign-in.
    pub user_agent: String,
    /// When it started (unix seconds).
    pub created_at: i64,
    /// When its expiry was last slid forward.
    pub last_seen_at: i64,
}

/// The account's live sessions at `now`, most recently active first, at most `most`.
///
/// ```no_run
/// # async fn page(db: quire_auth::db::Db) -> Result<(), quire_auth::Error> {
/// let now = time::OffsetDateTime::now_utc().unix_timestamp();
/// for session in quire_auth::sessions::list(&db, 7, now, 100).await? {
///     println!("{} since {}", session.user_agent, session.created_at);
/// }
/// # Ok(()) }
/// ```
pub async fn list(
    db: &Db,
    account_id: i64,
    now: i64,
    most: u32,
) -> Result<Vec<StoredSession>, Error> {
    let rows = crate::on_db!(db, |exe| sqlx::query_as(
        "SELECT id_hash, ip, user_agent, created_at, last_seen_at FROM auth_sessions \
         WHERE account_id = $1 AND idle_expires_at > $2 AND absolute_expires_at > $2 \
         ORDER BY last_seen_at DESC, created_at DESC LIMIT $3",
    )
    .bind(account_id)
    .bind(now)
    .bind(i64::from(most))
    .fetch_all(exe)
    .await)?;
    Ok(rows)
}

/// When the session under `id_hash` ends (idle or absolute, whichever comes first), or `None`
/// when it is gone or ended before `now`.
pub async fn ends_at(db: &Db, id_hash: &str, now: i64) -> Result<Option<i64>, Error> {
    let at = crate::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT CASE WHEN idle_expires_at < absolute_expires_at \
                THEN idle_expires_at ELSE absolute_expires_at END \
         FROM auth_sessions WHERE id_hash = $1 AND idle_expires_at > $2 \
         AND absolute_expires_at > $2"
    )
    .bind(id_hash)
    .bind(now)
    .fetch_optional(exe)
    .await)?;
    Ok(at)
}

/// Ends the session under `id_hash` (sign-out), in the caller's transaction.
pub async fn delete(tx: &mut Tx, id_hash: &str) -> Result<u64, Error> {
    let deleted = crate::on_db!(tx, |exe| sqlx::query(
        "DELETE FROM auth_sessions WHERE id_hash = $1"
    )
    .bind(id_hash)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(deleted)
}

/// Ends every session of the account, in the caller's transaction.
pub async fn delete_all(tx: &mut Tx, account_id: i64) -> Result<u64, Error> {
    let deleted = crate::on_db!(tx, |exe| sqlx::query(
        "DELETE FROM auth_sessions WHERE account_id = $1"
    )
    .bind(account_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(deleted)
}

/// Ends the account's session under `id_hash`; 0 when it is not the account's or is gone.
pub async fn delete_one_of(tx: &mut Tx, account_id: i64, id_hash: &str) -> Result<u64, Error> {
    let sql = "DELETE FROM auth_sessions WHERE account_id = $1 AND id_hash = $2";
    delete_of_account(tx, sql, account_id, id_hash).await
}

/// Ends every session of the account but the one under `keep` ("sign out everywhere else").
pub async fn delete_others(tx: &mut Tx, account_id: i64, keep: &str) -> Result<u64, Error> {
    let sql = "DELETE FROM auth_sessions WHERE account_id = $1 AND id_hash <> $2";
    delete_of_account(tx, sql, account_id, keep).await
}

async fn delete_of_account(
    tx: &mut Tx,
    sql: &'static str,
    account_id: i64,
    id_hash: &str,
) -> Result<u64, Error> {
    let deleted = crate::on_db!(tx, |exe| sqlx::query(sql)
        .bind(account_id)
        .bind(id_hash)
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(deleted)
}

/// Keeps the account's `keep` newest sessions and ends the rest (a cap per account, applied
/// at sign-in). Returns how many were ended.
pub async fn keep_newest(db: &Db, account_id: i64, keep: usize) -> Result<u64, Error> {
    let hashes: Vec<String> = crate::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT id_hash FROM auth_sessions WHERE account_id = $1 \
         ORDER BY created_at DESC, last_seen_at DESC",
    )
    .bind(account_id)
    .fetch_all(exe)
    .await)?;
    let mut ended = 0;
    for hash in hashes.iter().skip(keep) {
        ended += crate::on_db!(db, |exe| sqlx::query(
            "DELETE FROM auth_sessions WHERE id_hash = $1"
        )
        .bind(hash)
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))?;
    }
    Ok(ended)
}

/// Deletes every session that expired by `now`. Safe to run on several instances at once:
/// each row is deleted once. Returns how many.
pub async fn delete_expired(db: &Db, now: i64) -> Result<u64, Error> {
    let deleted = crate::on_db!(db, |exe| sqlx::query(
        "DELETE FROM auth_sessions WHERE idle_expires_at <= $1 OR absolute_expires_at <= $1",
    )
    .bind(now)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(deleted)
}
