//! P07: security events are recorded with time, actor, subject, IP and user agent, and no
//! secret ever reaches the audit table or the process log.
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use std::collections::HashSet;

const AGENT: &str = "QuireAuditTest/1.0";

fn browser() -> Client {
    client_with_agent(AGENT)
}

/// An app where the second comment of an account is over its limit, so a refusal is audited,
/// and where mail cannot be delivered (its outbox is under a file), so a failure is too.
async fn audited_app() -> TestApp {
    spawn_app_with(|c| {
        c.limits.comments_per_account = 1;
        c.mail.outbox_dir = "/dev/null/outbox".into();
        c.mail.max_attempts = 1;
    })
    .await
}

/// A registration's address verified, and another account's address changed, each with a
/// link issued directly (mail cannot be delivered here).
async fn address_actions(app: &TestApp) {
    use quire::auth::links::{issue, Purpose};
    let bo = "bo@example.org";
    app.register_only(&browser(), bo, "Bo").await;
    let id = app.user_id(bo).await;
    let now = app.clock.now_unix();
    let mut conn = app.db.acquire().await.unwrap();
    let verify = issue(&mut conn, id, Purpose::Verify, now, 600, None)
        .await
        .unwrap();
    let moving = Some("bo@example.net");
    let change = issue(&mut conn, id, Purpose::EmailChange, now, 600, moving)
        .await
        .unwrap();
    drop(conn);
    for (open, secret, endpoint) in [
        ("/verify-email/open", verify, "confirm_email"),
        ("/confirm-email-change/open", change, "confirm_email_change"),
    ] {
        let browser = browser();
        app.open_link(&browser, &app.url(&format!("{open}?token={secret}")))
            .await;
        assert_eq!(
            app.call(&browser, endpoint, &[]).await.status(),
            StatusCode::OK
        );
    }
}

/// A reset requested (its mail fails), a bad link refused, and a reset completed with a link
/// issued directly (the mail that would carry it cannot be delivered here). Returns the
/// link's secret.
async fn reset_actions(app: &TestApp) -> String {
    use quire::auth::links::{issue, Purpose};
    app.request_reset(&browser(), EMAIL).await;
    let bogus = "quire_reset=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let refused = bare_client()
        .get(app.url("/reset-password"))
        .header(reqwest::header::COOKIE, bogus)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::GONE);
    let id = app.user_id(EMAIL).await;
    let mut conn = app.db.acquire().await.unwrap();
    let secret = issue(
        &mut conn,
        id,
        Purpose::Reset,
        app.clock.now_unix(),
        600,
        None,
    )
    .await
    .unwrap();
    drop(conn);
    let browser = browser();
    app.open_link(
        &browser,
        &app.url(&format!("/reset-password/open?token={secret}")),
    )
    .await;
    let done = app.reset_password(&browser, NEW_PASSWORD).await;
    assert_eq!(done.status(), StatusCode::OK);
    address_actions(app).await;
    // Both are written by background tasks: the reset lookup and the mail worker.
    let background = "SELECT COUNT(DISTINCT event) FROM audit_log \
                      WHERE event IN ('mail_failed', 'password_reset_requested')";
    for _ in 0..200 {
        let written: i64 = sqlx::query_scalar(background)
            .fetch_one(&app.db)
            .await
            .unwrap();
        if written == 2 {
            return secret;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the background audit entries were not written");
}

/// Drives every audited action once, through the public surfaces. Returns the secrets used.
async fn every_audited_action(app: &TestApp) -> Vec<String> {
    let admin = browser();
    let setup = [
        ("email", "root@example.org"),
        ("display_name", "Root"),
        ("password", PASSWORD),
    ];
    assert_eq!(
        app.call(&admin, "create_first_admin", &setup)
            .await
            .status(),
        StatusCode::OK
    );
    let user = browser();
    app.register(&user, EMAIL, "Ada").await;
    assert_eq!(
        app.sign_in(&browser(), EMAIL, "wrong password!")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let device = browser();
    assert_eq!(
        app.sign_in(&device, EMAIL, PASSWORD).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.call(&user, "revoke_other_sessions", &[]).await.status(),
        StatusCode::OK
    );
    let wrong = [("password", "not my password at all")];
    let refused = app.call(&user, "confirm_password", &wrong).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let form = [
        ("name", "ci"),
        ("expires_days", "30"),
        ("profile_read", "on"),
    ];
    let created = app.call(&user, "create_token", &form).await;
    assert_eq!(created.status(), StatusCode::OK);
    let pat = created.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let id: i64 = sqlx::query_scalar("SELECT id FROM api_tokens")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let revoked = app
        .call(&user, "revoke_token", &[("id", &id.to_string())])
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let late = app.api(&browser(), "/api/v1/me", &pat).await;
    assert_eq!(late.status(), StatusCode::UNAUTHORIZED, "use after revoke");

    let new_password = "an even longer passphrase";
    let form = [
        ("current_password", PASSWORD),
        ("new_password", new_password),
    ];
    assert_eq!(
        app.call(&user, "change_password", &form).await.status(),
        StatusCode::OK
    );

    let ada = app.user_id(EMAIL).await.to_string();
    app.set_role(EMAIL, "author").await;
    let slug = app.new_post(&user, "Audited", "Body", true).await;
    let comment = [("slug", slug.as_str()), ("body", "First!")];
    assert_eq!(
        app.call(&user, "add_comment", &comment).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.call(&user, "add_comment", &comment).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    let comment_id: i64 = sqlx::query_scalar("SELECT id FROM comments")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let gone = app
        .call(&admin, "delete_comment", &[("id", &comment_id.to_string())])
        .await;
    assert_eq!(gone.status(), StatusCode::OK);
    assert_eq!(
        app.call(&admin, "delete_post", &[("slug", &slug)])
            .await
            .status(),
        StatusCode::OK
    );
    let role = [("user_id", ada.as_str()), ("role", "reader")];
    assert_eq!(
        app.call(&admin, "admin_change_role", &role).await.status(),
        StatusCode::OK
    );
    for active in ["false", "true"] {
        let form = [("user_id", ada.as_str()), ("active", active)];
        assert_eq!(
            app.call(&admin, "admin_set_active", &form).await.status(),
            StatusCode::OK
        );
    }
    assert_eq!(
        app.call(&admin, "admin_revoke_sessions", &[("user_id", &ada)])
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.call(&admin, "sign_out", &[]).await.status(),
        StatusCode::OK
    );
    let link = reset_actions(app).await;
    vec![
        PASSWORD.into(),
        new_password.into(),
        "wrong password!".into(),
        pat,
        NEW_PASSWORD.into(),
        link,
    ]
}

#[tokio::test]
async fn p07_every_security_event_is_recorded_with_who_whom_where_and_when() {
    let app = audited_app().await;
    app.clock.advance(time::Duration::days(1));
    every_audited_action(&app).await;
    let events: HashSet<String> = sqlx::query_scalar("SELECT event FROM audit_log")
        .fetch_all(&app.db)
        .await
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
    let row: Row = sqlx::query_as(
        "SELECT at, actor_id, subject_id, ip, user_agent FROM audit_log WHERE event = 'role_changed'",
    )
    .fetch_one(&app.db)
    .await
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
    let failed: (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT actor_id, subject_id FROM audit_log WHERE event = 'sign_in_failed'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(failed, (None, Some(ada)), "the account tried, no actor");
}

#[tokio::test]
async fn p07_no_password_or_token_reaches_the_audit_table() {
    let app = audited_app().await;
    let secrets = every_audited_action(&app).await;
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT event || '|' || ip || '|' || user_agent || '|' || detail FROM audit_log",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert!(rows.len() > 10);
    let hashes: Vec<String> = sqlx::query_scalar("SELECT id_hash FROM sessions")
        .fetch_all(&app.db)
        .await
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
