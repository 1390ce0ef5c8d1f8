//! Passkeys, one request at a time: the two ceremonies (signing in, adding one), the list and
//! removal. Each ceremony's state stays on the server (quire_auth::passkeys::ceremony), bound
//! to this browser by the `__Host-auth-passkey` cookie.
use quire_auth::passkeys::{
    ceremony::{self, Purpose},
    store,
    webauthn_rs::prelude::{PasskeyRegistration, Webauthn},
};
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse, ResidentKeyRequirement,
};

use super::{cookies::PASSKEY, request::Backend};
use crate::{AuthError, PasskeyView};

/// Ceremonies one IP may start: each stores a challenge for five minutes.
const CEREMONIES_PER_IP: (u32, u64) = (100, 3600);
/// The longest passkey name, in characters.
const MAX_NAME_CHARS: usize = 60;

impl Backend {
    fn relying_party(&self) -> Result<&Webauthn, AuthError> {
        self.server()
            .relying_party
            .as_deref()
            .ok_or(AuthError::PasskeysOff)
    }

    /// Counts one ceremony against the client's IP, before anything is stored.
    async fn take_ceremony(&self) -> Result<(), AuthError> {
        let (count, window) = CEREMONIES_PER_IP;
        let allowance = quire_auth::rate::Allowance::new(count, count, window);
        self.take_allowance("auth-passkey-ceremonies", allowance)
            .await
    }

    /// Stores the ceremony's state and gives this browser the cookie that can finish it.
    async fn begin(
        &self,
        purpose: Purpose,
        account_id: Option<i64>,
        state: &impl serde::Serialize,
    ) -> Result<(), AuthError> {
        let sessions = &self.server().sessions;
        let begun = ceremony::begin(sessions.db(), purpose, account_id, state, sessions.now());
        PASSKEY.send(self.server().secure_cookies, Some(&begun.await?));
        Ok(())
    }

    /// The options for `navigator.credentials.get`: any passkey of this site may answer.
    pub(crate) async fn start_passkey_sign_in(
        &self,
    ) -> Result<RequestChallengeResponse, AuthError> {
        let rp = self.relying_party()?;
        self.take_ceremony().await?;
        let (mut options, authentication) = rp
            .start_discoverable_authentication()
            .map_err(webauthn_failed)?;
        // The button asks now; conditional mediation (autofill) is not used here.
        options.mediation = None;
        self.begin(Purpose::SignIn, None, &authentication).await?;
        Ok(options)
    }

    /// Checks the signed challenge (quire-auth throttles it per IP and spends the ceremony)
    /// and starts a session with a new id.
    pub(crate) async fn finish_passkey_sign_in(
        &self,
        credential: &PublicKeyCredential,
    ) -> Result<(), AuthError> {
        let rp = self.relying_party()?;
        let secure = self.server().secure_cookies;
        let secret = PASSKEY.read(secure, self.parts());
        PASSKEY.send(secure, None);
        let (server, session) = (self.server(), self.session()?);
        let signed_in = server.principals.passkey_sign_in(
            rp,
            &server.sessions,
            &session,
            self.client(),
            secret.as_deref(),
            credential,
        );
        signed_in.await
    }

    /// The options for `navigator.credentials.create`, in sudo mode: a discoverable passkey
    /// (so signing in needs no address), none of the account's own repeated.
    pub(crate) async fn start_passkey_registration(
        &self,
    ) -> Result<CreationChallengeResponse, AuthError> {
        let rp = self.relying_party()?;
        let (account_id, name) = self.signed_in_name()?;
        self.server()
            .sessions
            .require_sudo(&self.session()?)
            .await?;
        self.take_ceremony().await?;
        let db = self.server().sessions.db();
        let handle = store::handle(db, account_id).await?;
        let keys = store::keys(db, account_id).await?;
        let exclude = keys.iter().map(|k| k.cred_id().clone()).collect();
        let (mut options, registration) = rp
            .start_passkey_registration(handle, &name, &name, Some(exclude))
            .map_err(webauthn_failed)?;
        if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
            selection.resident_key = Some(ResidentKeyRequirement::Required);
            selection.require_resident_key = true;
        }
        self.begin(Purpose::Register, Some(account_id), &registration)
            .await?;
        Ok(options)
    }

    /// Checks the new passkey against this browser's ceremony and stores it as `name`.
    pub(crate) async fn finish_passkey_registration(
        &self,
        name: &str,
        credential: &RegisterPublicKeyCredential,
    ) -> Result<(), AuthError> {
        let name = passkey_name(name)?;
        let rp = self.relying_party()?;
        let (account_id, _) = self.signed_in_name()?;
        let sessions = &self.server().sessions;
        sessions.require_sudo(&self.session()?).await?;
        let secure = self.server().secure_cookies;
        let secret = PASSKEY
            .read(secure, self.parts())
            .ok_or(AuthError::PasskeyRefused)?;
        PASSKEY.send(secure, None);
        let (db, now) = (sessions.db(), sessions.now());
        let waiting = ceremony::take(db, &secret, Purpose::Register, Some(account_id), now);
        let registration: PasskeyRegistration = waiting.await?.ok_or(AuthError::PasskeyRefused)?;
        let passkey = rp
            .finish_passkey_registration(credential, &registration)
            .map_err(|error| {
                tracing::info!(%error, account_id, "passkey registration refused");
                AuthError::PasskeyRefused
            })?;
        let mut tx = quire_auth::db::write(db)
            .await
            .map_err(quire_auth::Error::from)?;
        let from = self.client().user_agent;
        if !store::insert_in(&mut tx, account_id, &name, &passkey, now, &from).await? {
            tracing::warn!(account_id, "passkey already registered to an account");
            return Err(AuthError::PasskeyRefused);
        }
        tx.commit().await.map_err(quire_auth::Error::from)?;
        tracing::info!(account_id, "passkey added");
        Ok(())
    }

    pub(crate) async fn passkeys(&self) -> Result<Vec<PasskeyView>, AuthError> {
        let (account_id, _) = self.signed_in_name()?;
        let rows = store::list(self.server().sessions.db(), account_id).await?;
        Ok(rows
            .into_iter()
            .map(|row| PasskeyView {
                id: row.id,
                name: row.name,
                created_at: row.created_at,
                last_used_at: row.last_used_at,
            })
            .collect())
    }

    /// Removes one of the account's passkeys, in sudo mode.
    pub(crate) async fn remove_passkey(&self, id: i64) -> Result<(), AuthError> {
        let (account_id, _) = self.signed_in_name()?;
        let sessions = &self.server().sessions;
        sessions.require_sudo(&self.session()?).await?;
        let mut tx = quire_auth::db::write(sessions.db())
            .await
            .map_err(quire_auth::Error::from)?;
        let removed = store::remove_in(&mut tx, account_id, Some(id)).await?;
        tx.commit().await.map_err(quire_auth::Error::from)?;
        if removed.is_empty() {
            return Err(AuthError::NoSuchPasskey);
        }
        tracing::info!(account_id, "passkey removed");
        Ok(())
    }
}

/// webauthn-rs could not make a challenge: the server's failure, logged.
fn webauthn_failed(error: impl std::fmt::Display) -> AuthError {
    tracing::error!(%error, "WebAuthn could not start a ceremony");
    AuthError::Internal
}

/// A passkey's name: 1 to 60 characters once trimmed, no control characters.
fn passkey_name(raw: &str) -> Result<String, AuthError> {
    super::validate::short_name(raw, MAX_NAME_CHARS).ok_or(AuthError::InvalidName)
}

#[cfg(test)]
mod tests {
    use super::passkey_name;

    #[test]
    fn a_passkey_name_is_trimmed_and_one_to_sixty_characters() {
        assert_eq!(passkey_name("  Laptop ").as_deref(), Ok("Laptop"));
        assert_eq!(passkey_name(&"é".repeat(60)).map(|n| n.len()), Ok(120));
        for bad in ["", "   ", &"x".repeat(61), "bad\nname"] {
            assert!(passkey_name(bad).is_err(), "{bad:?}");
        }
    }
}
