//! Links sent by mail: a secret of about 238 random bits in the URL, only its SHA-256 in
//! `auth_links`, one purpose each, an expiry, and spent by the same statement that checks it, so
//! it works once. Issuing a link voids the account's older ones of that purpose.
//!
//! Every link is a credential: it records the account's `credential_epoch` when it is issued
//! and works only while that is still the account's. Revoking everything
//! ([`revoke_all_in`](crate::revocation::revoke_all_in)) moves the epoch, so no kind of link,
//! issued before or racing with the revocation, outlives a password change, a reset or a
//! deactivation.
//!
//! ```no_run
//! # async fn reset(db: quire_auth::db::Db, account_id: i64, now: i64) -> Result<(), quire_auth::Error> {
//! use quire_auth::links::{self, NewLink, Purpose};
//!
//! let mut tx = quire_auth::db::write(&db).await?;
//! let link = NewLink { account_id, purpose: Purpose::Reset, ttl_seconds: 3600, new_email: None, auth_epoch: None };
//! let secret = links::issue(&mut tx, link, now).await?; // mail `https://…/reset/{secret}`
//! tx.commit().await?;
//!
//! // When it is followed: spent once, by one statement.
//! let mut tx = quire_auth::db::write(&db).await?;
//! if let Some(spent) = links::spend(&mut tx, &secret, Purpose::Reset, now).await? {
//!     // ... set the new password of `spent.account_id` in `tx` ...
//! }
//! tx.commit().await?;
//! # Ok(()) }
//! ```
use crate::{
    db::{Db, Tx},
    secret::sha256_hex,
    Error,
};

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Sets a new password.
    Reset,
    /// Proves the account's address.
    Verify,
    /// Confirms a new address (mailed to it).
    EmailChange,
    /// Mailed to the old address when a change is requested: cancels that change.
    EmailChangeCancel,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Reset => "reset",
            Purpose::Verify => "verify",
            Purpose::EmailChange => "email_change",
            Purpose::EmailChangeCancel => "email_change_cancel",
        }
    }
}

/// A link to issue.
#[derive(Debug, Clone, Copy)]
pub struct NewLink<'a> {
    /// The account it is for.
    pub account_id: i64,
    /// What it does.
    pub purpose: Purpose,
    /// How long it works, in seconds.
    pub ttl_seconds: i64,
    /// The address an e-mail change link confirms.
    pub new_email: Option<&'a str>,
    /// For a link that a signed-in request asks for, the `auth_epoch` its session was read
    /// under: the link is issued only while that is unchanged, so a request in flight across a
    /// revocation cannot mail a link that outlives it.
    pub auth_epoch: Option<i64>,
}

/// A link spent: whose it was, and for an e-mail change the address it confirms.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
#[non_exhaustive]
pub struct Spent {
    /// The account the link was for.
    pub account_id: i64,
    /// The address an e-mail change link confirms.
    pub new_email: Option<String>,
}

/// 40 characters of base62: about 238 bits.
const SECRET_CHARS: usize = 40;

/// The condition that makes a link row live at `$now`: unspent, unexpired, and issued under
/// its user's current credential epoch.
macro_rules! live {
    () => {
        "spent_at IS NULL AND expires_at > $1 AND credential_epoch = \
         (SELECT a.credential_epoch FROM auth_accounts a WHERE a.id = auth_links.account_id)"
    };
}

/// Makes a link secret (returned once, for the mail; only its hash is kept), voiding the
/// account's older unspent ones of the same purpose. [`Error::SignedOut`] if the account's
/// epoch moved since `link.auth_epoch` was read.
pub async fn issue(conn: &mut Tx, link: NewLink<'_>, now: i64) -> Result<String, Error> {
    void_in(conn, link.account_id, link.purpose, now).await?;
    let secret: String = crate::secret::random_secret(SECRET_CHARS);
    let inserted = crate::on_db!(conn, |exe| {
        sqlx::query(
            "INSERT INTO auth_links \
             (account_id, purpose, token_hash, created_at, expires_at, new_email, credential_epoch) \
             SELECT id, $2, $3, $4, $5, $6, credential_epoch FROM auth_accounts \
             WHERE id = $1 AND auth_epoch = COALESCE($7, auth_epoch)",
        )
        .bind(link.account_id)
        .bind(link.purpose.as_str())
        .bind(sha256_hex(secret.as_bytes()))
        .bind(now)
        .bind(now + link.ttl_seconds)
        .bind(link.new_email)
        .bind(link.auth_epoch)
        .execute(exe)
        .await
        .map(|done| done.rows_affected())
    })?;
    if inserted == 0 {
        tracing::info!(
            account_id = link.account_id,
            "link not issued: the account's credentials were revoked meanwhile"
        );
        return Err(Error::SignedOut);
    }
    Ok(secret)
}

/// Whether `secret` is a live link for `purpose`: the account it belongs to, without spending
/// it.
pub async fn peek(db: &Db, secret: &str, purpose: Purpose, now: i64) -> Result<Option<i64>, Error> {
    let found = crate::on_db!(db, |exe| sqlx::query_scalar(concat!(
        "SELECT account_id FROM auth_links WHERE token_hash = $2 AND purpose = $3 AND ",
        live!()
    ))
    .bind(now)
    .bind(sha256_hex(secret.as_bytes()))
    .bind(purpose.as_str())
    .fetch_optional(exe)
    .await)?;
    Ok(found)
}

/// Spends `secret` if it is live, in one statement: of two requests racing with one link,
/// exactly one gets the account.
pub async fn spend(
    conn: &mut Tx,
    secret: &str,
    purpose: Purpose,
    now: i64,
) -> Result<Option<Spent>, Error> {
    let spent = crate::on_db!(conn, |exe| sqlx::query_as(concat!(
        "UPDATE auth_links SET spent_at = $1 WHERE token_hash = $2 AND purpose = $3 AND ",
        live!(),
        " RETURNING account_id, new_email"
    ))
    .bind(now)
    .bind(sha256_hex(secret.as_bytes()))
    .bind(purpose.as_str())
    .fetch_optional(exe)
    .await)?;
    Ok(spent)
}

/// Voids every unspent link of `purpose` for the account (a new link, a change of address).
pub async fn void_in(
    conn: &mut Tx,
    account_id: i64,
    purpose: Purpose,
    now: i64,
) -> Result<(), Error> {
    crate::on_db!(conn, |exe| sqlx::query(
        "UPDATE auth_links SET spent_at = $1 \
         WHERE account_id = $2 AND purpose = $3 AND spent_at IS NULL",
    )
    .bind(now)
    .bind(account_id)
    .bind(purpose.as_str())
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}
