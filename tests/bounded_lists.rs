//! A01: every list is bounded. Many rows go straight into the database; each page and API list
//! then shows one page of them, and its response stays small however long the list grows.
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

const PER_PAGE: usize = 20;
/// Comments of this many characters, 250 of them: 250 KB of text if a page showed them all.
const COMMENT_CHARS: usize = 1000;
const COMMENTS: usize = 250;
/// Twice one page of comments (the HTML and the hydration data), and room for the page itself.
const MAX_POST_PAGE_BYTES: usize = 2 * PER_PAGE * COMMENT_CHARS + 40_000;

fn occurrences(page: &str, needle: &str) -> usize {
    page.matches(needle).count()
}

#[tokio::test]
async fn a01_a_post_page_shows_one_page_of_comments_however_many_there_are() {
    let app = spawn_app().await;
    let author = app.user_with_role(EMAIL, "Ada", "author").await;
    let slug = app.new_post(&author, "Busy", "Many comments", true).await;
    app.insert_comments(&slug, EMAIL, COMMENTS, COMMENT_CHARS)
        .await;

    let first = app.page(&client(), &format!("/posts/{slug}")).await;
    assert_eq!(occurrences(&first, "class=\"comment\""), PER_PAGE);
    assert!(
        first.len() < MAX_POST_PAGE_BYTES,
        "{} bytes for one page of comments",
        first.len()
    );
    assert!(
        first.contains(&format!("Comments ({COMMENTS})")),
        "the count is of all of them"
    );
    assert!(
        first.contains("rel=\"next\""),
        "a way on to the later comments"
    );

    let last_page = COMMENTS.div_ceil(PER_PAGE);
    let last = app
        .page(&client(), &format!("/posts/{slug}?page={last_page}"))
        .await;
    let on_last = COMMENTS - (last_page - 1) * PER_PAGE;
    assert_eq!(occurrences(&last, "class=\"comment\""), on_last);
    assert!(!last.contains("rel=\"next\"") && last.contains("rel=\"prev\""));

    let home = app.page(&client(), "/").await;
    assert!(
        home.contains(&format!("{COMMENTS} comments")),
        "counted on the home page"
    );
    let bad = client()
        .get(app.url(&format!("/posts/{slug}?page=0")))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a01_the_api_pages_comments_and_sends_a_post_without_them() {
    let app = spawn_app().await;
    let author = app.user_with_role(EMAIL, "Ada", "author").await;
    let slug = app.new_post(&author, "Busy", "Many comments", true).await;
    app.insert_comments(&slug, EMAIL, COMMENTS, COMMENT_CHARS)
        .await;

    let post = app
        .body_of(&bare_client(), &format!("/api/v1/posts/{slug}"))
        .await;
    assert!(post.len() < 2_000, "{} bytes", post.len());
    let post: Value = serde_json::from_str(&post).unwrap();
    assert_eq!(post["comment_count"], COMMENTS);

    let path = format!("/api/v1/posts/{slug}/comments");
    let page: Value = app.get_json(&path).await;
    assert_eq!(page["comments"].as_array().unwrap().len(), PER_PAGE);
    assert_eq!(page["has_more"], true);
    let last_page = COMMENTS.div_ceil(PER_PAGE);
    let last: Value = app.get_json(&format!("{path}?page={last_page}")).await;
    let on_last = COMMENTS - (last_page - 1) * PER_PAGE;
    assert_eq!(last["comments"].as_array().unwrap().len(), on_last);
    assert_eq!(last["has_more"], false);

    let listed: Value = app.get_json("/api/v1/posts").await;
    assert_eq!(listed["posts"][0]["comment_count"], COMMENTS);
}

#[tokio::test]
async fn a01_an_authors_own_posts_are_paged() {
    let app = spawn_app().await;
    let author = app.user_with_role(EMAIL, "Ada", "author").await;
    app.insert_drafts(EMAIL, 45).await;
    let first = app.page(&author, "/my-posts").await;
    assert_eq!(occurrences(&first, "<h2><a href=\"/posts/bulk-"), PER_PAGE);
    let third = app.page(&author, "/my-posts?page=3").await;
    assert_eq!(occurrences(&third, "<h2><a href=\"/posts/bulk-"), 5);
    let listed: Value = app
        .call(&author, "my_posts", &[("page", "2")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), PER_PAGE);
    assert_eq!(listed["has_more"], true);
}

#[tokio::test]
async fn a01_token_lists_are_paged_in_the_account_the_api_and_the_admin_console() {
    let app = spawn_app().await;
    let user = client();
    app.register(&user, EMAIL, "Ada").await;
    app.insert_tokens(EMAIL, 45).await;
    let ada = app.user_id(EMAIL).await;

    let own: Value = app
        .call(&user, "list_tokens", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own["items"].as_array().unwrap().len(), PER_PAGE);
    assert_eq!(own["has_more"], true);
    let page = app.page(&user, "/account/tokens?page=3").await;
    assert_eq!(occurrences(&page, ">Revoke</button>"), 5);

    let token = app.token().await;
    let api: Value = app
        .api(&client(), "/api/v1/tokens?page=2", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(api["tokens"].as_array().unwrap().len(), PER_PAGE);

    let admin = app
        .user_with_role("root@example.org", "Root", "admin")
        .await;
    let console = app.page(&admin, &format!("/admin/tokens?user={ada}")).await;
    assert_eq!(occurrences(&console, ">Revoke</button>"), PER_PAGE);
    assert!(
        console.contains(&format!("?user={ada}&amp;page=2")),
        "pager keeps the user"
    );
}

#[tokio::test]
async fn a01_the_sessions_page_lists_at_most_the_per_user_limit() {
    let app = spawn_app_with(|c| c.session.max_per_user = 5).await;
    let user = client();
    app.register(&user, EMAIL, "Ada").await;
    app.insert_sessions(EMAIL, 30).await;
    let listed: Value = app
        .call(&user, "list_sessions", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 5);
}

/// The plan the database chose for `sql` with every placeholder bound to 1, one step a line.
/// PostgreSQL picks by table statistics, and on a test's tiny tables a scan and a sort always
/// win; with both made as costly as it allows, it still sorts when no index gives the order.
async fn plan(app: &TestApp, sql: &str, placeholders: usize) -> String {
    match app.db.handle() {
        quire_auth::db::Handle::Sqlite(pool) => {
            let explain = format!("EXPLAIN QUERY PLAN {sql}");
            let mut query =
                sqlx::query_as::<_, (i64, i64, i64, String)>(&explain).persistent(false);
            for _ in 0..placeholders {
                query = query.bind(1);
            }
            let steps = query.fetch_all(pool).await.unwrap();
            steps
                .into_iter()
                .map(|s| s.3)
                .collect::<Vec<_>>()
                .join("\n")
        }
        quire_auth::db::Handle::Postgres(pool) => {
            let mut conn = pool.acquire().await.unwrap();
            for setting in ["SET enable_sort = off", "SET enable_seqscan = off"] {
                sqlx::query(setting).execute(&mut *conn).await.unwrap();
            }
            let explain = format!("EXPLAIN {sql}");
            let mut query = sqlx::query_scalar::<_, String>(&explain).persistent(false);
            for _ in 0..placeholders {
                query = query.bind(1_i64);
            }
            let steps = query.fetch_all(&mut *conn).await.unwrap();
            // The pool keeps the connection: put the planner back as it was.
            sqlx::query("RESET ALL").execute(&mut *conn).await.unwrap();
            steps.join("\n").to_uppercase()
        }
    }
}

/// Pushed harder (no write limits, 27,000 posts in three minutes), the home page was the first
/// thing to slow down: it sorted every post to show twenty. Each paged list now walks an index.
#[tokio::test]
async fn a01_paged_lists_walk_an_index_instead_of_sorting_every_row() {
    let app = spawn_app().await;
    for (name, sql, placeholders) in [
        (
            "home page",
            quire::posts::server::page_sql(false).to_owned(),
            2,
        ),
        (
            "moderation",
            quire::posts::server::page_sql(true).to_owned(),
            2,
        ),
        ("comments", quire::comments::server::PAGE_SQL.to_owned(), 3),
    ] {
        let plan = plan(&app, &sql, placeholders).await;
        assert!(
            !plan.contains("TEMP B-TREE") && !plan.contains("SORT"),
            "{name} sorts:\n{plan}"
        );
        assert!(plan.contains("INDEX"), "{name} reads no index:\n{plan}");
    }
}
