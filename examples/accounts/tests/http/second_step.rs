//! W05: a password alone never passes an account's second step; the code finishes the sign-in
//! once, and only in the browser that typed the password.
use quire_auth::totp::{self, Stage};
use secrecy::SecretString;

use crate::helpers::{browser, spawn, totp_code, App, PASSWORD};

/// Sets up an authenticator app for `account_id`; the secret it shares with the site.
async fn with_app(app: &App, account_id: i64) -> SecretString {
    // The app's clock, which stands still: the codes below are one step apart, whenever the
    // test runs.
    let now = app.clock.now_unix();
    assert!(totp::start(&app.db, account_id, now).await.unwrap());
    let secret = totp::unconfirmed_secret(&app.db, account_id).await;
    let secret = secret.unwrap().unwrap();
    let mut tx = quire_auth::db::write(&app.db).await.unwrap();
    let first = totp_code(&secret, now - 30);
    let accepted = totp::accept(&mut tx, account_id, &first, now - 30, Stage::SettingUp);
    assert!(accepted.await.unwrap());
    tx.commit().await.unwrap();
    secret
}

#[tokio::test]
async fn w05_register_sign_in_and_a_password_alone_never_passes_a_second_step() {
    let app = spawn().await;
    let ada = browser();
    let form = [("email", "Ada@Example.org "), ("password", PASSWORD)];
    assert_eq!(app.call(&ada, "register", &form).await.status(), 200);
    let again = app.call(&browser(), "register", &form).await;
    assert_eq!(again.status(), 200, "a taken address answers the same");

    let signed_in = app
        .call(
            &ada,
            "sign_in",
            &[("email", "ada@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(signed_in.status(), 200);
    let user = app.signed_in_as(&ada).await;
    assert_eq!(user["name"], "ada@example.org", "{user}");
    let sessions: serde_json::Value = app.call(&ada, "sessions", &[]).await.json().await.unwrap();
    assert_eq!(sessions.as_array().map(Vec::len), Some(1), "{sessions}");
    assert_eq!(sessions[0]["current"], true);

    // Ada sets up an authenticator app (through quire-auth, as the app's own page would).
    let secret = with_app(&app, user["id"].as_i64().unwrap()).await;

    // Signing in again now takes the code too: the password alone starts no session.
    let phone = browser();
    let form = [("email", "ada@example.org"), ("password", PASSWORD)];
    let password_only = app.call(&phone, "sign_in", &form).await;
    assert_eq!(password_only.status(), 200);
    assert_eq!(app.signed_in_as(&phone).await, serde_json::Value::Null);
    assert_eq!(app.sessions(&ada).await.len(), 1, "no session yet");

    // The pending sign-in lives in the phone's cookie: the code is worth nothing elsewhere.
    let now = app.clock.now_unix();
    let code = |at: i64| totp_code(&secret, at);
    let thief = browser();
    let elsewhere = app
        .call(&thief, "sign_in_code", &[("code", &code(now))])
        .await;
    assert_eq!(elsewhere.status(), 401);
    assert_eq!(
        elsewhere.json::<serde_json::Value>().await.unwrap(),
        "SignInAgain"
    );

    let wrong = app
        .call(&phone, "sign_in_code", &[("code", "000000")])
        .await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(
        wrong.json::<serde_json::Value>().await.unwrap(),
        "WrongCode"
    );
    assert_eq!(app.signed_in_as(&phone).await, serde_json::Value::Null);

    let right = app
        .call(&phone, "sign_in_code", &[("code", &code(now + 30))])
        .await;
    assert_eq!(right.status(), 200);
    assert_eq!(app.signed_in_as(&phone).await["name"], "ada@example.org");
    assert_eq!(app.sessions(&ada).await.len(), 2);
    let again = app
        .call(&phone, "sign_in_code", &[("code", &code(now + 60))])
        .await;
    assert_eq!(again.status(), 401, "the pending sign-in is spent");

    assert_eq!(app.call(&ada, "sign_out", &[]).await.status(), 200);
    assert_eq!(app.signed_in_as(&ada).await, serde_json::Value::Null);
}

#[tokio::test]
async fn w05_without_javascript_the_password_leads_to_the_code_page_and_the_code_signs_in() {
    let app = spawn().await;
    let ada = browser();
    app.signed_in(&ada, "ada@example.org").await;
    let id = app.signed_in_as(&ada).await["id"].as_i64().unwrap();
    let secret = with_app(&app, id).await;

    let laptop = browser();
    let form = [("email", "ada@example.org"), ("password", PASSWORD)];
    let step = app.submit(&laptop, "sign_in", &form, "/sign-in").await;
    assert_eq!(step.status(), 302);
    assert_eq!(step.headers()["location"], "/sign-in/code");
    let cookie = step.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-auth-pending="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Secure"),
        "{cookie}"
    );
    let page = app.page(&laptop, "/sign-in/code").await;
    assert!(page.contains(r#"autocomplete="one-time-code""#), "{page}");

    let wrong = [("code", "000000")];
    let back = app
        .submit(&laptop, "sign_in_code", &wrong, "/sign-in/code")
        .await;
    let refused = back.headers()["location"].to_str().unwrap().to_owned();
    let page = app.page(&laptop, &refused).await;
    assert!(page.contains("That code is not right."), "{page}");

    let code = totp_code(&secret, app.clock.now_unix() + 30);
    let right = [("code", code.as_str())];
    let done = app
        .submit(&laptop, "sign_in_code", &right, "/sign-in/code")
        .await;
    assert_eq!(done.headers()["location"], "/");
    let cleared = done.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cleared.contains("Max-Age=0"),
        "the pending cookie is removed: {cleared}"
    );
    assert_eq!(app.signed_in_as(&laptop).await["name"], "ada@example.org");
}
