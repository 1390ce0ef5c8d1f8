//! Every audited action driven once through the public surfaces, for the audit tests (P07).
use quire_auth::links::Purpose;
use reqwest::{Client, StatusCode};

use super::*;

pub const AGENT: &str = "QuireAuditTest/1.0";

pub fn browser() -> Client {
    client_with_agent(AGENT)
}

/// An app where the second comment of an account is over its limit, so a refusal is audited,
/// and where mail cannot be delivered (its outbox is under a file), so a failure is too.
pub async fn audited_app() -> TestApp {
    spawn_app_with(|c| {
        c.site.origin = "http://localhost".into(); // passkeys need a host name
        c.limits.comments_per_account = 1;
        c.mail.outbox_dir = "/dev/null/outbox".into();
        c.mail.max_attempts = 1;
    })
    .await
}

/// A registration's address verified, and its address changed, with links issued directly;
/// then another change asked for and cancelled from the old address.
async fn address_actions(app: &TestApp) {
    let bo = "bo@example.org";
    app.register_only(&browser(), bo, "Bo").await;
    for (purpose, new_email) in [
        (Purpose::Verify, None),
        (Purpose::EmailChange, Some("bo@example.net")),
    ] {
        let (browser, endpoint) = (browser(), purpose_endpoint(purpose));
        app.open_issued_link(&browser, bo, purpose, new_email).await;
        assert_eq!(
            app.call(&browser, endpoint, &[]).await.status(),
            StatusCode::OK
        );
    }
    let signed_in = browser();
    app.sign_in(&signed_in, "bo@example.net", PASSWORD).await;
    let asked = [("email", "bo@example.com")];
    let asked = app.call(&signed_in, "request_email_change", &asked).await;
    assert_eq!(asked.status(), StatusCode::OK);
    let (browser, cancel) = (browser(), Purpose::EmailChangeCancel);
    app.open_issued_link(&browser, "bo@example.net", cancel, None)
        .await;
    let cancelled = app.call(&browser, purpose_endpoint(cancel), &[]).await;
    assert_eq!(cancelled.status(), StatusCode::OK);
}

fn purpose_endpoint(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Verify => "confirm_email",
        Purpose::EmailChangeCancel => "cancel_email_change",
        _ => "confirm_email_change",
    }
}

/// Two-step sign-in turned on, recovery codes made, a wrong code, and turned off again.
async fn second_factor_actions(app: &TestApp) {
    let cy = "cy@example.org";
    let browser = browser();
    app.register(&browser, cy, "Cy").await;
    app.enable_totp(&browser).await;
    app.recovery_codes(&browser).await;
    let other = self::browser();
    app.password_step(&other, cy).await;
    let wrong = app.code_step(&other, "000000").await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let off = app.call(&browser, "turn_off_totp", &[]).await;
    assert_eq!(off.status(), StatusCode::OK);
}

/// A passkey added, refused when its counter goes back, and removed.
async fn passkey_actions(app: &TestApp) {
    let browser = browser();
    app.register(&browser, "di@example.org", "Di").await;
    let mut key = app.add_passkey(&browser, "Di's laptop").await;
    key.counter = 5;
    app.passkey_sign_in(&self::browser(), &mut key).await;
    key.counter = 1;
    let cloned = app.passkey_sign_in(&self::browser(), &mut key).await;
    assert_eq!(cloned.status(), StatusCode::UNAUTHORIZED);
    let id = app.passkey_id().await;
    let removed = app.call(&browser, "remove_passkey", &[("id", &id)]).await;
    assert_eq!(removed.status(), StatusCode::OK);
}

/// A reset requested (its mail fails), a bad link refused, and a reset completed with a link
/// issued directly (the mail that would carry it cannot be delivered here). Returns the
/// link's secret.
async fn reset_actions(app: &TestApp) -> String {
    app.request_reset(&browser(), EMAIL).await;
    // The lookup runs after the answer, and its link would void the one issued below.
    written(app, "password_reset_requested").await;
    let bogus = "quire_reset=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let refused = bare_client()
        .get(app.url("/reset-password"))
        .header(reqwest::header::COOKIE, bogus)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::GONE);
    let browser = browser();
    let secret = app
        .open_issued_link(&browser, EMAIL, Purpose::Reset, None)
        .await;
    let done = app.reset_password(&browser, NEW_PASSWORD).await;
    assert_eq!(done.status(), StatusCode::OK);
    address_actions(app).await;
    second_factor_actions(app).await;
    passkey_actions(app).await;
    // Written by the mail worker in the background.
    written(app, "mail_failed").await;
    secret
}

/// Waits until a background task has written an `event` entry.
async fn written(app: &TestApp, event: &str) {
    for _ in 0..200 {
        let count: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE event = $1"
        )
        .bind(event)
        .fetch_one(exe)
        .await)
        .unwrap();
        if count > 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("no {event} entry was written");
}

/// Drives every audited action once, through the public surfaces. Returns the secrets used.
pub async fn every_audited_action(app: &TestApp) -> Vec<String> {
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
    let id: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT id FROM auth_tokens"
    )
    .fetch_one(exe)
    .await)
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
    let comment_id: i64 =
        quire_auth::on_db!(app.db, |exe| sqlx::query_scalar("SELECT id FROM comments")
            .fetch_one(exe)
            .await)
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
