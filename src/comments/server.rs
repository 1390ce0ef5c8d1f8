//! Comment rows and who may delete them.
use super::api::{CommentView, ModeratedComment, COMMENT_MAX_CHARS};
use crate::comments::messages;
use crate::ui::{into_page, page_window};
use crate::{
    drafts::may_read_post,
    error::{AppError, Checks},
    identity::User,
    server::state::AppState,
    timestamp::Timestamp,
    ui::{Page, Paged, PER_PAGE},
};
use quire_auth::db::Db;

#[derive(sqlx::FromRow)]
struct PostAccess {
    id: i64,
    author_id: i64,
    published: bool,
}

/// The id of the post at `slug` if `viewer` may read it (and so, signed in, comment on it),
/// else `NotFound`.
pub async fn post_open_to(db: &Db, slug: &str, viewer: Option<&User>) -> Result<i64, AppError> {
    let post: Option<PostAccess> = quire_auth::on_db!(db, |exe| sqlx::query_as(
        "SELECT id, author_id, published FROM posts WHERE slug = $1"
    )
    .bind(slug)
    .fetch_optional(exe)
    .await)?;
    match post {
        Some(p) if may_read_post(viewer, p.author_id, p.published) => Ok(p.id),
        _ => Err(AppError::NotFound),
    }
}

pub fn may_delete(user: &User, author_id: i64) -> bool {
    user.can_manage(author_id)
}

/// A comment's text after the rules: trimmed, 1 to 2000 characters. Any text is allowed: it
/// is escaped when shown.
pub struct CommentInput(String);

impl CommentInput {
    pub fn parse(body: &str) -> Result<Self, AppError> {
        let body = body.trim();
        let mut checks = Checks::default();
        let rule = if body.is_empty() {
            Err(messages::COMMENT_MISSING)
        } else if body.chars().count() > COMMENT_MAX_CHARS {
            Err(messages::COMMENT_TOO_LONG)
        } else {
            Ok(())
        };
        checks.check("body", rule);
        checks.finish()?;
        Ok(Self(body.to_owned()))
    }
}

/// Stores the comment and answers where it landed: its id and the page of the post that shows
/// it (comments page oldest first, so a new one is on the last page).
pub async fn create(
    state: &AppState,
    post_id: i64,
    author_id: i64,
    body: &CommentInput,
) -> Result<Placed, AppError> {
    let id: i64 = quire_auth::on_db!(state.db, |exe| sqlx::query_scalar(
        "INSERT INTO comments (post_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) \
         RETURNING id",
    )
    .bind(post_id)
    .bind(author_id)
    .bind(&body.0)
    .bind(state.clock.now().unix_timestamp())
    .fetch_one(exe)
    .await)?;
    let before: i64 = quire_auth::on_db!(state.db, |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM comments WHERE post_id = $1 AND id < $2"
    )
    .bind(post_id)
    .bind(id)
    .fetch_one(exe)
    .await)?;
    let page = u32::try_from(before / i64::from(PER_PAGE) + 1).unwrap_or(u32::MAX);
    Ok(Placed {
        id,
        page: Page::try_from(page).unwrap_or_default(),
    })
}

/// Where a new comment is shown.
pub struct Placed {
    pub id: i64,
    pub page: Page,
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    id: i64,
    author_id: i64,
    author: String,
    body: String,
    date: Timestamp,
}

/// The query behind [`for_post`], in the order of the `comments_post_id` index. Public for the
/// query-plan test.
pub const PAGE_SQL: &str =
    "SELECT c.id, c.author_id, u.display_name AS author, c.body, c.created_at AS date \
     FROM comments c JOIN users u ON u.id = c.author_id \
     WHERE c.post_id = $1 ORDER BY c.id LIMIT $2 OFFSET $3";

/// One page of a post's comments, oldest first, each marked with whether `viewer` may delete
/// it. Ordered by id, the order they were stored in, so a page never shifts under a reader
/// because two comments share a second.
pub async fn for_post(
    db: &Db,
    post_id: i64,
    page: Page,
    viewer: Option<&User>,
) -> Result<Paged<CommentView>, AppError> {
    let (limit, offset) = page_window(page);
    let rows: Vec<CommentRow> = quire_auth::on_db!(db, |exe| sqlx::query_as(PAGE_SQL)
        .bind(post_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(exe)
        .await)?;
    Ok(into_page(rows, page).map(|row| CommentView {
        can_delete: viewer.is_some_and(|v| may_delete(v, row.author_id)),
        id: row.id,
        author: row.author,
        body: row.body,
        date: row.date,
    }))
}

pub async fn author_of(db: &Db, id: i64) -> Result<i64, AppError> {
    quire_auth::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT author_id FROM comments WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(exe)
    .await)?
    .ok_or(AppError::NotFound)
}

pub async fn delete(db: &Db, id: i64) -> Result<(), AppError> {
    quire_auth::on_db!(db, |exe| sqlx::query("DELETE FROM comments WHERE id = $1")
        .bind(id)
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(())
}

/// One page of the newest comments on any post, and whether another page follows.
pub async fn recent(db: &Db, page: Page) -> Result<Paged<ModeratedComment>, AppError> {
    let (limit, offset) = page_window(page);
    let rows: Vec<ModeratedComment> = quire_auth::on_db!(db, |exe| sqlx::query_as(
        "SELECT c.id, p.slug AS post_slug, p.title AS post_title, u.display_name AS author, \
                c.body, c.created_at AS date \
         FROM comments c JOIN posts p ON p.id = c.post_id JOIN users u ON u.id = c.author_id \
         ORDER BY c.created_at DESC, c.id DESC LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(exe)
    .await)?;
    Ok(into_page(rows, page))
}
