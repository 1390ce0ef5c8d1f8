//! The durable mail queue (checklist M04). Callers enqueue inside their own transaction, so a
//! message exists exactly when the change that caused it was committed. Workers claim a due
//! message with one UPDATE that also checks the claim is free; SQLite runs writes one at a
//! time, so two workers never claim the same row while its lease lasts.
use quire_auth::db::Tx;

use super::Letter;
use quire_auth::db::Db;

/// A claimed message, ready to send.
#[derive(sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub recipient: String,
    pub recipient_name: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub attempts: i64,
}

/// Puts `letter` in the queue as part of the caller's transaction.
pub async fn enqueue(
    conn: &mut Tx,
    letter: &Letter,
    origin: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    quire_auth::on_db!(conn, |exe| sqlx::query(
        "INSERT INTO mail_queue (recipient, recipient_name, subject, text_body, html_body, \
                                 next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(&letter.to)
    .bind(&letter.to_name)
    .bind(&letter.subject)
    .bind(letter.text(origin))
    .bind(letter.html(origin))
    .bind(now)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}

/// Commits a transaction that queued mail, then wakes the worker so it goes out now rather than
/// at the worker's next poll. The one way a feature ends such a transaction.
pub async fn commit_and_send(
    tx: quire_auth::db::Tx,
    state: &crate::server::state::AppState,
) -> Result<(), sqlx::Error> {
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// Claims the oldest due message for `lease_seconds`, counting the attempt.
pub(super) async fn claim(
    db: &Db,
    now: i64,
    lease_seconds: i64,
) -> Result<Option<Claimed>, sqlx::Error> {
    quire_auth::on_db!(db, |exe| sqlx::query_as(
        "UPDATE mail_queue SET claimed_until = $1, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM mail_queue \
                     WHERE status = 'queued' AND next_attempt_at <= $2 \
                       AND (claimed_until IS NULL OR claimed_until <= $2) \
                     ORDER BY id LIMIT 1) \
           AND (claimed_until IS NULL OR claimed_until <= $2) \
         RETURNING id, recipient, recipient_name, subject, text_body, html_body, attempts",
    )
    .bind(now + lease_seconds)
    .bind(now)
    .fetch_optional(exe)
    .await)
}

/// Sent: the bodies go (they may hold a link that still works), the envelope stays.
pub(super) async fn mark_sent(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    quire_auth::on_db!(db, |exe| sqlx::query(
        "UPDATE mail_queue SET status = 'sent', finished_at = $1, claimed_until = NULL, \
                text_body = '', html_body = '', last_error = NULL WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}

/// Not sent: try again at `retry_at`.
pub(super) async fn retry_later(
    db: &Db,
    id: i64,
    retry_at: i64,
    error: &str,
) -> Result<(), sqlx::Error> {
    quire_auth::on_db!(db, |exe| sqlx::query(
        "UPDATE mail_queue SET next_attempt_at = $1, claimed_until = NULL, last_error = $2 \
         WHERE id = $3",
    )
    .bind(retry_at)
    .bind(error)
    .bind(id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}

/// Not sent, and no more tries: marked failed, bodies erased as when sent.
pub(super) async fn give_up(db: &Db, id: i64, now: i64, error: &str) -> Result<(), sqlx::Error> {
    quire_auth::on_db!(db, |exe| sqlx::query(
        "UPDATE mail_queue SET status = 'failed', finished_at = $1, claimed_until = NULL, \
                last_error = $2, text_body = '', html_body = '' WHERE id = $3",
    )
    .bind(now)
    .bind(error)
    .bind(id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}

/// Messages given up on, for the admin console.
pub async fn failed_count(db: &Db) -> Result<i64, sqlx::Error> {
    quire_auth::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM mail_queue WHERE status = 'failed'"
    )
    .fetch_one(exe)
    .await)
}
