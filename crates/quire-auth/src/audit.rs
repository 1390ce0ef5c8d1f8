//! Where the crate's security events go: the app's audit log, through [`Audit`].
use async_trait::async_trait;
use std::sync::Arc;

use crate::ClientInfo;

/// A security event the crate reports as it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthEvent {
    /// A password was wrong at sign-in, or named no active account.
    SignInFailed,
    /// A signed-in user typed a wrong password where it is asked again (sudo, a password
    /// change).
    PasswordCheckFailed,
    /// A wrong code at a sign-in's second step (authenticator app or recovery code).
    SecondFactorFailed,
    /// A passkey refused because its authenticator may have been cloned (its signature
    /// counter went back, or its backup flags changed).
    PasskeyRefused,
    /// A mailed link that was not live was followed (counted like a wrong password).
    LinkRefused,
}

impl AuthEvent {
    /// Every event the crate reports, so an app can check that it has a name for each.
    pub const ALL: &'static [AuthEvent] = &[
        AuthEvent::SignInFailed,
        AuthEvent::PasswordCheckFailed,
        AuthEvent::SecondFactorFailed,
        AuthEvent::PasskeyRefused,
        AuthEvent::LinkRefused,
    ];

    /// A stable name for the event, for a log or a table: `sign_in_failed`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            AuthEvent::SignInFailed => "sign_in_failed",
            AuthEvent::PasswordCheckFailed => "password_check_failed",
            AuthEvent::SecondFactorFailed => "second_factor_failed",
            AuthEvent::PasskeyRefused => "passkey_refused",
            AuthEvent::LinkRefused => "link_refused",
        }
    }
}

/// One event, with who did it, to whom, from where. Never a secret: the crate does not put
/// what was typed in it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct AuditEntry<'a> {
    /// What happened.
    pub event: AuthEvent,
    /// The signed-in account that acted, if any.
    pub actor: Option<i64>,
    /// The account it happened to, if one exists (an unknown address names none).
    pub subject: Option<i64>,
    /// The client's address and user agent.
    pub client: &'a ClientInfo,
    /// A short label of where it happened, chosen by the app (`browser`, `api`, …).
    pub detail: &'a str,
}

/// The app's audit log. A write that fails is the app's to log: the action it describes has
/// already happened, so `record` returns nothing to refuse it with.
///
/// ```
/// use quire_auth::audit::{Audit, AuditEntry};
///
/// struct Log;
///
/// #[async_trait::async_trait]
/// impl Audit for Log {
///     async fn record(&self, entry: AuditEntry<'_>) {
///         tracing::info!(event = entry.event.as_str(), subject = entry.subject, "audit");
///     }
/// }
/// let audit: quire_auth::audit::SharedAudit = std::sync::Arc::new(Log);
/// ```
#[async_trait]
pub trait Audit: Send + Sync + 'static {
    /// Stores `entry`.
    async fn record(&self, entry: AuditEntry<'_>);
}

/// The audit log as the crate holds it.
pub type SharedAudit = Arc<dyn Audit>;
