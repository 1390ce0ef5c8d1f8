//! What depends on the app's principal type: signing in (both steps, or a passkey) and
//! confirming the password, which need the password check typed for it.
use async_trait::async_trait;
use axum::http::request::Parts;
use quire_auth::passkeys::webauthn_rs::prelude::{PublicKeyCredential, Webauthn};
use quire_auth::{
    password_check::{Claimant, PasswordCheck, Purpose},
    pending_sign_ins,
    second_step::CodeAttempt,
    sessions::{Current, Principal, Sessions},
    ClientInfo,
};
use secrecy::SecretString;

/// Where a right password leaves a sign-in.
pub(super) enum SignedIn {
    /// The session started.
    Done,
    /// The account has a second step: the secret of its pending record, for the browser's
    /// cookie.
    CodeNeeded(SecretString),
}

use super::ToAuthUser;
use crate::{AuthError, AuthUser};

/// What depends on the app's principal type, behind one object so that the server functions
/// (which cannot be generic) reach it.
#[async_trait]
pub(super) trait Principals: Send + Sync + 'static {
    fn current(&self, parts: &Parts) -> Option<AuthUser>;
    fn account_id(&self, parts: &Parts) -> Option<i64>;
    async fn sign_in(
        &self,
        sessions: &Sessions,
        session: &tower_sessions::Session,
        client: ClientInfo,
        email: &str,
        password: SecretString,
        remember: bool,
    ) -> Result<SignedIn, AuthError>;
    async fn finish_sign_in(
        &self,
        sessions: &Sessions,
        session: &tower_sessions::Session,
        client: ClientInfo,
        pending_secret: &str,
        code: &str,
    ) -> Result<(), AuthError>;
    async fn reconfirm(
        &self,
        sessions: &Sessions,
        session: &tower_sessions::Session,
        client: ClientInfo,
        parts: &Parts,
        password: SecretString,
    ) -> Result<(), AuthError>;
    /// The signed-in account's own password, through the throttled, audited door.
    async fn check_own(
        &self,
        client: &ClientInfo,
        parts: &Parts,
        password: SecretString,
    ) -> Result<(), AuthError>;
    /// One code check for `account_id`, counted before the code is compared (the first code
    /// of an authenticator app being set up).
    async fn code_attempt(
        &self,
        client: &ClientInfo,
        account_id: i64,
    ) -> Result<CodeAttempt<'_>, AuthError>;
    /// The account of a live mailed link, through the throttled door.
    async fn check_link(
        &self,
        client: &ClientInfo,
        secret: &str,
        purpose: quire_auth::links::Purpose,
        now: i64,
    ) -> Result<i64, AuthError>;
    async fn passkey_sign_in(
        &self,
        rp: &Webauthn,
        sessions: &Sessions,
        session: &tower_sessions::Session,
        client: ClientInfo,
        ceremony_secret: Option<&str>,
        credential: &PublicKeyCredential,
    ) -> Result<(), AuthError>;
}

pub(super) struct Typed<P>(pub(super) PasswordCheck<P>);

impl<P: Principal + ToAuthUser> Typed<P> {
    fn principal(parts: &Parts) -> Option<&P> {
        parts.extensions.get::<Current<P>>()?.0.as_ref()
    }
}

#[async_trait]
impl<P: Principal + ToAuthUser> Principals for Typed<P> {
    fn current(&self, parts: &Parts) -> Option<AuthUser> {
        Self::principal(parts).map(ToAuthUser::to_auth_user)
    }

    fn account_id(&self, parts: &Parts) -> Option<i64> {
        Self::principal(parts).map(Principal::account_id)
    }

    async fn sign_in(
        &self,
        sessions: &Sessions,
        session: &tower_sessions::Session,
        client: ClientInfo,
        email: &str,
        password: SecretString,
        remember: bool,
    ) -> Result<SignedIn, AuthError> {
        let claimant = Claimant::Email(email);
        let principal = self
            .0
            .check(&client, claimant, password, Purpose::SignIn, "browser")
            .await?;
        let (db, account_id) = (sessions.db(), principal.account_id());
        if quire_auth::totp::enabled(db, account_id).await? {
            // No session yet: only a pending record that the code can finish (W05), stored
            // under the epoch this check read (S08).
            let epoch = principal.auth_epoch();
            let created = pending_sign_ins::create(db, account_id, epoch, remember, sessions.now());
            let secret = created.await?.ok_or(AuthError::SignInAgain)?;
            return Ok(SignedIn::CodeNeeded(secret));
        }
        sessions
            .start(session, &principal, client, remember)
            .await?;
        Ok(SignedIn::Done)
    }

    async fn finish_sign_in(
        &self,
        sessions: &Sessions,
        session: &tower_sessions::Session,
        client: ClientInfo,
        pending_secret: &str,
        code: &str,
    ) -> Result<(), AuthError> {
        let now = sessions.now();
        let finished = self.0.finish_sign_in(&client, pending_secret, code, now);
        let done = finished.await?;
        tracing::info!(
            account_id = done.principal.account_id(),
            factor = done.factor.as_str(),
            "signed in with a second step"
        );
        sessions
            .start(session, &done.principal, client, done.remember)
            .await?;
        Ok(())
    }

    async fn passkey_sign_in(
        &self,
        rp: &Webauthn,
        sessions: &Sessions,
        session: &tower_sessions::Session,
        client: ClientInfo,
        ceremony_secret: Option<&str>,
        credential: &PublicKeyCredential,
    ) -> Result<(), AuthError> {
        let now = sessions.now();
        let checked = self
            .0
            .passkey_sign_in(rp, &client, ceremony_secret, credential, now);
        let principal = checked.await?;
        tracing::info!(
            account_id = principal.account_id(),
            "signed in with a passkey"
        );
        // A passkey verifies the user on the device: it stands for both steps, so no code is
        // asked. "Keep me signed in" is a password form's; a passkey session is a normal one.
        sessions.start(session, &principal, client, false).await?;
        Ok(())
    }

    async fn code_attempt(
        &self,
        client: &ClientInfo,
        account_id: i64,
    ) -> Result<CodeAttempt<'_>, AuthError> {
        Ok(self.0.code_attempt(client, account_id).await?)
    }

    async fn reconfirm(
        &self,
        sessions: &Sessions,
        session: &tower_sessions::Session,
        client: ClientInfo,
        parts: &Parts,
        password: SecretString,
    ) -> Result<(), AuthError> {
        let signed_in = Self::principal(parts).ok_or(AuthError::SignedOut)?;
        self.check_own(&client, parts, password).await?;
        // The epoch this request's session was read with, not the one just read by the check:
        // had the account's sessions been revoked in between, the renewed session must not be
        // stored under the new epoch and outlive the revocation.
        sessions
            .reauthenticated(session, signed_in.auth_epoch())
            .await?;
        Ok(())
    }

    async fn check_own(
        &self,
        client: &ClientInfo,
        parts: &Parts,
        password: SecretString,
    ) -> Result<(), AuthError> {
        let signed_in = Self::principal(parts).ok_or(AuthError::SignedOut)?;
        let claimant = Claimant::Account(signed_in.account_id());
        let checked = self
            .0
            .check(client, claimant, password, Purpose::Reconfirm, "browser")
            .await;
        match checked {
            Err(quire_auth::Error::WrongPassword) => Err(AuthError::WrongPassword),
            other => other.map(|_| ()).map_err(AuthError::from),
        }
    }

    async fn check_link(
        &self,
        client: &ClientInfo,
        secret: &str,
        purpose: quire_auth::links::Purpose,
        now: i64,
    ) -> Result<i64, AuthError> {
        Ok(self.0.check_link(client, secret, purpose, now).await?)
    }
}
