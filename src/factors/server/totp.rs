//! The authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30-second steps, one step of skew).
//! A code is accepted once: the step it matched must be newer than the last one accepted, and
//! the update that records it checks that in the same statement (W03).
use quire_auth::db::Tx;
use rand::{rngs::OsRng, RngCore};
use totp_rs::{Algorithm, Secret, Totp};

use crate::error::AppError;

use quire_auth::db::Db;

/// What the setup page shows while the factor is not yet confirmed: the secret as text, the
/// `otpauth://` URL and its QR code as SVG (rendered here, no outside service).
pub struct Setup {
    pub secret: String,
    pub url: String,
    pub svg: String,
}

fn totp(secret: &str, account: &str) -> Result<Totp, AppError> {
    let bytes = Secret::try_from_base32(secret).map_err(|_| AppError::Internal)?;
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_secret(bytes)
        .with_account_name(account)
        .with_issuer(Some("Quire"))
        .build()
        .map_err(|error| {
            tracing::error!(%error, "invalid TOTP parameters");
            AppError::Internal
        })
}

fn setup_view(secret: &str, account: &str) -> Result<Setup, AppError> {
    let url = totp(secret, account)?
        .to_url()
        .map_err(|_| AppError::Internal)?;
    let svg = qrcode::QrCode::new(url.as_bytes())
        .map_err(|_| AppError::Internal)?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    Ok(Setup {
        secret: secret.to_owned(),
        url,
        svg,
    })
}

/// Starts (or restarts) setting up an authenticator with a new 160-bit secret. Refused when
/// one is already confirmed: turn it off first.
pub async fn start(db: &Db, user_id: i64, now: i64) -> Result<(), AppError> {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    let secret = Secret::from(bytes.to_vec()).to_base32();
    let written = quire_auth::on_db!(db, |exe| sqlx::query(
        "INSERT INTO totp_factors (user_id, secret, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET secret = $2, created_at = $3, last_step = 0 \
         WHERE totp_factors.confirmed_at IS NULL",
    )
    .bind(user_id)
    .bind(&secret)
    .bind(now)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    if written == 0 {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// The setup in progress, if any (never once confirmed).
pub async fn pending_setup(
    db: &Db,
    user_id: i64,
    account: &str,
) -> Result<Option<Setup>, AppError> {
    let secret: Option<String> = quire_auth::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT secret FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(exe)
    .await)?;
    secret.map(|s| setup_view(&s, account)).transpose()
}

pub async fn enabled(db: &Db, user_id: i64) -> Result<bool, AppError> {
    Ok(quire_auth::on_db!(db, |exe| {
        sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL)",
    )
    .bind(user_id)
    .fetch_one(exe)
    .await
    })?)
}

/// Accepts `code` once for the user's factor: confirmed (`confirming` false) or being set up
/// (`confirming` true, which then confirms it). Whether it was accepted.
pub async fn accept(
    conn: &mut Tx,
    user_id: i64,
    code: &str,
    now: i64,
    confirming: bool,
) -> Result<bool, AppError> {
    let secret: Option<String> = quire_auth::on_db!(conn, |exe| sqlx::query_scalar(
        "SELECT secret FROM totp_factors WHERE user_id = $1 AND (confirmed_at IS NULL) = $2",
    )
    .bind(user_id)
    .bind(confirming)
    .fetch_optional(exe)
    .await)?;
    let Some(secret) = secret else {
        return Ok(false);
    };
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(step) = totp(&secret, "")?.check(&code, now.max(0) as u64) else {
        return Ok(false);
    };
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    let recorded = quire_auth::on_db!(conn, |exe| sqlx::query(
        "UPDATE totp_factors SET last_step = $1, confirmed_at = COALESCE(confirmed_at, $2) \
         WHERE user_id = $3 AND last_step < $1",
    )
    .bind(step)
    .bind(now)
    .bind(user_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(recorded == 1)
}

/// Records where the authenticator app being confirmed was added from.
pub async fn record_added_from_in(
    conn: &mut Tx,
    user_id: i64,
    added_from: &str,
) -> Result<(), AppError> {
    quire_auth::on_db!(conn, |exe| sqlx::query(
        "UPDATE totp_factors SET added_from = $2 WHERE user_id = $1"
    )
    .bind(user_id)
    .bind(added_from)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}

/// When and where the user's authenticator app was confirmed, if that was at or after `since`.
pub async fn confirmed_since(
    db: &Db,
    user_id: i64,
    since: i64,
) -> Result<Option<(i64, String)>, AppError> {
    Ok(quire_auth::on_db!(db, |exe| sqlx::query_as(
        "SELECT confirmed_at, added_from FROM totp_factors \
         WHERE user_id = $1 AND confirmed_at >= $2",
    )
    .bind(user_id)
    .bind(since)
    .fetch_optional(exe)
    .await)?)
}

/// Whether the user's authenticator app was confirmed at or after `since`, in `conn`.
pub async fn confirmed_since_in(conn: &mut Tx, user_id: i64, since: i64) -> Result<bool, AppError> {
    Ok(quire_auth::on_db!(conn, |exe| sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM totp_factors WHERE user_id = $1 AND confirmed_at >= $2)",
    )
    .bind(user_id)
    .bind(since)
    .fetch_one(exe)
    .await)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setup_url_names_the_issuer_and_the_account_and_the_qr_is_svg() {
        let setup = setup_view("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "ada@example.org").unwrap();
        assert!(
            setup
                .url
                .starts_with("otpauth://totp/Quire:ada%40example.org?"),
            "{}",
            setup.url
        );
        assert!(setup.url.contains("issuer=Quire"));
        assert!(setup.svg.contains("<svg") && !setup.svg.contains("<script"));
    }
}
