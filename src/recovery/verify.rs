//! Address verification (checklist M08): the link mailed at registration, confirmed with a
//! click, and sent again on request.
use super::server::check_link;
use crate::{
    audit::{api::AuditEvent, server as audit},
    auth::notices,
    error::AppError,
    identity::{ClientInfo, User},
    limits::Write,
    mail::server::{commit_and_send, enqueue},
    server::state::AppState,
};
use quire_auth::links::{self, Purpose};

/// Marks the address of the link's account verified, spending the link.
pub async fn confirm(state: &AppState, client: &ClientInfo, secret: &str) -> Result<(), AppError> {
    check_link(state, client, Purpose::Verify, secret).await?;
    let now = state.clock.now().unix_timestamp();
    let mut tx = quire_auth::db::write(&state.db).await?;
    let Some(spent) = links::spend(&mut tx, secret, Purpose::Verify, now).await? else {
        return Err(AppError::LinkExpired);
    };
    quire_auth::accounts::prove_address_in(&mut tx, spent.account_id, now).await?;
    tx.commit().await?;
    audit::record_own(
        state,
        AuditEvent::EmailVerified,
        spent.account_id,
        client,
        "",
    )
    .await;
    Ok(())
}

/// Mails a new verification link to `user` (voiding the older one); nothing if already verified.
pub async fn resend(state: &AppState, user: &User, client: &ClientInfo) -> Result<(), AppError> {
    if user.email_verified {
        return Ok(());
    }
    crate::limits::allow(state, Write::LinkMail, Some(user), client).await?;
    let now = state.clock.now().unix_timestamp();
    let (origin, hours) = (
        &state.config.site.origin,
        state.config.accounts.verify_link_hours,
    );
    let ttl = i64::try_from(hours * 3600).unwrap_or(86_400);
    let mut tx = quire_auth::db::write(&state.db).await?;
    let link = links::NewLink {
        account_id: user.id,
        purpose: Purpose::Verify,
        ttl_seconds: ttl,
        new_email: None,
        auth_epoch: Some(user.auth_epoch),
    };
    let secret = links::issue(&mut tx, link, now).await?;
    let to = crate::mail::server::recipient_in(&mut tx, user.id).await?;
    let url = format!("{origin}/verify-email/open?token={secret}");
    enqueue(
        &mut tx,
        &notices::verify_address(&to, origin, url, hours),
        origin,
        now,
    )
    .await?;
    commit_and_send(tx, state).await?;
    audit::record_own(
        state,
        AuditEvent::VerificationSent,
        user.id,
        client,
        "sent again",
    )
    .await;
    Ok(())
}
