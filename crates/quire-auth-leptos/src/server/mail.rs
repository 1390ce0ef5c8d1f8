//! The mails the accounts need, which the app sends its own way (a queue, an SMTP relay, a
//! log in development).
use async_trait::async_trait;

use super::{request::Backend, reset::email_of};
use crate::AuthError;

/// A mail the crate asks the app to send. New kinds may be added: match with a fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mail<'a> {
    /// Someone asked to reset the account's password: `url` sets a new one, once, within
    /// `minutes`. Whoever reads the mail can take over the account, so it goes only to the
    /// account's own address and says to ignore it if the owner did not ask.
    ResetLink {
        /// The link to follow.
        url: &'a str,
        /// How long it works.
        minutes: u64,
    },
    /// A new account's address, to prove: `url` confirms it, once, within `hours`.
    VerifyLink {
        /// The link to follow.
        url: &'a str,
        /// How long it works.
        hours: u64,
    },
    /// The password was just set with a reset link, and every session ended: a notice, so an
    /// owner who did not do it knows at once.
    PasswordReset,
    /// Two-step sign-in was turned on: an authenticator app now gives the code.
    TwoStepOn,
    /// Two-step sign-in was turned off: a password alone signs the account in again.
    TwoStepOff,
    /// New recovery codes were made, and the old ones stopped working.
    NewRecoveryCodes,
    /// The password was changed while signed in, and every other session and token ended.
    PasswordChanged,
}

/// How the app sends [`Mail`]. Called after the answer to the request that asked for it, so a
/// slow or failing mailer tells nobody whether an address has an account; log failures, as
/// nothing is retried.
///
/// ```
/// use quire_auth_leptos::{Mail, Mailer};
///
/// struct LogMailer;
///
/// #[async_trait::async_trait]
/// impl Mailer for LogMailer {
///     async fn send(&self, to: &str, mail: Mail<'_>) {
///         match mail {
///             Mail::ResetLink { url, .. } => println!("to {to}: reset your password at {url}"),
///             _ => println!("to {to}: {mail:?}"),
///         }
///     }
/// }
/// ```
#[async_trait]
pub trait Mailer: Send + Sync + 'static {
    /// Sends `mail` to the address `to`.
    async fn send(&self, to: &str, mail: Mail<'_>);
}

impl Backend {
    /// Tells the owner, when the site sends mail: whoever did not make the change learns of
    /// it at once.
    pub(super) async fn notify(
        &self,
        account_id: i64,
        mail: Mail<'static>,
    ) -> Result<(), AuthError> {
        let Some(mailing) = self.server().mailing.clone() else {
            return Ok(());
        };
        let email = email_of(self.server().sessions.db(), account_id).await?;
        tokio::spawn(async move { mailing.mailer.send(&email, mail).await });
        Ok(())
    }
}
