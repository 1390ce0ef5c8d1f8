//! Personal access tokens made in the account: shown once, listed without secret, revoked.
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use time::Duration;

fn pat_form(name: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("name", name),
        ("expires_days", "30"),
        ("profile_read", "on"),
    ]
}

#[tokio::test]
async fn t02_a_personal_token_is_shown_once_listed_without_secret_and_revocable_in_the_account() {
    let (app, browser) = app_with_user().await;
    let created: Value = app
        .call(&browser, "create_token", &pat_form("ci"))
        .await
        .json()
        .await
        .unwrap();
    let token = created["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("quire_pat_"));
    assert_eq!(
        app.api(&client(), "/api/v1/me", &token).await.status(),
        StatusCode::OK
    );

    let listed = app
        .call(&browser, "list_tokens", &[])
        .await
        .text()
        .await
        .unwrap();
    assert!(!listed.contains(&token), "lists never carry the secret");
    let id = serde_json::from_str::<Value>(&listed).unwrap()["items"][0]["id"]
        .as_i64()
        .unwrap()
        .to_string();

    let eve = client();
    app.register(&eve, "eve@example.org", "Eve").await;
    let theirs = app.call(&eve, "revoke_token", &[("id", id.as_str())]).await;
    assert_eq!(
        theirs.status(),
        StatusCode::NOT_FOUND,
        "nobody else can revoke it"
    );
    assert_eq!(
        app.call(&browser, "revoke_token", &[("id", id.as_str())])
            .await
            .status(),
        StatusCode::OK
    );
    assert_invalid_token(app.api(&client(), "/api/v1/me", &token).await).await;
}

#[tokio::test]
async fn l11_creating_a_token_needs_sudo_mode_and_valid_choices() {
    let (app, browser) = app_with_user().await;
    let no_scope = app
        .call(
            &browser,
            "create_token",
            &[("name", "x"), ("expires_days", "30")],
        )
        .await;
    assert_eq!(no_scope.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let too_long = [
        ("name", "x"),
        ("expires_days", "400"),
        ("profile_read", "on"),
    ];
    assert_eq!(
        app.call(&browser, "create_token", &too_long).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    app.clock.advance(Duration::minutes(11));
    let refused = app.call(&browser, "create_token", &pat_form("late")).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("SudoRequired"));
    assert_eq!(app.count("auth_tokens").await, 0);
    app.call(&browser, "confirm_password", &[("password", PASSWORD)])
        .await;
    assert_eq!(
        app.call(&browser, "create_token", &pat_form("late"))
            .await
            .status(),
        StatusCode::OK
    );
}

/// The Tokens page's form as a browser without JavaScript sends it.
async fn post_token_form(app: &TestApp, browser: &Client, name: &str) -> reqwest::Response {
    let form = [
        ("name", name),
        ("expires_days", "30"),
        ("profile_read", "on"),
    ];
    app.post(browser, "/account/tokens")
        .header(reqwest::header::ACCEPT, "text/html")
        .form(&form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn t02_without_javascript_a_new_token_is_shown_once_in_the_answer_and_stored_hashed() {
    let (app, browser) = app_with_user().await;
    let response = post_token_form(&app, &browser, "no-js").await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "answered with the page, not a redirect"
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    let html = response.text().await.unwrap();
    let start = html
        .find("<code id=\"new-token\">")
        .expect("the token is shown")
        + 21;
    let token = &html[start..start + html[start..].find('<').unwrap()];
    assert!(token.starts_with("quire_pat_"), "{token}");
    let me = app.api(&client(), "/api/v1/me", token).await;
    assert_eq!(me.status(), StatusCode::OK, "the shown token works");
    let stored: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM auth_tokens WHERE token_hash = $1"
    )
    .bind(token)
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(stored, 0, "only its hash is stored");
    let again = app.page(&browser, "/account/tokens").await;
    assert!(!again.contains(token), "never shown again");
}

#[tokio::test]
async fn l11_without_javascript_a_token_needs_sudo_mode_and_bad_input_creates_nothing() {
    let (app, browser) = app_with_user().await;
    let refused = post_token_form(&app, &browser, "")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        refused.contains("Give the token a name"),
        "the field's message is shown"
    );
    app.clock.advance(Duration::minutes(11));
    let html = post_token_form(&app, &browser, "late")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("confirm your password"),
        "the sudo prompt is shown"
    );
    assert!(!html.contains("quire_pat_"));
    assert_eq!(app.count("auth_tokens").await, 0);
}
