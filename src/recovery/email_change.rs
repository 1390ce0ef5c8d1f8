//! Account → E-mail: a new address takes effect only when the link mailed to it is followed.
//! The old address is told when the change is asked for, with a link that cancels it, and
//! again when it is made (checklist M02, M06, M09). An address that belongs to another account
//! gets the same answer as a free one; the mail to it says so instead.
use super::server::check_link;
use crate::auth::messages;
use crate::{
    audit::{api::AuditEvent, server as audit},
    auth::{notices, validate},
    error::AppError,
    identity::{ClientInfo, User},
    limits::Write,
    mail::server::{commit_and_send, enqueue, mask_address, recipient, recipient_in, Recipient},
    server::state::AppState,
};
use quire_auth::db::is_unique_violation;
use quire_auth::links::{self, NewLink, Purpose};

/// Mails a confirmation link to `raw_address` (or, if it has an account, a notice to it), and
/// tells the current address, with a link that cancels the change. The caller has checked
/// sudo mode. Only a verified account may move (M09): until then the account may be a
/// stranger's registration of someone else's address.
pub async fn request(
    state: &AppState,
    user: &User,
    client: &ClientInfo,
    raw_address: &str,
) -> Result<(), AppError> {
    user.require_verified()?;
    let address = validate::email(raw_address).map_err(|m| AppError::invalid("email", m))?;
    let current = recipient(&state.db, user.id).await?;
    if address == current.email {
        return Err(AppError::invalid("email", messages::EMAIL_SAME));
    }
    crate::limits::allow(state, Write::LinkMail, Some(user), client).await?;
    let taken: bool = quire_auth::on_db!(state.db, |exe| sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM auth_accounts WHERE email = $1)"
    )
    .bind(&address)
    .fetch_one(exe)
    .await)?;
    let now = state.clock.now().unix_timestamp();
    let (origin, hours) = (
        &state.config.site.origin,
        state.config.accounts.verify_link_hours,
    );
    let link = |purpose, new_email| NewLink {
        account_id: user.id,
        purpose,
        ttl_seconds: i64::try_from(hours * 3600).unwrap_or(86_400),
        new_email,
        // Issued only while the session that asked is still good (S08).
        auth_epoch: Some(user.auth_epoch),
    };
    let mut tx = quire_auth::db::write(&state.db).await?;
    let letter = if taken {
        notices::address_in_use(&address, origin)
    } else {
        let secret = links::issue(&mut tx, link(Purpose::EmailChange, Some(&address)), now).await?;
        let url = format!("{origin}/confirm-email-change/open?token={secret}");
        notices::confirm_new_address(&current, &address, origin, url, hours)
    };
    enqueue(&mut tx, &letter, origin, now).await?;
    let cancel = links::issue(&mut tx, link(Purpose::EmailChangeCancel, None), now).await?;
    let url = format!("{origin}/cancel-email-change/open?token={cancel}");
    let warning = notices::email_change_requested(&current, &address, origin, url, hours);
    enqueue(&mut tx, &warning, origin, now).await?;
    commit_and_send(tx, state).await?;
    let detail = format!("to {}", mask_address(&address));
    let event = AuditEvent::EmailChangeRequested;
    audit::record_own(state, event, user.id, client, &detail).await;
    Ok(())
}

/// Moves the account to the address the link confirms, and tells the old address.
pub async fn confirm(state: &AppState, client: &ClientInfo, secret: &str) -> Result<(), AppError> {
    check_link(state, client, Purpose::EmailChange, secret).await?;
    let now = state.clock.now().unix_timestamp();
    let mut tx = quire_auth::db::write(&state.db).await?;
    let spent = links::spend(&mut tx, secret, Purpose::EmailChange, now).await?;
    let Some((user_id, Some(new_email))) = spent.map(|s| (s.account_id, s.new_email)) else {
        return Err(AppError::LinkExpired);
    };
    let old = recipient_in(&mut tx, user_id).await?;
    // Following the link proves the new address, so it counts as verified.
    let moved = quire_auth::on_db!(tx, |exe| {
        sqlx::query(
        "UPDATE auth_accounts SET email = $1, email_verified = TRUE, updated_at = $2 WHERE id = $3",
    )
    .bind(&new_email)
    .bind(now)
    .bind(user_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected())
    });
    match moved {
        Ok(_) => {}
        // Taken by a registration since the link was sent: this link can no longer work.
        Err(error) if is_unique_violation(&error) => return Err(AppError::LinkExpired),
        Err(error) => return Err(error.into()),
    }
    // Reset and cancel links went to the old address; they must not outlive the change.
    for purpose in [Purpose::Reset, Purpose::EmailChangeCancel] {
        links::void_in(&mut tx, user_id, purpose, now).await?;
    }
    let origin = &state.config.site.origin;
    let to = Recipient {
        email: new_email,
        display_name: old.display_name,
    };
    let notice = notices::email_changed(&old.email, &to, origin);
    enqueue(&mut tx, &notice, origin, now).await?;
    commit_and_send(tx, state).await?;
    let detail = format!("to {}", mask_address(&to.email));
    audit::record_own(state, AuditEvent::EmailChanged, user_id, client, &detail).await;
    Ok(())
}

/// The old address's answer to a change it did not ask for: the change link stops working.
pub async fn cancel(state: &AppState, client: &ClientInfo, secret: &str) -> Result<(), AppError> {
    check_link(state, client, Purpose::EmailChangeCancel, secret).await?;
    let now = state.clock.now().unix_timestamp();
    let mut tx = quire_auth::db::write(&state.db).await?;
    let spent = links::spend(&mut tx, secret, Purpose::EmailChangeCancel, now).await?;
    let Some(user_id) = spent.map(|s| s.account_id) else {
        return Err(AppError::LinkExpired);
    };
    links::void_in(&mut tx, user_id, Purpose::EmailChange, now).await?;
    tx.commit().await?;
    let event = AuditEvent::EmailChangeCancelled;
    audit::record_own(state, event, user_id, client, "from the old address").await;
    Ok(())
}
