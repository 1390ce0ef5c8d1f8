//! T01–T05 and C04: bearer tokens for apps and machine clients.
use crate::helpers::*;
use reqwest::{header, Client, Response, StatusCode};
use serde_json::{json, Value};
use std::time::Duration as StdDuration;
use time::Duration;

const EMAIL: &str = "ada@example.org";

impl TestApp {
    async fn issue_token(&self, email: &str, password: &str) -> Response {
        bare_client()
            .post(self.url("/api/v1/auth/token"))
            .json(&json!({ "email": email, "password": password, "device_name": "Ada's phone" }))
            .send()
            .await
            .unwrap()
    }

    async fn token(&self) -> String {
        let response = self.issue_token(EMAIL, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn api(&self, client: &Client, path: &str, token: &str) -> Response {
        client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }
}

async fn app_with_user() -> (TestApp, Client) {
    let app = spawn_app().await;
    let browser = client();
    app.register(&browser, EMAIL, "Ada").await;
    (app, browser)
}

async fn assert_invalid_token(response: Response) {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.headers()[header::WWW_AUTHENTICATE]
        .to_str()
        .unwrap()
        .starts_with("Bearer"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "invalid_token");
}

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

    let mut held = Vec::new();
    for _ in 0..app.db.options().get_max_connections() {
        held.push(app.db.acquire().await.unwrap());
    }
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
        sqlx::query_as("SELECT name, token_hash, prefix, last4, scopes FROM api_tokens")
            .fetch_all(&app.db)
            .await
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
    assert_eq!(listed[0]["prefix"], "quire_app_");
    assert_eq!(listed[0]["last4"], &token[token.len() - 4..]);
    assert_eq!(listed[0]["name"], "Ada's phone");
    assert!(listed[0]["last_used_at"].is_i64(), "use is recorded");
}

#[tokio::test]
async fn t03_scopes_are_checked_and_expired_tokens_are_refused() {
    let (app, _) = app_with_user().await;
    let id = app.user_id(EMAIL).await;
    let now = app.clock.now_unix();
    let issued = quire::tokens::server::issue(
        &app.db,
        id,
        quire::tokens::format::TokenKind::Pat,
        "read only",
        vec!["profile:read".into()],
        now,
        now + 3600,
    )
    .await
    .unwrap();
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
    let revoked = bare_client()
        .delete(app.url("/api/v1/auth/token"))
        .bearer_auth(&own)
        .send()
        .await
        .unwrap();
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
    sqlx::query("UPDATE users SET active = FALSE")
        .execute(&app2.db)
        .await
        .unwrap();
    assert_invalid_token(app2.api(&client(), "/api/v1/me", &token).await).await;
    sqlx::query("UPDATE users SET active = TRUE")
        .execute(&app2.db)
        .await
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
async fn token_sign_in_answers_like_browser_sign_in() {
    let (app, _) = app_with_user().await;
    let wrong = app.issue_token(EMAIL, "not the password").await;
    let unknown = app.issue_token("nobody@example.org", PASSWORD).await;
    assert_eq!(
        (wrong.status(), unknown.status()),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());
    let broken = bare_client()
        .post(app.url("/api/v1/auth/token"))
        .body("{nope")
        .header(header::CONTENT_TYPE, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        broken.json::<Value>().await.unwrap()["code"],
        "invalid_request"
    );
    for _ in 0..9 {
        app.issue_token(EMAIL, "not the password").await;
    }
    let limited = app.issue_token(EMAIL, PASSWORD).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key(header::RETRY_AFTER));
    assert_eq!(
        limited.json::<Value>().await.unwrap()["code"],
        "rate_limited"
    );
}

async fn preflight(app: &TestApp, path: &str, origin: &str) -> Response {
    bare_client()
        .request(reqwest::Method::OPTIONS, app.url(path))
        .header(header::ORIGIN, origin)
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn c04_cors_only_for_configured_origins_on_the_api_and_never_on_the_cookie_surface() {
    let closed = spawn_app().await;
    let none = preflight(&closed, "/api/v1/me", "https://app.example.org").await;
    assert!(
        none.headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none(),
        "off by default"
    );

    let app = spawn_app_with(|c| c.api.cors_origins = vec!["https://app.example.org".into()]).await;
    let allowed = preflight(&app, "/api/v1/me", "https://app.example.org").await;
    assert_eq!(
        allowed.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://app.example.org"
    );
    assert!(allowed
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS)
        .is_none());
    let other = preflight(&app, "/api/v1/me", "https://evil.example").await;
    assert!(other
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
    let cookie_surface = preflight(&app, "/api/current_user", "https://app.example.org").await;
    assert!(cookie_surface
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
}

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
    let id = serde_json::from_str::<Value>(&listed).unwrap()[0]["id"]
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
    assert_eq!(app.count("api_tokens").await, 0);
    app.call(&browser, "confirm_password", &[("password", PASSWORD)])
        .await;
    assert_eq!(
        app.call(&browser, "create_token", &pat_form("late"))
            .await
            .status(),
        StatusCode::OK
    );
}

/// Every `/api/v1` route, as the router serves it.
const ROUTES: &[(&str, &str)] = &[
    ("post", "/api/v1/auth/token"),
    ("delete", "/api/v1/auth/token"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/tokens"),
    ("get", "/api/v1/openapi.json"),
];

#[tokio::test]
async fn the_openapi_document_is_3_1_and_describes_every_route() {
    let app = spawn_app().await;
    let doc: Value = bare_client()
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let paths = doc["paths"].as_object().unwrap();
    let mut documented = 0;
    for (path, methods) in paths {
        documented += methods.as_object().unwrap().len();
        for method in methods.as_object().unwrap().keys() {
            assert!(
                ROUTES.contains(&(method.as_str(), path.as_str())),
                "{method} {path} documented but not listed"
            );
        }
    }
    assert_eq!(documented, ROUTES.len(), "every route is documented");
    for (method, path) in ROUTES {
        let request = bare_client().request(method.to_uppercase().parse().unwrap(), app.url(path));
        let body = request.send().await.unwrap().text().await.unwrap();
        assert!(
            !body.contains("No such API route"),
            "{method} {path} is not served"
        );
    }
}

#[tokio::test]
async fn t04_an_admin_can_list_and_revoke_any_users_token() {
    let (app, _) = app_with_user().await;
    let token = app.token().await;
    let id = app.user_id(EMAIL).await;
    let listed = quire::tokens::server::list_for_user(&app.db, id, app.clock.now_unix())
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    quire::tokens::server::revoke_by_admin(&app.db, listed[0].id, app.clock.now_unix())
        .await
        .unwrap();
    assert_invalid_token(app.api(&client(), "/api/v1/me", &token).await).await;
}

#[path = "../examples/mobile_client.rs"]
mod mobile_client;

#[tokio::test]
async fn the_example_client_runs_the_mobile_flow_against_a_live_server() {
    let (app, _) = app_with_user().await;
    let base = app.url("");
    let log = mobile_client::run(&base, EMAIL, PASSWORD)
        .await
        .expect("the flow completes");
    assert!(log.contains(&"signed in as Ada".to_owned()), "{log:?}");
    assert!(
        log.contains(&"the revoked token is refused".to_owned()),
        "{log:?}"
    );
    assert!(mobile_client::run(&base, EMAIL, "wrong password!")
        .await
        .is_err());
}
