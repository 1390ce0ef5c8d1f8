//! Checks that a loaded configuration makes sense, naming the offending key when not.
use super::{Config, ConfigError, MailTransport};

impl Config {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key, problem: &str| {
            Err(ConfigError::Invalid {
                key,
                problem: problem.to_owned(),
            })
        };
        let origin = &self.site.origin;
        if !(origin.starts_with("http://") || origin.starts_with("https://"))
            || origin.trim_end_matches('/') != origin
        {
            return invalid(
                "site.origin",
                "must be a scheme and host like https://example.org, without a trailing slash",
            );
        }
        if self.site.production && !origin.starts_with("https://") {
            return invalid("site.origin", "must use https:// in production mode");
        }
        if self.database.url.is_empty() {
            return invalid("database.url", "must not be empty");
        }
        if self.database.max_connections == 0 {
            return invalid("database.max_connections", "must be at least 1");
        }
        if self.database.statement_timeout_seconds == 0 {
            return invalid("database.statement_timeout_seconds", "must be at least 1");
        }
        if self.session.idle_minutes == 0 {
            return invalid("session.idle_minutes", "must be at least 1");
        }
        if self.session.absolute_hours == 0
            || self.session.absolute_hours * 60 < self.session.idle_minutes
        {
            return invalid(
                "session.absolute_hours",
                "must be at least 1 and not shorter than session.idle_minutes",
            );
        }
        let session = &self.session;
        if session.remember_idle_days == 0
            || session.remember_absolute_days < session.remember_idle_days
        {
            return invalid(
                "session.remember_absolute_days",
                "must be at least 1 and not shorter than session.remember_idle_days",
            );
        }
        if !(1..=100).contains(&session.max_per_user) {
            return invalid("session.max_per_user", "must be from 1 to 100");
        }
        if session.cleanup_interval_seconds == 0 {
            return invalid("session.cleanup_interval_seconds", "must be at least 1");
        }
        if session.sudo_minutes == 0 {
            return invalid("session.sudo_minutes", "must be at least 1");
        }
        let limits = &self.limits;
        if limits.sign_in_failures_per_ip < 2 || limits.sign_in_failures_per_account < 2 {
            return invalid(
                "limits.sign_in_failures_per_ip",
                "sign-in limits must be at least 2",
            );
        }
        if limits.sign_in_ip_window_seconds == 0 || limits.sign_in_account_window_seconds == 0 {
            return invalid(
                "limits.sign_in_ip_window_seconds",
                "sign-in windows must be at least 1 second",
            );
        }
        if limits.write_window_seconds == 0 {
            return invalid("limits.write_window_seconds", "must be at least 1 second");
        }
        let write_limits = [
            ("limits.comments_per_account", limits.comments_per_account),
            ("limits.comments_per_ip", limits.comments_per_ip),
            ("limits.posts_per_account", limits.posts_per_account),
            ("limits.posts_per_ip", limits.posts_per_ip),
            ("limits.registrations_per_ip", limits.registrations_per_ip),
            ("limits.tokens_per_account", limits.tokens_per_account),
            ("limits.tokens_per_ip", limits.tokens_per_ip),
            (
                "limits.password_resets_per_address",
                limits.password_resets_per_address,
            ),
            (
                "limits.password_resets_per_ip",
                limits.password_resets_per_ip,
            ),
            (
                "limits.link_mails_per_account",
                limits.link_mails_per_account,
            ),
            ("limits.link_mails_per_ip", limits.link_mails_per_ip),
        ];
        if let Some((key, _)) = write_limits.iter().find(|(_, count)| *count == 0) {
            return invalid(key, "must be at least 1");
        }
        if self
            .api
            .cors_origins
            .iter()
            .any(|o| o == "*" || o.ends_with('/') || !o.contains("://"))
        {
            return invalid(
                "api.cors_origins",
                "list exact origins like https://app.example.org; `*` is not allowed",
            );
        }
        if self.api.app_token_days == 0 || self.api.app_token_days > 365 {
            return invalid("api.app_token_days", "must be between 1 and 365");
        }
        if self.limits.body_bytes < 1024 {
            return invalid("limits.body_bytes", "must be at least 1024");
        }
        self.validate_mail()
    }

    fn validate_mail(&self) -> Result<(), ConfigError> {
        let invalid = |key, problem: &str| {
            Err(ConfigError::Invalid {
                key,
                problem: problem.to_owned(),
            })
        };
        let mail = &self.mail;
        if mail.from.parse::<lettre::message::Mailbox>().is_err() {
            return invalid(
                "mail.from",
                "must be an address like `Quire <quire@example.org>`",
            );
        }
        // The outbox keeps reset links in plain files: a development convenience only.
        if self.site.production
            && mail.transport == MailTransport::Outbox
            && !mail.allow_outbox_in_production
        {
            return invalid(
                "mail.transport",
                "is `outbox` in production; configure `smtp`, or set mail.allow_outbox_in_production",
            );
        }
        if mail.transport == MailTransport::Smtp && mail.smtp_host.trim().is_empty() {
            return invalid("mail.smtp_host", "must name the SMTP server");
        }
        if mail.max_attempts == 0 || mail.retry_seconds == 0 {
            return invalid(
                "mail.max_attempts",
                "retries need at least 1 attempt and 1 second",
            );
        }
        // Checklist P06: a reset link works for an hour at most.
        if !(5..=60).contains(&self.accounts.reset_link_minutes) {
            return invalid("accounts.reset_link_minutes", "must be from 5 to 60");
        }
        if !(1..=24 * 7).contains(&self.accounts.verify_link_hours) {
            return invalid("accounts.verify_link_hours", "must be from 1 to 168");
        }
        Ok(())
    }
}
