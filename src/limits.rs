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
    let Err(limited) = state.write_limits.check(write, account, &client.ip) else {
        return Ok(());
    };
    if limited.refused.first {
        let by = match limited.who {
            Who::Account => "account",
            Who::Ip => "IP",
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
