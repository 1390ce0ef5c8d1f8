//! L06: a password change keeps the account's passkeys and authenticator app, but the password
//! change page and the reset page list those added in the last 30 days, with when and from
//! which device, and remove them with the new password when asked.
use crate::helpers::*;
use quire_auth::links::Purpose;
use reqwest::{Client, StatusCode};

/// The device a thief added things from: shown to the owner by browser, system and IP.
const THIEF_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

/// Ada, signed in on `owner`, with a passkey and an authenticator app added from the thief's
/// browser (which knew her password); mail goes to `sink`.
async fn ada_with_a_thiefs_additions() -> (TestApp, SmtpSink, Client) {
    let sink = SmtpSink::start();
    let app = passkey_app_with(|c| sink.configure(c)).await;
    let owner = client();
    app.register(&owner, EMAIL, "Ada").await;
    let thief = client_with_agent(THIEF_AGENT);
    app.sign_in(&thief, EMAIL, PASSWORD).await;
    app.add_passkey(&thief, "Backup key").await;
    app.enable_totp(&thief).await;
    (app, sink, owner)
}

fn lists_both(page: &str) {
    for expected in [
        "Passkey \u{201c}Backup key\u{201d}",
        "Authenticator app",
        "Firefox on Linux, 127.0.0.1",
        "remove_recent",
    ] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
}

#[tokio::test]
async fn l06_a_password_change_offers_to_remove_what_was_added_recently() {
    let (app, sink, owner) = ada_with_a_thiefs_additions().await;
    lists_both(&app.page(&owner, "/account/password").await);
    let form = [
        ("current_password", PASSWORD),
        ("new_password", NEW_PASSWORD),
        ("remove_recent", "on"),
    ];
    let changed = app.call(&owner, "change_password", &form).await;
    assert_eq!(changed.status(), StatusCode::OK);
    for table in ["auth_passkeys", "auth_totp_factors", "auth_recovery_codes"] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
    let notice = decoded(&sink.wait_about("Your Quire password was changed", 1).await[0]);
    assert!(notice.contains("Removed with it"), "{notice}");
    assert!(notice.contains("Backup key"), "{notice}");
}

#[tokio::test]
async fn l06_a_password_change_keeps_passkeys_unless_asked() {
    let (app, _sink, owner) = ada_with_a_thiefs_additions().await;
    let form = [
        ("current_password", PASSWORD),
        ("new_password", NEW_PASSWORD),
    ];
    let changed = app.call(&owner, "change_password", &form).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(app.count("auth_passkeys").await, 1);
    assert_eq!(app.count("auth_totp_factors").await, 1);
}

#[tokio::test]
async fn l06_the_reset_page_offers_the_same_to_the_links_holder() {
    let (app, _sink, _) = ada_with_a_thiefs_additions().await;
    let holder = client();
    app.open_issued_link(&holder, EMAIL, Purpose::Reset, None)
        .await;
    lists_both(&app.page(&holder, "/reset-password").await);
    let stranger = app.body_of(&client(), "/reset-password").await;
    assert!(!stranger.contains("Backup key"), "no link, no list");
    let form = [("new_password", NEW_PASSWORD), ("remove_recent", "on")];
    let reset = app.call(&holder, "reset_password", &form).await;
    assert_eq!(reset.status(), StatusCode::OK);
    assert_eq!(app.count("auth_passkeys").await, 0);
    assert_eq!(app.count("auth_totp_factors").await, 0);
}

#[tokio::test]
async fn l06_what_was_added_long_ago_is_neither_listed_nor_removed() {
    let (app, _sink, owner) = ada_with_a_thiefs_additions().await;
    app.clock.advance(time::Duration::days(31));
    let owner_again = app
        .signed_in_client_with_code(EMAIL, &totp_secret(&app).await)
        .await;
    drop(owner);
    let page = app.page(&owner_again, "/account/password").await;
    assert!(!page.contains("Backup key"), "{page}");
    assert!(!page.contains("remove_recent"));
    let form = [
        ("current_password", PASSWORD),
        ("new_password", NEW_PASSWORD),
        ("remove_recent", "on"),
    ];
    let changed = app.call(&owner_again, "change_password", &form).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(app.count("auth_passkeys").await, 1);
    assert_eq!(app.count("auth_totp_factors").await, 1);
}

async fn totp_secret(app: &TestApp) -> String {
    quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT secret FROM auth_totp_factors"
    )
    .fetch_one(exe)
    .await)
    .unwrap()
}
