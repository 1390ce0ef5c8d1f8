//! Registered passkeys: SQL about `passkeys` and the account's WebAuthn user handle.
use quire_auth::db::Tx;
use webauthn_rs::prelude::{Passkey, Uuid};

use crate::error::AppError;

use quire_auth::db::Db;

/// A passkey as Account → Security lists it.
#[derive(sqlx::FromRow)]
pub struct Listed {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// A passkey found by the credential id an authenticator sent, with its owner.
#[derive(sqlx::FromRow)]
pub struct Found {
    pub id: i64,
    pub user_id: i64,
    pub passkey: String,
    pub webauthn_handle: Option<String>,
}

impl Found {
    pub fn key(&self) -> Result<Passkey, AppError> {
        serde_json::from_str(&self.passkey).map_err(AppError::internal)
    }
}

pub async fn list(db: &Db, user_id: i64) -> Result<Vec<Listed>, AppError> {
    Ok(quire_auth::on_db!(db, |exe| sqlx::query_as(
        "SELECT id, name, created_at, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(exe)
    .await)?)
}

pub async fn count(db: &Db, user_id: i64) -> Result<i64, AppError> {
    Ok(quire_auth::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM passkeys WHERE user_id = $1"
    )
    .bind(user_id)
    .fetch_one(exe)
    .await)?)
}

/// The keys of the user's passkeys, which a new registration must not repeat.
pub async fn keys(db: &Db, user_id: i64) -> Result<Vec<Passkey>, AppError> {
    let rows: Vec<String> = quire_auth::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT passkey FROM passkeys WHERE user_id = $1"
    )
    .bind(user_id)
    .fetch_all(exe)
    .await)?;
    Ok(rows
        .iter()
        .filter_map(|json| serde_json::from_str(json).ok())
        .collect())
}

/// The account's user handle, made on its first passkey: random, so an authenticator holds
/// nothing that names the account.
pub async fn handle(db: &Db, user_id: i64) -> Result<Uuid, AppError> {
    let fresh = Uuid::new_v4().to_string();
    let stored: String = quire_auth::on_db!(db, |exe| {
        sqlx::query_scalar(
        "UPDATE auth_accounts SET webauthn_handle = COALESCE(webauthn_handle, $1) WHERE id = $2 \
         RETURNING webauthn_handle",
    )
    .bind(fresh)
    .bind(user_id)
    .fetch_one(exe)
    .await
    })?;
    Uuid::parse_str(&stored).map_err(AppError::internal)
}

pub fn credential_key(passkey: &Passkey) -> String {
    hex::encode(passkey.cred_id().as_slice())
}

/// A new passkey and the device it was added from (`added_from`, for the owner to tell it
/// from a thief's later). Whether it was new.
pub async fn insert_in(
    conn: &mut Tx,
    user_id: i64,
    name: &str,
    passkey: &Passkey,
    now: i64,
    added_from: &str,
) -> Result<bool, AppError> {
    let json = serde_json::to_string(passkey).map_err(AppError::internal)?;
    let added = quire_auth::on_db!(conn, |exe| sqlx::query(
        "INSERT INTO passkeys (user_id, credential_id, name, passkey, created_at, added_from) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (credential_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(credential_key(passkey))
    .bind(name)
    .bind(json)
    .bind(now)
    .bind(added_from)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(added == 1)
}

pub async fn find(db: &Db, credential_id: &[u8]) -> Result<Option<Found>, AppError> {
    Ok(quire_auth::on_db!(db, |exe| sqlx::query_as(
        "SELECT p.id, p.user_id, p.passkey, a.webauthn_handle FROM passkeys p \
         JOIN auth_accounts a ON a.id = p.user_id WHERE p.credential_id = $1",
    )
    .bind(hex::encode(credential_id))
    .fetch_optional(exe)
    .await)?)
}

/// Stores the counter and backup state of a use, and when it was.
pub async fn used(db: &Db, id: i64, passkey: &Passkey, now: i64) -> Result<(), AppError> {
    let json = serde_json::to_string(passkey).map_err(AppError::internal)?;
    quire_auth::on_db!(db, |exe| sqlx::query(
        "UPDATE passkeys SET passkey = $1, last_used_at = $2 WHERE id = $3"
    )
    .bind(json)
    .bind(now)
    .bind(id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}

pub async fn rename(db: &Db, user_id: i64, id: i64, name: &str) -> Result<bool, AppError> {
    let done = quire_auth::on_db!(db, |exe| sqlx::query(
        "UPDATE passkeys SET name = $1 WHERE id = $2 AND user_id = $3"
    )
    .bind(name)
    .bind(id)
    .bind(user_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(done == 1)
}

/// Removes one passkey of the user, or with `id` `None` all of them. The name(s) removed.
pub async fn remove_in(
    conn: &mut Tx,
    user_id: i64,
    id: Option<i64>,
) -> Result<Vec<String>, AppError> {
    Ok(quire_auth::on_db!(conn, |exe| sqlx::query_scalar(
        "DELETE FROM passkeys WHERE user_id = $1 AND ($2 IS NULL OR id = $2) RETURNING name",
    )
    .bind(user_id)
    .bind(id)
    .fetch_all(exe)
    .await)?)
}

/// A passkey added recently, as the password change and reset pages offer to remove it.
#[derive(sqlx::FromRow)]
pub struct Recent {
    pub name: String,
    pub created_at: i64,
    pub added_from: String,
}

/// The user's passkeys added at or after `since`, newest first (at most 20: A01).
pub async fn added_since(db: &Db, user_id: i64, since: i64) -> Result<Vec<Recent>, AppError> {
    Ok(quire_auth::on_db!(db, |exe| sqlx::query_as(
        "SELECT name, created_at, added_from FROM passkeys \
         WHERE user_id = $1 AND created_at >= $2 ORDER BY created_at DESC, id DESC LIMIT 20",
    )
    .bind(user_id)
    .bind(since)
    .fetch_all(exe)
    .await)?)
}

/// Removes the user's passkeys added at or after `since`; the names removed.
pub async fn remove_added_since_in(
    conn: &mut Tx,
    user_id: i64,
    since: i64,
) -> Result<Vec<String>, AppError> {
    Ok(quire_auth::on_db!(conn, |exe| sqlx::query_scalar(
        "DELETE FROM passkeys WHERE user_id = $1 AND created_at >= $2 RETURNING name",
    )
    .bind(user_id)
    .bind(since)
    .fetch_all(exe)
    .await)?)
}
