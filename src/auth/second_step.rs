//! The second step of a sign-in (checklist W03–W05, P08): a code from the authenticator app or
//! a recovery code, throttled per IP and per account like a password, each failure audited.
use super::secret_check::{find, Claimant};
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::{AppError, Message},
    factors::server::{pending, recovery, totp},
    identity::{ClientInfo, User},
    server::state::AppState,
};

/// Accepts `code` for `user_id` once, or counts and audits the failure. Which kind it was.
async fn check_code(
    state: &AppState,
    client: &ClientInfo,
    user_id: i64,
    throttle_key: &str,
    code: &str,
) -> Result<&'static str, AppError> {
    state
        .sign_in_throttle
        .check(&client.ip, throttle_key)
        .await?;
    let now = state.clock.now().unix_timestamp();
    let mut tx = crate::server::db::write(&state.db).await?;
    let accepted = if totp::accept(&mut tx, user_id, code, now, false).await? {
        Some("authenticator app")
    } else if recovery::spend(&mut tx, user_id, code, now).await? {
        Some("recovery code")
    } else {
        None
    };
    tx.commit().await?;
    if let Some(factor) = accepted {
        return Ok(factor);
    }
    state
        .sign_in_throttle
        .failed(&client.ip, throttle_key)
        .await;
    let event = AuditEvent::SecondFactorFailed;
    audit::record(state, event, None, Some(user_id), client, "").await;
    Err(AppError::invalid("code", Message::WrongCode))
}

/// Finishes the browser sign-in waiting in the pending record `pending_secret`: the user to
/// start a session for, and whether they asked to stay signed in.
pub async fn finish_browser_sign_in(
    state: &AppState,
    client: &ClientInfo,
    pending_secret: &str,
    code: &str,
) -> Result<(User, bool), AppError> {
    let now = state.clock.now().unix_timestamp();
    let waiting = pending::load(&state.db, pending_secret, now).await?;
    let waiting = waiting.ok_or(AppError::SignInAgain)?;
    let account = find(state, &Claimant::User(waiting.user_id)).await?;
    let account = account.filter(|a| a.active).ok_or(AppError::SignInAgain)?;
    let key = account.email.clone();
    let kind = match check_code(state, client, account.id, &key, code).await {
        Ok(kind) => kind,
        Err(error) => {
            pending::failed(&state.db, pending_secret).await?;
            return Err(error);
        }
    };
    // Of two requests racing with one pending record, only one signs in.
    if !pending::finish(&state.db, pending_secret).await? {
        return Err(AppError::SignInAgain);
    }
    let detail = format!("browser, second step: {kind}");
    audit::record_own(state, AuditEvent::SignInOk, account.id, client, &detail).await;
    Ok((account.into_user(), waiting.remember))
}

/// The second step of an app's sign-in, with the code sent along with the password.
pub async fn check_app_code(
    state: &AppState,
    client: &ClientInfo,
    user: &User,
    email_key: &str,
    code: &str,
) -> Result<(), AppError> {
    let kind = check_code(state, client, user.id, email_key, code).await?;
    let detail = format!("api, second step: {kind}");
    audit::record_own(state, AuditEvent::SignInOk, user.id, client, &detail).await;
    Ok(())
}
