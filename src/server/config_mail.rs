//! The `[mail]` and `[accounts]` sections: how mail leaves Quire, and the account rules that
//! depend on it.
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Where queued mail goes.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MailTransport {
    /// Each message is written as a `.eml` file under `outbox_dir` (development).
    Outbox,
    /// An SMTP relay.
    Smtp,
}

/// How the SMTP connection is encrypted.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SmtpTls {
    /// TLS from the first byte (usually port 465).
    Tls,
    /// Plain connection upgraded with STARTTLS, refused if the server cannot (usually 587).
    Starttls,
    /// No encryption: only for a relay on the same machine or a test sink.
    None,
}

/// The SMTP password: never logged, never serialized (the config is only ever serialized for
/// its defaults, and this field is skipped).
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct SmtpPassword(pub SecretString);

impl std::fmt::Debug for SmtpPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SmtpPassword([redacted])")
    }
}

impl Default for SmtpPassword {
    fn default() -> Self {
        Self(SecretString::from(""))
    }
}

impl PartialEq for SmtpPassword {
    fn eq(&self, other: &Self) -> bool {
        self.0.expose_secret() == other.0.expose_secret()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MailConfig {
    /// The sender, e.g. `Quire <quire@example.org>`.
    pub from: String,
    pub transport: MailTransport,
    pub outbox_dir: PathBuf,
    /// Production refuses the outbox transport unless this is set.
    pub allow_outbox_in_production: bool,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_tls: SmtpTls,
    /// Empty: no authentication.
    pub smtp_user: String,
    #[serde(skip_serializing)]
    pub smtp_password: SmtpPassword,
    /// A message that failed this many times is marked failed and no longer retried.
    pub max_attempts: u32,
    /// The wait after the first failure; it doubles after each further one (at most an hour).
    pub retry_seconds: u64,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            from: "Quire <quire@localhost>".into(),
            transport: MailTransport::Outbox,
            outbox_dir: "data/outbox".into(),
            allow_outbox_in_production: false,
            smtp_host: "localhost".into(),
            smtp_port: 587,
            smtp_tls: SmtpTls::Starttls,
            smtp_user: String::new(),
            smtp_password: SmtpPassword::default(),
            max_attempts: 8,
            retry_seconds: 30,
        }
    }
}

impl MailConfig {
    /// Whether the development `/outbox` page exists: outbox transport, never in production.
    pub fn outbox_page(&self, production: bool) -> bool {
        self.transport == MailTransport::Outbox && !production
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AccountsConfig {
    /// How long a password reset link works.
    pub reset_link_minutes: u64,
    /// How long an address verification or e-mail change link works.
    pub verify_link_hours: u64,
    /// Whether an account must verify its address before it comments, writes or gets an app
    /// token.
    pub require_verified_email: bool,
    /// Whether the admin console needs the admin to have two-step sign-in on.
    pub require_second_factor_for_admins: bool,
}

impl Default for AccountsConfig {
    fn default() -> Self {
        Self {
            reset_link_minutes: 60,
            verify_link_hours: 24,
            require_verified_email: true,
            require_second_factor_for_admins: false,
        }
    }
}
