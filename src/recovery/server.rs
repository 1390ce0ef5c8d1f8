//! Password reset: issue and mail a link, check it, and set the new password with it.
use crate::{
    audit::{api::AuditEvent, server as audit},
    auth::server::{password_changed_in, NewPassword},
    error::AppError,
    identity::ClientInfo,
    mail::server::{commit_and_send, enqueue, Letter, Recipient},
    server::state::AppState,
};
use quire_auth::links::{self, Purpose};

/// Looks the address up and mails a link, after the request has been answered.
pub fn start_reset(state: AppState, address: String, client: ClientInfo) {
    tokio::spawn(async move {
        if let Err(error) = send_reset_link(&state, &address, &client).await {
            tracing::error!(?error, "could not queue a reset link");
        }
    });
}

#[derive(sqlx::FromRow)]
struct Account {
    id: i64,
    email: String,
    display_name: String,
}

async fn send_reset_link(
    state: &AppState,
    address: &str,
    client: &ClientInfo,
) -> Result<(), AppError> {
    let now = state.clock.now().unix_timestamp();
    // A deactivated account gets no link: it could not sign in with the new password anyway.
    // Read before the transaction: SQLite cannot turn a transaction that began by reading into
    // a writing one once another connection has written (SQLITE_BUSY_SNAPSHOT).
    let account: Option<Account> = quire_auth::on_db!(state.db, |exe| {
        sqlx::query_as(
        "SELECT a.id, a.email, u.display_name FROM auth_accounts a JOIN users u ON u.id = a.id \
         WHERE a.email = $1 AND a.active"
    )
    .bind(address)
    .fetch_optional(exe)
    .await
    })?;
    let event = AuditEvent::PasswordResetRequested;
    let Some(account) = account else {
        // Recorded without the address typed: it is not an account, and may be anyone's.
        audit::record(state, event, None, None, client, "no active account").await;
        return Ok(());
    };
    let minutes = state.config.accounts.reset_link_minutes;
    let mut tx = quire_auth::db::write(&state.db).await?;
    let ttl = i64::try_from(minutes * 60).unwrap_or(3600);
    let link = links::NewLink {
        account_id: account.id,
        purpose: Purpose::Reset,
        ttl_seconds: ttl,
        new_email: None,
        auth_epoch: None,
    };
    let secret = links::issue(&mut tx, link, now).await?;
    let origin = &state.config.site.origin;
    let to = Recipient {
        email: account.email,
        display_name: account.display_name,
    };
    let url = format!("{origin}/reset-password/open?token={secret}");
    enqueue(
        &mut tx,
        &reset_letter(&to, origin, url, minutes),
        origin,
        now,
    )
    .await?;
    commit_and_send(tx, state).await?;
    let id = Some(account.id);
    audit::record(state, event, None, id, client, "link sent").await;
    Ok(())
}

fn reset_letter(to: &Recipient, origin: &str, url: String, minutes: u64) -> Letter {
    Letter::new(&to.email, &to.display_name, "Reset your Quire password")
        .say(format!(
            "Someone, hopefully you, asked to reset the password of your account at {origin}."
        ))
        .action("Choose a new password", url)
        .say(format!(
            "The link works once, within {minutes} minutes. If you did not ask for it, ignore \
             this mail: your password stays as it is."
        ))
}

/// Whether `secret` is a live link for `purpose`, through the throttled door (P08):
/// quire-auth's `PasswordCheck::check_link` counts the IP first and audits every dead link.
pub async fn check_link(
    state: &AppState,
    client: &ClientInfo,
    purpose: Purpose,
    secret: &str,
) -> Result<i64, AppError> {
    let now = state.clock.now().unix_timestamp();
    let checked = state
        .password_check
        .check_link(client, secret, purpose, now);
    Ok(checked.await?)
}

/// Spends the link and sets the password in one transaction, which also ends every session,
/// token and other link of the account and queues the notice (M03). Following the link proves
/// the mailbox, so the address counts as verified from now on (M09).
pub async fn complete_reset(
    state: &AppState,
    client: &ClientInfo,
    secret: &str,
    new: NewPassword,
    remove_recent: bool,
) -> Result<(), AppError> {
    // Checked first so that a dead link costs no password hashing.
    check_link(state, client, Purpose::Reset, secret).await?;
    let hash = new.hash(state).await?;
    let now = state.clock.now().unix_timestamp();
    let mut tx = quire_auth::db::write(&state.db).await?;
    // Spends the link (a second request racing with it finds it spent), proves the address
    // (M09: what an unproven account gained is removed), stores the hash and revokes
    // everything (M03): quire-auth's, as for any adopter.
    let done = quire_auth::password_reset::complete_in(&mut tx, secret, &hash, now).await?;
    let (user_id, cleared, revoked) = (done.account_id, done.address_proven, done.revoked);
    password_changed_in(&mut tx, state, user_id, remove_recent, now).await?;
    commit_and_send(tx, state).await?;
    let mut detail = format!(
        "{} session(s) ended, tokens revoked",
        revoked.sessions_ended
    );
    if cleared {
        detail.push_str(
            "; passkeys and two-step sign-in added before the address was proven removed",
        );
    }
    audit::record_own(
        state,
        AuditEvent::PasswordResetCompleted,
        user_id,
        client,
        &detail,
    )
    .await;
    Ok(())
}
