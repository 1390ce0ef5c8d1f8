//! Write limits as features use them (checklist A02): count the write, and when an allowance
//! ran out answer 429 with the seconds to wait and record it in the audit log, once per run of
//! refusals so that a flood writes one entry, not thousands.
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    identity::{ClientInfo, User},
    server::{
        state::AppState,
        write_limits::{Who, Write},
    },
};

/// Counts one `write` by `user` (if signed in) from `client`; `TooManyRequests` when over.
pub async fn allow(
    state: &AppState,
    write: Write,
    user: Option<&User>,
    client: &ClientInfo,
) -> Result<(), AppError> {
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
    let Err(limited) = state.write_limits.check(write, key, &client.ip) else {
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
