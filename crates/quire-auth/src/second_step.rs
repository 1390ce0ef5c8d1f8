//! The second step of a sign-in: a code from the authenticator app ([`crate::totp`]) or a
//! recovery code ([`crate::recovery_codes`]), checked through the same door as the password
//! ([`PasswordCheck`]): throttled per IP and per account, counted before it is compared, every
//! failure audited.
//!
//! A browser's sign-in waits between its two steps in a pending record
//! ([`crate::pending_sign_ins`]), whose secret the browser keeps in a cookie; no session exists
//! until [`PasswordCheck::finish_sign_in`] accepts the code. An app that takes the code with
//! the password (a token API) calls [`PasswordCheck::check_code`].
use crate::{
    audit::{AuditEntry, AuthEvent, SharedAudit},
    db,
    password_check::{Claimant, PasswordCheck},
    pending_sign_ins, recovery_codes,
    sessions::Principal,
    throttle::Attempt,
    totp, ClientInfo, Error,
};

/// Which second step was accepted, for the app's audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factor {
    /// A code from the authenticator app.
    AuthenticatorApp,
    /// One of the account's recovery codes, now spent.
    RecoveryCode,
}

impl Factor {
    /// `authenticator app` or `recovery code`.
    pub fn as_str(self) -> &'static str {
        match self {
            Factor::AuthenticatorApp => "authenticator app",
            Factor::RecoveryCode => "recovery code",
        }
    }
}

/// A browser's sign-in whose second step was accepted: start its session now.
#[derive(Debug)]
#[non_exhaustive]
pub struct Finished<P> {
    /// Who signed in, read while the pending record's epoch was still the account's: a
    /// session started for it is refused if anything was revoked since the password.
    pub principal: P,
    /// Whether "Keep me signed in" was ticked with the password.
    pub remember: bool,
    /// Which code it was.
    pub factor: Factor,
}

impl<P: Principal> PasswordCheck<P> {
    /// Finishes the browser sign-in waiting under `pending_secret` with `code`.
    ///
    /// [`Error::SignInAgain`] when there is nothing left to finish: the record expired, its
    /// five tries are spent, it was revoked (a sign-out everywhere, a password change), the
    /// account was deactivated, or another request finished it first. [`Error::WrongCode`]
    /// for a wrong code, which spends one of the record's tries and one of the account's
    /// guesses; [`Error::Throttled`] when those ran out.
    ///
    /// ```no_run
    /// # async fn code_step<P: quire_auth::sessions::Principal>(
    /// #     check: quire_auth::password_check::PasswordCheck<P>,
    /// #     sessions: quire_auth::sessions::Sessions,
    /// #     session: tower_sessions::Session,
    /// #     client: quire_auth::ClientInfo,
    /// #     secret_from_cookie: String,
    /// # ) -> Result<(), quire_auth::Error> {
    /// let now = sessions.now();
    /// let done = check.finish_sign_in(&client, &secret_from_cookie, "123456", now).await?;
    /// sessions.start(&session, &done.principal, client, done.remember).await?;
    /// # Ok(()) }
    /// ```
    pub async fn finish_sign_in(
        &self,
        client: &ClientInfo,
        pending_secret: &str,
        code: &str,
        now: i64,
    ) -> Result<Finished<P>, Error> {
        let db = self.db();
        let waiting = pending_sign_ins::load(db, pending_secret, now).await?;
        let waiting = waiting.ok_or(Error::SignInAgain)?;
        let found = self.find(Claimant::Account(waiting.account_id)).await?;
        // The record is live only while its epoch is the account's, so an account read with
        // another epoch was revoked in between: nothing to finish.
        let found = found.filter(|f| f.active && f.principal.auth_epoch() == waiting.auth_epoch);
        let found = found.ok_or(Error::SignInAgain)?;
        let factor = self
            .compare(
                client,
                &found.email,
                waiting.account_id,
                code,
                Some(pending_secret),
                now,
            )
            .await?;
        // Of two requests racing with one pending record, only one signs in.
        if !pending_sign_ins::finish(db, pending_secret).await? {
            return Err(Error::SignInAgain);
        }
        Ok(Finished {
            principal: found.principal,
            remember: waiting.remember,
            factor,
        })
    }

    /// Checks `code` for `account_id` when it comes with the password in one request (an app's
    /// sign-in): throttled and audited like [`PasswordCheck::finish_sign_in`], with no
    /// pending record. [`Error::WrongCode`] for a wrong code or an unknown account.
    pub async fn check_code(
        &self,
        client: &ClientInfo,
        account_id: i64,
        code: &str,
        now: i64,
    ) -> Result<Factor, Error> {
        let found = self.find(Claimant::Account(account_id)).await?;
        let key = found.map(|f| f.email);
        let key = key.unwrap_or_else(|| format!("account #{account_id}"));
        self.compare(client, &key, account_id, code, None, now)
            .await
    }

    /// Accepts `code` once, or audits the failure. Like a password, the attempt is counted
    /// before the code is compared; a browser's pending record (`pending`) has a try of its
    /// own taken first too, so of codes sent at once at most five are ever compared against
    /// it.
    async fn compare(
        &self,
        client: &ClientInfo,
        throttle_key: &str,
        account_id: i64,
        code: &str,
        pending: Option<&str>,
        now: i64,
    ) -> Result<Factor, Error> {
        let attempt = self.counted(client, throttle_key, account_id).await?;
        if let Some(secret) = pending {
            if !pending_sign_ins::take_try(self.db(), secret, now).await? {
                attempt.not_compared().await;
                return Err(Error::SignInAgain);
            }
        }
        let mut tx = db::write(self.db()).await?;
        let accepted =
            if totp::accept(&mut tx, account_id, code, now, totp::Stage::Confirmed).await? {
                Some(Factor::AuthenticatorApp)
            } else if recovery_codes::spend(&mut tx, account_id, code, now).await? {
                Some(Factor::RecoveryCode)
            } else {
                None
            };
        tx.commit().await?;
        match accepted {
            Some(factor) => {
                attempt.right().await;
                Ok(factor)
            }
            None => Err(attempt.wrong().await),
        }
    }

    /// Counts one code check for `account_id` before the code is compared, under the
    /// account's address like its password (so codes and passwords share one allowance), for
    /// a code that is checked outside a sign-in: the first code from an authenticator app
    /// being set up ([`totp::Stage::SettingUp`]). Without it that check would be a guessing
    /// oracle that no limit reaches.
    ///
    /// [`Error::Throttled`] when the IP or the account has no attempt left. Call
    /// [`CodeAttempt::right`] once the code was accepted and its change committed, or
    /// [`CodeAttempt::wrong`] (which audits the failure); dropped, it stays counted.
    ///
    /// ```no_run
    /// # async fn confirm<P: quire_auth::sessions::Principal>(
    /// #     check: quire_auth::password_check::PasswordCheck<P>,
    /// #     db: quire_auth::db::Db,
    /// #     client: quire_auth::ClientInfo,
    /// #     account_id: i64,
    /// #     now: i64,
    /// # ) -> Result<(), quire_auth::Error> {
    /// use quire_auth::totp::{self, Stage};
    /// let attempt = check.code_attempt(&client, account_id).await?;
    /// let mut tx = quire_auth::db::write(&db).await?;
    /// if !totp::accept(&mut tx, account_id, "123456", now, Stage::SettingUp).await? {
    ///     // Ends the transaction first: on SQLite the audit's write would wait for it.
    ///     drop(tx);
    ///     return Err(attempt.wrong().await);
    /// }
    /// tx.commit().await?;
    /// attempt.right().await;
    /// # Ok(()) }
    /// ```
    pub async fn code_attempt(
        &self,
        client: &ClientInfo,
        account_id: i64,
    ) -> Result<CodeAttempt<'_>, Error> {
        let found = self.find(Claimant::Account(account_id)).await?;
        let key = found.map(|f| f.email);
        let key = key.unwrap_or_else(|| format!("account #{account_id}"));
        self.counted(client, &key, account_id).await
    }

    async fn counted(
        &self,
        client: &ClientInfo,
        throttle_key: &str,
        account_id: i64,
    ) -> Result<CodeAttempt<'_>, Error> {
        let taken = self.throttle().attempt(&client.ip, Some(throttle_key));
        Ok(CodeAttempt {
            taken: taken.await?,
            audit: self.audit(),
            client: client.clone(),
            account_id,
        })
    }
}

/// One code check, counted against the IP and the account before the code is compared
/// ([`PasswordCheck::code_attempt`]). Dropped without [`CodeAttempt::right`], it stays
/// counted as a wrong code.
#[must_use = "say whether the code was right: right() gives the attempt back, wrong() audits it"]
pub struct CodeAttempt<'a> {
    taken: Attempt<'a>,
    audit: &'a SharedAudit,
    client: ClientInfo,
    account_id: i64,
}

impl CodeAttempt<'_> {
    /// The code was accepted: the attempt no longer counts.
    pub async fn right(self) {
        self.taken.give_back().await;
    }

    /// Nothing was compared after all (the pending record had no try left).
    async fn not_compared(self) {
        self.taken.give_back().await;
    }

    /// The code was wrong: the attempt stays counted, the failure is audited, and the answer
    /// is [`Error::WrongCode`].
    pub async fn wrong(self) -> Error {
        self.taken.keep();
        let entry = AuditEntry {
            event: AuthEvent::SecondFactorFailed,
            actor: None,
            subject: Some(self.account_id),
            client: &self.client,
            detail: "",
        };
        self.audit.record(entry).await;
        Error::WrongCode
    }
}
