//! T01–T05 and C04: bearer tokens for apps and machine clients.
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::time::Duration as StdDuration;
use time::Duration;

#[tokio::test]
async fn t01_tokens_have_the_format_and_a_corrupted_one_is_refused_before_any_query() {
    let (app, _) = app_with_user().await;
    let token = app.token().await;
    assert!(
        token.starts_with("quire_app_") && token.len() == 38,
        "{token}"
    );
    let mut corrupted = token.clone().into_bytes();
    corrupted[12] = if corrupted[12] == b'x' { b'y' } else { b'x' };
    let corrupted = String::from_utf8(corrupted).unwrap();

    let held = app.hold_connections().await;
    let quick = Client::builder()
        .timeout(StdDuration::from_secs(2))
        .build()
        .unwrap();
    assert_invalid_token(app.api(&quick, "/api/v1/me", &corrupted).await).await;
    // Control: a well-formed token needs its lookup and waits for a connection.
    let waiting = tokio::time::timeout(
        StdDuration::from_millis(500),
        app.api(&client(), "/api/v1/me", &token),
    )
    .await;
    assert!(waiting.is_err());
    drop(held);
    assert_eq!(
        app.api(&client(), "/api/v1/me", &token).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn t02_only_the_hash_is_stored_and_lists_show_no_secret() {
    let (app, _) = app_with_user().await;
    let token = app.token().await;
    let rows: Vec<(String, String, String, String, String)> =
        quire_auth::on_db!(app.db, |exe| sqlx::query_as(
            "SELECT name, token_hash, prefix, last4, scopes FROM auth_tokens"
        )
        .fetch_all(exe)
        .await)
        .unwrap();
    let (name, hash, prefix, last4, scopes) = &rows[0];
    for column in [name, hash, prefix, last4, scopes] {
        assert!(!column.contains(&token), "token stored in clear");
    }
    assert_eq!(
        hash,
        &hex::encode(<sha2::Sha256 as sha2::Digest>::digest(token.as_bytes()))
    );
    let listed = app
        .api(&client(), "/api/v1/tokens", &token)
        .await
        .text()
        .await
        .unwrap();
    assert!(!listed.contains(&token));
    let listed: Value = serde_json::from_str(&listed).unwrap();
    let listed = &listed["tokens"];
    assert_eq!(listed[0]["prefix"], "quire_app_");
    assert_eq!(listed[0]["last4"], &token[token.len() - 4..]);
    assert_eq!(listed[0]["name"], "Ada's phone");
    let used = listed[0]["last_used_at"].as_str().expect("use is recorded");
    assert!(
        quire::timestamp::Timestamp::parse_rfc3339(used).is_some(),
        "RFC 3339: {used}"
    );
}

#[tokio::test]
async fn t03_scopes_are_checked_and_expired_tokens_are_refused() {
    let (app, _) = app_with_user().await;
    let now = app.clock.now_unix();
    let owner = app.identity(EMAIL).await;
    let mut tx = quire_auth::db::write(&app.db).await.unwrap();
    let issued = (app.state.tokens)
        .issue(
            &mut tx,
            &owner,
            quire_auth::token_format::TokenKind::Pat,
            "read only",
            &[quire::api::Scope::ProfileRead],
            now + 3600,
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        app.api(&client(), "/api/v1/me", &issued.token)
            .await
            .status(),
        StatusCode::OK
    );
    let refused = app.api(&client(), "/api/v1/tokens", &issued.token).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        refused.json::<Value>().await.unwrap()["code"],
        "insufficient_scope"
    );

    app.clock.advance(Duration::hours(1));
    assert_invalid_token(app.api(&client(), "/api/v1/me", &issued.token).await).await;
}

#[tokio::test]
async fn t04_revoked_by_the_user_by_a_password_change_and_by_deactivation() {
    let (app, browser) = app_with_user().await;
    let own = app.token().await;
    let revoked = app.revoke_own_token(&own).await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert_invalid_token(app.api(&client(), "/api/v1/me", &own).await).await;

    let before_change = app.token().await;
    let form = [
        ("current_password", PASSWORD),
        ("new_password", "an even longer passphrase"),
    ];
    assert_eq!(
        app.call(&browser, "change_password", &form).await.status(),
        StatusCode::OK
    );
    assert_invalid_token(app.api(&client(), "/api/v1/me", &before_change).await).await;

    let app2 = spawn_app().await;
    app2.register(&client(), EMAIL, "Ada").await;
    let token = app2.token().await;
    quire_auth::on_db!(app2.db, |exe| sqlx::query(
        "UPDATE auth_accounts SET active = FALSE"
    )
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))
    .unwrap();
    assert_invalid_token(app2.api(&client(), "/api/v1/me", &token).await).await;
    quire_auth::on_db!(app2.db, |exe| sqlx::query(
        "UPDATE auth_accounts SET active = TRUE"
    )
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))
    .unwrap();
    assert_invalid_token(app2.api(&client(), "/api/v1/me", &token).await).await;
}

#[tokio::test]
async fn t05_the_api_ignores_cookies_and_browser_routes_ignore_bearer_tokens() {
    let (app, browser) = app_with_user().await;
    assert_invalid_token(browser.get(app.url("/api/v1/me")).send().await.unwrap()).await;
    let token = app.token().await;
    let fn_call = app
        .post(&client(), "/api/current_user")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        fn_call.text().await.unwrap(),
        "null",
        "a server function sees no user"
    );
    let unknown = format!("quire_app_{}", "A".repeat(28));
    let (a, b) = (
        app.api(&client(), "/api/v1/me", &unknown).await,
        app.api(&client(), "/api/v1/me", "").await,
    );
    assert_eq!(
        (a.status(), b.status()),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(
        a.text().await.unwrap(),
        b.text().await.unwrap(),
        "one answer for every bad token"
    );
}

#[tokio::test]
async fn t04_an_admin_can_list_and_revoke_any_users_token() {
    let (app, _) = app_with_user().await;
    let token = app.token().await;
    let id = app.user_id(EMAIL).await.to_string();
    let admin = app
        .user_with_role("root@example.org", "Root", "admin")
        .await;
    let page = app.page(&admin, &format!("/admin/tokens?user={id}")).await;
    assert!(
        page.contains("Ada&#x27;s phone") || page.contains("Ada's phone"),
        "listed"
    );
    assert!(!page.contains(&token), "never the secret");
    let token_id: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT id FROM auth_tokens"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    let form = [
        ("user_id", id.as_str()),
        ("token_id", &token_id.to_string()),
    ];
    let reader = app.user_with_role("bo@example.org", "Bo", "reader").await;
    let refused = app.call(&reader, "admin_revoke_token", &form).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "not for readers");
    assert_eq!(
        app.api(&client(), "/api/v1/me", &token).await.status(),
        StatusCode::OK
    );
    let revoked = app.call(&admin, "admin_revoke_token", &form).await;
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_invalid_token(app.api(&client(), "/api/v1/me", &token).await).await;
}
