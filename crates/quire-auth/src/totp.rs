//! Authenticator apps (TOTP, RFC 6238: SHA-1, 6 digits, 30-second steps, one step of skew),
//! one per account on `auth_totp_factors`.
//!
//! A factor is set up in two steps: [`start`] makes a new 160-bit secret, which the app shows
//! once (as text and as the [`otpauth_url`] a QR code carries); [`accept`] with
//! [`Stage::SettingUp`] and a code from the app confirms it. From then on the secret is never
//! shown again. A code is accepted once: the time step it matched must be newer than the last
//! one accepted, and the statement that records the step checks that itself, so two requests
//! with the same code cannot both pass.
//!
//! Checking a code is a secret check like any other, counted before it is compared: a
//! sign-in's code goes through [`PasswordCheck::finish_sign_in`] or
//! [`PasswordCheck::check_code`], which do that themselves; the first code of an app being set
//! up takes a [`PasswordCheck::code_attempt`] before [`accept`] (its example shows how).
//!
//! [`PasswordCheck::finish_sign_in`]: crate::password_check::PasswordCheck::finish_sign_in
//! [`PasswordCheck::check_code`]: crate::password_check::PasswordCheck::check_code
//! [`PasswordCheck::code_attempt`]: crate::password_check::PasswordCheck::code_attempt
//!
//! ```no_run
//! # async fn set_up(db: quire_auth::db::Db, account_id: i64, now: i64, typed: &str)
//! # -> Result<(), quire_auth::Error> {
//! use quire_auth::totp::{self, Stage};
//! use secrecy::ExposeSecret;
//!
//! if totp::start(&db, account_id, now).await? {
//!     let secret = totp::unconfirmed_secret(&db, account_id).await?.expect("just started");
//!     let url = totp::otpauth_url(&secret, "Notes", "ada@example.org")?; // draw it as a QR code
//! #   let _ = (url, secret.expose_secret());
//! }
//! // Later, the code the app shows:
//! let mut tx = quire_auth::db::write(&db).await?;
//! let confirmed = totp::accept(&mut tx, account_id, typed, now, Stage::SettingUp).await?;
//! tx.commit().await?;
//! # Ok(()) }
//! ```
use rand::{rngs::OsRng, RngCore};
use secrecy::{ExposeSecret, SecretString};
use totp_rs::{Algorithm, Secret, Totp};

use crate::{
    db::{Db, Tx},
    Error,
};

/// Which factor a code is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The confirmed factor: a sign-in's second step.
    Confirmed,
    /// The factor being set up, which a right code confirms.
    SettingUp,
}

fn failed(what: &'static str, cause: impl std::fmt::Debug) -> Error {
    Error::internal(std::io::Error::other(format!("{what}: {cause:?}")))
}

fn totp(secret: &str, issuer: &str, account: &str) -> Result<Totp, Error> {
    let bytes = Secret::try_from_base32(secret).map_err(|e| failed("stored TOTP secret", e))?;
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_secret(bytes)
        .with_account_name(account)
        .with_issuer(Some(issuer))
        .build()
        .map_err(|e| failed("TOTP parameters", e))
}

/// The `otpauth://totp/…` URL an authenticator app reads from a QR code: `issuer` names the
/// app (your site's name), `account` the person (their address).
pub fn otpauth_url(secret: &SecretString, issuer: &str, account: &str) -> Result<String, Error> {
    let url = totp(secret.expose_secret(), issuer, account)?.to_url();
    url.map_err(|e| failed("otpauth URL", e))
}

/// Starts (or restarts) setting up the account's authenticator app with a new 160-bit secret.
/// `false`, and nothing changed, when the account has a confirmed one: it must be removed
/// first.
pub async fn start(db: &Db, account_id: i64, now: i64) -> Result<bool, Error> {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    let secret = Secret::from(bytes.to_vec()).to_base32();
    let written = crate::on_db!(db, |exe| sqlx::query(
        "INSERT INTO auth_totp_factors (account_id, secret, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (account_id) DO UPDATE SET secret = $2, created_at = $3, last_step = 0 \
         WHERE auth_totp_factors.confirmed_at IS NULL",
    )
    .bind(account_id)
    .bind(&secret)
    .bind(now)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(written == 1)
}

/// The secret of the setup in progress, to show while it is not confirmed; `None` once it is
/// (then it is never shown again) or when none was started.
pub async fn unconfirmed_secret(db: &Db, account_id: i64) -> Result<Option<SecretString>, Error> {
    let secret: Option<String> = crate::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT secret FROM auth_totp_factors WHERE account_id = $1 AND confirmed_at IS NULL",
    )
    .bind(account_id)
    .fetch_optional(exe)
    .await)?;
    Ok(secret.map(SecretString::from))
}

/// Whether the account has a confirmed authenticator app: then a password alone does not
/// sign it in.
pub async fn enabled(db: &Db, account_id: i64) -> Result<bool, Error> {
    Ok(crate::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM auth_totp_factors \
                        WHERE account_id = $1 AND confirmed_at IS NOT NULL)",
    )
    .bind(account_id)
    .fetch_one(exe)
    .await)?)
}

/// Accepts `code` (spaces ignored) once for the account's factor at `stage`; accepting it at
/// [`Stage::SettingUp`] confirms the factor. Whether it was accepted.
pub async fn accept(
    tx: &mut Tx,
    account_id: i64,
    code: &str,
    now: i64,
    stage: Stage,
) -> Result<bool, Error> {
    let secret: Option<String> = crate::on_db!(tx, |exe| {
        sqlx::query_scalar(
        "SELECT secret FROM auth_totp_factors WHERE account_id = $1 AND (confirmed_at IS NULL) = $2",
    )
    .bind(account_id)
    .bind(stage == Stage::SettingUp)
    .fetch_optional(exe)
    .await
    })?;
    let Some(secret) = secret else {
        return Ok(false);
    };
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let checked = totp(&secret, "", "")?.check(&code, u64::try_from(now).unwrap_or_default());
    let Some(step) = checked.and_then(|step| i64::try_from(step).ok()) else {
        return Ok(false);
    };
    // Recorded only when newer than the last accepted step: a replay changes nothing.
    let recorded = crate::on_db!(tx, |exe| {
        sqlx::query(
        "UPDATE auth_totp_factors SET last_step = $1, confirmed_at = COALESCE(confirmed_at, $2) \
         WHERE account_id = $3 AND last_step < $1",
    )
    .bind(step)
    .bind(now)
    .bind(account_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected())
    })?;
    Ok(recorded == 1)
}

/// Records where the factor was set up (a browser and address, as the app words it).
pub async fn record_added_from_in(
    tx: &mut Tx,
    account_id: i64,
    added_from: &str,
) -> Result<(), Error> {
    crate::on_db!(tx, |exe| sqlx::query(
        "UPDATE auth_totp_factors SET added_from = $2 WHERE account_id = $1"
    )
    .bind(account_id)
    .bind(added_from)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}

/// When and where the account's factor was confirmed, if that was at or after `since`.
pub async fn confirmed_since(
    db: &Db,
    account_id: i64,
    since: i64,
) -> Result<Option<(i64, String)>, Error> {
    Ok(crate::on_db!(db, |exe| sqlx::query_as(
        "SELECT confirmed_at, added_from FROM auth_totp_factors \
         WHERE account_id = $1 AND confirmed_at >= $2",
    )
    .bind(account_id)
    .bind(since)
    .fetch_optional(exe)
    .await)?)
}

/// Whether the account's factor was confirmed at or after `since`, in `tx`.
pub async fn confirmed_since_in(tx: &mut Tx, account_id: i64, since: i64) -> Result<bool, Error> {
    Ok(crate::on_db!(tx, |exe| sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM auth_totp_factors \
                        WHERE account_id = $1 AND confirmed_at >= $2)",
    )
    .bind(account_id)
    .bind(since)
    .fetch_one(exe)
    .await)?)
}

/// Removes the account's factor, confirmed or not. Whether there was one.
pub async fn remove_in(tx: &mut Tx, account_id: i64) -> Result<bool, Error> {
    let removed = crate::on_db!(tx, |exe| sqlx::query(
        "DELETE FROM auth_totp_factors WHERE account_id = $1"
    )
    .bind(account_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(removed > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    #[test]
    fn the_url_names_the_issuer_and_the_account() {
        let url = otpauth_url(&SECRET.to_owned().into(), "Notes", "ada@example.org").unwrap();
        assert!(
            url.starts_with("otpauth://totp/Notes:ada%40example.org?"),
            "{url}"
        );
        assert!(url.contains("issuer=Notes") && url.contains(&format!("secret={SECRET}")));
    }

    #[test]
    fn a_code_matches_its_step_and_one_either_side_only() {
        let totp = totp(SECRET, "", "").unwrap();
        let now = 1_800_000_000u64;
        let code = |at: u64| totp.generate(at).to_string();
        assert_eq!(totp.check(&code(now), now), Some(now / 30));
        assert_eq!(totp.check(&code(now - 30), now), Some(now / 30 - 1));
        assert_eq!(totp.check(&code(now + 30), now), Some(now / 30 + 1));
        assert_eq!(totp.check(&code(now - 90), now), None);
    }
}
