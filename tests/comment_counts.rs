//! A post's comment count is kept on its row by triggers (migration 0014), so lists read it
//! instead of counting. It must stay exact whatever adds or removes a comment.
use crate::helpers::*;
use reqwest::StatusCode;

async fn listed_counts(app: &TestApp) -> Vec<(String, i64)> {
    let list = app.get_json("/api/v1/posts").await;
    let posts = list["posts"].as_array().expect("a list of posts");
    posts
        .iter()
        .map(|p| {
            (
                p["slug"].as_str().unwrap().to_owned(),
                p["comment_count"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn comment_counts_follow_every_comment_added_and_deleted() {
    let app = spawn_app().await;
    let author = app.user_with_role("ada@example.org", "Ada", "author").await;
    let reader = app.user_with_role("cy@example.org", "Cy", "reader").await;
    let older = app.new_post(&author, "Older", "Body", true).await;
    let newer = app.new_post(&author, "Newer", "Body", true).await;
    for (slug, body) in [(&newer, "one"), (&newer, "two"), (&older, "three")] {
        let form = [("slug", slug.as_str()), ("body", body)];
        let added = app.call(&reader, "add_comment", &form).await;
        assert_eq!(added.status(), StatusCode::OK);
    }
    app.insert_comments(&older, "cy@example.org", 4, 10).await;
    let counts = vec![(newer.clone(), 2), (older.clone(), 5)];
    assert_eq!(
        listed_counts(&app).await,
        counts,
        "the form and other writers"
    );
    assert!(app.page(&client(), "/").await.contains("2 comments"));

    let first: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT MIN(id) FROM comments"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    let first = first.to_string();
    let deleted = app.call(&reader, "delete_comment", &[("id", &first)]).await;
    assert_eq!(deleted.status(), StatusCode::OK);
    let counts = vec![(newer.clone(), 1), (older.clone(), 5)];
    assert_eq!(listed_counts(&app).await, counts, "a deleted comment");

    let gone = app.call(&author, "delete_post", &[("slug", &newer)]).await;
    assert_eq!(gone.status(), StatusCode::OK);
    assert_eq!(
        listed_counts(&app).await,
        vec![(older, 5)],
        "a deleted post"
    );
}
