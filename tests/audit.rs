//! P07: security events are recorded with time, actor, subject, IP and user agent, and no
//! secret ever reaches the audit table or the process log.
use crate::helpers::*;
use reqwest::StatusCode;
use std::collections::HashSet;

#[tokio::test]
async fn p07_every_security_event_is_recorded_with_who_whom_where_and_when() {
    let app = audited_app().await;
    app.clock.advance(time::Duration::days(1));
    every_audited_action(&app).await;
    let events: HashSet<String> = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT event FROM audit_log"
    )
    .fetch_all(exe)
    .await)
    .unwrap()
    .into_iter()
    .collect();
    for event in quire::audit::api::AuditEvent::ALL {
        assert!(
            events.contains(event.as_str()),
            "{} missing from {events:?}",
            event.as_str()
        );
    }
    type Row = (i64, Option<i64>, Option<i64>, String, String);
    let row: Row = quire_auth::on_db!(app.db, |exe| sqlx::query_as(
        "SELECT at, actor_id, subject_id, ip, user_agent FROM audit_log WHERE event = 'role_changed'",
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    let (admin, ada) = (
        app.user_id("root@example.org").await,
        app.user_id(EMAIL).await,
    );
    assert_eq!(
        row,
        (
            app.clock.now_unix(),
            Some(admin),
            Some(ada),
            "127.0.0.1".into(),
            AGENT.into()
        )
    );
    let failed: (Option<i64>, Option<i64>) = quire_auth::on_db!(app.db, |exe| sqlx::query_as(
        "SELECT actor_id, subject_id FROM audit_log WHERE event = 'sign_in_failed'"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(failed, (None, Some(ada)), "the account tried, no actor");
}

#[tokio::test]
async fn p07_no_password_or_token_reaches_the_audit_table() {
    let app = audited_app().await;
    let secrets = every_audited_action(&app).await;
    let rows: Vec<String> = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT event || '|' || ip || '|' || user_agent || '|' || detail FROM audit_log",
    )
    .fetch_all(exe)
    .await)
    .unwrap();
    assert!(rows.len() > 10);
    let hashes: Vec<String> = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT id_hash FROM auth_sessions"
    )
    .fetch_all(exe)
    .await)
    .unwrap();
    for row in &rows {
        for secret in secrets.iter().chain(&hashes) {
            assert!(!row.contains(secret.as_str()), "{row} holds a secret");
        }
        assert!(
            !row.contains("quire_pat_") && !row.contains("$argon2"),
            "{row}"
        );
    }
}

#[tokio::test]
async fn the_audit_view_filters_by_user_and_event_for_admins_only() {
    let app = audited_app().await;
    every_audited_action(&app).await;
    let admin = app.signed_in_client("root@example.org", PASSWORD).await;
    let failed = app.page(&admin, "/admin/audit?event=sign_in_failed").await;
    assert_eq!(failed.matches("<code>sign_in_failed</code>").count(), 1);
    assert!(!failed.contains("<code>sign_out</code>"));
    let by_user = app
        .page(&admin, "/admin/audit?user=root%40example.org")
        .await;
    assert!(by_user.contains("<code>admin_created</code>"));
    assert!(
        !by_user.contains("<code>token_created</code>"),
        "Ada's events are not Root's"
    );
    let unknown = app
        .page(&admin, "/admin/audit?user=nobody%40example.org")
        .await;
    assert!(unknown.contains("No entries match."));
    let bad = app.status_of(&admin, "/admin/audit?event=drop_table").await;
    assert_eq!(bad, StatusCode::BAD_REQUEST);
    let reader = app.signed_in_client(EMAIL, NEW_PASSWORD).await;
    assert_eq!(
        app.status_of(&reader, "/admin/audit").await,
        StatusCode::FORBIDDEN
    );
}
