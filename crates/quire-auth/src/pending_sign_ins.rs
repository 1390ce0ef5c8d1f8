//! The pending second step of a sign-in: after a correct password, an account with two-step
//! sign-in gets no session, only this record, whose random id the browser holds in a cookie of
//! its own. It can do nothing but finish this one sign-in, within [`LIFETIME_SECONDS`], and
//! [`MAX_TRIES`] codes end it. Only the id's SHA-256 is stored.
//!
//! The record is a credential like a session: it is stored only while the account's
//! `auth_epoch` is the one its password check read, it is live only while that epoch holds,
//! and the session it leads to is started against the same epoch. A revocation between the
//! password and the code therefore ends it, even one that came while it was in flight; so does
//! [`revocation::revoke_all_in`](crate::revocation::revoke_all_in).
//!
//! ```no_run
//! # async fn steps(db: quire_auth::db::Db, account_id: i64, epoch: i64, now: i64, code_ok: bool)
//! # -> Result<(), quire_auth::Error> {
//! use quire_auth::pending_sign_ins;
//! use secrecy::ExposeSecret;
//!
//! // After the password: the browser keeps `secret` in an HttpOnly cookie.
//! let Some(secret) = pending_sign_ins::create(&db, account_id, epoch, false, now).await? else {
//!     return Ok(()); // revoked meanwhile: sign in again
//! };
//! // With the code: a try is taken before the code is compared.
//! let secret = secret.expose_secret();
//! if pending_sign_ins::take_try(&db, secret, now).await? && code_ok {
//!     let waiting = pending_sign_ins::load(&db, secret, now).await?;
//!     if pending_sign_ins::finish(&db, secret).await? {
//!         // start the session for `waiting`, under its auth_epoch
//! #       let _ = waiting;
//!     }
//! }
//! # Ok(()) }
//! ```
use secrecy::SecretString;

use crate::{
    db::{Db, Tx},
    secret::{random_secret, sha256_hex},
    Error,
};

/// How long a pending sign-in waits for its code, in seconds.
pub const LIFETIME_SECONDS: i64 = 300;
/// Codes a pending sign-in compares at most; then it is over.
pub const MAX_TRIES: i64 = 5;

/// A sign-in waiting for its second step.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Pending {
    /// Whose sign-in it is.
    pub account_id: i64,
    /// Whether "Keep me signed in" was ticked with the password.
    pub remember: bool,
    /// The epoch the password check read: the session must be started against it.
    pub auth_epoch: i64,
}

/// Stores a pending sign-in for `account_id` if its epoch is still `auth_epoch` and it is
/// active, and returns the secret the browser keeps; `None`, and nothing stored, when a
/// revocation came between the password check and now.
pub async fn create(
    db: &Db,
    account_id: i64,
    auth_epoch: i64,
    remember: bool,
    now: i64,
) -> Result<Option<SecretString>, Error> {
    let secret = random_secret(40);
    // In a write transaction: ordered against every revocation.
    let mut tx = crate::db::write(db).await?;
    crate::on_db!(tx, |exe| sqlx::query(
        "DELETE FROM auth_pending_sign_ins WHERE expires_at <= $1"
    )
    .bind(now)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    let inserted = crate::on_db!(tx, |exe| {
        sqlx::query(
        "INSERT INTO auth_pending_sign_ins (id_hash, account_id, remember, expires_at, auth_epoch) \
         SELECT $1, id, $3, $4, auth_epoch FROM auth_accounts \
         WHERE id = $2 AND auth_epoch = $5 AND active",
    )
    .bind(sha256_hex(secret.as_bytes()))
    .bind(account_id)
    .bind(remember)
    .bind(now + LIFETIME_SECONDS)
    .bind(auth_epoch)
    .execute(exe)
    .await
    .map(|done| done.rows_affected())
    })?;
    tx.commit().await?;
    if inserted == 0 {
        tracing::info!(
            account_id,
            "pending sign-in not stored: credentials revoked meanwhile"
        );
        return Ok(None);
    }
    Ok(Some(SecretString::from(secret)))
}

/// The condition that makes a pending row live at `$2`: unexpired, tries left, and its epoch
/// still the account's (a sign-out elsewhere since the password moved it).
macro_rules! live {
    () => {
        "id_hash = $1 AND expires_at > $2 AND failures < $3 AND auth_epoch = \
         (SELECT a.auth_epoch FROM auth_accounts a WHERE a.id = auth_pending_sign_ins.account_id)"
    };
}

/// The live pending sign-in behind `secret`, without taking a try.
pub async fn load(db: &Db, secret: &str, now: i64) -> Result<Option<Pending>, Error> {
    Ok(crate::on_db!(db, |exe| sqlx::query_as(concat!(
        "SELECT account_id, remember, auth_epoch FROM auth_pending_sign_ins WHERE ",
        live!()
    ))
    .bind(sha256_hex(secret.as_bytes()))
    .bind(now)
    .bind(MAX_TRIES)
    .fetch_optional(exe)
    .await)?)
}

/// Takes one of the record's tries before a code is compared, in one statement: of codes sent
/// at once, at most [`MAX_TRIES`] are ever compared. `false` when none is left (or the record
/// is gone, expired or revoked). A right code then [`finish`]es the record; a wrong one leaves
/// the try spent.
pub async fn take_try(db: &Db, secret: &str, now: i64) -> Result<bool, Error> {
    let taken = crate::on_db!(db, |exe| sqlx::query(concat!(
        "UPDATE auth_pending_sign_ins SET failures = failures + 1 WHERE ",
        live!()
    ))
    .bind(sha256_hex(secret.as_bytes()))
    .bind(now)
    .bind(MAX_TRIES)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(taken == 1)
}

/// Ends the pending sign-in; whether it still existed (of two racing requests, one wins).
pub async fn finish(db: &Db, secret: &str) -> Result<bool, Error> {
    let gone = crate::on_db!(db, |exe| sqlx::query(
        "DELETE FROM auth_pending_sign_ins WHERE id_hash = $1"
    )
    .bind(sha256_hex(secret.as_bytes()))
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(gone == 1)
}

/// Ends every sign-in of the account waiting for its code (two-step sign-in turned off, or
/// every credential revoked).
pub async fn end_all_in(tx: &mut Tx, account_id: i64) -> Result<(), Error> {
    crate::on_db!(tx, |exe| sqlx::query(
        "DELETE FROM auth_pending_sign_ins WHERE account_id = $1"
    )
    .bind(account_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}
