//! The second step of a sign-in (checklist W03–W05, P08): a code from the authenticator app or
//! a recovery code, throttled per IP and per account like a password, each failure audited.
use quire_auth::pending_sign_ins;

use super::secret_check;
use crate::factors::messages;
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    factors::server::totp,
    identity::{ClientInfo, User},
    server::state::AppState,
};

/// Accepts `code` for `user_id` once, or audits the failure. Which kind it was. Like a
/// password, the attempt is counted before the code is compared (P03); a browser's pending
/// sign-in (`pending_secret`) has a try of its own taken first too, so of codes sent at once
/// at most five are ever compared against it (W05).
async fn check_code(
    state: &AppState,
    client: &ClientInfo,
    user_id: i64,
    throttle_key: &str,
    code: &str,
    pending_secret: Option<&str>,
) -> Result<&'static str, AppError> {
    let attempt = state
        .sign_in_throttle
        .attempt(&client.ip, Some(throttle_key))
        .await?;
    let now = state.clock.now().unix_timestamp();
    if let Some(secret) = pending_secret {
        if !pending_sign_ins::take_try(&state.db, secret, now).await? {
            attempt.give_back().await;
            return Err(AppError::SignInAgain);
        }
    }
    let mut tx = quire_auth::db::write(&state.db).await?;
    let accepted = if totp::accept(&mut tx, user_id, code, now, totp::Stage::Confirmed).await? {
        Some("authenticator app")
    } else if quire_auth::recovery_codes::spend(&mut tx, user_id, code, now).await? {
        Some("recovery code")
    } else {
        None
    };
    tx.commit().await?;
    if let Some(factor) = accepted {
        attempt.give_back().await;
        return Ok(factor);
    }
    attempt.keep();
    let event = AuditEvent::SecondFactorFailed;
    audit::record(state, event, None, Some(user_id), client, "").await;
    Err(AppError::invalid("code", messages::WRONG_CODE))
}

/// Finishes the browser sign-in waiting in the pending record `pending_secret`: the user to
/// start a session for, and whether they asked to stay signed in. The user carries the epoch
/// the password check read, not a fresh one, so the session is created only if nothing was
/// revoked since the password was entered (S08).
pub async fn finish_browser_sign_in(
    state: &AppState,
    client: &ClientInfo,
    pending_secret: &str,
    code: &str,
) -> Result<(User, bool), AppError> {
    let now = state.clock.now().unix_timestamp();
    let waiting = pending_sign_ins::load(&state.db, pending_secret, now).await?;
    let waiting = waiting.ok_or(AppError::SignInAgain)?;
    let account = secret_check::account(state, waiting.account_id).await?;
    let account = account
        .filter(|a| a.user.active)
        .ok_or(AppError::SignInAgain)?;
    let (mut user, key) = (account.user, account.email);
    let checked = check_code(state, client, user.id, &key, code, Some(pending_secret));
    let kind = checked.await?;
    // Of two requests racing with one pending record, only one signs in.
    if !pending_sign_ins::finish(&state.db, pending_secret).await? {
        return Err(AppError::SignInAgain);
    }
    let detail = format!("browser, second step: {kind}");
    audit::record_own(state, AuditEvent::SignInOk, user.id, client, &detail).await;
    user.auth_epoch = waiting.auth_epoch;
    Ok((user, waiting.remember))
}

/// The second step of an app's sign-in, with the code sent along with the password.
pub async fn check_app_code(
    state: &AppState,
    client: &ClientInfo,
    user: &User,
    email_key: &str,
    code: &str,
) -> Result<(), AppError> {
    let kind = check_code(state, client, user.id, email_key, code, None).await?;
    let detail = format!("api, second step: {kind}");
    audit::record_own(state, AuditEvent::SignInOk, user.id, client, &detail).await;
    Ok(())
}
