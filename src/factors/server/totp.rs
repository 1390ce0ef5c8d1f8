//! The authenticator app is quire-auth's (`quire_auth::totp`: the secret, each code accepted
//! once, W03). What is Quire's: the issuer name in the app, the QR code drawn here (no outside
//! service), and the answer when a setup cannot start.
use quire_auth::db::Db;
pub use quire_auth::totp::{
    accept, confirmed_since, confirmed_since_in, enabled, record_added_from_in, Stage,
};
use secrecy::{ExposeSecret, SecretString};

use crate::error::AppError;

/// The name the authenticator app lists the account under.
const ISSUER: &str = "Quire";

/// What the setup page shows while the factor is not yet confirmed: the secret as text, the
/// `otpauth://` URL and its QR code as SVG.
pub struct Setup {
    pub secret: String,
    pub url: String,
    pub svg: String,
}

fn setup_view(secret: &SecretString, account: &str) -> Result<Setup, AppError> {
    let url = quire_auth::totp::otpauth_url(secret, ISSUER, account)?;
    let svg = qrcode::QrCode::new(url.as_bytes())
        .map_err(|_| AppError::Internal)?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    Ok(Setup {
        secret: secret.expose_secret().to_owned(),
        url,
        svg,
    })
}

/// Starts (or restarts) setting up an authenticator with a new secret. Refused when one is
/// already confirmed: turn it off first.
pub async fn start(db: &Db, user_id: i64, now: i64) -> Result<(), AppError> {
    match quire_auth::totp::start(db, user_id, now).await? {
        true => Ok(()),
        false => Err(AppError::Forbidden),
    }
}

/// The setup in progress, if any (never once confirmed).
pub async fn pending_setup(
    db: &Db,
    user_id: i64,
    account: &str,
) -> Result<Option<Setup>, AppError> {
    let secret = quire_auth::totp::unconfirmed_secret(db, user_id).await?;
    secret.map(|s| setup_view(&s, account)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setup_url_names_the_issuer_and_the_account_and_the_qr_is_svg() {
        let secret = SecretString::from("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        let setup = setup_view(&secret, "ada@example.org").unwrap();
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
