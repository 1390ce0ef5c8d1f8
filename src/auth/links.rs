//! Links sent by mail (checklist M01): a secret of at least 128 random bits in the URL, only its
//! SHA-256 in `account_links`, one purpose each, an expiry, and spent by the same statement
//! that checks it, so it works once. Issuing a link voids the user's older ones of that purpose.
use crate::server::db::Tx;

use crate::server::{db::Db, hashing::sha256_hex};

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Reset,
    Verify,
    EmailChange,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Reset => "reset",
            Purpose::Verify => "verify",
            Purpose::EmailChange => "email_change",
        }
    }
}

/// A link spent: whose it was, and for an e-mail change the address it confirms.
#[derive(sqlx::FromRow)]
pub struct Spent {
    pub user_id: i64,
    pub new_email: Option<String>,
}

/// 40 characters of base62: about 238 bits.
const SECRET_CHARS: usize = 40;

/// Makes a link secret for `user_id`, valid for `ttl_seconds`, voiding older unspent ones.
/// `new_email` is the address an e-mail change link confirms.
pub async fn issue(
    conn: &mut Tx,
    user_id: i64,
    purpose: Purpose,
    now: i64,
    ttl_seconds: i64,
    new_email: Option<&str>,
) -> Result<String, sqlx::Error> {
    void_in(conn, user_id, purpose, now).await?;
    let secret: String = crate::server::hashing::random_secret(SECRET_CHARS);
    crate::on_db!(conn, |exe| {
        sqlx::query(
        "INSERT INTO account_links (user_id, purpose, token_hash, created_at, expires_at, new_email) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(sha256_hex(secret.as_bytes()))
    .bind(now)
    .bind(now + ttl_seconds)
    .bind(new_email)
    .execute(exe)
    .await
    .map(|done| done.rows_affected())
    })?;
    Ok(secret)
}

/// Whether `secret` is a live link for `purpose`: the user it belongs to, without spending it.
pub async fn peek(
    db: &Db,
    secret: &str,
    purpose: Purpose,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    crate::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT user_id FROM account_links \
         WHERE token_hash = $1 AND purpose = $2 AND spent_at IS NULL AND expires_at > $3",
    )
    .bind(sha256_hex(secret.as_bytes()))
    .bind(purpose.as_str())
    .bind(now)
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
    crate::on_db!(conn, |exe| sqlx::query_as(
        "UPDATE account_links SET spent_at = $1 \
         WHERE token_hash = $2 AND purpose = $3 AND spent_at IS NULL AND expires_at > $1 \
         RETURNING user_id, new_email",
    )
    .bind(now)
    .bind(sha256_hex(secret.as_bytes()))
    .bind(purpose.as_str())
    .fetch_optional(exe)
    .await)
}

/// Voids every unspent link of `purpose` for the user (a new link, or a password change).
pub async fn void_in(
    conn: &mut Tx,
    user_id: i64,
    purpose: Purpose,
    now: i64,
) -> Result<(), sqlx::Error> {
    crate::on_db!(conn, |exe| sqlx::query(
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
