//! An account's token rows: listed for its owner (never their secrets) and revoked. Like every
//! revocation, revoking moves the account's `auth_epoch` in the same transaction.
use crate::{
    db::{Db, Tx},
    Error,
};

/// A live token as its owner's list shows it: what identifies it, never the secret.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
#[non_exhaustive]
pub struct StoredToken {
    /// The row id, to revoke it by.
    pub id: i64,
    /// The name its owner (or the app that signed in) gave it.
    pub name: String,
    /// `app` or `pat` ([`TokenKind::as_str`](crate::token_format::TokenKind::as_str)).
    pub kind: String,
    /// What the token starts with, such as `notes_pat_`.
    pub prefix: String,
    /// Its last four characters.
    pub last4: String,
    /// The scope names it was granted, space-separated.
    pub scopes: String,
    /// When it was made (unix seconds).
    pub created_at: i64,
    /// When it stops working.
    pub expires_at: i64,
    /// When it was last used, to the minute.
    pub last_used_at: Option<i64>,
}

/// The account's live tokens at `now`, newest first: at most `limit`, after skipping `offset`.
///
/// ```no_run
/// # async fn page(db: quire_auth::db::Db) -> Result<(), quire_auth::Error> {
/// let now = time::OffsetDateTime::now_utc().unix_timestamp();
/// for token in quire_auth::tokens::list(&db, 7, now, 20, 0).await? {
///     println!("{} ({}…{})", token.name, token.prefix, token.last4);
/// }
/// # Ok(()) }
/// ```
pub async fn list(
    db: &Db,
    account_id: i64,
    now: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<StoredToken>, Error> {
    let rows = crate::on_db!(db, |exe| sqlx::query_as(
        "SELECT id, name, kind, prefix, last4, scopes, created_at, expires_at, last_used_at \
         FROM auth_tokens WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 \
         ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4",
    )
    .bind(account_id)
    .bind(now)
    .bind(limit)
    .bind(offset)
    .fetch_all(exe)
    .await)?;
    Ok(rows)
}

/// Revokes one of the account's tokens, from the next request on. `false` when it is not the
/// account's or already revoked: nothing changed.
pub async fn revoke(db: &Db, account_id: i64, token_id: i64, now: i64) -> Result<bool, Error> {
    let mut tx = crate::db::write(db).await?;
    crate::accounts::bump_auth_epoch(&mut tx, account_id).await?;
    let revoked = crate::on_db!(tx, |exe| sqlx::query(
        "UPDATE auth_tokens SET revoked_at = $1 \
         WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(token_id)
    .bind(account_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    if revoked == 0 {
        return Ok(false); // Dropping the transaction rolls the epoch back.
    }
    tx.commit().await?;
    tracing::info!(token_id, account_id, "bearer token revoked");
    Ok(true)
}

/// Revokes every live token of the account inside the caller's transaction, which also moves
/// its `auth_epoch`: [`revoke_all_in`](crate::revocation::revoke_all_in), the one way to end an
/// account's credentials, calls it. Returns how many.
pub(crate) async fn revoke_all_in(tx: &mut Tx, account_id: i64, now: i64) -> Result<u64, Error> {
    let revoked = crate::on_db!(tx, |exe| sqlx::query(
        "UPDATE auth_tokens SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(account_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(revoked)
}
