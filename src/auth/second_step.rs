//! The second step of a sign-in (checklist W03–W05, P08): a code from the authenticator app or
//! a recovery code. quire-auth's `second_step` checks it through the one secret check
//! (throttled per IP and per account like a password, each failure audited); Quire adds its
//! messages and audits the sign-in it completes.
use crate::factors::messages;
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    identity::{ClientInfo, User},
    server::state::AppState,
};

/// Finishes the browser sign-in waiting in the pending record `pending_secret`: the user to
/// start a session for, and whether they asked to stay signed in. The user was read while the
/// record's epoch was still the account's, so the session is created only if nothing was
/// revoked since the password was entered (S08).
pub async fn finish_browser_sign_in(
    state: &AppState,
    client: &ClientInfo,
    pending_secret: &str,
    code: &str,
) -> Result<(User, bool), AppError> {
    let now = state.clock.now().unix_timestamp();
    let check = &state.password_check;
    let finished = check
        .finish_sign_in(client, pending_secret, code, now)
        .await;
    let done = finished.map_err(refused)?;
    let detail = format!("browser, second step: {}", done.factor.as_str());
    let user = done.principal;
    audit::record_own(state, AuditEvent::SignInOk, user.id, client, &detail).await;
    Ok((user, done.remember))
}

/// The second step of an app's sign-in, with the code sent along with the password.
pub async fn check_app_code(
    state: &AppState,
    client: &ClientInfo,
    user: &User,
    code: &str,
) -> Result<(), AppError> {
    let now = state.clock.now().unix_timestamp();
    let checked = state.password_check.check_code(client, user.id, code, now);
    let factor = checked.await.map_err(refused)?;
    let detail = format!("api, second step: {}", factor.as_str());
    audit::record_own(state, AuditEvent::SignInOk, user.id, client, &detail).await;
    Ok(())
}

/// A refused code in Quire's words: next to the field, or back to the password.
fn refused(error: quire_auth::Error) -> AppError {
    match error {
        quire_auth::Error::WrongCode => AppError::invalid("code", messages::WRONG_CODE),
        quire_auth::Error::SignInAgain => AppError::SignInAgain,
        other => other.into(),
    }
}
