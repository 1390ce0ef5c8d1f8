//! Accounts: the crate's `auth_accounts` rows, and the two epochs that make revocation final.
//!
//! An account is what signing in needs: an address (stored trimmed and lower-cased by the
//! caller), a password hash, whether it is active and verified, and two epochs. What the app
//! shows about an account (a name, roles) lives in a table of the app's own under the same id;
//! [`sessions::Principal`](crate::sessions::Principal) joins the two.
//!
//! - `auth_epoch` moves on every revocation of the account's sessions or tokens. A session or
//!   token is stored only while the epoch its request read is unchanged, so a request that was
//!   in flight across a revocation cannot bring a credential back.
//! - `credential_epoch` moves when all of the account's credentials are revoked at once
//!   (a password change or reset, deactivation). A mailed link records it when issued and
//!   works only while it is unchanged; a single sign-out does not move it.
use crate::{
    db::{Db, Tx},
    passwords::PasswordHashString,
    Error,
};

/// A new account, as [`create`] stores it.
#[derive(Debug)]
pub struct NewAccount<'a> {
    /// The address, already normalised (trimmed, lower-cased): it is unique as stored.
    pub email: &'a str,
    /// The password's argon2id hash ([`Passwords::hash`](crate::passwords::Passwords::hash)).
    pub password_hash: &'a PasswordHashString,
    /// Whether the address counts as proven from the start (an operator's first account).
    pub verified: bool,
    /// When it was made (unix seconds).
    pub now: i64,
}

/// Makes the account in the caller's write transaction and returns its id, or `None` when the
/// address has an account already (nothing is changed then). The app adds its own row under
/// the same id in the same transaction.
///
/// ```no_run
/// # async fn register(db: quire_auth::db::Db, hash: quire_auth::passwords::PasswordHashString)
/// # -> Result<(), quire_auth::Error> {
/// use quire_auth::accounts::{create, NewAccount};
/// let mut tx = quire_auth::db::write(&db).await?;
/// let new = NewAccount { email: "ada@example.org", password_hash: &hash, verified: false, now: 0 };
/// if let Some(id) = create(&mut tx, new).await? {
///     // INSERT INTO the app's own table (id, name, …) here, in the same transaction.
/// #   let _ = id;
/// }
/// tx.commit().await?;
/// # Ok(()) }
/// ```
pub async fn create(tx: &mut Tx, new: NewAccount<'_>) -> Result<Option<i64>, Error> {
    let id = crate::on_db!(tx, |exe| sqlx::query_scalar(
        "INSERT INTO auth_accounts (email, password_hash, active, email_verified, created_at, \
                                    updated_at) \
         VALUES ($1, $2, TRUE, $3, $4, $4) ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(new.email)
    .bind(new.password_hash.as_db())
    .bind(new.verified)
    .bind(new.now)
    .fetch_optional(exe)
    .await)?;
    Ok(id)
}

/// Moves the account's `auth_epoch`, in the transaction that ends its sessions or tokens, and
/// announces the change to its open tabs once that commits. Returns the new epoch (0 for an
/// account that does not exist).
pub async fn bump_auth_epoch(tx: &mut Tx, account_id: i64) -> Result<i64, Error> {
    let epoch: Option<i64> = crate::on_db!(tx, |exe| {
        sqlx::query_scalar(
        "UPDATE auth_accounts SET auth_epoch = auth_epoch + 1 WHERE id = $1 RETURNING auth_epoch",
    )
    .bind(account_id)
    .fetch_optional(exe)
    .await
    })?;
    tx.credentials_changed(account_id).await?;
    Ok(epoch.unwrap_or_default())
}

/// Moves the account's `credential_epoch`, so that no mailed link issued before outlives this
/// transaction.
pub async fn bump_credential_epoch(tx: &mut Tx, account_id: i64) -> Result<(), Error> {
    crate::on_db!(tx, |exe| sqlx::query(
        "UPDATE auth_accounts SET credential_epoch = credential_epoch + 1 WHERE id = $1"
    )
    .bind(account_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}

/// The id of the active account whose address is `email` (as stored: trimmed, lower-case), if
/// there is one: where a mailed link for that address would go.
pub async fn find_active(db: &Db, email: &str) -> Result<Option<i64>, Error> {
    Ok(crate::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT id FROM auth_accounts WHERE email = $1 AND active"
    )
    .bind(email)
    .fetch_optional(exe)
    .await)?)
}

/// The address of account `account_id`, if it exists.
pub async fn email_of(db: &Db, account_id: i64) -> Result<Option<String>, Error> {
    Ok(crate::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT email FROM auth_accounts WHERE id = $1"
    )
    .bind(account_id)
    .fetch_optional(exe)
    .await)?)
}

/// Marks the account's address proven (a mailed link to it was followed); whether it was not
/// proven before.
pub async fn prove_address_in(tx: &mut Tx, account_id: i64, now: i64) -> Result<bool, Error> {
    let proven = crate::on_db!(tx, |exe| sqlx::query(
        "UPDATE auth_accounts SET email_verified = TRUE, updated_at = $2 \
         WHERE id = $1 AND NOT email_verified",
    )
    .bind(account_id)
    .bind(now)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(proven == 1)
}
