//! Turning the second factor on and off and renewing recovery codes: each audited, and each
//! mailed to the owner as a security notice (M06) in the same transaction.
use crate::factors::messages;
use quire_auth::db::Tx;

use super::totp;
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    identity::{ClientInfo, User},
    mail::server::{commit_and_send, notify_owner_in},
    server::state::AppState,
};

async fn notify(
    conn: &mut Tx,
    state: &AppState,
    user_id: i64,
    what: &str,
    now: i64,
) -> Result<(), AppError> {
    let subject = "Two-step sign-in changed on your Quire account";
    let origin = &state.config.site.origin;
    notify_owner_in(conn, origin, user_id, subject, what, now).await?;
    Ok(())
}

/// Removes the user's authenticator, recovery codes and any sign-in waiting for a code.
pub async fn clear(conn: &mut Tx, user_id: i64) -> Result<(), AppError> {
    quire_auth::recovery_codes::clear_in(conn, user_id).await?;
    quire_auth::totp::remove_in(conn, user_id).await?;
    quire_auth::pending_sign_ins::end_all_in(conn, user_id).await?;
    Ok(())
}

pub async fn confirm(
    state: &AppState,
    user: &User,
    client: &ClientInfo,
    code: &str,
) -> Result<(), AppError> {
    user.require_verified()?;
    // Counted like a sign-in's code, before it is compared (P08): sudo mode alone must not
    // open an unthrottled oracle for six-digit guesses.
    let attempt = state.password_check.code_attempt(client, user.id).await?;
    let now = state.clock.now().unix_timestamp();
    let mut tx = quire_auth::db::write(&state.db).await?;
    if !totp::accept(&mut tx, user.id, code, now, totp::Stage::SettingUp).await? {
        // The transaction ends before the failure is audited: on SQLite the audit's write
        // would wait for it.
        drop(tx);
        attempt.wrong().await;
        return Err(AppError::invalid("code", messages::WRONG_CODE));
    }
    let from = crate::sessions::queries::client_label(client);
    totp::record_added_from_in(&mut tx, user.id, &from).await?;
    notify(
        &mut tx,
        state,
        user.id,
        "Two-step sign-in with an authenticator app was turned on",
        now,
    )
    .await?;
    commit_and_send(tx, state).await?;
    attempt.right().await;
    audit::record_own(
        state,
        AuditEvent::SecondFactorAdded,
        user.id,
        client,
        "authenticator app",
    )
    .await;
    Ok(())
}

pub async fn turn_off(state: &AppState, user: &User, client: &ClientInfo) -> Result<(), AppError> {
    let now = state.clock.now().unix_timestamp();
    let mut tx = quire_auth::db::write(&state.db).await?;
    clear(&mut tx, user.id).await?;
    notify(
        &mut tx,
        state,
        user.id,
        "Two-step sign-in was turned off",
        now,
    )
    .await?;
    commit_and_send(tx, state).await?;
    audit::record_own(state, AuditEvent::SecondFactorRemoved, user.id, client, "").await;
    Ok(())
}

/// An admin turns a user's two-step sign-in off (the user lost the app and the codes). A sign-in
/// waiting for its second step ends too.
pub async fn reset_by_admin(
    state: &AppState,
    admin: &User,
    user_id: i64,
    client: &ClientInfo,
) -> Result<(), AppError> {
    let now = state.clock.now().unix_timestamp();
    let mut tx = quire_auth::db::write(&state.db).await?;
    clear(&mut tx, user_id).await?;
    let what = "An admin turned two-step sign-in off, at your request or after a lost phone";
    notify(&mut tx, state, user_id, what, now).await?;
    commit_and_send(tx, state).await?;
    let (event, subject) = (AuditEvent::SecondFactorRemoved, Some(user_id));
    audit::record(
        state,
        event,
        Some(admin.id),
        subject,
        client,
        "reset by an admin",
    )
    .await;
    Ok(())
}

/// A new set of recovery codes (sudo mode, two-step sign-in on).
pub async fn new_codes(
    state: &AppState,
    session: &tower_sessions::Session,
    user: &User,
    client: &ClientInfo,
) -> Result<Vec<String>, AppError> {
    state.sessions.require_sudo(session).await?;
    if !totp::enabled(&state.db, user.id).await? {
        return Err(AppError::Forbidden);
    }
    let now = state.clock.now().unix_timestamp();
    let mut tx = quire_auth::db::write(&state.db).await?;
    let codes = quire_auth::recovery_codes::replace(&mut tx, user.id).await?;
    notify(
        &mut tx,
        state,
        user.id,
        "New recovery codes were made (the old ones stopped working)",
        now,
    )
    .await?;
    commit_and_send(tx, state).await?;
    audit::record_own(state, AuditEvent::RecoveryCodesCreated, user.id, client, "").await;
    Ok(codes)
}
