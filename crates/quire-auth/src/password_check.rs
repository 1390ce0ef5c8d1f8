//! The one door for checking a password: sign-in (browser or app) and every prompt that asks a
//! signed-in user for it again go through [`PasswordCheck::check`], so each is throttled per IP
//! and per account and each failure is audited. A new path that needs a password has no other
//! function to call.
//!
//! ```no_run
//! # async fn sign_in(
//! #     db: quire_auth::db::Db,
//! #     throttle: quire_auth::throttle::SignInThrottle,
//! #     client: quire_auth::ClientInfo,
//! # ) -> Result<(), quire_auth::Error> {
//! use quire_auth::{
//!     audit::{Audit, AuditEntry},
//!     password_check::{Claimant, PasswordCheck, Purpose},
//!     passwords::Passwords,
//!     sessions::Principal,
//! };
//!
//! #[derive(Clone, serde::Serialize, serde::Deserialize, sqlx::FromRow)]
//! struct Member { id: i64, name: String, auth_epoch: i64 }
//!
//! impl Principal for Member {
//!     const ACCOUNTS: &'static str = "auth_accounts a JOIN members m ON m.id = a.id";
//!     const COLUMNS: &'static str = "a.id, m.name, a.auth_epoch";
//!     fn account_id(&self) -> i64 { self.id }
//!     fn auth_epoch(&self) -> i64 { self.auth_epoch }
//! }
//!
//! struct Log;
//!
//! #[async_trait::async_trait]
//! impl Audit for Log {
//!     async fn record(&self, entry: AuditEntry<'_>) {
//!         tracing::warn!(event = entry.event.as_str(), subject = entry.subject, "audit");
//!     }
//! }
//!
//! let check: PasswordCheck<Member> =
//!     PasswordCheck::new(db, throttle, Passwords::new(), std::sync::Arc::new(Log));
//! let password = "typed by the user".into();
//! let email = Claimant::Email("ada@example.org");
//! match check.check(&client, email, password, Purpose::SignIn, "browser").await {
//!     Ok(member) => { /* start a session for `member` */ }
//!     Err(quire_auth::Error::WrongPassword) => { /* "wrong e-mail or password" */ }
//!     Err(other) => return Err(other), // throttled (429), or the database
//! }
//! # Ok(()) }
//! ```
use secrecy::{ExposeSecret, SecretString};
use std::{marker::PhantomData, sync::Arc};

use crate::{
    audit::{AuditEntry, AuthEvent, SharedAudit},
    db::Db,
    passwords::{needs_rehash, PasswordHashString, Passwords, MAX_PASSWORD_BYTES},
    sessions::Principal,
    throttle::SignInThrottle,
    ClientInfo, Error,
};

/// Who claims to know the password.
#[derive(Debug, Clone, Copy)]
pub enum Claimant<'a> {
    /// Someone signing in, by address, normalised as the app stores addresses. An address the
    /// app could not normalise may be passed as typed: it finds no account and still counts.
    Email(&'a str),
    /// The signed-in account, asked for its password again.
    Account(i64),
}

/// Why the password is asked: it decides which event a failure is audited as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Signing in. Success is not audited here, since a second step may still follow: the app
    /// records the sign-in when it completes.
    SignIn,
    /// A signed-in user confirming who they are (sudo, a password change).
    Reconfirm,
}

/// The password check for the app's principal `P`: one in the app's state. It shares the
/// throttle's counts and the hashing pool with every clone of the two it was given.
pub struct PasswordCheck<P> {
    db: Db,
    throttle: SignInThrottle,
    passwords: Passwords,
    audit: SharedAudit,
    by_email: Arc<str>,
    by_id: Arc<str>,
    principal: PhantomData<fn() -> P>,
}

impl<P> Clone for PasswordCheck<P> {
    fn clone(&self) -> Self {
        Self {
            db: self.db.clone(),
            throttle: self.throttle.clone(),
            passwords: self.passwords.clone(),
            audit: self.audit.clone(),
            by_email: self.by_email.clone(),
            by_id: self.by_id.clone(),
            principal: PhantomData,
        }
    }
}

/// An account's secret columns with the principal's, as the check reads them.
#[derive(sqlx::FromRow)]
pub(crate) struct Found<P> {
    #[sqlx(rename = "auth_account_email")]
    pub(crate) email: String,
    #[sqlx(rename = "auth_account_password")]
    password_hash: String,
    #[sqlx(rename = "auth_account_active")]
    pub(crate) active: bool,
    #[sqlx(flatten)]
    pub(crate) principal: P,
}

impl<P: Principal> PasswordCheck<P> {
    /// A check that reads accounts from `db`, counts attempts in `throttle`, hashes with
    /// `passwords` and reports failures to `audit`.
    pub fn new(db: Db, throttle: SignInThrottle, passwords: Passwords, audit: SharedAudit) -> Self {
        let select = format!(
            "SELECT a.email AS auth_account_email, a.password_hash AS auth_account_password, \
             a.active AS auth_account_active, {columns} FROM {accounts}",
            columns = P::COLUMNS,
            accounts = P::ACCOUNTS,
        );
        Self {
            by_email: format!("{select} WHERE a.email = $1").into(),
            by_id: format!("{select} WHERE a.id = $1").into(),
            db,
            throttle,
            passwords,
            audit,
            principal: PhantomData,
        }
    }

    pub(crate) fn db(&self) -> &Db {
        &self.db
    }

    pub(crate) fn throttle(&self) -> &SignInThrottle {
        &self.throttle
    }

    pub(crate) fn audit(&self) -> &SharedAudit {
        &self.audit
    }

    /// The principal whose password this is, unless the client's IP or the account is
    /// throttled ([`Error::Throttled`]).
    ///
    /// The attempt is taken from both allowances before argon2 runs and given back only on
    /// success, so guesses sent at once cannot outrun the limit. An unknown address, a wrong
    /// password, a password longer than [`MAX_PASSWORD_BYTES`] and an inactive account all
    /// answer [`Error::WrongPassword`], and an unknown address still pays for one argon2
    /// verification: neither the answer nor its timing tells whether an account exists. Every
    /// failure is audited, naming the account only if it exists and never what was typed.
    /// `detail` labels the entry (`browser`, `api`, …). A hash made with older parameters is
    /// replaced after a success.
    pub async fn check(
        &self,
        client: &ClientInfo,
        claimant: Claimant<'_>,
        password: SecretString,
        purpose: Purpose,
        detail: &str,
    ) -> Result<P, Error> {
        let found = self.find(claimant).await?;
        let key = match (&found, claimant) {
            (Some(found), _) => found.email.clone(),
            (None, Claimant::Email(email)) => email.to_owned(),
            (None, Claimant::Account(id)) => format!("account #{id}"),
        };
        let attempt = self.throttle.attempt(&client.ip, Some(&key)).await?;
        let stored = found
            .as_ref()
            .map(|f| PasswordHashString::from_db(f.password_hash.clone()));
        let verified = password.expose_secret().len() <= MAX_PASSWORD_BYTES
            && self.passwords.verify(password.clone(), stored).await?;
        match found {
            Some(found) if verified && found.active => {
                attempt.give_back().await;
                self.upgrade_hash_if_old(&found, password).await;
                Ok(found.principal)
            }
            found => {
                attempt.keep();
                let (event, actor) = match (purpose, claimant) {
                    (Purpose::Reconfirm, Claimant::Account(id)) => {
                        (AuthEvent::PasswordCheckFailed, Some(id))
                    }
                    _ => (AuthEvent::SignInFailed, None),
                };
                let subject = found.map(|f| f.principal.account_id());
                let entry = AuditEntry {
                    event,
                    actor,
                    subject,
                    client,
                    detail,
                };
                self.audit.record(entry).await;
                Err(Error::WrongPassword)
            }
        }
    }

    pub(crate) async fn find(&self, claimant: Claimant<'_>) -> Result<Option<Found<P>>, Error> {
        let found = match claimant {
            // No stored address holds a NUL (PostgreSQL's text cannot), and PostgreSQL refuses
            // one in a query with an error: such an address finds nothing, as any unknown one.
            Claimant::Email(email) if email.contains('\0') => None,
            Claimant::Email(email) => {
                let sql = &*self.by_email;
                crate::on_db!(self.db, |exe| sqlx::query_as(sql)
                    .bind(email)
                    .fetch_optional(exe)
                    .await)?
            }
            Claimant::Account(id) => {
                let sql = &*self.by_id;
                crate::on_db!(self.db, |exe| sqlx::query_as(sql)
                    .bind(id)
                    .fetch_optional(exe)
                    .await)?
            }
        };
        Ok(found)
    }

    /// Replaces a hash made with older argon2 parameters; a failure only delays it. Only the
    /// hash that was verified is replaced: a password change that landed meanwhile wins, rather
    /// than being reverted to the old password by this sign-in.
    async fn upgrade_hash_if_old(&self, found: &Found<P>, password: SecretString) {
        let stored = PasswordHashString::from_db(found.password_hash.clone());
        if !needs_rehash(&stored) {
            return;
        }
        let Ok(hash) = self.passwords.hash(password).await else {
            return;
        };
        let account_id = found.principal.account_id();
        let updated = crate::on_db!(self.db, |exe| sqlx::query(
            "UPDATE auth_accounts SET password_hash = $1 WHERE id = $2 AND password_hash = $3"
        )
        .bind(hash.as_db())
        .bind(account_id)
        .bind(&found.password_hash)
        .execute(exe)
        .await
        .map(|done| done.rows_affected()));
        match updated {
            Ok(_) => tracing::info!(account_id, "password hash upgraded"),
            Err(error) => tracing::warn!(account_id, %error, "password hash upgrade failed"),
        }
    }
}
