//! Audit event names and the entry the admin console shows.
use serde::{Deserialize, Serialize};

use crate::timestamp::Timestamp;

macro_rules! events {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        /// Every recorded event. The stored name is the stable `snake_case` string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        pub enum AuditEvent { $($variant),+ }

        impl AuditEvent {
            pub const ALL: &'static [AuditEvent] = &[$(AuditEvent::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(AuditEvent::$variant => $name),+ }
            }

            pub fn parse(name: &str) -> Option<Self> {
                match name { $($name => Some(AuditEvent::$variant),)+ _ => None }
            }
        }
    };
}

events! {
    SignInOk => "sign_in_ok",
    SignInFailed => "sign_in_failed",
    PasswordCheckFailed => "password_check_failed",
    SignOut => "sign_out",
    SessionRevoked => "session_revoked",
    PasswordChanged => "password_changed",
    AdminCreated => "admin_created",
    RoleChanged => "role_changed",
    UserDeactivated => "user_deactivated",
    UserReactivated => "user_reactivated",
    PostDeletedByAdmin => "post_deleted_by_admin",
    CommentDeletedByAdmin => "comment_deleted_by_admin",
    TokenCreated => "token_created",
    TokenRevoked => "token_revoked",
    TokenUseAfterRevoke => "token_use_after_revoke",
    RateLimited => "rate_limited",
    PasswordResetRequested => "password_reset_requested",
    PasswordResetCompleted => "password_reset_completed",
    LinkRefused => "link_refused",
    MailFailed => "mail_failed",
    VerificationSent => "verification_sent",
    EmailVerified => "email_verified",
    EmailChangeRequested => "email_change_requested",
    EmailChangeCancelled => "email_change_cancelled",
    EmailChanged => "email_changed",
    SecondFactorAdded => "second_factor_added",
    SecondFactorRemoved => "second_factor_removed",
    SecondFactorFailed => "second_factor_failed",
    RecoveryCodesCreated => "recovery_codes_created",
    PasskeyAdded => "passkey_added",
    PasskeyRemoved => "passkey_removed",
    PasskeyRefused => "passkey_refused",
}

/// One row of the audit view. Names are resolved at read time; a deleted user shows as empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AuditEntry {
    pub id: i64,
    pub at: Timestamp,
    pub event: String,
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub ip: String,
    pub user_agent: String,
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_round_trip() {
        for event in AuditEvent::ALL {
            assert_eq!(AuditEvent::parse(event.as_str()), Some(*event));
        }
        assert_eq!(AuditEvent::parse("drop table"), None);
    }
}
