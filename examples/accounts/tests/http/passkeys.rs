//! W01: a passkey added in sudo mode signs in once per ceremony from another browser, with no
//! address typed; removing it (sudo mode again) ends that. SoftPasskey makes real signatures.
use quire_auth::passkeys::soft::SoftPasskey;
use serde_json::{json, Value};

use crate::helpers::{browser, spawn, App};

/// Adds a passkey named `name` for the signed-in `client`; the key.
async fn add(app: &App, client: &reqwest::Client, name: &str) -> SoftPasskey {
    let options = app.call(client, "start_passkey_registration", &[]).await;
    assert_eq!(options.status(), 200);
    let mut key = SoftPasskey::new(&app.passkey_origin());
    let credential = key.register(&options.json().await.unwrap());
    let body = json!({ "name": name, "credential": credential });
    let added = app
        .call_json(client, "finish_passkey_registration", &body)
        .await;
    assert_eq!(added.status(), 200, "{:?}", added.text().await);
    key
}

/// Signs in with `key` in `client`: the answer to the finishing call.
async fn sign_in(app: &App, client: &reqwest::Client, key: &mut SoftPasskey) -> reqwest::Response {
    let options = app.call(client, "start_passkey_sign_in", &[]).await;
    assert_eq!(options.status(), 200);
    key.counter += 1;
    let credential = key.sign(&options.json().await.unwrap());
    app.call_json(
        client,
        "finish_passkey_sign_in",
        &json!({ "credential": credential }),
    )
    .await
}

async fn listed(app: &App, client: &reqwest::Client) -> Vec<Value> {
    app.call(client, "passkeys", &[])
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn w01_a_passkey_signs_in_elsewhere_without_an_address_and_once_per_ceremony() {
    let app = spawn().await;
    let laptop = browser();
    app.signed_in(&laptop, "ada@example.org").await;
    let mut key = add(&app, &laptop, "  Laptop ").await;
    let keys = listed(&app, &laptop).await;
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["name"], "Laptop");

    let phone = browser();
    let signed_in = sign_in(&app, &phone, &mut key).await;
    assert_eq!(signed_in.status(), 200);
    assert_eq!(app.signed_in_as(&phone).await["name"], "ada@example.org");
    assert!(listed(&app, &laptop).await[0]["last_used_at"].is_i64());

    // The answer again, now that its ceremony is spent: refused, and no session.
    let thief = browser();
    let options = app.call(&thief, "start_passkey_sign_in", &[]).await;
    key.counter += 1;
    let credential = key.sign(&options.json().await.unwrap());
    let body = json!({ "credential": credential });
    let first = app.call_json(&thief, "finish_passkey_sign_in", &body).await;
    assert_eq!(first.status(), 200, "a fresh ceremony, a fresh signature");
    let replayed = app.call_json(&thief, "finish_passkey_sign_in", &body).await;
    assert_eq!(replayed.status(), 401);
    assert_eq!(replayed.json::<Value>().await.unwrap(), "PasskeyRefused");

    let stranger = browser();
    let mut unknown = SoftPasskey::new(&app.passkey_origin());
    unknown.user_handle = key.user_handle.clone();
    assert_eq!(sign_in(&app, &stranger, &mut unknown).await.status(), 401);
    assert_eq!(app.signed_in_as(&stranger).await, Value::Null);
}

#[tokio::test]
async fn w01_adding_and_removing_a_passkey_need_the_password_within_ten_minutes() {
    let app = spawn().await;
    let laptop = browser();
    app.signed_in(&laptop, "ada@example.org").await;
    let mut key = add(&app, &laptop, "Laptop").await;
    app.clock.advance(time::Duration::minutes(11));

    let refused = app.call(&laptop, "start_passkey_registration", &[]).await;
    assert_eq!(refused.status(), 403);
    let id = listed(&app, &laptop).await[0]["id"].to_string();
    let remove = app.call(&laptop, "remove_passkey", &[("id", &id)]).await;
    assert_eq!(remove.status(), 403);
    assert_eq!(listed(&app, &laptop).await.len(), 1, "nothing removed");

    let form = [("password", crate::helpers::PASSWORD)];
    assert_eq!(
        app.call(&laptop, "confirm_password", &form).await.status(),
        200
    );
    let options = app.call(&laptop, "start_passkey_registration", &[]).await;
    let credential =
        SoftPasskey::new(&app.passkey_origin()).register(&options.json().await.unwrap());
    let unnamed = json!({ "name": " ", "credential": credential });
    let invalid = app
        .call_json(&laptop, "finish_passkey_registration", &unnamed)
        .await;
    assert_eq!(invalid.status(), 422, "a name is needed");
    assert_eq!(
        app.call(&laptop, "remove_passkey", &[("id", &id)])
            .await
            .status(),
        200
    );
    assert_eq!(listed(&app, &laptop).await.len(), 0);
    let gone = sign_in(&app, &browser(), &mut key).await;
    assert_eq!(gone.status(), 401, "a removed passkey signs nobody in");
}
