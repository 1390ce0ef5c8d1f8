//! Session rows by user (the SQL is quire-auth's): list, revoke under a new epoch, cap, and
//! the background cleanup of expired rows.
use std::time::Duration;
use tokio::sync::watch;

use super::api::SessionView;
use crate::{error::AppError, timestamp::Timestamp};
use quire_auth::{clock::SharedClock, db::Db};

/// "Firefox on Linux", or the best that can be said of an unusual user agent.
pub fn device_label(user_agent: &str) -> String {
    match woothee::parser::Parser::new().parse(user_agent) {
        Some(ua) if ua.name != "UNKNOWN" && ua.os != "UNKNOWN" => {
            format!("{} on {}", ua.name, ua.os)
        }
        Some(ua) if ua.name != "UNKNOWN" => ua.name.to_owned(),
        _ if user_agent.is_empty() => "Unknown device".into(),
        _ => user_agent.chars().take(40).collect(),
    }
}

/// "Firefox on Linux, 203.0.113.7": where a credential was added from, as the owner is shown it.
pub fn client_label(client: &crate::identity::ClientInfo) -> String {
    format!("{}, {}", device_label(&client.user_agent), client.ip)
}

/// The user's live sessions, most recently active first. Signing in evicts all but the newest
/// `most` (session.max_per_user, at most 100), so the list needs no pages; the limit here
/// keeps it bounded even if rows arrived another way.
pub async fn list_for_user(
    db: &Db,
    user_id: i64,
    now: i64,
    current: Option<&str>,
    most: u32,
) -> Result<Vec<SessionView>, AppError> {
    let rows = quire_auth::sessions::list(db, user_id, now, most).await?;
    Ok(rows
        .into_iter()
        .map(|row| SessionView {
            current: current == Some(row.id_hash.as_str()),
            device: device_label(&row.user_agent),
            handle: row.id_hash,
            ip: row.ip,
            created: Timestamp(row.created_at),
            last_active: Timestamp(row.last_seen_at),
        })
        .collect())
}

/// Deletes one of the user's sessions; `NotFound` if it is not theirs or no longer exists.
/// The epoch moves even then: the handle may belong to a session that is being rotated.
pub async fn revoke_one(db: &Db, user_id: i64, handle: &str) -> Result<(), AppError> {
    let mut tx = quire_auth::db::write(db).await?;
    quire_auth::accounts::bump_auth_epoch(&mut tx, user_id).await?;
    let deleted = quire_auth::sessions::delete_one_of(&mut tx, user_id, handle).await?;
    tx.commit().await?;
    if deleted == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// "Sign out everywhere else": returns how many sessions were ended.
pub async fn revoke_others(db: &Db, user_id: i64, keep: &str) -> Result<u64, AppError> {
    let mut tx = quire_auth::db::write(db).await?;
    quire_auth::accounts::bump_auth_epoch(&mut tx, user_id).await?;
    let result = quire_auth::sessions::delete_others(&mut tx, user_id, keep).await?;
    tx.commit().await?;
    Ok(result)
}

/// One round of cleanup: expired sessions, and rate-limit keys that have settled (kept in the
/// database on PostgreSQL). Every instance runs it on its own timer; each statement deletes
/// only rows that are dead for everyone, so rounds that overlap on several instances delete
/// each row once and change nothing else (PostgreSQL makes the later DELETE skip rows the
/// earlier one removed). No lock is needed. Returns the sessions removed.
pub async fn cleanup_once(db: &Db, now_unix: i64) -> Result<u64, quire_auth::Error> {
    let removed = quire_auth::sessions::delete_expired(db, now_unix).await?;
    if db.is_postgres() {
        quire_auth::rate::delete_settled(db, now_unix * 1000).await?;
    }
    Ok(removed)
}

/// Cleans up now and then every `interval`, until `shutdown` turns true.
pub async fn cleanup_job(
    db: Db,
    clock: SharedClock,
    interval: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {
                match cleanup_once(&db, clock.now().unix_timestamp()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(deleted = n, "expired sessions removed"),
                    Err(error) => tracing::warn!(%error, "session cleanup failed"),
                }
            }
            _ = shutdown.changed() => break,
        }
        if *shutdown.borrow() {
            break;
        }
    }
    tracing::debug!("session cleanup stopped");
}

#[cfg(test)]
mod tests {
    use super::device_label;

    #[test]
    fn device_labels_are_readable() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(device_label(firefox), "Firefox on Linux");
        assert_eq!(device_label(""), "Unknown device");
    }
}
