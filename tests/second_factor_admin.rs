//! Two-step sign-in, passkeys and the admin console (checklist W03, W01): the reset for a
//! locked-out user, and a site that requires a second factor of admins.
use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn w03_an_admin_resets_a_lost_second_factor_in_sudo_mode_audited_and_mailed() {
    let (app, sink) = spawn_app_with_sink().await;
    let ada = client();
    app.register(&ada, EMAIL, "Ada").await;
    app.enable_totp(&ada).await;
    let admin = client();
    app.first_admin(&admin).await;
    let users = app.admin_users(&admin, "ada").await;
    assert_eq!(users["items"][0]["two_step"], true, "{users}");

    let id = app.user_id(EMAIL).await.to_string();
    app.clock.advance(time::Duration::minutes(11));
    let lapsed = app
        .call(&admin, "admin_reset_second_factor", &[("user_id", &id)])
        .await;
    assert_eq!(
        lapsed.status(),
        StatusCode::FORBIDDEN,
        "sudo mode has lapsed"
    );
    app.call(&admin, "confirm_password", &[("password", PASSWORD)])
        .await;
    let reset = app
        .call(&admin, "admin_reset_second_factor", &[("user_id", &id)])
        .await;
    assert_eq!(reset.status(), StatusCode::OK);

    let step = app.password_step(&client(), EMAIL).await;
    assert!(
        session_cookie(&step, "quire_session").is_some(),
        "one step again"
    );
    let root = app.user_id("root@example.org").await;
    assert_eq!(app.actor_of("second_factor_removed").await, Some(root));
    let told = sink
        .wait_about("Two-step sign-in changed on your Quire account", 2)
        .await;
    assert!(decoded(&told[1]).contains("An admin turned two-step sign-in off"));
}

#[tokio::test]
async fn w03_a_site_can_require_two_step_sign_in_before_the_admin_console_opens() {
    let app = spawn_app_with(|c| c.accounts.require_second_factor_for_admins = true).await;
    let admin = client();
    app.first_admin(&admin).await;
    let refused = admin.get(app.url("/admin/users")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let page = refused.text().await.unwrap();
    assert!(page.contains("href=\"/account/security\""), "{page}");
    assert!(app.call(&admin, "admin_users", &[]).await.status() == StatusCode::FORBIDDEN);

    app.enable_totp(&admin).await;
    assert_eq!(app.status_of(&admin, "/admin/users").await, StatusCode::OK);
}

#[tokio::test]
async fn w01_an_admin_reset_removes_the_passkeys_too_and_a_passkey_opens_the_console() {
    let sink = SmtpSink::start();
    let app = passkey_app_with(|c| {
        sink.configure(c);
        c.accounts.require_second_factor_for_admins = true;
    })
    .await;
    let ada = client();
    app.register(&ada, EMAIL, "Ada").await;
    let mut key = app.add_passkey(&ada, "Phone").await;
    let admin = client();
    app.first_admin(&admin).await;
    assert_eq!(
        app.status_of(&admin, "/admin/users").await,
        StatusCode::FORBIDDEN
    );
    app.add_passkey(&admin, "Root's key").await;
    assert_eq!(app.status_of(&admin, "/admin/users").await, StatusCode::OK);

    let users = app.admin_users(&admin, "ada").await;
    assert_eq!(users["items"][0]["passkeys"], 1, "{users}");
    let id = app.user_id(EMAIL).await.to_string();
    let reset = app
        .call(&admin, "admin_reset_second_factor", &[("user_id", &id)])
        .await;
    assert_eq!(reset.status(), StatusCode::OK);
    let refused = app.passkey_sign_in(&client(), &mut key).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let root = app.user_id("root@example.org").await;
    assert_eq!(app.actor_of("passkey_removed").await, Some(root));
    let told = sink
        .wait_about_to(EMAIL, "Passkeys changed on your Quire account", 2)
        .await;
    assert!(told
        .iter()
        .any(|m| decoded(m).contains("An admin removed your passkeys")));
}
