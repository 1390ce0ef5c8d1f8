//! Comment rules, and the editor as a plain form (no JavaScript).
use crate::helpers::*;
use reqwest::{header, StatusCode};

#[tokio::test]
async fn comments_need_a_signed_in_user_and_a_sensible_length() {
    let app = spawn_app().await;
    let author = app.user_with_role("ada@example.org", "Ada", "author").await;
    let slug = app.new_post(&author, "Open", "Comment away", true).await;
    let form = [("slug", slug.as_str()), ("body", "Hello")];
    assert_eq!(
        app.call(&client(), "add_comment", &form).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let long = "x".repeat(2001);
    for body in ["", "   ", long.as_str()] {
        let form = [("slug", slug.as_str()), ("body", body)];
        let response = app.call(&author, "add_comment", &form).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{} chars",
            body.len()
        );
    }
    let form = [("slug", "no-such-post"), ("body", "Hello")];
    assert_eq!(
        app.call(&author, "add_comment", &form).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.count("comments").await, 0);
}

#[tokio::test]
async fn the_editor_works_as_a_plain_form_without_javascript() {
    let app = spawn_app().await;
    let author = app.user_with_role("ada@example.org", "Ada", "author").await;
    let editor = app.page(&author, "/write").await;
    assert!(editor.contains("name=\"title\"") && editor.contains("name=\"body\""));
    let response = app
        .post(&author, "/api/save_post")
        .header(header::ACCEPT, "text/html")
        .form(&[
            ("title", "No JS"),
            ("body", "# Plain form"),
            ("published", "on"),
        ])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    assert_eq!(location, "/posts/no-js");
    let page = app.page(&client(), location).await;
    assert!(
        page.contains("<h1>Plain form</h1>"),
        "Markdown rendered on the server"
    );
}
