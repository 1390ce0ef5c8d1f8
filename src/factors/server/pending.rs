//! The pending second step (W05): after a correct password, the browser holds only this
//! record's id, in its own HttpOnly cookie. It can do nothing but finish this sign-in within
//! five minutes, and five wrong codes end it.

use crate::{
    error::AppError,
    server::{
        db::{Db, Tx},
        hashing::sha256_hex,
    },
};

pub const LIFETIME_SECONDS: i64 = 300;
pub const MAX_FAILURES: i64 = 5;

#[derive(sqlx::FromRow)]
pub struct Pending {
    pub user_id: i64,
    pub remember: bool,
}

pub async fn create(db: &Db, user_id: i64, remember: bool, now: i64) -> Result<String, AppError> {
    let secret: String = crate::server::hashing::random_secret(40);
    crate::on_db!(db, |exe| sqlx::query(
        "DELETE FROM pending_sign_ins WHERE expires_at <= $1"
    )
    .bind(now)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    crate::on_db!(db, |exe| {
        sqlx::query(
        "INSERT INTO pending_sign_ins (id_hash, user_id, remember, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(sha256_hex(secret.as_bytes()))
    .bind(user_id)
    .bind(remember)
    .bind(now + LIFETIME_SECONDS)
    .execute(exe)
    .await
    .map(|done| done.rows_affected())
    })?;
    Ok(secret)
}

pub async fn load(db: &Db, secret: &str, now: i64) -> Result<Option<Pending>, AppError> {
    Ok(crate::on_db!(db, |exe| sqlx::query_as(
        "SELECT user_id, remember FROM pending_sign_ins \
         WHERE id_hash = $1 AND expires_at > $2 AND failures < $3",
    )
    .bind(sha256_hex(secret.as_bytes()))
    .bind(now)
    .bind(MAX_FAILURES)
    .fetch_optional(exe)
    .await)?)
}

/// Counts a wrong code; the fifth ends the pending sign-in.
pub async fn failed(db: &Db, secret: &str) -> Result<(), AppError> {
    let hash = sha256_hex(secret.as_bytes());
    crate::on_db!(db, |exe| sqlx::query(
        "UPDATE pending_sign_ins SET failures = failures + 1 WHERE id_hash = $1"
    )
    .bind(&hash)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    crate::on_db!(db, |exe| sqlx::query(
        "DELETE FROM pending_sign_ins WHERE id_hash = $1 AND failures >= $2"
    )
    .bind(&hash)
    .bind(MAX_FAILURES)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}

/// Ends the pending sign-in; whether it still existed (of two racing requests, one wins).
pub async fn finish(db: &Db, secret: &str) -> Result<bool, AppError> {
    let gone = crate::on_db!(db, |exe| sqlx::query(
        "DELETE FROM pending_sign_ins WHERE id_hash = $1"
    )
    .bind(sha256_hex(secret.as_bytes()))
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(gone == 1)
}

/// Ends every sign-in of the user waiting for its code: part of revoking all their credentials.
pub async fn end_all_in(conn: &mut Tx, user_id: i64) -> Result<(), AppError> {
    crate::on_db!(conn, |exe| sqlx::query(
        "DELETE FROM pending_sign_ins WHERE user_id = $1"
    )
    .bind(user_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}
