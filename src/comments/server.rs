//! Comment rows and who may delete them.
use super::api::{CommentView, ModeratedComment, COMMENT_MAX_CHARS};
use crate::{
    error::{AppError, Checks, Message},
    identity::{may_read_post, User},
    server::{
        db::{page_window, split_page, Db},
        state::AppState,
    },
    timestamp::Timestamp,
    ui::Page,
};

#[derive(sqlx::FromRow)]
struct PostAccess {
    id: i64,
    author_id: i64,
    published: bool,
}

/// The id of the post at `slug` if `user` may read it (and so comment on it), else `NotFound`.
pub async fn post_open_to(db: &Db, slug: &str, user: &User) -> Result<i64, AppError> {
    let post: Option<PostAccess> =
        sqlx::query_as("SELECT id, author_id, published FROM posts WHERE slug = $1")
            .bind(slug)
            .fetch_optional(db)
            .await?;
    match post {
        Some(p) if may_read_post(Some(user), p.author_id, p.published) => Ok(p.id),
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
            Err(Message::CommentMissing)
        } else if body.chars().count() > COMMENT_MAX_CHARS {
            Err(Message::CommentTooLong)
        } else {
            Ok(())
        };
        checks.check("body", rule);
        checks.finish()?;
        Ok(Self(body.to_owned()))
    }
}

pub async fn create(
    state: &AppState,
    post_id: i64,
    author_id: i64,
    body: &CommentInput,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO comments (post_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(post_id)
    .bind(author_id)
    .bind(&body.0)
    .bind(state.clock.now().unix_timestamp())
    .execute(&state.db)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    id: i64,
    author_id: i64,
    author: String,
    body: String,
    date: Timestamp,
}

/// A post's comments, oldest first, each marked with whether `viewer` may delete it.
pub async fn for_post(
    db: &Db,
    post_id: i64,
    viewer: Option<&User>,
) -> Result<Vec<CommentView>, AppError> {
    let rows: Vec<CommentRow> = sqlx::query_as(
        "SELECT c.id, c.author_id, u.display_name AS author, c.body, c.created_at AS date \
         FROM comments c JOIN users u ON u.id = c.author_id \
         WHERE c.post_id = $1 ORDER BY c.created_at, c.id",
    )
    .bind(post_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| CommentView {
            can_delete: viewer.is_some_and(|v| may_delete(v, row.author_id)),
            id: row.id,
            author: row.author,
            body: row.body,
            date: row.date,
        })
        .collect())
}

pub async fn author_of(db: &Db, id: i64) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT author_id FROM comments WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn delete(db: &Db, id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM comments WHERE id = $1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// One page of the newest comments on any post, and whether another page follows.
pub async fn recent(db: &Db, page: Page) -> Result<(Vec<ModeratedComment>, bool), AppError> {
    let (limit, offset) = page_window(page);
    let rows: Vec<ModeratedComment> = sqlx::query_as(
        "SELECT c.id, p.slug AS post_slug, p.title AS post_title, u.display_name AS author, \
                c.body, c.created_at AS date \
         FROM comments c JOIN posts p ON p.id = c.post_id JOIN users u ON u.id = c.author_id \
         ORDER BY c.created_at DESC, c.id DESC LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await?;
    let (rows, more) = split_page(rows);
    Ok((rows, more))
}
