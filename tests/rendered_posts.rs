//! X06: a post's HTML and excerpt are stored when it is saved, with the renderer version that
//! made them, and a row stored by another version is never shown as it was stored.
use crate::helpers::*;
use quire::posts::markdown::RENDERER_VERSION;

#[derive(sqlx::FromRow)]
struct Stored {
    html: String,
    excerpt: String,
    rendered_with: i64,
}

async fn stored(app: &TestApp, slug: &str) -> Stored {
    quire_auth::on_db!(app.db, |exe| sqlx::query_as(
        "SELECT html, excerpt, rendered_with FROM posts WHERE slug = $1"
    )
    .bind(slug)
    .fetch_one(exe)
    .await)
    .unwrap()
}

#[tokio::test]
async fn x06_saving_a_post_stores_its_rendering_and_an_edit_replaces_it() {
    let app = spawn_app().await;
    let author = app.user_with_role(EMAIL, "Ada", "author").await;
    let slug = app
        .new_post(&author, "Stored", "# Hi\n\n*there*", true)
        .await;
    let row = stored(&app, &slug).await;
    assert_eq!(row.rendered_with, RENDERER_VERSION);
    assert!(row.html.contains("<em>there</em>"), "{}", row.html);
    assert_eq!(row.excerpt, "Hi there");

    app.save_post(&author, Some(&slug), "Stored", "Edited **now**", true)
        .await;
    let row = stored(&app, &slug).await;
    assert!(row.html.contains("<strong>now</strong>"), "{}", row.html);
    assert_eq!(row.excerpt, "Edited now");
}

/// A row as an older renderer with a laxer policy might have left it: the stored HTML runs a
/// script. Pages render it afresh until the start-up job stores the current rendering.
#[tokio::test]
async fn x06_a_renderer_change_covers_posts_stored_before_it() {
    let app = spawn_app().await;
    let author = app.user_with_role(EMAIL, "Ada", "author").await;
    let slug = app.new_post(&author, "Old", "Kept *safe*", true).await;
    quire_auth::on_db!(app.db, |exe| sqlx::query(
        "UPDATE posts SET html = '<script>alert(1)</script>', excerpt = 'stale', \
         rendered_with = $1 WHERE slug = $2",
    )
    .bind(RENDERER_VERSION - 1)
    .bind(&slug)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))
    .unwrap();

    let page = app.page(&client(), &format!("/posts/{slug}")).await;
    assert!(!page.contains("alert(1)") && page.contains("<em>safe</em>"));
    let home = app.page(&client(), "/").await;
    assert!(home.contains("Kept safe") && !home.contains("stale"));
    let api = app.get_json(&format!("/api/v1/posts/{slug}")).await;
    assert!(api["html"].as_str().unwrap().contains("<em>safe</em>"));

    assert_eq!(quire::posts::rendered::refresh(&app.db).await.unwrap(), 1);
    let row = stored(&app, &slug).await;
    assert_eq!(row.rendered_with, RENDERER_VERSION);
    assert!(row.html.contains("<em>safe</em>") && !row.html.contains("script"));
    assert_eq!(row.excerpt, "Kept safe");
    assert_eq!(quire::posts::rendered::refresh(&app.db).await.unwrap(), 0);
}
