//! A WebAuthn ceremony in progress. webauthn-rs hands back a state that must stay on the
//! server: a replayed state lets an old signature pass. It is kept in
//! `auth_passkey_ceremonies`, bound to one browser by a secret the app puts in an HttpOnly
//! cookie (only its SHA-256 is stored), spent by the one request that finishes it, and dead
//! after five minutes. Nothing is written until a ceremony starts, so a visitor who only looks
//! costs no write.
//!
//! ```no_run
//! # async fn run(db: quire_auth::db::Db, now: i64) -> Result<(), quire_auth::Error> {
//! use quire_auth::passkeys::ceremony::{self, Purpose};
//! let secret = ceremony::begin(&db, Purpose::SignIn, None, &"webauthn-rs state", now).await?;
//! // … the browser signs the challenge and sends back the cookie holding `secret` …
//! # use secrecy::ExposeSecret;
//! let state: Option<String> =
//!     ceremony::take(&db, secret.expose_secret(), Purpose::SignIn, None, now).await?;
//! assert!(state.is_some());
//! # Ok(()) }
//! ```
use secrecy::SecretString;
use serde::{de::DeserializeOwned, Serialize};

use crate::{
    db::{Db, Tx},
    secret::{random_secret, sha256_hex},
    Error,
};

/// How long a ceremony may take, in seconds.
pub const LIFETIME_SECONDS: i64 = 300;

/// What a ceremony is for; a state made for one purpose is never accepted for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Adding a passkey to the signed-in account.
    Register,
    /// Signing in with a passkey.
    SignIn,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Register => "register",
            Purpose::SignIn => "sign_in",
        }
    }
}

/// Stores `state` (webauthn-rs's, as JSON) for `account_id` (the signed-in account, for a
/// registration) and returns the secret the browser keeps, in a cookie, to finish it.
pub async fn begin(
    db: &Db,
    purpose: Purpose,
    account_id: Option<i64>,
    state: &impl Serialize,
    now: i64,
) -> Result<SecretString, Error> {
    let secret = random_secret(40);
    let json = serde_json::to_string(state).map_err(Error::internal)?;
    sweep(db, now).await?;
    crate::on_db!(db, |exe| sqlx::query(
        "INSERT INTO auth_passkey_ceremonies (id_hash, purpose, account_id, state, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(sha256_hex(secret.as_bytes()))
    .bind(purpose.as_str())
    .bind(account_id)
    .bind(json)
    .bind(now + LIFETIME_SECONDS)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(SecretString::from(secret))
}

/// Spends the ceremony behind `secret`: its state, once, if it was made for `purpose` and
/// `account_id` and has not expired. Expired, spent, unknown or someone else's: `None`.
pub async fn take<T: DeserializeOwned>(
    db: &Db,
    secret: &str,
    purpose: Purpose,
    account_id: Option<i64>,
    now: i64,
) -> Result<Option<T>, Error> {
    // The DELETE spends the ceremony whatever comes next: of two requests racing with one
    // ceremony, one gets the state, and a late or misused one is gone too.
    let row: Option<Spent> = crate::on_db!(db, |exe| sqlx::query_as(
        "DELETE FROM auth_passkey_ceremonies WHERE id_hash = $1 \
         RETURNING purpose, account_id, state, expires_at",
    )
    .bind(sha256_hex(secret.as_bytes()))
    .fetch_optional(exe)
    .await)?;
    let live = row.filter(|r| {
        r.purpose == purpose.as_str() && r.account_id == account_id && r.expires_at > now
    });
    Ok(live.and_then(|r| serde_json::from_str(&r.state).ok()))
}

#[derive(sqlx::FromRow)]
struct Spent {
    purpose: String,
    account_id: Option<i64>,
    state: String,
    expires_at: i64,
}

/// Deletes ceremonies past their five minutes; how many.
pub async fn sweep(db: &Db, now: i64) -> Result<u64, Error> {
    let gone = crate::on_db!(db, |exe| sqlx::query(
        "DELETE FROM auth_passkey_ceremonies WHERE expires_at <= $1"
    )
    .bind(now)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(gone)
}

/// Ends the account's passkey registrations in progress (part of revoking everything).
pub async fn end_all_in(tx: &mut Tx, account_id: i64) -> Result<(), Error> {
    crate::on_db!(tx, |exe| sqlx::query(
        "DELETE FROM auth_passkey_ceremonies WHERE account_id = $1"
    )
    .bind(account_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}
