//! The API as a contract: sign-in answers, CORS (C04), the OpenAPI document, the example client.
use crate::helpers::*;
use reqwest::{header, Response, StatusCode};
use serde_json::Value;

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
async fn r01_a_bad_device_name_is_a_422_that_names_the_field_and_issues_nothing() {
    let (app, _) = app_with_user().await;
    for name in ["", "   ", &"x".repeat(101)] {
        let response = bare_client()
            .post(app.url("/api/v1/auth/token"))
            .json(&serde_json::json!({ "email": EMAIL, "password": PASSWORD, "device_name": name }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name:?}"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "invalid_request");
        let message = body["message"].as_str().unwrap();
        assert!(message.starts_with("device_name: "), "{message}");
    }
    assert_eq!(app.count("auth_tokens").await, 0);
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

/// Every `/api/v1` route, as the router serves it.
const ROUTES: &[(&str, &str)] = &[
    ("post", "/api/v1/auth/token"),
    ("delete", "/api/v1/auth/token"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/tokens"),
    ("get", "/api/v1/openapi.json"),
    ("get", "/api/v1/posts"),
    ("post", "/api/v1/posts"),
    ("get", "/api/v1/posts/{slug}"),
    ("get", "/api/v1/posts/{slug}/comments"),
    ("post", "/api/v1/posts/{slug}/comments"),
];

#[tokio::test]
async fn the_openapi_document_is_3_1_and_describes_every_route() {
    let app = spawn_app().await;
    let doc: Value = app.get_json("/api/v1/openapi.json").await;
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

#[path = "../examples/mobile_client.rs"]
mod mobile_client;

#[tokio::test]
async fn the_example_client_runs_the_mobile_flow_against_a_live_server() {
    let (app, browser) = app_with_user().await;
    app.set_role(EMAIL, "author").await;
    let slug = app
        .new_post(&browser, "Read by the app", "Hello, phone.", true)
        .await;
    let base = app.url("");
    let log = mobile_client::run(&base, EMAIL, PASSWORD)
        .await
        .expect("the flow completes");
    for line in [
        "signed in as Ada",
        "read 1 post(s)",
        "“Read by the app” has 0 comment(s)",
        "read the first 0 of them",
        &format!("commented on {slug}"),
        "1 token(s) on this account",
        "the revoked token is refused",
    ] {
        assert!(
            log.contains(&line.to_owned()),
            "{line} missing from {log:?}"
        );
    }
    let comment: String = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT body FROM comments"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(comment, "Sent from the example client.");
    assert!(mobile_client::run(&base, EMAIL, "wrong password!")
        .await
        .is_err());
}
