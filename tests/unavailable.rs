//! The database out of reach: every request is answered 503 with `Retry-After`, never a 500 and
//! never "signed out", and the app recovers by itself when the database is back. Simulated by
//! holding the pool's only connection, which is what an unreachable server looks like to a
//! request: no connection within `database.acquire_timeout_seconds`.
use crate::helpers::*;
use reqwest::{header, StatusCode};

fn assert_try_again(response: &reqwest::Response, what: &str) {
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE, "{what}");
    let wait = response.headers().get(header::RETRY_AFTER);
    assert_eq!(wait.and_then(|v| v.to_str().ok()), Some("5"), "{what}");
    assert!(
        session_cookie(response, "quire_session").is_none(),
        "{what}: the session cookie is left alone"
    );
}

/// An app with one pooled connection that a request waits for at most a second, and a
/// browser signed in to it.
async fn signed_in_with_one_connection() -> (TestApp, reqwest::Client) {
    let app = spawn_app_with(|c| {
        c.database.max_connections = 1;
        c.database.acquire_timeout_seconds = 1;
    })
    .await;
    let browser = client();
    app.register(&browser, EMAIL, "Ada").await;
    (app, browser)
}

#[tokio::test]
async fn r05_an_unreachable_database_answers_503_and_the_app_recovers() {
    let (app, browser) = signed_in_with_one_connection().await;
    let token = app.token().await;

    let held = app.hold_connections().await;
    let page = browser
        .get(app.url("/account/sessions"))
        .send()
        .await
        .unwrap();
    assert_try_again(&page, "a signed-in page");
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("you are still signed in"));
    // A page that reads nothing but the session: the session lookup itself answers 503.
    let lookup_only = browser.get(app.url("/sign-in")).send().await.unwrap();
    assert_try_again(&lookup_only, "the session lookup");
    let call = app.call(&browser, "sign_out", &[]).await;
    assert_try_again(&call, "a server function");
    let body: serde_json::Value = call.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!("Unavailable"),
        "the app's error, as JSON"
    );
    let api = app.api(&client(), "/api/v1/me", &token).await;
    assert_try_again(&api, "the API");
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["code"], "unavailable");
    let signed_out = client().get(app.url("/sign-in")).send().await.unwrap();
    assert_eq!(
        signed_out.status(),
        StatusCode::OK,
        "a page that needs no database"
    );

    drop(held);
    assert!(
        app.is_signed_in(&browser).await,
        "still signed in once it is back"
    );
    assert_eq!(
        app.api(&client(), "/api/v1/me", &token).await.status(),
        StatusCode::OK
    );
}

/// The session lookup still answers (on SQLite it has connections of its own) but a page's own
/// data cannot be read: the page says so, and its status says so too.
#[tokio::test]
async fn r05_a_page_whose_data_cannot_be_read_answers_503() {
    let (app, browser) = signed_in_with_one_connection().await;

    let held = app.hold_pool().await;
    for path in ["/account/sessions", "/account/tokens", "/account/security"] {
        let page = browser.get(app.url(path)).send().await.unwrap();
        assert_try_again(&page, path);
        let text = page.text().await.unwrap();
        assert!(text.contains("cannot reach its database"), "{path}");
    }
    drop(held);
    let page = browser.get(app.url("/account/sessions")).send().await;
    assert_eq!(page.unwrap().status(), StatusCode::OK, "back by itself");
}

/// Another client of the database holds its write lock (SQLite) or locks the users table
/// (PostgreSQL) longer than the app will wait (`busy_timeout_seconds`,
/// `statement_timeout_seconds`): a registration is answered 503, writes nothing, and goes
/// through once the lock is gone.
#[tokio::test]
async fn r05_a_write_the_database_cannot_finish_in_time_answers_503() {
    let app = spawn_app_with(|c| {
        c.database.busy_timeout_seconds = 1;
        c.database.statement_timeout_seconds = 1;
    })
    .await;
    let lock = UsersLock::take(&app.state.config.database.url).await;
    let refused = app.register_only(&client(), EMAIL, "Ada").await;
    assert_try_again(&refused, "a registration");

    lock.release().await;
    assert_eq!(app.count("users").await, 0, "nothing was written");
    let accepted = app.register_only(&client(), EMAIL, "Ada").await;
    assert!(accepted.status().is_success(), "{}", accepted.status());
}

/// A bounded load (a signed-in page and a session write, over and over) while the database is
/// out of reach for two seconds (PostgreSQL: its connections cut and new ones refused, as in a
/// restart or failover; SQLite: its write lock held elsewhere): every answer is 200 or 503,
/// never a 500, the app recovers by itself, and nothing committed is lost.
#[tokio::test]
async fn r05_a_database_outage_under_load_answers_only_503_and_loses_nothing() {
    let app = spawn_app_with(|c| {
        c.database.acquire_timeout_seconds = 1;
        c.database.busy_timeout_seconds = 1;
        c.database.statement_timeout_seconds = 1;
    })
    .await;
    let browser = client();
    app.register(&browser, EMAIL, "Ada").await;
    let users = app.count("users").await;
    let load = async {
        let mut statuses = Vec::new();
        let until = tokio::time::Instant::now() + std::time::Duration::from_secs(4);
        while tokio::time::Instant::now() < until {
            let page = browser
                .get(app.url("/account/sessions"))
                .send()
                .await
                .unwrap();
            statuses.push(page.status());
            statuses.push(app.call(&browser, "stay_signed_in", &[]).await.status());
        }
        statuses
    };
    let fault = async {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        outage(&app.state.config.database.url, 2).await;
    };
    let (statuses, ()) = tokio::join!(load, fault);

    let unexpected: Vec<_> = statuses
        .iter()
        .filter(|s| **s != StatusCode::OK && **s != StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?} in {statuses:?}");
    assert!(
        statuses.contains(&StatusCode::SERVICE_UNAVAILABLE),
        "the outage was seen"
    );
    let recovered = browser
        .get(app.url("/account/sessions"))
        .send()
        .await
        .unwrap();
    assert_eq!(recovered.status(), StatusCode::OK, "recovered by itself");
    assert!(app.is_signed_in(&browser).await, "the session survived");
    assert_eq!(app.count("users").await, users);
}
