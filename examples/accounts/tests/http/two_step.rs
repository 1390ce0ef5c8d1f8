//! The security page's two-step settings as an adopter wires them
//! (`AuthServer::authenticator_apps`): an app set up in sudo mode and turned on by its own code
//! (W03), recovery codes shown once and spent once (W04), each change mailed to the owner
//! (M06), and turning it off.
use secrecy::SecretString;
use serde_json::Value;

use crate::helpers::{browser, spawn, totp_code, App, PASSWORD};

async fn settings(app: &App, client: &reqwest::Client) -> Value {
    app.call(client, "two_step", &[])
        .await
        .json()
        .await
        .unwrap()
}

/// Ada, signed in with two-step sign-in turned on from the security page; the app's secret.
async fn with_two_step(app: &App, client: &reqwest::Client) -> SecretString {
    app.signed_in(client, "ada@example.org").await;
    assert_eq!(app.call(client, "start_two_step", &[]).await.status(), 200);
    let shown = settings(app, client).await["setup"]["secret"].clone();
    let secret = SecretString::from(shown.as_str().unwrap().to_owned());
    let code = totp_code(&secret, app.clock.now_unix());
    let confirmed = app
        .call(client, "confirm_two_step", &[("code", &code)])
        .await;
    assert_eq!(confirmed.status(), 200);
    secret
}

#[tokio::test]
async fn w03_an_app_is_set_up_in_sudo_mode_and_only_its_own_code_turns_it_on() {
    let app = spawn().await;
    let ada = browser();
    app.signed_in(&ada, "ada@example.org").await;
    let off = settings(&app, &ada).await;
    assert_eq!(
        (off["on"].clone(), off["setup"].clone()),
        (false.into(), Value::Null)
    );

    app.clock.advance(time::Duration::minutes(11));
    let refused = app.call(&ada, "start_two_step", &[]).await;
    assert_eq!(refused.status(), 403, "past the sudo window");
    assert_eq!(
        settings(&app, &ada).await["setup"],
        Value::Null,
        "nothing started"
    );
    let confirm = [("password", PASSWORD)];
    assert_eq!(
        app.call(&ada, "confirm_password", &confirm).await.status(),
        200
    );

    assert_eq!(app.call(&ada, "start_two_step", &[]).await.status(), 200);
    let setup = settings(&app, &ada).await["setup"].clone();
    let url = setup["url"].as_str().unwrap();
    assert!(
        url.starts_with("otpauth://totp/Accounts:ada%40example.org?"),
        "{url}"
    );
    assert!(setup["svg"].as_str().unwrap().contains("<svg"));
    let secret = SecretString::from(setup["secret"].as_str().unwrap().to_owned());

    let wrong = app
        .call(&ada, "confirm_two_step", &[("code", "000000")])
        .await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(wrong.json::<Value>().await.unwrap(), "WrongCode");
    assert_eq!(settings(&app, &ada).await["on"], false);

    let code = totp_code(&secret, app.clock.now_unix());
    let right = app.call(&ada, "confirm_two_step", &[("code", &code)]).await;
    assert_eq!(right.status(), 200);
    let on = settings(&app, &ada).await;
    assert_eq!(on["on"], true);
    assert_eq!(on["setup"], Value::Null, "the secret is never shown again");
    assert_eq!(app.outbox.sent("TwoStepOn", 1).await.len(), 1);
    let again = app.call(&ada, "start_two_step", &[]).await;
    assert_eq!(again.status(), 409, "turn it off before another app");

    // A password alone no longer signs in.
    let phone = browser();
    let form = [("email", "ada@example.org"), ("password", PASSWORD)];
    assert_eq!(app.call(&phone, "sign_in", &form).await.status(), 200);
    assert_eq!(app.signed_in_as(&phone).await, Value::Null);
}

#[tokio::test]
async fn w04_recovery_codes_are_shown_once_and_each_signs_in_once() {
    let app = spawn().await;
    let ada = browser();
    with_two_step(&app, &ada).await;
    assert_eq!(settings(&app, &ada).await["codes_left"], 0);

    let made = app.call(&ada, "new_recovery_codes", &[]).await;
    assert_eq!(made.status(), 200);
    let codes: Vec<String> = made.json().await.unwrap();
    assert_eq!(codes.len(), 10);
    assert_eq!(settings(&app, &ada).await["codes_left"], 10);
    assert_eq!(app.outbox.sent("NewRecoveryCodes", 1).await.len(), 1);

    let phone = browser();
    let form = [("email", "ada@example.org"), ("password", PASSWORD)];
    assert_eq!(app.call(&phone, "sign_in", &form).await.status(), 200);
    let code = [("code", codes[0].as_str())];
    assert_eq!(app.call(&phone, "sign_in_code", &code).await.status(), 200);
    assert_eq!(app.signed_in_as(&phone).await["name"], "ada@example.org");
    assert_eq!(settings(&app, &ada).await["codes_left"], 9);

    // Without JavaScript the page the browser is sent back to shows the new set, once.
    let back = app
        .submit(&ada, "new_recovery_codes", &[], "/security")
        .await;
    assert_eq!(back.status(), 302);
    let page = app.page(&ada, "/security").await;
    assert!(page.contains("They will not be shown again."), "{page}");
    let shown = page.split("auth-recovery-codes").nth(1).unwrap();
    assert_eq!(shown.matches("<li><code>").count(), 10, "{page}");
    assert!(
        !page.contains(&codes[1]),
        "the old set is void and not shown"
    );
    let page = app.page(&ada, "/security").await;
    assert!(
        !page.contains("They will not be shown again."),
        "shown once: {page}"
    );
}

#[tokio::test]
async fn w03_turning_it_off_in_sudo_mode_lets_the_password_alone_sign_in_again() {
    let app = spawn().await;
    let ada = browser();
    with_two_step(&app, &ada).await;
    assert_eq!(
        app.call(&ada, "new_recovery_codes", &[]).await.status(),
        200
    );

    app.clock.advance(time::Duration::minutes(11));
    let refused = app.call(&ada, "turn_off_two_step", &[]).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(settings(&app, &ada).await["on"], true, "still on");
    let confirm = [("password", PASSWORD)];
    assert_eq!(
        app.call(&ada, "confirm_password", &confirm).await.status(),
        200
    );

    assert_eq!(app.call(&ada, "turn_off_two_step", &[]).await.status(), 200);
    let off = settings(&app, &ada).await;
    assert_eq!(
        (off["on"].clone(), off["codes_left"].clone()),
        (false.into(), 0.into())
    );
    assert_eq!(app.outbox.sent("TwoStepOff", 1).await.len(), 1);
    assert_eq!(app.call(&ada, "turn_off_two_step", &[]).await.status(), 409);
    let codes = app.call(&ada, "new_recovery_codes", &[]).await;
    assert_eq!(codes.status(), 409, "no codes while it is off");

    let phone = browser();
    let form = [("email", "ada@example.org"), ("password", PASSWORD)];
    assert_eq!(app.call(&phone, "sign_in", &form).await.status(), 200);
    assert_eq!(app.signed_in_as(&phone).await["name"], "ada@example.org");
}

#[tokio::test]
async fn p08_codes_for_an_app_being_set_up_are_throttled_like_sign_in_codes() {
    let app = spawn().await;
    let ada = browser();
    app.signed_in(&ada, "ada@example.org").await;
    assert_eq!(app.call(&ada, "start_two_step", &[]).await.status(), 200);
    let shown = settings(&app, &ada).await["setup"]["secret"].clone();
    let secret = SecretString::from(shown.as_str().unwrap().to_owned());
    // The default allows one IP ten wrong secrets in three minutes.
    for _ in 0..10 {
        let wrong = [("code", "000000")];
        let status = app.call(&ada, "confirm_two_step", &wrong).await.status();
        assert_eq!(status, 401);
    }
    let code = totp_code(&secret, app.clock.now_unix());
    let blocked = app.call(&ada, "confirm_two_step", &[("code", &code)]).await;
    assert_eq!(blocked.status(), 429, "counted before it is compared");
    assert_eq!(settings(&app, &ada).await["on"], false);

    app.clock.advance(time::Duration::minutes(3));
    let code = totp_code(&secret, app.clock.now_unix());
    let right = app.call(&ada, "confirm_two_step", &[("code", &code)]).await;
    assert_eq!(right.status(), 200);
    assert_eq!(settings(&app, &ada).await["on"], true);
}
