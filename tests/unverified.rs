//! M09: an account whose address is not proven may sign in and read, but it adds no credential
//! and does not move, since it may be a stranger's registration of the owner's address. A
//! password set by a reset link proves the address and takes back whatever such an account
//! gained. L13: the names a user gives a token or a passkey cannot rewrite the notices that
//! quote them.
use crate::helpers::*;
use quire_auth::links::Purpose;
use reqwest::{Client, StatusCode};
use serde_json::json;

const VICTIM: &str = "victim@example.org";

/// Someone who registered `VICTIM` without owning it, signed in, never verified.
async fn squatter(app: &TestApp) -> Client {
    let browser = client();
    let made = app.register_only(&browser, VICTIM, "Victim").await;
    assert_eq!(made.status(), StatusCode::OK);
    let signed_in = app.sign_in(&browser, VICTIM, PASSWORD).await;
    assert_eq!(
        signed_in.status(),
        StatusCode::OK,
        "unverified accounts sign in"
    );
    browser
}

async fn rows(app: &TestApp, sql: &str) -> i64 {
    quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(sql).fetch_one(exe).await).unwrap()
}

#[tokio::test]
async fn m09_an_unverified_account_cannot_add_a_credential_or_change_its_address() {
    let app = passkey_app_with(|_| {}).await;
    let browser = squatter(&app).await;
    let token = [
        ("name", "ci"),
        ("expires_days", "30"),
        ("profile_read", "on"),
    ];
    let attempts: [(&str, &[(&str, &str)]); 5] = [
        ("request_email_change", &[("email", "squatter@example.net")]),
        ("start_passkey_registration", &[]),
        ("start_totp_setup", &[]),
        ("confirm_totp", &[("code", "123456")]),
        ("create_token", &token),
    ];
    for (endpoint, form) in attempts {
        let response = app.call(&browser, endpoint, form).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{endpoint}");
        let body = response.text().await.unwrap();
        assert!(body.contains("Unverified"), "{endpoint}: {body}");
    }
    // Even with a ceremony it did not start: the check comes before anything is read.
    let mut key = Authenticator::new(&app.origin());
    let options = json!({ "publicKey": { "user": { "id": "AAAA" }, "challenge": "AAAA" } });
    let finish = json!({ "name": "mine", "credential": key.register(&options) });
    let finished = app
        .call_json(&browser, "finish_passkey_registration", &finish)
        .await;
    assert_eq!(finished.status(), StatusCode::FORBIDDEN);
    // Without JavaScript, the token form answers with the page and no token.
    let page = app
        .post(&browser, "/account/tokens")
        .form(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Verify your e-mail address first"), "{page}");
    for table in [
        "auth_passkeys",
        "auth_passkey_ceremonies",
        "auth_totp_factors",
        "auth_tokens",
    ] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
    let links = "SELECT COUNT(*) FROM auth_links WHERE purpose LIKE 'email_change%'";
    assert_eq!(rows(&app, links).await, 0);
}

/// What an unverified account could hold from before this rule: a passkey, an authenticator
/// app with its recovery codes, and an e-mail change waiting for its link.
async fn gained_before_the_rule(app: &TestApp, user_id: i64) {
    let now = app.clock.now_unix();
    let statements = [
        "INSERT INTO auth_passkeys (account_id, credential_id, name, passkey, created_at) \
         VALUES ($1, 'squatter-key', 'mine', '{}', $2)",
        "INSERT INTO auth_totp_factors (account_id, secret, confirmed_at, created_at) \
         VALUES ($1, 'JBSWY3DPEHPK3PXP', $2, $2)",
        "INSERT INTO auth_recovery_codes (account_id, code_hash) VALUES ($1, 'x')",
    ];
    for sql in statements {
        quire_auth::on_db!(app.db, |exe| sqlx::query(sql)
            .bind(user_id)
            .bind(now)
            .execute(exe)
            .await
            .map(|done| done.rows_affected()))
        .unwrap();
    }
}

#[tokio::test]
async fn m09_a_reset_by_link_proves_the_address_and_takes_back_what_the_account_gained() {
    let app = spawn_app().await;
    let squatter = squatter(&app).await;
    let id = app.user_id(VICTIM).await;
    gained_before_the_rule(&app, id).await;
    let change = client();
    let thief_address = Some("squatter@example.net");
    app.open_issued_link(&change, VICTIM, Purpose::EmailChange, thief_address)
        .await;
    // The owner of the mailbox uses "Forgot your password?".
    let owner = client();
    app.open_issued_link(&owner, VICTIM, Purpose::Reset, None)
        .await;
    let reset = app.reset_password(&owner, NEW_PASSWORD).await;
    assert_eq!(reset.status(), StatusCode::OK);
    for table in ["auth_passkeys", "auth_totp_factors", "auth_recovery_codes"] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
    let verified = "SELECT COUNT(*) FROM auth_accounts WHERE email_verified";
    assert_eq!(rows(&app, verified).await, 1);
    assert!(!app.is_signed_in(&squatter).await);
    let moved = app.call(&change, "confirm_email_change", &[]).await;
    assert_eq!(moved.status(), StatusCode::GONE);
    // Signing in now needs only the new password: no one else's code is asked for.
    let owner_in = app.sign_in(&client(), VICTIM, NEW_PASSWORD).await;
    assert_eq!(owner_in.status(), StatusCode::OK);
    assert_eq!(app.count("auth_pending_sign_ins").await, 0);
}

#[tokio::test]
async fn m09_a_reset_keeps_what_a_verified_account_added() {
    let app = passkey_app_with(|_| {}).await;
    let browser = client();
    app.register(&browser, EMAIL, "Ada").await;
    app.add_passkey(&browser, "Ada's laptop").await;
    let owner = client();
    app.open_issued_link(&owner, EMAIL, Purpose::Reset, None)
        .await;
    let reset = app.reset_password(&owner, NEW_PASSWORD).await;
    assert_eq!(reset.status(), StatusCode::OK);
    assert_eq!(app.count("auth_passkeys").await, 1);
}

#[tokio::test]
async fn l13_names_quoted_in_notices_refuse_line_breaks_and_bidi_overrides() {
    let app = passkey_app_with(|_| {}).await;
    let browser = client();
    app.register(&browser, EMAIL, "Ada").await;
    app.add_passkey(&browser, "Ada's laptop").await;
    let id = app.passkey_id().await;
    for name in [
        "ci\r\nMade by Quire itself, nothing to do",
        "ci\u{202E}txt.exe",
        "ci\u{200B}",
    ] {
        let token = [
            ("name", name),
            ("expires_days", "30"),
            ("profile_read", "on"),
        ];
        let made = app.call(&browser, "create_token", &token).await;
        assert_eq!(made.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
        let renamed = app
            .call(&browser, "rename_passkey", &[("id", &id), ("name", name)])
            .await;
        assert_eq!(
            renamed.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name:?}"
        );
        let body = json!({ "email": EMAIL, "password": PASSWORD, "device_name": name });
        let app_sign_in = bare_client()
            .post(app.url("/api/v1/auth/token"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            app_sign_in.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name:?}"
        );
    }
    assert_eq!(app.count("auth_tokens").await, 0);
    let names = "SELECT COUNT(*) FROM auth_passkeys WHERE name = 'Ada''s laptop'";
    assert_eq!(rows(&app, names).await, 1);
}
