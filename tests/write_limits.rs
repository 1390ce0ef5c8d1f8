//! A02: writes are limited per account and per client IP: 429 with Retry-After (a message on
//! the page without JavaScript), nothing written, one audit entry per run of refusals, and the
//! allowance refills with time.
use crate::helpers::*;
use reqwest::{header, Response, StatusCode};
use serde_json::{json, Value};
use time::Duration;

fn retry_after(response: &Response) -> i64 {
    response.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

async fn audited_refusals(app: &TestApp) -> Vec<String> {
    quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE event = 'rate_limited'"
    )
    .fetch_all(exe)
    .await)
    .unwrap()
}

#[tokio::test]
async fn a02_one_account_cannot_flood_a_post_with_comments() {
    let app = spawn_app_with(|c| {
        c.limits.comments_per_account = 3;
        c.limits.write_window_seconds = 60;
    })
    .await;
    let author = app.user_with_role(EMAIL, "Ada", "author").await;
    let slug = app.new_post(&author, "Open", "Comment away", true).await;
    let form = [("slug", slug.as_str()), ("body", "Hello")];
    for n in 1..=3 {
        let response = app.call(&author, "add_comment", &form).await;
        assert_eq!(response.status(), StatusCode::OK, "comment {n}");
    }
    let mut wait = 0;
    for _ in 0..3 {
        let refused = app.call(&author, "add_comment", &form).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        wait = retry_after(&refused);
        assert!(
            (1..=20).contains(&wait),
            "one of 3 a minute refills in 20 s: {wait}"
        );
        assert!(refused.text().await.unwrap().contains("TooManyRequests"));
    }
    assert_eq!(
        app.count("comments").await,
        3,
        "nothing written when refused"
    );
    assert_eq!(
        audited_refusals(&app).await,
        ["comments per account"],
        "audited once"
    );

    let other = app.user_with_role("bo@example.org", "Bo", "reader").await;
    let theirs = app.call(&other, "add_comment", &form).await;
    assert_eq!(
        theirs.status(),
        StatusCode::OK,
        "another account has its own allowance"
    );

    app.clock.advance(Duration::seconds(wait));
    let again = app.call(&author, "add_comment", &form).await;
    assert_eq!(again.status(), StatusCode::OK, "the allowance refills");
}

#[tokio::test]
async fn a02_accounts_behind_one_ip_share_its_allowance() {
    let app = spawn_app_with(|c| c.limits.comments_per_ip = 2).await;
    let author = app.user_with_role(EMAIL, "Ada", "author").await;
    let slug = app.new_post(&author, "Open", "Comment away", true).await;
    let form = [("slug", slug.as_str()), ("body", "Hello")];
    assert_eq!(
        app.call(&author, "add_comment", &form).await.status(),
        StatusCode::OK
    );
    let other = app.user_with_role("bo@example.org", "Bo", "reader").await;
    assert_eq!(
        app.call(&other, "add_comment", &form).await.status(),
        StatusCode::OK
    );
    let third = app.user_with_role("cy@example.org", "Cy", "reader").await;
    let refused = app.call(&third, "add_comment", &form).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(audited_refusals(&app).await, ["comments per IP"]);
}

#[tokio::test]
async fn a02_registrations_are_limited_per_ip() {
    let app = spawn_app_with(|c| c.limits.registrations_per_ip = 2).await;
    for email in ["a@example.org", "b@example.org"] {
        assert_eq!(
            app.register(&client(), email, "Someone").await.status(),
            StatusCode::OK
        );
    }
    let refused = app.register(&client(), "c@example.org", "Someone").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&refused) >= 1);
    assert_eq!(app.count("users").await, 2);
}

#[tokio::test]
async fn a02_posts_through_the_api_answer_rate_limited_with_retry_after() {
    let app = spawn_app_with(|c| c.limits.posts_per_account = 2).await;
    app.user_with_role(EMAIL, "Ada", "author").await;
    let token = app.token().await;
    let post = |title: &'static str| {
        bare_client()
            .post(app.url("/api/v1/posts"))
            .bearer_auth(&token)
            .json(&json!({ "title": title, "body": "Text", "published": true }))
            .send()
    };
    assert_eq!(post("One").await.unwrap().status(), StatusCode::CREATED);
    assert_eq!(post("Two").await.unwrap().status(), StatusCode::CREATED);
    let refused = post("Three").await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&refused) >= 1);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
    assert_eq!(app.count("posts").await, 2);
}

#[tokio::test]
async fn a02_new_tokens_count_personal_and_app_tokens_together() {
    let app = spawn_app_with(|c| c.limits.tokens_per_account = 2).await;
    let user = client();
    app.register(&user, EMAIL, "Ada").await;
    assert_eq!(
        app.issue_token(EMAIL, PASSWORD).await.status(),
        StatusCode::CREATED
    );
    let form = [
        ("name", "ci"),
        ("expires_days", "30"),
        ("profile_read", "on"),
    ];
    assert_eq!(
        app.call(&user, "create_token", &form).await.status(),
        StatusCode::OK
    );
    let refused = app.call(&user, "create_token", &form).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let app_sign_in = app.issue_token(EMAIL, PASSWORD).await;
    assert_eq!(app_sign_in.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.count("auth_tokens").await, 2);
}

#[tokio::test]
async fn a02_without_javascript_the_refusal_is_a_message_on_the_page() {
    let app = spawn_app_with(|c| c.limits.comments_per_account = 1).await;
    let author = app.user_with_role(EMAIL, "Ada", "author").await;
    let slug = app.new_post(&author, "Open", "Comment away", true).await;
    let post_page = app.url(&format!("/posts/{slug}"));
    let form = [("slug", slug.as_str()), ("body", "Hello")];
    let send = || {
        app.post(&author, "/api/add_comment")
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, &post_page)
            .form(&form)
            .send()
    };
    let first = send().await.unwrap();
    assert!(first.status().is_redirection());
    let location = first.headers()[header::LOCATION].to_str().unwrap();
    assert!(
        location.starts_with(&format!("/posts/{slug}?page=1#comment-")),
        "{location}"
    );

    let refused = send().await.unwrap();
    assert!(refused.status().is_redirection(), "{}", refused.status());
    let back = refused.headers()[header::LOCATION].to_str().unwrap();
    let back = back.trim_start_matches(&app.origin()).to_owned();
    let page = app.page(&author, &back).await;
    assert!(page.contains("Too many attempts. Try again in"), "{back}");
    assert_eq!(app.count("comments").await, 1);
}
