//! A WebAuthn ceremony in progress (checklist W01). webauthn-rs hands back a state that must
//! stay on the server: a replayed state lets an old signature pass. It is kept in
//! `passkey_ceremonies`, bound to one browser by a secret in an HttpOnly cookie (only its
//! SHA-256 is stored), spent by the one request that finishes it, and dead after five minutes.
//! Nothing is written until a ceremony starts, so a visitor who only looks costs no write.
use quire_auth::db::Tx;
use serde::{de::DeserializeOwned, Serialize};

use crate::{
    error::AppError,
    server::{cookies, state::AppState},
};

use quire_auth::{
    db::Db,
    secret::{random_secret, sha256_hex},
};

pub const LIFETIME_SECONDS: i64 = 300;
const COOKIE: &str = "quire_passkey";

/// What a ceremony is for; a state made for one purpose is never accepted for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Register,
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

/// Stores `ceremony` and hands this browser the cookie that can finish it.
pub async fn begin(
    state: &AppState,
    purpose: Purpose,
    user_id: Option<i64>,
    ceremony: &impl Serialize,
) -> Result<(), AppError> {
    let now = state.clock.now().unix_timestamp();
    let secret = random_secret(40);
    let json = serde_json::to_string(ceremony).map_err(AppError::internal)?;
    sweep(&state.db, now).await?;
    quire_auth::on_db!(state.db, |exe| sqlx::query(
        "INSERT INTO passkey_ceremonies (id_hash, purpose, user_id, state, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(sha256_hex(secret.as_bytes()))
    .bind(purpose.as_str())
    .bind(user_id)
    .bind(json)
    .bind(now + LIFETIME_SECONDS)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    let production = state.config.site.production;
    let max_age = LIFETIME_SECONDS as u64;
    cookies::send(cookies::set(COOKIE, &secret, max_age, production));
    Ok(())
}

/// Spends this browser's ceremony of `purpose` (for `user_id`, when one is signed in): its
/// state, once. Expired, spent, missing or someone else's: `None`.
pub async fn take<T: DeserializeOwned>(
    state: &AppState,
    purpose: Purpose,
    user_id: Option<i64>,
) -> Result<Option<T>, AppError> {
    let production = state.config.site.production;
    let name = cookies::name(COOKIE, production);
    let Some(secret) = crate::server::request::cookie(&name).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    cookies::send(cookies::set(COOKIE, "", 0, production));
    let now = state.clock.now().unix_timestamp();
    // The DELETE spends the ceremony whatever comes next: of two requests racing with one
    // ceremony, one gets the state, and a late or misused one is gone too.
    let row: Option<Spent> = quire_auth::on_db!(state.db, |exe| sqlx::query_as(
        "DELETE FROM passkey_ceremonies WHERE id_hash = $1 \
         RETURNING purpose, user_id, state, expires_at",
    )
    .bind(sha256_hex(secret.as_bytes()))
    .fetch_optional(exe)
    .await)?;
    let live =
        row.filter(|r| r.purpose == purpose.as_str() && r.user_id == user_id && r.expires_at > now);
    Ok(live.and_then(|r| serde_json::from_str(&r.state).ok()))
}

#[derive(sqlx::FromRow)]
struct Spent {
    purpose: String,
    user_id: Option<i64>,
    state: String,
    expires_at: i64,
}

/// Deletes ceremonies past their five minutes (also run by the cleanup job).
pub async fn sweep(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    let gone = quire_auth::on_db!(db, |exe| sqlx::query(
        "DELETE FROM passkey_ceremonies WHERE expires_at <= $1"
    )
    .bind(now)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(gone)
}

/// Ends the user's passkey registrations in progress: part of revoking all their credentials.
pub async fn end_all_in(conn: &mut Tx, user_id: i64) -> Result<(), AppError> {
    quire_auth::on_db!(conn, |exe| sqlx::query(
        "DELETE FROM passkey_ceremonies WHERE user_id = $1"
    )
    .bind(user_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}
