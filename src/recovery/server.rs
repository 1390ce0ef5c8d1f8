//! Password reset: issue and mail a link, check it, and set the new password with it.
use crate::{
    audit::{api::AuditEvent, server as audit},
    auth::{
        secret_check,
        server::{replace_password_in, NewPassword},
    },
    error::AppError,
    identity::ClientInfo,
    mail::server::{commit_and_send, enqueue, Letter, Recipient},
    server::state::AppState,
};
use quire_auth::db::Tx;
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

/// Marks the address verified after a reset link was followed. If it was not verified before,
/// the account may have been a stranger's registration of the owner's address: whatever it
/// gained until now (passkeys, an authenticator app, recovery codes) is the stranger's as likely
/// as the owner's, and is removed, so that the owner's reset takes the whole account back
/// (M09). Whether the address was unproven until now, and the account so cleared.
async fn prove_address_in(conn: &mut Tx, user_id: i64, now: i64) -> Result<bool, AppError> {
    let proven = quire_auth::on_db!(conn, |exe| sqlx::query(
        "UPDATE auth_accounts SET email_verified = TRUE, updated_at = $2 \
         WHERE id = $1 AND NOT email_verified",
    )
    .bind(user_id)
    .bind(now)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    if proven == 0 {
        return Ok(false);
    }
    crate::factors::server::change::clear(conn, user_id).await?;
    crate::passkeys::server::store::remove_in(conn, user_id, None).await?;
    tracing::info!(user_id, "address proven by a reset link");
    Ok(true)
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

/// Whether `secret` is a live link for `purpose`, through the throttled door (P08).
pub async fn check_link(
    state: &AppState,
    client: &ClientInfo,
    purpose: Purpose,
    secret: &str,
) -> Result<i64, AppError> {
    let now = state.clock.now().unix_timestamp();
    let peek = async { Ok(links::peek(&state.db, secret, purpose, now).await?) };
    secret_check::check_link(state, client, peek).await
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
    // A second request racing with the same link finds it spent here.
    let Some(user_id) = links::spend(&mut tx, secret, Purpose::Reset, now)
        .await?
        .map(|spent| spent.account_id)
    else {
        return Err(AppError::LinkExpired);
    };
    let cleared = prove_address_in(&mut tx, user_id, now).await?;
    let revoked = replace_password_in(&mut tx, state, user_id, &hash, remove_recent, now).await?;
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
