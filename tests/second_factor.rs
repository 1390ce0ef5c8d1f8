//! Two-step sign-in (checklist W03–W05, P08): the password alone starts no session, a code is
//! accepted once, recovery codes once each, the pending step is short and throttled, and the
//! API asks for the code.
use crate::helpers::*;
use reqwest::StatusCode;

async fn with_totp() -> (TestApp, String) {
    let (app, browser) = app_with_user().await;
    let secret = app.enable_totp(&browser).await;
    app.clock.advance(time::Duration::seconds(30));
    (app, secret)
}

#[tokio::test]
async fn w05_the_password_alone_starts_no_session() {
    let (app, _secret) = with_totp().await;
    let sessions = app.count("auth_sessions").await;
    let browser = client();
    let step = app.password_step(&browser, EMAIL).await;
    assert_eq!(step.status(), StatusCode::OK);
    assert!(
        session_cookie(&step, "quire_session").is_none(),
        "no session cookie"
    );
    assert!(set_cookie_headers(&step)
        .join(" ")
        .contains("quire_pending="));
    assert_eq!(app.count("auth_sessions").await, sessions);
    assert!(!app.is_signed_in(&browser).await);
    for page in ["/account/sessions", "/account/tokens"] {
        let body = app.body_of(&browser, page).await;
        assert!(!body.contains("Signed in as"), "{page}");
    }
}

#[tokio::test]
async fn w03_a_code_finishes_sign_in_and_is_accepted_once() {
    let (app, secret) = with_totp().await;
    let browser = client();
    app.password_step(&browser, EMAIL).await;
    let code = app.totp_code(&secret);
    let done = app.code_step(&browser, &code).await;
    assert_eq!(done.status(), StatusCode::OK);
    assert!(
        session_cookie(&done, "quire_session").is_some(),
        "a new session id"
    );
    assert!(app.is_signed_in(&browser).await);

    let replay = client();
    app.password_step(&replay, EMAIL).await;
    let refused = app.code_step(&replay, &code).await;
    assert_eq!(
        refused.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "same step, same code"
    );
    assert!(!app.is_signed_in(&replay).await);
    app.clock.advance(time::Duration::seconds(30));
    let next = app.code_step(&replay, &app.totp_code(&secret)).await;
    assert_eq!(next.status(), StatusCode::OK);
}

#[tokio::test]
async fn w04_recovery_codes_work_once_and_a_new_set_voids_the_old() {
    let (app, browser) = app_with_user().await;
    app.enable_totp(&browser).await;
    let codes = app.recovery_codes(&browser).await;
    assert_eq!(codes.len(), 10);
    let stored: Vec<String> = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT code_hash FROM auth_recovery_codes"
    )
    .fetch_all(exe)
    .await)
    .unwrap();
    assert!(codes
        .iter()
        .all(|c| !stored.iter().any(|h| h.contains(c.as_str()))));

    let first = client();
    app.password_step(&first, EMAIL).await;
    let typed = codes[0].to_uppercase().replace('-', " ");
    assert_eq!(app.code_step(&first, &typed).await.status(), StatusCode::OK);
    let again = client();
    app.password_step(&again, EMAIL).await;
    assert_eq!(
        app.code_step(&again, &codes[0]).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let renewed = app.recovery_codes(&browser).await;
    assert_eq!(
        app.code_step(&again, &codes[1]).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.code_step(&again, &renewed[0]).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn w05_five_wrong_codes_or_five_minutes_end_the_pending_sign_in() {
    let (app, secret) = with_totp().await;
    let browser = client();
    app.password_step(&browser, EMAIL).await;
    for _ in 0..5 {
        let wrong = app.code_step(&browser, "000000").await;
        assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let ended = app.code_step(&browser, &app.totp_code(&secret)).await;
    assert_eq!(ended.status(), StatusCode::UNAUTHORIZED);
    assert!(!app.is_signed_in(&browser).await);

    let slow = client();
    app.password_step(&slow, EMAIL).await;
    app.clock.advance(time::Duration::minutes(6));
    let late = app.code_step(&slow, &app.totp_code(&secret)).await;
    assert_eq!(late.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn p08_second_step_codes_are_throttled_like_passwords() {
    let (app, secret) = with_totp().await;
    for _ in 0..2 {
        let browser = client();
        app.password_step(&browser, EMAIL).await;
        for _ in 0..5 {
            app.code_step(&browser, "000000").await;
        }
    }
    let browser = client();
    let blocked = app.password_step(&browser, EMAIL).await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    let audited: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE event = 'second_factor_failed'"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(audited, 10);
    let _ = secret;
}

#[tokio::test]
async fn w03_an_app_must_send_the_code_too() {
    let (app, secret) = with_totp().await;
    let without = app.issue_token_with_code(EMAIL, None).await;
    assert_eq!(without.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = without.json().await.unwrap();
    assert_eq!(body["code"], "second_factor_required");
    let wrong = app.issue_token_with_code(EMAIL, Some("000000")).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(body["code"], "invalid_credentials");
    assert_eq!(app.count("auth_tokens").await, 0);
    let right = app
        .issue_token_with_code(EMAIL, Some(&app.totp_code(&secret)))
        .await;
    assert_eq!(right.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn w03_the_secret_is_not_shown_again_once_confirmed_and_never_logged() {
    let (app, browser) = app_with_user().await;
    let secret = app.enable_totp(&browser).await;
    let status: serde_json::Value = app
        .call(&browser, "security_status", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status["enabled"], true);
    assert!(status["setup"].is_null());
    let page = app.page(&browser, "/account/security").await;
    assert!(page.contains("Two-step sign-in is on"));
    assert!(!page.contains(&secret));
    let audit: Vec<String> = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT detail FROM audit_log"
    )
    .fetch_all(exe)
    .await)
    .unwrap();
    assert!(audit.iter().all(|d| !d.contains(&secret)));
}

#[tokio::test]
async fn w03_setting_up_and_turning_off_need_sudo_and_are_mailed() {
    let (app, sink) = spawn_app_with_sink().await;
    let browser = client();
    app.register(&browser, EMAIL, "Ada").await;
    app.clock.advance(time::Duration::minutes(11));
    let refused = app.call(&browser, "start_totp_setup", &[]).await;
    assert_eq!(
        refused.status(),
        StatusCode::FORBIDDEN,
        "sudo mode has lapsed"
    );
    let confirm = [("password", PASSWORD)];
    app.call(&browser, "confirm_password", &confirm).await;
    app.enable_totp(&browser).await;
    let notice = sink
        .wait_about("Two-step sign-in changed on your Quire account", 1)
        .await;
    assert!(decoded(&notice[0]).contains("turned on"));
    let off = app.call(&browser, "turn_off_totp", &[]).await;
    assert_eq!(off.status(), StatusCode::OK);
    sink.wait_about("Two-step sign-in changed on your Quire account", 2)
        .await;
    let step = app.password_step(&client(), EMAIL).await;
    assert!(
        session_cookie(&step, "quire_session").is_some(),
        "one step again"
    );
}

#[tokio::test]
async fn w04_recovery_codes_are_shown_once_without_javascript() {
    let (app, browser) = app_with_user().await;
    app.enable_totp(&browser).await;
    let page = app
        .post(&browser, "/account/security")
        .header(reqwest::header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()[reqwest::header::CACHE_CONTROL], "no-store");
    let html = page.text().await.unwrap();
    assert_eq!(html.matches("<li><code>").count(), 10, "{html}");
    let later = app.page(&browser, "/account/security").await;
    assert!(!later.contains("<li><code>"));
    assert!(later.contains("You have 10 unused recovery code(s)"));
}

#[tokio::test]
async fn s08_a_password_step_taken_before_a_revocation_cannot_finish_after_it() {
    let (app, secret) = with_totp().await;
    let thief = client();
    app.password_step(&thief, EMAIL).await;
    let owner = app.signed_in_client_with_code(EMAIL, &secret).await;
    let form = [
        ("current_password", PASSWORD),
        ("new_password", NEW_PASSWORD),
    ];
    let changed = app.call(&owner, "change_password", &form).await;
    assert_eq!(changed.status(), StatusCode::OK);
    app.clock.advance(time::Duration::seconds(30));
    let late = app.code_step(&thief, &app.totp_code(&secret)).await;
    assert_eq!(late.status(), StatusCode::UNAUTHORIZED);
    assert!(!app.is_signed_in(&thief).await);
}
