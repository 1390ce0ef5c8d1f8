//! Two-step sign-in on the security page: setting up an authenticator app (its secret shown
//! until a code from the app confirms it, never after), new recovery codes (shown once), and
//! turning it off. Every change is in sudo mode, and mailed to the owner when mail is on.
use quire_auth::{
    pending_sign_ins, recovery_codes,
    totp::{self, Stage},
};
use secrecy::{ExposeSecret, SecretString};

use super::{cookies::NEW_CODES, request::Backend, reset::email_of, AuthServer, Mail};
use crate::{AuthError, AuthenticatorSetup, RecoveryCodes, TwoStepView};

impl AuthServer {
    /// Turns on the security page's two-step settings
    /// ([`TwoStepSettings`](crate::TwoStepSettings)): setting up an authenticator app, which
    /// lists the account under `issuer` (the site's name) and its address, recovery codes,
    /// and turning it off. The sign-in's code step ([`CodeForm`](crate::CodeForm)) needs no
    /// switch: it follows from an account having a confirmed app.
    ///
    /// ```no_run
    /// # fn set(auth: quire_auth_leptos::AuthServer) -> quire_auth_leptos::AuthServer {
    /// auth.authenticator_apps("Notes")
    /// # }
    /// ```
    pub fn authenticator_apps(mut self, issuer: &'static str) -> Self {
        self.issuer = Some(issuer);
        self
    }
}

impl Backend {
    fn issuer(&self) -> Result<&'static str, AuthError> {
        self.server().issuer.ok_or(AuthError::TwoStepUnavailable)
    }

    /// Sudo mode for a change to the second step: a stolen session must not be able to add
    /// its own authenticator, or take the owner's away, without the password.
    async fn for_a_change(&self) -> Result<i64, AuthError> {
        self.issuer()?;
        let account_id = self.account_id()?;
        let session = self.session()?;
        self.server().sessions.require_sudo(&session).await?;
        Ok(account_id)
    }

    /// The settings as they stand, with the recovery codes that a form posted without
    /// JavaScript just made (their cookie is removed as it is read).
    pub(crate) async fn two_step(&self) -> Result<TwoStepView, AuthError> {
        let issuer = self.issuer()?;
        let account_id = self.account_id()?;
        let db = self.server().sessions.db();
        let setup = match totp::unconfirmed_secret(db, account_id).await? {
            Some(secret) => Some(setup(&secret, issuer, &email_of(db, account_id).await?)?),
            None => None,
        };
        let secure = self.server().secure_cookies;
        let new_codes = NEW_CODES.read(secure, self.parts());
        if new_codes.is_some() {
            NEW_CODES.send(secure, None);
        }
        let codes = new_codes.map(|codes| codes.split('.').map(str::to_owned).collect());
        Ok(TwoStepView {
            on: totp::enabled(db, account_id).await?,
            setup,
            codes_left: recovery_codes::remaining(db, account_id).await?,
            new_codes: codes.map(RecoveryCodes),
        })
    }

    /// Starts (or starts again) setting up an authenticator app with a new secret.
    pub(crate) async fn start_two_step(&self) -> Result<(), AuthError> {
        let account_id = self.for_a_change().await?;
        let sessions = &self.server().sessions;
        match totp::start(sessions.db(), account_id, sessions.now()).await? {
            true => Ok(()),
            false => Err(AuthError::TwoStepOn),
        }
    }

    /// Confirms the app being set up with a code from it: from now on a password alone does
    /// not sign the account in.
    pub(crate) async fn confirm_two_step(&self, code: &str) -> Result<(), AuthError> {
        let account_id = self.for_a_change().await?;
        let client = self.client();
        // Counted like a sign-in's code (P08): sudo mode alone must not open an unthrottled
        // oracle for six-digit guesses.
        let server = self.server();
        let attempt = server.principals.code_attempt(&client, account_id).await?;
        let sessions = &server.sessions;
        let mut tx = quire_auth::db::write(sessions.db())
            .await
            .map_err(quire_auth::Error::from)?;
        let now = sessions.now();
        if !totp::accept(&mut tx, account_id, code, now, Stage::SettingUp).await? {
            // The transaction ends before the failure is audited: on SQLite the audit's
            // write would wait for it.
            drop(tx);
            return Err(attempt.wrong().await.into());
        }
        let from = format!("{} ({})", client.user_agent, client.ip);
        totp::record_added_from_in(&mut tx, account_id, &from).await?;
        tx.commit().await.map_err(quire_auth::Error::from)?;
        attempt.right().await;
        tracing::info!(account_id, "two-step sign-in turned on");
        self.notify(account_id, Mail::TwoStepOn).await
    }

    /// Removes the app, the recovery codes and any sign-in waiting for a code.
    pub(crate) async fn turn_off_two_step(&self) -> Result<(), AuthError> {
        let account_id = self.for_a_change().await?;
        let sessions = &self.server().sessions;
        let mut tx = quire_auth::db::write(sessions.db())
            .await
            .map_err(quire_auth::Error::from)?;
        recovery_codes::clear_in(&mut tx, account_id).await?;
        let removed = totp::remove_in(&mut tx, account_id).await?;
        pending_sign_ins::end_all_in(&mut tx, account_id).await?;
        tx.commit().await.map_err(quire_auth::Error::from)?;
        if !removed {
            return Err(AuthError::TwoStepOff);
        }
        tracing::info!(account_id, "two-step sign-in turned off");
        self.notify(account_id, Mail::TwoStepOff).await
    }

    /// A new set of recovery codes, which voids the old one; only while two-step sign-in is on.
    pub(crate) async fn new_recovery_codes(&self) -> Result<RecoveryCodes, AuthError> {
        let account_id = self.for_a_change().await?;
        let db = self.server().sessions.db();
        if !totp::enabled(db, account_id).await? {
            return Err(AuthError::TwoStepOff);
        }
        let mut tx = quire_auth::db::write(db)
            .await
            .map_err(quire_auth::Error::from)?;
        let codes = recovery_codes::replace(&mut tx, account_id).await?;
        tx.commit().await.map_err(quire_auth::Error::from)?;
        tracing::info!(account_id, "new recovery codes made");
        // As with a token made without JavaScript: a cookie no script can read carries the
        // codes to the page the browser is sent back to.
        if self.posted_without_javascript() {
            let joined = SecretString::from(codes.join("."));
            NEW_CODES.send(self.server().secure_cookies, Some(&joined));
        }
        self.notify(account_id, Mail::NewRecoveryCodes).await?;
        Ok(RecoveryCodes(codes))
    }
}

/// The setup as the page shows it: the secret as text, and the `otpauth://` URL as a link and
/// as a QR code, drawn here as SVG (rectangles only, no text, no outside service).
fn setup(
    secret: &SecretString,
    issuer: &str,
    account: &str,
) -> Result<AuthenticatorSetup, AuthError> {
    let url = totp::otpauth_url(secret, issuer, account)?;
    let qr = qrcode::QrCode::new(url.as_bytes()).map_err(|error| {
        tracing::error!(%error, "the setup's QR code could not be drawn");
        AuthError::Internal
    })?;
    let svg = qr
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    Ok(AuthenticatorSetup {
        secret: secret.expose_secret().to_owned(),
        url,
        svg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setup_names_the_issuer_and_the_account_and_its_qr_code_is_only_drawing() {
        let secret = SecretString::from("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        let shown = setup(&secret, "Notes", "ada@example.org").unwrap();
        assert!(
            shown
                .url
                .starts_with("otpauth://totp/Notes:ada%40example.org?"),
            "{}",
            shown.url
        );
        assert!(shown.url.contains("issuer=Notes"), "{}", shown.url);
        assert!(
            shown.svg.starts_with("<?xml") && shown.svg.contains("<svg"),
            "{}",
            shown.svg
        );
        assert!(!shown.svg.contains("<script") && !shown.svg.contains("<text"));
        assert_eq!(shown.secret, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    }
}
