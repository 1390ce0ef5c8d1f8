//! The pending second step (W05): after a correct password, the browser holds only this
//! record's id, in its own HttpOnly cookie. It can do nothing but finish this sign-in within
//! five minutes, and five wrong codes end it.
//!
//! The record is a credential like a session (S08): it is stored only while the user's
//! `auth_epoch` is the one its password check read, and the session it leads to is created
//! against that same epoch. A revocation between the password and the code (a password
//! change, a sign-out elsewhere) therefore ends it, even if it was in flight.

use crate::error::AppError;

use quire_auth::{
    db::{Db, Tx},
    secret::sha256_hex,
};

pub const LIFETIME_SECONDS: i64 = 300;
pub const MAX_FAILURES: i64 = 5;

#[derive(sqlx::FromRow)]
pub struct Pending {
    pub user_id: i64,
    pub remember: bool,
    /// The epoch the password check read: the session must be created against it.
    pub auth_epoch: i64,
}

/// Stores a pending sign-in for `user_id` if its epoch is still `auth_epoch`, and returns the
/// browser's secret; `SignInAgain` if a revocation came between the password check and now.
pub async fn create(
    db: &Db,
    user_id: i64,
    auth_epoch: i64,
    remember: bool,
    now: i64,
) -> Result<String, AppError> {
    let secret: String = quire_auth::secret::random_secret(40);
    // In a write transaction: ordered against every revocation (see `db::write`).
    let mut tx = quire_auth::db::write(db).await?;
    quire_auth::on_db!(tx, |exe| sqlx::query(
        "DELETE FROM pending_sign_ins WHERE expires_at <= $1"
    )
    .bind(now)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    let inserted = quire_auth::on_db!(tx, |exe| sqlx::query(
        "INSERT INTO pending_sign_ins (id_hash, user_id, remember, expires_at, auth_epoch) \
         SELECT $1, id, $3, $4, auth_epoch FROM auth_accounts \
         WHERE id = $2 AND auth_epoch = $5 AND active",
    )
    .bind(sha256_hex(secret.as_bytes()))
    .bind(user_id)
    .bind(remember)
    .bind(now + LIFETIME_SECONDS)
    .bind(auth_epoch)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    tx.commit().await?;
    if inserted == 0 {
        tracing::info!(
            user_id,
            "pending sign-in not stored: credentials revoked meanwhile"
        );
        return Err(AppError::SignInAgain);
    }
    Ok(secret)
}

/// The condition that makes a pending row live at `$2`: unexpired, tries left, and its epoch
/// still the user's (a sign-out elsewhere since the password moved it: sign in again).
macro_rules! live {
    () => {
        "id_hash = $1 AND expires_at > $2 AND failures < $3 AND auth_epoch = \
         (SELECT a.auth_epoch FROM auth_accounts a WHERE a.id = pending_sign_ins.user_id)"
    };
}

/// The live pending sign-in behind `secret`, without counting a try.
pub async fn load(db: &Db, secret: &str, now: i64) -> Result<Option<Pending>, AppError> {
    Ok(quire_auth::on_db!(db, |exe| sqlx::query_as(concat!(
        "SELECT user_id, remember, auth_epoch FROM pending_sign_ins WHERE ",
        live!()
    ))
    .bind(sha256_hex(secret.as_bytes()))
    .bind(now)
    .bind(MAX_FAILURES)
    .fetch_optional(exe)
    .await)?)
}

/// Takes one of the record's tries before a code is compared, in one statement: of codes sent
/// at once, at most `MAX_FAILURES` are ever compared. `false` when none is left (or the record
/// is gone or expired). A right code then [`finish`]es the record; a wrong one leaves the try
/// spent.
pub async fn take_try(db: &Db, secret: &str, now: i64) -> Result<bool, AppError> {
    let taken = quire_auth::on_db!(db, |exe| sqlx::query(concat!(
        "UPDATE pending_sign_ins SET failures = failures + 1 WHERE ",
        live!()
    ))
    .bind(sha256_hex(secret.as_bytes()))
    .bind(now)
    .bind(MAX_FAILURES)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(taken == 1)
}

/// Ends the pending sign-in; whether it still existed (of two racing requests, one wins).
pub async fn finish(db: &Db, secret: &str) -> Result<bool, AppError> {
    let gone = quire_auth::on_db!(db, |exe| sqlx::query(
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
    quire_auth::on_db!(conn, |exe| sqlx::query(
        "DELETE FROM pending_sign_ins WHERE user_id = $1"
    )
    .bind(user_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}
