//! Whether a write may happen now, as features ask it: comments and posts need a verified
//! address (checklist M08), then every write is counted (A02): when an allowance ran out the
//! answer is 429 with the seconds to wait, recorded in the audit log once per run of refusals
//! so that a flood writes one entry, not thousands.
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    identity::{ClientInfo, User},
    server::{
        config::LimitsConfig,
        state::AppState,
        write_limits::{Rule, Who},
    },
};

/// A kind of write that is limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Comment,
    Post,
    Registration,
    Token,
    /// Keyed by the address typed rather than an account, so the limit says nothing about
    /// whether the address has one.
    PasswordReset,
    /// A verification link sent again, or an e-mail change link.
    LinkMail,
    /// A passkey ceremony started (per IP only: signing in has no account yet).
    PasskeyCeremony,
}

impl Write {
    /// The allowances the configuration gives this kind of write.
    fn rule(self, limits: &LimitsConfig) -> Rule {
        let (name, per_account, per_ip) = match self {
            Write::Comment => (
                "comments",
                Some(limits.comments_per_account),
                limits.comments_per_ip,
            ),
            Write::Post => ("posts", Some(limits.posts_per_account), limits.posts_per_ip),
            Write::Registration => ("registrations", None, limits.registrations_per_ip),
            Write::Token => (
                "tokens",
                Some(limits.tokens_per_account),
                limits.tokens_per_ip,
            ),
            Write::PasswordReset => (
                "password resets",
                Some(limits.password_resets_per_address),
                limits.password_resets_per_ip,
            ),
            Write::LinkMail => (
                "link mails",
                Some(limits.link_mails_per_account),
                limits.link_mails_per_ip,
            ),
            Write::PasskeyCeremony => {
                ("passkey ceremonies", None, limits.passkey_ceremonies_per_ip)
            }
        };
        Rule {
            name,
            per_account,
            per_ip,
        }
    }
}

/// Counts one `write` by `user` (if signed in) from `client`; `Unverified` for a comment or a
/// post by an account that must verify its address first, `TooManyRequests` when over.
pub async fn allow(
    state: &AppState,
    write: Write,
    user: Option<&User>,
    client: &ClientInfo,
) -> Result<(), AppError> {
    let required = state.config.accounts.require_verified_email;
    let contribution = matches!(write, Write::Comment | Write::Post);
    if contribution && user.is_some_and(|u| !u.may_contribute(required)) {
        return Err(AppError::Unverified);
    }
    let account = user.map(|u| u.id);
    let key = account.map(|id| id.to_string());
    count(state, write, key.as_deref(), account, client).await
}

/// Counts one password reset request for the normalised `address` from `client`. The address
/// is the key whether or not an account has it, and the audit entry never names it.
pub async fn allow_reset_request(
    state: &AppState,
    address: &str,
    client: &ClientInfo,
) -> Result<(), AppError> {
    count(state, Write::PasswordReset, Some(address), None, client).await
}

async fn count(
    state: &AppState,
    write: Write,
    key: Option<&str>,
    account: Option<i64>,
    client: &ClientInfo,
) -> Result<(), AppError> {
    let rule = write.rule(&state.config.limits);
    let Some(limited) = state.write_limits.check(rule, key, &client.ip).await? else {
        return Ok(());
    };
    if limited.refused.first {
        let by = match (limited.who, write) {
            (Who::Account, Write::PasswordReset) => "address",
            (Who::Account, _) => "account",
            (Who::Ip, _) => "IP",
        };
        let detail = format!("{} per {by}", rule.name);
        tracing::warn!(%detail, ip = %client.ip, user = ?account, "write limit reached");
        audit::record(
            state,
            AuditEvent::RateLimited,
            account,
            None,
            client,
            &detail,
        )
        .await;
    }
    Err(AppError::TooManyRequests(limited.refused.seconds))
}
