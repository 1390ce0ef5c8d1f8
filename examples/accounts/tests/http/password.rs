//! L06: changing the password while signed in ends every other session and every token, keeps
//! this browser signed in with a new session id, and needs the current password, checked like a
//! sign-in.
use serde_json::Value;

use crate::helpers::{browser, spawn, PASSWORD};

const NEW: &str = "a longer new passphrase";

#[tokio::test]
async fn l06_a_password_change_ends_every_other_session_and_token_and_keeps_this_one() {
    let app = spawn().await;
    let (laptop, phone) = (browser(), browser());
    app.signed_in(&laptop, "ada@example.org").await;
    let form = [("email", "ada@example.org"), ("password", PASSWORD)];
    assert_eq!(app.call(&phone, "sign_in", &form).await.status(), 200);
    let read = [
        ("name", "script"),
        ("scopes[]", "account:read"),
        ("expires_days", "7"),
    ];
    let made = app.call(&laptop, "create_token", &read).await;
    let token = made.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = app.sessions(&laptop).await;
    let mine = before.iter().find(|s| s["current"] == true).unwrap()["handle"].clone();

    let change = [("current_password", PASSWORD), ("new_password", NEW)];
    let changed = app.call(&laptop, "change_password", &change).await;
    assert_eq!(changed.status(), 200);

    assert_eq!(app.signed_in_as(&laptop).await["name"], "ada@example.org");
    let after = app.sessions(&laptop).await;
    assert_eq!(after.len(), 1, "the phone's session ended: {after:?}");
    assert_ne!(
        after[0]["handle"], mine,
        "this browser goes on with a new session id"
    );
    assert_eq!(app.signed_in_as(&phone).await, Value::Null);
    let me = reqwest::Client::new()
        .get(format!("{}/api/v1/me", app.base))
        .bearer_auth(&token);
    assert_eq!(me.send().await.unwrap().status(), 401, "the token ended");
    assert_eq!(app.outbox.sent("PasswordChanged", 1).await.len(), 1);

    let old = app.call(&browser(), "sign_in", &form).await;
    assert_eq!(old.status(), 401, "the old password no longer signs in");
    let new = [("email", "ada@example.org"), ("password", NEW)];
    assert_eq!(app.call(&browser(), "sign_in", &new).await.status(), 200);
}

#[tokio::test]
async fn l06_a_wrong_current_password_or_a_short_new_one_changes_nothing() {
    let app = spawn().await;
    let (laptop, phone) = (browser(), browser());
    app.signed_in(&laptop, "ada@example.org").await;
    let form = [("email", "ada@example.org"), ("password", PASSWORD)];
    assert_eq!(app.call(&phone, "sign_in", &form).await.status(), 200);

    let wrong = [("current_password", "not it at all"), ("new_password", NEW)];
    let refused = app.call(&laptop, "change_password", &wrong).await;
    assert_eq!(refused.status(), 401);
    assert_eq!(refused.json::<Value>().await.unwrap(), "WrongPassword");
    let short = [("current_password", PASSWORD), ("new_password", "short")];
    let refused = app.call(&laptop, "change_password", &short).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(refused.json::<Value>().await.unwrap(), "InvalidPassword");

    assert_eq!(app.sessions(&laptop).await.len(), 2, "no session ended");
    assert_eq!(app.signed_in_as(&phone).await["name"], "ada@example.org");
    assert_eq!(
        app.call(&browser(), "sign_in", &form).await.status(),
        200,
        "the old one works"
    );
    let stranger = app
        .call(
            &browser(),
            "change_password",
            &[("current_password", PASSWORD), ("new_password", NEW)],
        )
        .await;
    assert_eq!(stranger.status(), 401, "signed out");
}
