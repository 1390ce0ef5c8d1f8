//! Revoking everything an account holds, in one call: what a password change, a reset, an
//! administrator or a deactivation needs when "this account's credentials are no longer good".
use crate::{
    db::{Db, Tx},
    Error,
};

/// What [`revoke_all_in`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Revoked {
    /// Sessions deleted (the browsers they were in are signed out on their next request).
    pub sessions_ended: u64,
    /// Bearer tokens revoked.
    pub tokens_revoked: u64,
    /// The account's auth epoch from now on: a session started in this same request (after a
    /// password change, say) must be stored under it.
    pub auth_epoch: i64,
}

/// Ends every session, pending second step, passkey registration in progress and token of the
/// account, and moves both of its
/// epochs, inside the caller's write transaction: no session or token survives, no sign-in
/// that was in flight stores one afterwards, and no mailed link issued before works after it
/// commits. The app ends its own credentials in the same transaction.
///
/// ```no_run
/// # async fn change(db: quire_auth::db::Db, account_id: i64, now: i64) -> Result<(), quire_auth::Error> {
/// let mut tx = quire_auth::db::write(&db).await?;
/// // ... store the new password hash in `tx` ...
/// let revoked = quire_auth::revocation::revoke_all_in(&mut tx, account_id, now).await?;
/// tx.commit().await?;
/// println!("{} sessions signed out", revoked.sessions_ended);
/// # Ok(()) }
/// ```
pub async fn revoke_all_in(tx: &mut Tx, account_id: i64, now: i64) -> Result<Revoked, Error> {
    let auth_epoch = crate::accounts::bump_auth_epoch(tx, account_id).await?;
    let tokens_revoked = crate::tokens::revoke_all_in(tx, account_id, now).await?;
    // Every mailed link is a credential too, issued under the credential epoch.
    crate::accounts::bump_credential_epoch(tx, account_id).await?;
    let sessions_ended = crate::sessions::delete_all(tx, account_id).await?;
    // A password step taken before the revocation must not finish after it.
    crate::pending_sign_ins::end_all_in(tx, account_id).await?;
    // So is a passkey registration in progress.
    crate::passkeys::ceremony::end_all_in(tx, account_id).await?;
    Ok(Revoked {
        sessions_ended,
        tokens_revoked,
        auth_epoch,
    })
}

/// Makes `hash` the account's password and revokes everything the account holds
/// ([`revoke_all_in`]), in the caller's write transaction:
/// whoever knew the old password is out, in the same commit. The one way a password is
/// replaced (a change while signed in, a reset link, an administrator).
///
/// ```no_run
/// # async fn change(db: quire_auth::db::Db, hash: quire_auth::passwords::PasswordHashString)
/// # -> Result<(), quire_auth::Error> {
/// let mut tx = quire_auth::db::write(&db).await?;
/// let revoked = quire_auth::revocation::replace_password_in(&mut tx, 7, &hash, 1_780_000_000).await?;
/// tx.commit().await?;
/// println!("{} sessions signed out", revoked.sessions_ended);
/// # Ok(()) }
/// ```
pub async fn replace_password_in(
    tx: &mut Tx,
    account_id: i64,
    hash: &crate::passwords::PasswordHashString,
    now: i64,
) -> Result<Revoked, Error> {
    crate::on_db!(tx, |exe| sqlx::query(
        "UPDATE auth_accounts SET password_hash = $1, updated_at = $2 WHERE id = $3"
    )
    .bind(hash.as_db())
    .bind(now)
    .bind(account_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    revoke_all_in(tx, account_id, now).await
}

/// [`revoke_all_in`] in a write transaction of its own.
pub async fn revoke_all(db: &Db, account_id: i64, now: i64) -> Result<Revoked, Error> {
    let mut tx = crate::db::write(db).await?;
    let revoked = revoke_all_in(&mut tx, account_id, now).await?;
    tx.commit().await?;
    Ok(revoked)
}
