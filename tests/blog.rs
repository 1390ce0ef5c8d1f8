//! Posts and comments: listing, paging, drafts, and who may change what (L08).
use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_home_page_lists_published_posts_newest_first_twenty_a_page() {
    let app = spawn_app().await;
    let author = app.user_with_role("ada@example.org", "Ada", "author").await;
    for n in 1..=21 {
        app.new_post(&author, &format!("Post number {n}"), "Body *text*.", true)
            .await;
        app.clock.advance(time::Duration::minutes(1));
    }
    app.new_post(&author, "A secret draft", "Not yet.", false)
        .await;

    let first = app.page(&client(), "/").await;
    assert!(
        first.contains("Post number 21") && first.contains("Post number 2<"),
        "newest 20"
    );
    assert!(!first.contains("Post number 1<"), "the oldest is on page 2");
    assert!(first.find("Post number 21").unwrap() < first.find("Post number 20").unwrap());
    assert!(
        first.contains("href=\"?page=2\""),
        "a stable link to page 2"
    );
    assert!(!first.contains("A secret draft"), "drafts are not listed");
    let second = app.page(&client(), "/?page=2").await;
    assert!(second.contains("Post number 1<") && !second.contains("Post number 21"));
    assert!(second.contains("href=\"?page=1\"") && !second.contains("?page=3"));
    for bad in ["/?page=0", "/?page=abc", "/?page=-1"] {
        assert_eq!(
            app.status_of(&client(), bad).await,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn slugs_are_unique_and_edits_keep_them() {
    let app = spawn_app().await;
    let author = app.user_with_role("ada@example.org", "Ada", "author").await;
    let first = app.new_post(&author, "Hello, World!", "One", true).await;
    let second = app.new_post(&author, "Hello world", "Two", true).await;
    assert_eq!(
        (first.as_str(), second.as_str()),
        ("hello-world", "hello-world-2")
    );
    let page = app.page(&client(), "/posts/hello-world").await;
    assert!(!page.contains(" · updated "), "not edited yet");
    app.clock.advance(time::Duration::days(2));
    let author = app.signed_in_client("ada@example.org", PASSWORD).await;
    let edited = app
        .save_post(&author, Some("hello-world"), "Renamed", "Three", true)
        .await;
    assert_eq!(edited.status(), StatusCode::OK);
    let page = app.page(&client(), "/posts/hello-world").await;
    assert!(page.contains(" · updated "), "an edit days later is shown");
    assert!(
        page.contains("Renamed") && page.contains("Three"),
        "same slug, new fields"
    );
}

#[tokio::test]
async fn l08_drafts_are_visible_only_to_their_author_and_admins() {
    let app = spawn_app().await;
    let author = app.user_with_role("ada@example.org", "Ada", "author").await;
    let other = app.user_with_role("bo@example.org", "Bo", "author").await;
    let admin = app
        .user_with_role("root@example.org", "Root", "admin")
        .await;
    let slug = app.new_post(&author, "Draft", "Unfinished", false).await;
    let path = format!("/posts/{slug}");
    assert_eq!(app.status_of(&client(), &path).await, StatusCode::NOT_FOUND);
    assert_eq!(app.status_of(&other, &path).await, StatusCode::NOT_FOUND);
    assert_eq!(app.status_of(&author, &path).await, StatusCode::OK);
    assert_eq!(app.status_of(&admin, &path).await, StatusCode::OK);
    let response = app.call(&other, "get_post", &[("slug", &slug)]).await;
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "the server function too"
    );
}

#[tokio::test]
async fn l08_the_wrong_user_gets_403_and_changes_nothing() {
    let app = spawn_app().await;
    let author = app.user_with_role("ada@example.org", "Ada", "author").await;
    let rival = app.user_with_role("bo@example.org", "Bo", "author").await;
    let reader = app.user_with_role("cy@example.org", "Cy", "reader").await;
    let other_reader = app.user_with_role("di@example.org", "Di", "reader").await;
    let slug = app.new_post(&author, "Mine", "Original", true).await;

    let edit = app
        .save_post(&rival, Some(&slug), "Stolen", "Changed", true)
        .await;
    assert_eq!(
        edit.status(),
        StatusCode::FORBIDDEN,
        "editing another author's post"
    );
    let delete = app.call(&rival, "delete_post", &[("slug", &slug)]).await;
    assert_eq!(
        delete.status(),
        StatusCode::FORBIDDEN,
        "deleting another author's post"
    );
    let create = app
        .save_post(&reader, None, "By a reader", "No", true)
        .await;
    assert_eq!(
        create.status(),
        StatusCode::FORBIDDEN,
        "a reader writing a post"
    );
    let draft = app.call(&reader, "editor_draft", &[]).await;
    assert_eq!(
        draft.status(),
        StatusCode::FORBIDDEN,
        "a reader opening the editor"
    );
    let preview = app
        .call(&reader, "preview_markdown", &[("body", "# x")])
        .await;
    assert_eq!(preview.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.status_of(&reader, "/write").await,
        StatusCode::FORBIDDEN
    );
    let edit_page = format!("/posts/{slug}/edit");
    assert_eq!(
        app.status_of(&rival, &edit_page).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count("posts").await, 1);
    let page = app.page(&client(), &format!("/posts/{slug}")).await;
    assert!(page.contains("Original") && !page.contains("Stolen"));

    let form = [("slug", slug.as_str()), ("body", "Nice post")];
    assert_eq!(
        app.call(&reader, "add_comment", &form).await.status(),
        StatusCode::OK
    );
    let id: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar("SELECT id FROM comments")
        .fetch_one(exe)
        .await)
    .unwrap();
    let id = id.to_string();
    let delete = app
        .call(&other_reader, "delete_comment", &[("id", &id)])
        .await;
    assert_eq!(
        delete.status(),
        StatusCode::FORBIDDEN,
        "deleting another user's comment"
    );
    assert_eq!(app.count("comments").await, 1);
    for (endpoint, form) in [
        ("admin_users", vec![]),
        (
            "admin_change_role",
            vec![("user_id", "1"), ("role", "admin")],
        ),
        (
            "admin_set_active",
            vec![("user_id", "1"), ("active", "false")],
        ),
        ("admin_revoke_sessions", vec![("user_id", "1")]),
        ("admin_moderation", vec![]),
        ("admin_audit", vec![]),
    ] {
        let response = app.call(&reader, endpoint, &form).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{endpoint} as a reader"
        );
    }
    let roles: Vec<String> = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT role FROM users ORDER BY id"
    )
    .fetch_all(exe)
    .await)
    .unwrap();
    assert_eq!(
        roles,
        ["author", "author", "reader", "reader"],
        "no role changed"
    );
    let delete = app.call(&reader, "delete_comment", &[("id", &id)]).await;
    assert_eq!(delete.status(), StatusCode::OK, "its author may");
    assert_eq!(app.count("comments").await, 0);
}

#[tokio::test]
async fn l08_a_demoted_author_is_refused_on_the_very_next_request() {
    let app = spawn_app().await;
    let author = app.user_with_role("ada@example.org", "Ada", "author").await;
    let admin = app
        .user_with_role("root@example.org", "Root", "admin")
        .await;
    let slug = app.new_post(&author, "Before", "Allowed", true).await;
    let id = app.user_id("ada@example.org").await.to_string();
    let form = [("user_id", id.as_str()), ("role", "reader")];
    assert_eq!(
        app.call(&admin, "admin_change_role", &form).await.status(),
        StatusCode::OK
    );

    let create = app.save_post(&author, None, "After", "Refused", true).await;
    assert_eq!(create.status(), StatusCode::FORBIDDEN);
    let edit = app
        .save_post(&author, Some(&slug), "After", "Refused", true)
        .await;
    assert_eq!(edit.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.status_of(&author, "/write").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count("posts").await, 1);
}
