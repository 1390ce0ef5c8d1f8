//! The `[limits]` section: body size, sign-in throttling and write limits.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsConfig {
    pub body_bytes: usize,
    /// Failed sign-ins allowed per client IP within the window (then 429 with Retry-After).
    pub sign_in_failures_per_ip: u32,
    pub sign_in_ip_window_seconds: u64,
    /// Failed sign-ins allowed per account within the window.
    pub sign_in_failures_per_account: u32,
    pub sign_in_account_window_seconds: u64,
    /// Writes allowed per account and per client IP within this window (then 429).
    pub write_window_seconds: u64,
    pub comments_per_account: u32,
    pub comments_per_ip: u32,
    /// Saves of a post, new or edited.
    pub posts_per_account: u32,
    pub posts_per_ip: u32,
    pub registrations_per_ip: u32,
    /// Personal access tokens and app sign-ins (each issues a token).
    pub tokens_per_account: u32,
    pub tokens_per_ip: u32,
    /// Password reset requests per address typed (whether or not it has an account) and per IP.
    pub password_resets_per_address: u32,
    pub password_resets_per_ip: u32,
    /// Verification links sent again and e-mail change links, per account and per IP.
    pub link_mails_per_account: u32,
    pub link_mails_per_ip: u32,
    /// Passkey ceremonies started per IP (each stores a challenge for five minutes). The sign-in
    /// page starts one for passkey autofill whenever it is opened with JavaScript.
    pub passkey_ceremonies_per_ip: u32,
}

impl LimitsConfig {
    /// The sign-in limits, as quire-auth's throttle takes them.
    pub fn sign_in(&self) -> quire_auth::throttle::SignInLimits {
        quire_auth::throttle::SignInLimits {
            per_ip: self.sign_in_failures_per_ip,
            ip_window_seconds: self.sign_in_ip_window_seconds,
            per_account: self.sign_in_failures_per_account,
            account_window_seconds: self.sign_in_account_window_seconds,
        }
    }
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            body_bytes: 64 * 1024,
            sign_in_failures_per_ip: 10,
            sign_in_ip_window_seconds: 180,
            sign_in_failures_per_account: 100,
            sign_in_account_window_seconds: 3600,
            write_window_seconds: 3600,
            comments_per_account: 120,
            comments_per_ip: 600,
            posts_per_account: 120,
            posts_per_ip: 600,
            registrations_per_ip: 30,
            tokens_per_account: 30,
            tokens_per_ip: 150,
            password_resets_per_address: 5,
            password_resets_per_ip: 30,
            link_mails_per_account: 10,
            link_mails_per_ip: 50,
            passkey_ceremonies_per_ip: 600,
        }
    }
}
