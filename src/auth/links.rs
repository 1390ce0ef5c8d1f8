//! Links sent by mail (checklist M01, M09): a secret of at least 128 random bits in the URL,
//! only its SHA-256 in `account_links`, one purpose each, an expiry, and spent by the same
//! statement that checks it, so it works once. Issuing a link voids the user's older ones of
//! that purpose.
//!
//! Every link is a credential: it records the user's `credential_epoch` when it is issued and
//! works only while that is still the user's. Revoking all of a user's credentials moves the
//! epoch (`quire_auth::accounts::bump_credential_epoch`), so no kind of link, issued before or
//! racing with the revocation, outlives a password change, a reset, an admin ending sessions
//! or a deactivation.
use quire_auth::db::Tx;

use crate::error::AppError;

use quire_auth::{db::Db, secret::sha256_hex};

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Reset,
    Verify,
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
pub struct NewLink<'a> {
    pub user_id: i64,
    pub purpose: Purpose,
    pub ttl_seconds: i64,
    /// The address an e-mail change link confirms.
    pub new_email: Option<&'a str>,
    /// For a link that a signed-in request asks for, the `auth_epoch` its session was read
    /// under: the link is issued only while that is unchanged, so a request in flight across a
    /// revocation cannot mail a link that outlives it (S08).
    pub auth_epoch: Option<i64>,
}

/// A link spent: whose it was, and for an e-mail change the address it confirms.
#[derive(sqlx::FromRow)]
pub struct Spent {
    pub user_id: i64,
    pub new_email: Option<String>,
}

/// 40 characters of base62: about 238 bits.
const SECRET_CHARS: usize = 40;

/// The condition that makes a link row live at `$now`: unspent, unexpired, and issued under
/// its user's current credential epoch.
macro_rules! live {
    () => {
        "spent_at IS NULL AND expires_at > $1 AND credential_epoch = \
         (SELECT a.credential_epoch FROM auth_accounts a WHERE a.id = account_links.user_id)"
    };
}

/// Makes a link secret, voiding the user's older unspent ones of the same purpose. Refused
/// (`Unauthenticated`) if the user's epoch moved since `link.auth_epoch` was read.
pub async fn issue(conn: &mut Tx, link: NewLink<'_>, now: i64) -> Result<String, AppError> {
    void_in(conn, link.user_id, link.purpose, now).await?;
    let secret: String = quire_auth::secret::random_secret(SECRET_CHARS);
    let inserted = quire_auth::on_db!(conn, |exe| {
        sqlx::query(
            "INSERT INTO account_links \
             (user_id, purpose, token_hash, created_at, expires_at, new_email, credential_epoch) \
             SELECT id, $2, $3, $4, $5, $6, credential_epoch FROM auth_accounts \
             WHERE id = $1 AND auth_epoch = COALESCE($7, auth_epoch)",
        )
        .bind(link.user_id)
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
            user_id = link.user_id,
            "link not issued: the user's credentials were revoked meanwhile"
        );
        return Err(AppError::Unauthenticated);
    }
    Ok(secret)
}

/// Whether `secret` is a live link for `purpose`: the user it belongs to, without spending it.
pub async fn peek(
    db: &Db,
    secret: &str,
    purpose: Purpose,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    quire_auth::on_db!(db, |exe| sqlx::query_scalar(concat!(
        "SELECT user_id FROM account_links WHERE token_hash = $2 AND purpose = $3 AND ",
        live!()
    ))
    .bind(now)
    .bind(sha256_hex(secret.as_bytes()))
    .bind(purpose.as_str())
    .fetch_optional(exe)
    .await)
}

/// Spends `secret` if it is live, in one statement: of two requests racing with one link,
/// exactly one gets the user.
pub async fn spend(
    conn: &mut Tx,
    secret: &str,
    purpose: Purpose,
    now: i64,
) -> Result<Option<Spent>, sqlx::Error> {
    quire_auth::on_db!(conn, |exe| sqlx::query_as(concat!(
        "UPDATE account_links SET spent_at = $1 WHERE token_hash = $2 AND purpose = $3 AND ",
        live!(),
        " RETURNING user_id, new_email"
    ))
    .bind(now)
    .bind(sha256_hex(secret.as_bytes()))
    .bind(purpose.as_str())
    .fetch_optional(exe)
    .await)
}

/// Voids every unspent link of `purpose` for the user (a new link, a change of address).
pub async fn void_in(
    conn: &mut Tx,
    user_id: i64,
    purpose: Purpose,
    now: i64,
) -> Result<(), sqlx::Error> {
    quire_auth::on_db!(conn, |exe| sqlx::query(
        "UPDATE account_links SET spent_at = $1 \
         WHERE user_id = $2 AND purpose = $3 AND spent_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(purpose.as_str())
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}
