//! The background sender. It wakes when a caller has committed a message (`AppState::mail_wake`)
//! and every few seconds for retries, sends what is due, and backs off on failure. Several
//! workers (several instances) may run on one database: each message is claimed by one.
use lettre::message::Mailbox;
use std::time::Duration;
use tokio::sync::watch;

use super::{queue, Transport};
use crate::{
    audit::{api::AuditEvent, server as audit},
    identity::ClientInfo,
    server::state::AppState,
};

/// How long a claim holds: longer than any send can take (the SMTP timeout is 15 s).
const LEASE_SECONDS: i64 = 120;
const POLL: Duration = Duration::from_secs(5);

pub async fn run_worker(state: AppState, transport: Transport, mut stop: watch::Receiver<bool>) {
    let Ok(from) = state.config.mail.from.parse::<Mailbox>() else {
        // Unreachable: start-up validated `mail.from`.
        tracing::error!("mail.from is not a mailbox; mail is not sent");
        return;
    };
    loop {
        send_due(&state, &transport, &from).await;
        tokio::select! {
            _ = state.mail_wake.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
            _ = stop.changed() => return,
        }
    }
}

/// Sends every message that is due now; returns how many went out.
pub async fn send_due(state: &AppState, transport: &Transport, from: &Mailbox) -> usize {
    let mut sent = 0;
    loop {
        let now = state.clock.now().unix_timestamp();
        let claimed = match queue::claim(&state.db, now, LEASE_SECONDS).await {
            Ok(Some(claimed)) => claimed,
            Ok(None) => return sent,
            Err(error) => {
                tracing::error!(%error, "could not read the mail queue");
                return sent;
            }
        };
        let outcome = match transport.send(from, &claimed).await {
            Ok(()) => {
                sent += 1;
                tracing::info!(id = claimed.id, "mail sent");
                queue::mark_sent(&state.db, claimed.id, now).await
            }
            Err(error) => failed(state, &claimed, now, &error.to_string()).await,
        };
        if let Err(error) = outcome {
            tracing::error!(id = claimed.id, %error, "could not update the mail queue");
            return sent;
        }
    }
}

async fn failed(
    state: &AppState,
    claimed: &queue::Claimed,
    now: i64,
    error: &str,
) -> Result<(), sqlx::Error> {
    let mail = &state.config.mail;
    if claimed.attempts < i64::from(mail.max_attempts) {
        let doublings = (claimed.attempts - 1).clamp(0, 20) as u32;
        let wait = mail.retry_seconds.saturating_mul(1 << doublings).min(3600);
        tracing::warn!(id = claimed.id, attempts = claimed.attempts, wait, %error, "mail not sent; will retry");
        return queue::retry_later(&state.db, claimed.id, now + wait as i64, error).await;
    }
    tracing::error!(id = claimed.id, attempts = claimed.attempts, %error, "mail not sent; giving up");
    queue::give_up(&state.db, claimed.id, now, error).await?;
    let detail = format!(
        "to {} ({}) after {} attempts",
        super::mask_address(&claimed.recipient),
        claimed.subject,
        claimed.attempts
    );
    let worker = ClientInfo {
        ip: String::new(),
        user_agent: "mail worker".into(),
    };
    audit::record(state, AuditEvent::MailFailed, None, None, &worker, &detail).await;
    Ok(())
}
