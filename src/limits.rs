//! Whether a write may happen now, as features ask it: comments and posts need a verified
//! address (checklist M08), then every write is counted (A02): when an allowance ran out the
//! answer is 429 with the seconds to wait, recorded in the audit log once per run of refusals
//! so that a flood writes one entry, not thousands.
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    identity::{ClientInfo, User},
    server::{
        state::AppState,
        write_limits::{Who, Write},
    },
};

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
    let Some(limited) = state.write_limits.check(write, key, &client.ip).await? else {
        return Ok(());
    };
    if limited.refused.first {
        let by = match (limited.who, write) {
            (Who::Account, Write::PasswordReset) => "address",
            (Who::Account, _) => "account",
            (Who::Ip, _) => "IP",
        };
        let detail = format!("{} per {by}", write.name());
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
