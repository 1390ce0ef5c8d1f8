//! Signing in with a passkey, through the one secret check's throttle and audit.
use webauthn_rs::prelude::{
    DiscoverableAuthentication, PublicKeyCredential, Webauthn, WebauthnError,
};

use super::{ceremony, ceremony::Purpose, store};
use crate::{
    audit::{AuditEntry, AuthEvent},
    password_check::{Claimant, PasswordCheck},
    sessions::Principal,
    ClientInfo, Error,
};

impl<P: Principal> PasswordCheck<P> {
    /// The account whose passkey signed the challenge of the ceremony behind
    /// `ceremony_secret` (the browser's cookie, from
    /// [`ceremony::begin`] with [`Purpose::SignIn`]), or [`Error::PasskeyRefused`].
    ///
    /// Throttled per IP like a password: the attempt is taken first and given back only when
    /// the passkey was accepted. The ceremony is spent whatever the outcome. An unknown
    /// passkey, a signature that does not verify, an inactive account and a missing or spent
    /// ceremony all answer alike. A signature counter that went back, or backup flags that
    /// changed, may mean a cloned authenticator: refused, and audited for the owner. The
    /// passkey's counter and last use are stored after a success. Success is not audited here:
    /// the app records the sign-in when it starts the session.
    pub async fn passkey_sign_in(
        &self,
        rp: &Webauthn,
        client: &ClientInfo,
        ceremony_secret: Option<&str>,
        credential: &PublicKeyCredential,
        now: i64,
    ) -> Result<P, Error> {
        let attempt = self.throttle().attempt(&client.ip, None).await?;
        let checked = self
            .check_assertion(rp, client, ceremony_secret, credential, now)
            .await;
        match checked {
            Ok(_) => attempt.give_back().await,
            Err(_) => attempt.keep(),
        }
        checked
    }

    async fn check_assertion(
        &self,
        rp: &Webauthn,
        client: &ClientInfo,
        ceremony_secret: Option<&str>,
        credential: &PublicKeyCredential,
        now: i64,
    ) -> Result<P, Error> {
        let refuse = |reason: &str, account: Option<i64>| {
            tracing::info!(reason, account, ip = %client.ip, "passkey sign-in refused");
            Error::PasskeyRefused
        };
        let db = self.db();
        let waiting = match ceremony_secret {
            Some(secret) => ceremony::take(db, secret, Purpose::SignIn, None, now).await?,
            None => None,
        };
        let Some(authentication) = waiting else {
            return Err(refuse("no ceremony", None));
        };
        let authentication: DiscoverableAuthentication = authentication;
        let Ok((handle, credential_id)) = rp.identify_discoverable_authentication(credential)
        else {
            return Err(refuse("no user handle", None));
        };
        let found = store::find(db, credential_id).await?;
        let handle = handle.to_string();
        let Some(found) = found.filter(|f| f.webauthn_handle.as_ref() == Some(&handle)) else {
            return Err(refuse("unknown passkey", None));
        };
        let owner = Some(found.account_id);
        let mut key = found.key()?;
        let result =
            match rp.finish_discoverable_authentication_v2(credential, authentication, &key) {
                Ok(result) => result,
                Err(
                    error @ (WebauthnError::CredentialPossibleCompromise
                    | WebauthnError::CredentialBackupEligibilityInconsistent),
                ) => {
                    // The signature counter went back or the backup flags changed: two copies of
                    // one authenticator may exist. Refused, and recorded for the account's owner.
                    let detail = format!("possible cloned authenticator: {error}");
                    let entry = AuditEntry {
                        event: AuthEvent::PasskeyRefused,
                        actor: None,
                        subject: owner,
                        client,
                        detail: &detail,
                    };
                    self.audit().record(entry).await;
                    return Err(refuse("possible clone", owner));
                }
                Err(_) => return Err(refuse("signature not accepted", owner)),
            };
        key.update_credential(&result);
        store::used(db, found.id, &key, now).await?;
        let account = self.find(Claimant::Account(found.account_id)).await?;
        match account.filter(|a| a.active) {
            Some(account) => Ok(account.principal),
            None => Err(refuse("account deactivated", owner)),
        }
    }
}
