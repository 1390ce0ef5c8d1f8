//! The posts and comments routes of `/api/v1` (T03 scopes, T05 separation, L08 fresh roles).
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

/// A personal access token with exactly `scopes` (form names such as `posts_write`).
async fn pat(app: &TestApp, browser: &Client, scopes: &[&str]) -> String {
    let mut form = vec![("name", "test"), ("expires_days", "7")];
    form.extend(scopes.iter().map(|s| (*s, "on")));
    let response = app.call(browser, "create_token", &form).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn post_json(app: &TestApp, path: &str, token: &str, body: Value) -> reqwest::Response {
    bare_client()
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn code_of(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    (status, body["code"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn t03_writing_a_post_needs_the_posts_write_scope_and_the_author_role() {
    let app = spawn_app().await;
    let browser = app.user_with_role(EMAIL, "Ada", "reader").await;
    let read_only = pat(&app, &browser, &["profile_read"]).await;
    let writer = pat(&app, &browser, &["posts_write"]).await;
    let post = json!({ "title": "From the API", "body": "**Hi** <script>x()</script>", "published": true });

    let refused = post_json(&app, "/api/v1/posts", &read_only, post.clone()).await;
    assert_eq!(
        code_of(refused).await,
        (StatusCode::FORBIDDEN, "insufficient_scope".into())
    );
    let reader = post_json(&app, "/api/v1/posts", &writer, post.clone()).await;
    assert_eq!(
        code_of(reader).await,
        (StatusCode::FORBIDDEN, "forbidden".into()),
        "a reader"
    );
    assert_eq!(app.count("posts").await, 0);

    app.set_role(EMAIL, "author").await;
    let created = post_json(&app, "/api/v1/posts", &writer, post.clone()).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let slug = created.json::<Value>().await.unwrap()["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(slug, "from-the-api");

    let list: Value = app.get_json("/api/v1/posts").await;
    assert_eq!(list["posts"][0]["slug"], "from-the-api");
    assert_eq!(list["has_more"], false);
    let one: Value = app.get_json("/api/v1/posts/from-the-api").await;
    // Times on the API are RFC 3339 UTC strings, the same everywhere.
    let published = one["published_at"].as_str().unwrap();
    let parsed = quire::timestamp::Timestamp::parse_rfc3339(published);
    assert_eq!(
        parsed.map(|t| t.0),
        Some(app.clock.now_unix()),
        "{published}"
    );
    assert_eq!(list["posts"][0]["published_at"], one["published_at"]);
    let html = one["html"].as_str().unwrap();
    assert!(
        html.contains("<strong>Hi</strong>") && !html.contains("<script"),
        "{html}"
    );

    let invalid = post_json(&app, "/api/v1/posts", &writer, json!({ "title": "" })).await;
    assert_eq!(
        invalid.status(),
        StatusCode::BAD_REQUEST,
        "missing body field"
    );

    app.set_role(EMAIL, "reader").await;
    let demoted = post_json(&app, "/api/v1/posts", &writer, post).await;
    assert_eq!(
        demoted.status(),
        StatusCode::FORBIDDEN,
        "L08: the role is read on each request"
    );
}

#[tokio::test]
async fn t03_commenting_needs_the_comments_write_scope() {
    let app = spawn_app().await;
    let author = app.user_with_role("bo@example.org", "Bo", "author").await;
    let slug = app
        .new_post(&author, "Open for comments", "Text", true)
        .await;
    let draft = app.new_post(&author, "Hidden draft", "Text", false).await;
    let browser = app.user_with_role(EMAIL, "Ada", "reader").await;
    let read_only = pat(&app, &browser, &["profile_read"]).await;
    let commenter = pat(&app, &browser, &["comments_write"]).await;
    let path = format!("/api/v1/posts/{slug}/comments");

    let refused = post_json(&app, &path, &read_only, json!({ "body": "Hi" })).await;
    assert_eq!(
        code_of(refused).await,
        (StatusCode::FORBIDDEN, "insufficient_scope".into())
    );
    let empty = post_json(&app, &path, &commenter, json!({ "body": " " })).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let hidden = post_json(
        &app,
        &format!("/api/v1/posts/{draft}/comments"),
        &commenter,
        json!({ "body": "Hi" }),
    )
    .await;
    assert_eq!(
        code_of(hidden).await,
        (StatusCode::NOT_FOUND, "not_found".into())
    );
    let bad = bare_client()
        .post(app.url(&path))
        .bearer_auth(&commenter)
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.count("comments").await, 0);

    let ok = post_json(
        &app,
        &path,
        &commenter,
        json!({ "body": "Hello from a phone" }),
    )
    .await;
    assert_eq!(ok.status(), StatusCode::CREATED);
    let post: Value = app.get_json(&format!("/api/v1/posts/{slug}")).await;
    assert_eq!(post["comment_count"], 1);
    let page: Value = app
        .get_json(&format!("/api/v1/posts/{slug}/comments"))
        .await;
    assert_eq!(page["comments"][0]["body"], "Hello from a phone");
    assert_eq!(page["comments"][0]["author"], "Ada");
    assert_eq!(page["has_more"], false);
    let draft_read = bare_client()
        .get(app.url(&format!("/api/v1/posts/{draft}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        draft_read.status(),
        StatusCode::NOT_FOUND,
        "drafts are not public"
    );
}

#[tokio::test]
async fn t05_the_post_routes_ignore_cookies() {
    let app = spawn_app().await;
    let browser = app.user_with_role(EMAIL, "Ada", "author").await;
    let with_cookie = app
        .post(&browser, "/api/v1/posts")
        .json(&json!({ "title": "Cookie", "body": "Should not work", "published": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(with_cookie.status(), StatusCode::UNAUTHORIZED);
    assert!(with_cookie
        .headers()
        .contains_key(reqwest::header::WWW_AUTHENTICATE));
    assert_eq!(app.count("posts").await, 0);
    let page = bare_client()
        .get(app.url("/api/v1/posts?page=0"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        code_of(page).await,
        (StatusCode::BAD_REQUEST, "invalid_request".into())
    );
}
