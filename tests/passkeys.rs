//! Passkeys (checklist W01, W02): a discoverable credential signs in without an address, the
//! ceremony's challenge is the server's, single use, short-lived and bound to one browser, and
//! a counter that goes back is refused and audited. A software authenticator makes real
//! signatures (helpers/authenticator.rs).
use crate::helpers::*;
use reqwest::StatusCode;

async fn ada_with_passkey() -> (TestApp, reqwest::Client, Authenticator) {
    let app = passkey_app_with(|_| {}).await;
    let browser = client();
    app.register(&browser, EMAIL, "Ada").await;
    let key = app.add_passkey(&browser, "Laptop").await;
    (app, browser, key)
}

#[tokio::test]
async fn w01_a_passkey_signs_in_without_an_address_with_a_new_session_id() {
    let (app, browser, mut key) = ada_with_passkey().await;
    let old = app.sign_in(&browser, EMAIL, PASSWORD).await;
    let old = cookie_pair(&session_cookie(&old, "quire_session").unwrap());
    let signed_in = app.passkey_sign_in(&browser, &mut key).await;
    assert_eq!(signed_in.status(), StatusCode::OK);
    let new = cookie_pair(&session_cookie(&signed_in, "quire_session").expect("a session"));
    assert_ne!(old, new, "the session id rotates");
    assert_eq!(app.signed_in_name(&browser).await.as_deref(), Some("Ada"));
    let stranger = client();
    assert_eq!(
        app.passkey_sign_in(&stranger, &mut key).await.status(),
        StatusCode::OK
    );
    assert_eq!(app.signed_in_name(&stranger).await.as_deref(), Some("Ada"));
    let detail: String = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE event = 'sign_in_ok' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(detail, "browser, passkey");
    let used: Option<i64> = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT last_used_at FROM auth_passkeys"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert!(used.is_some(), "last use recorded");
}

#[tokio::test]
async fn w01_a_ceremony_is_single_use() {
    let (app, _, mut key) = ada_with_passkey().await;
    let browser = client();
    key.counter += 1;
    let options = app.sign_in_options(&browser).await;
    let signed = key.sign(&options);
    assert_eq!(
        app.finish_passkey_sign_in(&browser, &signed).await.status(),
        StatusCode::OK
    );
    let replay = client();
    app.sign_in_options(&replay).await;
    let replayed = app.finish_passkey_sign_in(&replay, &signed).await;
    assert_eq!(
        replayed.status(),
        StatusCode::UNAUTHORIZED,
        "an old challenge"
    );
    assert!(!app.is_signed_in(&replay).await);
    let again = app.finish_passkey_sign_in(&replay, &signed).await;
    assert_eq!(
        again.status(),
        StatusCode::UNAUTHORIZED,
        "the ceremony was spent"
    );
}

#[tokio::test]
async fn w01_a_ceremony_expires_after_five_minutes() {
    let (app, _, mut key) = ada_with_passkey().await;
    let browser = client();
    key.counter += 1;
    let options = app.sign_in_options(&browser).await;
    app.clock.advance(time::Duration::seconds(301));
    let late = app
        .finish_passkey_sign_in(&browser, &key.sign(&options))
        .await;
    assert_eq!(late.status(), StatusCode::UNAUTHORIZED);
    assert!(!app.is_signed_in(&browser).await);
    assert_eq!(app.count("auth_passkey_ceremonies").await, 0, "swept");
}

#[tokio::test]
async fn w01_a_ceremony_is_bound_to_the_browser_that_started_it() {
    let (app, _, mut key) = ada_with_passkey().await;
    let (victim, attacker) = (client(), client());
    key.counter += 1;
    let options = app.sign_in_options(&victim).await;
    let signed = key.sign(&options);
    let stolen = app.finish_passkey_sign_in(&attacker, &signed).await;
    assert_eq!(stolen.status(), StatusCode::UNAUTHORIZED);
    assert!(!app.is_signed_in(&attacker).await);
    assert_eq!(
        app.finish_passkey_sign_in(&victim, &signed).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn w01_looking_at_the_sign_in_page_writes_nothing() {
    let app = passkey_app_with(|_| {}).await;
    let page = app.page(&client(), "/sign-in").await;
    assert!(page.contains("Sign in with a passkey"));
    assert!(
        page.contains("needs JavaScript"),
        "the button says why it is disabled"
    );
    assert!(page.contains("username webauthn"), "autofill is offered");
    assert_eq!(app.count("auth_passkey_ceremonies").await, 0);
    assert_eq!(app.count("auth_sessions").await, 0);
}

#[tokio::test]
async fn w01_adding_or_removing_a_passkey_needs_sudo_mode() {
    let (app, browser, _) = ada_with_passkey().await;
    app.clock.advance(time::Duration::minutes(11));
    let start = app.call(&browser, "start_passkey_registration", &[]).await;
    assert_eq!(start.status(), StatusCode::FORBIDDEN);
    let id = app.passkey_id().await;
    let remove = app.call(&browser, "remove_passkey", &[("id", &id)]).await;
    assert_eq!(remove.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("auth_passkeys").await, 1);
}

#[tokio::test]
async fn w02_a_counter_that_goes_back_is_refused_and_audited() {
    let (app, _, mut key) = ada_with_passkey().await;
    key.counter = 9;
    assert_eq!(
        app.passkey_sign_in(&client(), &mut key).await.status(),
        StatusCode::OK
    );
    key.counter = 4; // a copy of the authenticator, behind the original
    let clone = client();
    let refused = app.passkey_sign_in(&clone, &mut key).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    // The refusal is the passkeys feature's own message (its key on the wire), the same for
    // every way a passkey is turned away.
    let said = refused.text().await.unwrap();
    assert!(said.contains("\"passkey_refused\""), "{said}");
    assert!(!app.is_signed_in(&clone).await);
    let audited: String = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE event = 'passkey_refused'"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert!(audited.contains("cloned"), "{audited}");
}

#[tokio::test]
async fn w02_a_backup_flag_that_changes_is_refused_and_audited() {
    let (app, _, mut key) = ada_with_passkey().await;
    key.backup_eligible = true; // registered as a device-bound key, now claims to be synced
    let refused = app.passkey_sign_in(&client(), &mut key).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.count("audit_log WHERE event = 'passkey_refused'").await,
        1
    );
    key.backup_eligible = false;
    assert_eq!(
        app.passkey_sign_in(&client(), &mut key).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn passkeys_are_listed_renamed_and_removed_and_the_owner_is_told() {
    let sink = SmtpSink::start();
    let app = passkey_app_with(|c| sink.configure(c)).await;
    let browser = client();
    app.register(&browser, EMAIL, "Ada").await;
    let mut key = app.add_passkey(&browser, "Laptop").await;
    let id = app.passkey_id().await;
    let bad = app
        .call(&browser, "rename_passkey", &[("id", &id), ("name", "  ")])
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let renamed = app
        .call(
            &browser,
            "rename_passkey",
            &[("id", &id), ("name", "Phone")],
        )
        .await;
    assert!(renamed.status().is_success() || renamed.status().is_redirection());
    let listed: serde_json::Value = app
        .call(&browser, "passkeys", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["list"][0]["name"], "Phone");
    assert_eq!(listed["available"], true);
    let removed = app.call(&browser, "remove_passkey", &[("id", &id)]).await;
    assert!(removed.status().is_success() || removed.status().is_redirection());
    assert_eq!(
        app.passkey_sign_in(&client(), &mut key).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let notices = sink
        .wait_about("Passkeys changed on your Quire account", 2)
        .await;
    assert!(decoded(&notices[0]).contains("\"Laptop\" was added"));
    assert!(decoded(&notices[1]).contains("\"Phone\" was removed"));
}

#[tokio::test]
async fn a_passkey_is_both_steps_and_a_deactivated_account_cannot_use_it() {
    let (app, browser, mut key) = ada_with_passkey().await;
    app.enable_totp(&browser).await;
    let phone = client();
    assert_eq!(
        app.passkey_sign_in(&phone, &mut key).await.status(),
        StatusCode::OK
    );
    assert!(app.is_signed_in(&phone).await, "no code asked");
    quire_auth::on_db!(app.db, |exe| sqlx::query(
        "UPDATE auth_accounts SET active = FALSE"
    )
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))
    .unwrap();
    let refused = app.passkey_sign_in(&client(), &mut key).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn malformed_passkey_answers_get_a_4xx_and_an_ip_origin_has_no_passkeys() {
    let app = passkey_app_with(|_| {}).await;
    let browser = client();
    app.passkey_options(&browser, "start_passkey_sign_in", &[("autofill", "true")])
        .await;
    let junk = serde_json::json!({ "id": "x", "rawId": "!!", "type": "public-key" });
    let answer = app.finish_passkey_sign_in(&browser, &junk).await;
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    let by_ip = spawn_app().await;
    let off = by_ip
        .call(&client(), "start_passkey_sign_in", &[("autofill", "false")])
        .await;
    assert_eq!(off.status(), StatusCode::NOT_FOUND);
}
