//! Registered passkeys on `auth_passkeys`, and the account's WebAuthn user handle.
//!
//! A passkey's row keeps webauthn-rs's record as JSON (the public key, the signature counter
//! and the backup flags, updated after every use), the name its owner gave it, when it was
//! added and from which device (`added_from`, so the owner can tell it from a thief's).
use webauthn_rs::prelude::{Passkey, Uuid};

use crate::{
    db::{Db, Tx},
    Error,
};

/// A passkey as the account's security page lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
#[non_exhaustive]
pub struct Listed {
    /// Its row's id, for renaming and removing.
    pub id: i64,
    /// The name its owner gave it.
    pub name: String,
    /// When it was added (unix seconds).
    pub created_at: i64,
    /// When it last signed in, if ever.
    pub last_used_at: Option<i64>,
}

/// A passkey found by the credential id an authenticator sent, with its owner.
#[derive(sqlx::FromRow)]
pub(crate) struct Found {
    pub(crate) id: i64,
    pub(crate) account_id: i64,
    pub(crate) passkey: String,
    pub(crate) webauthn_handle: Option<String>,
}

impl Found {
    pub(crate) fn key(&self) -> Result<Passkey, Error> {
        serde_json::from_str(&self.passkey).map_err(Error::internal)
    }
}

/// A passkey added recently, as a password change offers to remove it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
#[non_exhaustive]
pub struct Recent {
    /// The name its owner gave it.
    pub name: String,
    /// When it was added (unix seconds).
    pub created_at: i64,
    /// The device it was added from, as the app described it.
    pub added_from: String,
}

/// The account's passkeys, oldest first.
pub async fn list(db: &Db, account_id: i64) -> Result<Vec<Listed>, Error> {
    Ok(crate::on_db!(db, |exe| sqlx::query_as(
        "SELECT id, name, created_at, last_used_at FROM auth_passkeys \
         WHERE account_id = $1 ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(exe)
    .await)?)
}

/// How many passkeys the account has.
pub async fn count(db: &Db, account_id: i64) -> Result<i64, Error> {
    Ok(crate::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM auth_passkeys WHERE account_id = $1"
    )
    .bind(account_id)
    .fetch_one(exe)
    .await)?)
}

/// The keys of the account's passkeys, which a new registration must not repeat.
pub async fn keys(db: &Db, account_id: i64) -> Result<Vec<Passkey>, Error> {
    let rows: Vec<String> = crate::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT passkey FROM auth_passkeys WHERE account_id = $1"
    )
    .bind(account_id)
    .fetch_all(exe)
    .await)?;
    Ok(rows
        .iter()
        .filter_map(|json| serde_json::from_str(json).ok())
        .collect())
}

/// The account's user handle, made on its first passkey: random, so an authenticator holds
/// nothing that names the account.
pub async fn handle(db: &Db, account_id: i64) -> Result<Uuid, Error> {
    let fresh = Uuid::new_v4().to_string();
    let stored: String = crate::on_db!(db, |exe| sqlx::query_scalar(
        "UPDATE auth_accounts SET webauthn_handle = COALESCE(webauthn_handle, $1) \
         WHERE id = $2 RETURNING webauthn_handle",
    )
    .bind(fresh)
    .bind(account_id)
    .fetch_one(exe)
    .await)?;
    Uuid::parse_str(&stored).map_err(Error::internal)
}

fn credential_key(credential_id: &[u8]) -> String {
    hex::encode(credential_id)
}

/// Stores a new passkey named `name`, added from the device `added_from`. `false`, and
/// nothing stored, when that credential is registered already (to any account).
pub async fn insert_in(
    tx: &mut Tx,
    account_id: i64,
    name: &str,
    passkey: &Passkey,
    now: i64,
    added_from: &str,
) -> Result<bool, Error> {
    let json = serde_json::to_string(passkey).map_err(Error::internal)?;
    let added = crate::on_db!(tx, |exe| sqlx::query(
        "INSERT INTO auth_passkeys \
         (account_id, credential_id, name, passkey, created_at, added_from) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (credential_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(credential_key(passkey.cred_id().as_slice()))
    .bind(name)
    .bind(json)
    .bind(now)
    .bind(added_from)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(added == 1)
}

pub(crate) async fn find(db: &Db, credential_id: &[u8]) -> Result<Option<Found>, Error> {
    Ok(crate::on_db!(db, |exe| sqlx::query_as(
        "SELECT p.id, p.account_id, p.passkey, a.webauthn_handle FROM auth_passkeys p \
         JOIN auth_accounts a ON a.id = p.account_id WHERE p.credential_id = $1",
    )
    .bind(credential_key(credential_id))
    .fetch_optional(exe)
    .await)?)
}

/// Stores the counter and backup state of a use, and when it was.
pub(crate) async fn used(db: &Db, id: i64, passkey: &Passkey, now: i64) -> Result<(), Error> {
    let json = serde_json::to_string(passkey).map_err(Error::internal)?;
    crate::on_db!(db, |exe| sqlx::query(
        "UPDATE auth_passkeys SET passkey = $1, last_used_at = $2 WHERE id = $3"
    )
    .bind(json)
    .bind(now)
    .bind(id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}

/// Renames passkey `id` of the account; whether it was the account's.
pub async fn rename(db: &Db, account_id: i64, id: i64, name: &str) -> Result<bool, Error> {
    let done = crate::on_db!(db, |exe| sqlx::query(
        "UPDATE auth_passkeys SET name = $1 WHERE id = $2 AND account_id = $3"
    )
    .bind(name)
    .bind(id)
    .bind(account_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(done == 1)
}

/// Removes passkey `id` of the account, or with `None` all of them; the names removed.
pub async fn remove_in(
    tx: &mut Tx,
    account_id: i64,
    id: Option<i64>,
) -> Result<Vec<String>, Error> {
    Ok(crate::on_db!(tx, |exe| sqlx::query_scalar(
        "DELETE FROM auth_passkeys WHERE account_id = $1 AND ($2 IS NULL OR id = $2) \
         RETURNING name",
    )
    .bind(account_id)
    .bind(id)
    .fetch_all(exe)
    .await)?)
}

/// The account's passkeys added at or after `since`, newest first (at most 20).
pub async fn added_since(db: &Db, account_id: i64, since: i64) -> Result<Vec<Recent>, Error> {
    Ok(crate::on_db!(db, |exe| sqlx::query_as(
        "SELECT name, created_at, added_from FROM auth_passkeys \
         WHERE account_id = $1 AND created_at >= $2 \
         ORDER BY created_at DESC, id DESC LIMIT 20",
    )
    .bind(account_id)
    .bind(since)
    .fetch_all(exe)
    .await)?)
}

/// Removes the account's passkeys added at or after `since`; the names removed.
pub async fn remove_added_since_in(
    tx: &mut Tx,
    account_id: i64,
    since: i64,
) -> Result<Vec<String>, Error> {
    Ok(crate::on_db!(tx, |exe| sqlx::query_scalar(
        "DELETE FROM auth_passkeys WHERE account_id = $1 AND created_at >= $2 RETURNING name",
    )
    .bind(account_id)
    .bind(since)
    .fetch_all(exe)
    .await)?)
}
