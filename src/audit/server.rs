//! Writing and reading audit entries.
use super::api::{AuditEntry, AuditEvent};
use crate::ui::{into_page, page_window};
use crate::{
    error::AppError,
    identity::ClientInfo,
    server::state::AppState,
    ui::{Page, Paged},
};
use quire_auth::db::Db;

/// Records an event. A failed write is logged, not raised: the action it describes has already
/// happened, and refusing to answer would not undo it.
/// [`record`] for a user acting on their own account: actor and subject are both `user_id`.
pub async fn record_own(
    state: &AppState,
    event: AuditEvent,
    user_id: i64,
    client: &ClientInfo,
    detail: &str,
) {
    record(state, event, Some(user_id), Some(user_id), client, detail).await;
}

pub async fn record(
    state: &AppState,
    event: AuditEvent,
    actor: Option<i64>,
    subject: Option<i64>,
    client: &ClientInfo,
    detail: &str,
) {
    let now = state.clock.now().unix_timestamp();
    write(&state.db, now, event, actor, subject, client, detail).await;
}

/// quire-auth's events go to the same table, under Quire's names for them.
pub struct AuditLog {
    pub db: Db,
    pub clock: quire_auth::clock::SharedClock,
}

#[async_trait::async_trait]
impl quire_auth::audit::Audit for AuditLog {
    async fn record(&self, entry: quire_auth::audit::AuditEntry<'_>) {
        let Some(event) = AuditEvent::parse(entry.event.as_str()) else {
            // A test keeps every event of the crate named here; this is the fallback.
            tracing::error!(event = entry.event.as_str(), "audit event without a name");
            return;
        };
        let now = self.clock.now().unix_timestamp();
        let (actor, subject, client) = (entry.actor, entry.subject, entry.client);
        write(&self.db, now, event, actor, subject, client, entry.detail).await;
    }
}

async fn write(
    db: &Db,
    now: i64,
    event: AuditEvent,
    actor: Option<i64>,
    subject: Option<i64>,
    client: &ClientInfo,
    detail: &str,
) {
    let user_agent: String = client.user_agent.chars().take(512).collect();
    let written = quire_auth::on_db!(db, |exe| sqlx::query(
        "INSERT INTO audit_log (at, event, actor_id, subject_id, ip, user_agent, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(now)
    .bind(event.as_str())
    .bind(actor)
    .bind(subject)
    .bind(&client.ip)
    .bind(user_agent)
    .bind(detail)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()));
    match written {
        Ok(_) => tracing::info!(event = event.as_str(), actor, subject, detail, "audit"),
        Err(error) => tracing::error!(event = event.as_str(), %error, "audit write failed"),
    }
}

/// What the audit view is filtered by. `user` matches the actor or the subject.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub user: Option<i64>,
    pub event: Option<AuditEvent>,
}

/// One page of entries, newest first, and whether another page follows.
pub async fn page(
    db: &Db,
    filter: &AuditFilter,
    page: Page,
) -> Result<Paged<AuditEntry>, AppError> {
    let (limit, offset) = page_window(page);
    let rows: Vec<AuditEntry> = quire_auth::on_db!(db, |exe| {
        sqlx::query_as(
        "SELECT a.id, a.at, a.event, actor.display_name AS actor, subject.display_name AS subject, a.ip, \
                a.user_agent, a.detail \
         FROM audit_log a \
         LEFT JOIN users actor ON actor.id = a.actor_id \
         LEFT JOIN users subject ON subject.id = a.subject_id \
         WHERE ($1 IS NULL OR a.actor_id = $1 OR a.subject_id = $1) \
           AND ($2 IS NULL OR a.event = $2) \
         ORDER BY a.at DESC, a.id DESC LIMIT $3 OFFSET $4",
    )
    .bind(filter.user)
    .bind(filter.event.map(AuditEvent::as_str))
    .bind(limit)
    .bind(offset)
    .fetch_all(exe)
    .await
    })?;
    Ok(into_page(rows, page))
}

#[cfg(test)]
mod tests {
    use super::AuditEvent;

    #[test]
    fn every_event_quire_auth_reports_has_a_name_in_quires_log() {
        for event in quire_auth::audit::AuthEvent::ALL {
            assert!(AuditEvent::parse(event.as_str()).is_some(), "{event:?}");
        }
    }
}
