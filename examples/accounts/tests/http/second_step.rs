//! W05: a password alone never passes an account's second step.
use quire_auth::totp::{self, Stage};
use secrecy::ExposeSecret;

use crate::helpers::{browser, spawn, time_now, PASSWORD};

#[tokio::test]
async fn w05_register_sign_in_list_and_a_password_alone_never_passes_a_second_step() {
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
    let id = user["id"].as_i64().unwrap();
    let now = time_now();
    assert!(totp::start(&app.db, id, now).await.unwrap());
    let secret = totp::unconfirmed_secret(&app.db, id)
        .await
        .unwrap()
        .unwrap();
    let bytes = totp_rs::Secret::try_from_base32(secret.expose_secret()).unwrap();
    let code = totp_rs::Builder::new()
        .with_secret(bytes)
        .build()
        .unwrap()
        .generate(now as u64);
    let mut tx = quire_auth::db::write(&app.db).await.unwrap();
    assert!(
        totp::accept(&mut tx, id, &code.to_string(), now, Stage::SettingUp)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();

    let thief = browser();
    let refused = app
        .call(
            &thief,
            "sign_in",
            &[("email", "ada@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(refused.status(), 401);
    assert_eq!(
        refused.json::<serde_json::Value>().await.unwrap(),
        "SecondStepNeeded"
    );
    assert_eq!(app.signed_in_as(&thief).await, serde_json::Value::Null);
    let sessions: serde_json::Value = app.call(&ada, "sessions", &[]).await.json().await.unwrap();
    assert_eq!(
        sessions.as_array().map(Vec::len),
        Some(1),
        "no session was started: {sessions}"
    );

    assert_eq!(app.call(&ada, "sign_out", &[]).await.status(), 200);
    assert_eq!(app.signed_in_as(&ada).await, serde_json::Value::Null);
}
