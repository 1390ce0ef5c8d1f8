//! Post queries and who may see and change a post.
use super::{
    api::PostSummary,
    input::{slugify, PostInput},
    markdown,
    row::{select_list, select_one},
};
use crate::posts::messages;
use crate::ui::{into_page, page_window};
use crate::{
    drafts::may_read_post,
    error::AppError,
    identity::User,
    server::state::AppState,
    ui::{Page, Paged},
};
use quire_auth::db::{is_unique_violation, Db};
use std::sync::LazyLock;

pub use super::row::PostRow;

/// Authors and admins write. Read fresh from the user row on every request, so a demotion
/// applies to the very next call (checklist L08).
pub fn require_writer(user: Option<User>) -> Result<User, AppError> {
    let user = user.ok_or(AppError::Unauthenticated)?;
    if user.can_write() {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// An author manages their own posts; an admin manages any; a demoted author none.
pub fn may_manage(user: &User, author_id: i64) -> bool {
    user.can_write() && user.can_manage(author_id)
}

/// The post at `slug` if `viewer` may see it. Drafts are visible to their author and admins;
/// for anyone else a draft does not exist (404, not 403: its existence is not revealed).
pub async fn visible(db: &Db, slug: &str, viewer: Option<&User>) -> Result<PostRow, AppError> {
    static BY_SLUG: LazyLock<String> =
        LazyLock::new(|| format!("{} WHERE p.slug = $1", select_one()));
    let row: Option<PostRow> = quire_auth::on_db!(db, |exe| sqlx::query_as(&BY_SLUG)
        .bind(slug)
        .fetch_optional(exe)
        .await)?;
    let row = row.ok_or(AppError::NotFound)?;
    if may_read_post(viewer, row.author_id, row.published) {
        Ok(row)
    } else {
        Err(AppError::NotFound)
    }
}

/// The post at `slug` if `user` may change it: 404 if they cannot see it, 403 if they can see
/// it but not change it.
pub async fn manageable(db: &Db, slug: &str, user: &User) -> Result<PostRow, AppError> {
    let row = visible(db, slug, Some(user)).await?;
    if may_manage(user, row.author_id) {
        Ok(row)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The query behind [`page`]. Each order matches an index (posts_published, posts_recent), so
/// a page walks the index instead of sorting every post: a published post always has its
/// publication time, so the home page needs no COALESCE. Public for the query-plan test.
pub fn page_sql(drafts_too: bool) -> &'static str {
    // Built once: the home page asks for this on every request.
    static PUBLISHED: LazyLock<String> = LazyLock::new(|| {
        let order = "WHERE p.published = TRUE ORDER BY p.published_at DESC, p.id DESC";
        format!("{} {order} LIMIT $1 OFFSET $2", select_list())
    });
    static ALL: LazyLock<String> = LazyLock::new(|| {
        let order = "ORDER BY COALESCE(p.published_at, p.updated_at) DESC, p.id DESC";
        format!("{} {order} LIMIT $1 OFFSET $2", select_list())
    });
    if drafts_too {
        &ALL
    } else {
        &PUBLISHED
    }
}

/// One page (1-based) of posts, newest first, and whether another page follows. Only published
/// posts unless `drafts_too` (the moderation view).
pub async fn page(db: &Db, page: Page, drafts_too: bool) -> Result<Paged<PostSummary>, AppError> {
    let (limit, offset) = page_window(page);
    let rows: Vec<PostRow> = quire_auth::on_db!(db, |exe| sqlx::query_as(page_sql(drafts_too))
        .bind(limit)
        .bind(offset)
        .fetch_all(exe)
        .await)?;
    Ok(into_page(rows, page).map(|row| row.summary()))
}

/// One page of an author's own posts, drafts included, last changed first.
pub async fn by_author(
    db: &Db,
    author_id: i64,
    page: Page,
) -> Result<Paged<PostSummary>, AppError> {
    let (limit, offset) = page_window(page);
    static BY_AUTHOR: LazyLock<String> = LazyLock::new(|| {
        let order = "ORDER BY p.updated_at DESC, p.id DESC LIMIT $2 OFFSET $3";
        format!("{} WHERE p.author_id = $1 {order}", select_list())
    });
    let rows: Vec<PostRow> = quire_auth::on_db!(db, |exe| sqlx::query_as(&BY_AUTHOR)
        .bind(author_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(exe)
        .await)?;
    Ok(into_page(rows, page).map(|row| row.summary()))
}

/// Inserts the post under the first free slug (`title`, `title-2`, ...) and returns that slug.
pub async fn create(
    state: &AppState,
    author_id: i64,
    input: PostInput,
) -> Result<String, AppError> {
    let now = state.clock.now().unix_timestamp();
    let rendered = markdown::render_post(&input.body);
    let base = slugify(&input.title);
    for n in 1..=100 {
        let slug = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let inserted = quire_auth::on_db!(state.db, |exe| {
            sqlx::query(
            "INSERT INTO posts (author_id, slug, title, body, published, published_at, created_at, \
             updated_at, html, excerpt, rendered_with) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10)",
        )
        .bind(author_id)
        .bind(&slug)
        .bind(&input.title)
        .bind(&input.body)
        .bind(input.published)
        .bind(input.published.then_some(now))
        .bind(now)
        .bind(&rendered.html)
        .bind(&rendered.excerpt)
        .bind(markdown::RENDERER_VERSION)
        .execute(exe)
        .await
        .map(|done| done.rows_affected())
        });
        match inserted {
            Ok(_) => return Ok(slug),
            Err(error) if is_unique_violation(&error) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(AppError::invalid("title", messages::TITLE_TAKEN))
}

/// Saves new fields. The slug stays, so links to the post keep working; the first publication
/// time is kept when a post is unpublished and published again.
pub async fn update(state: &AppState, post_id: i64, input: PostInput) -> Result<(), AppError> {
    let now = state.clock.now().unix_timestamp();
    let rendered = markdown::render_post(&input.body);
    quire_auth::on_db!(state.db, |exe| sqlx::query(
        "UPDATE posts SET title = $1, body = $2, published = $3, \
         published_at = CASE WHEN $3 THEN COALESCE(published_at, $4) ELSE published_at END, \
         updated_at = $4, html = $6, excerpt = $7, rendered_with = $8 WHERE id = $5",
    )
    .bind(&input.title)
    .bind(&input.body)
    .bind(input.published)
    .bind(now)
    .bind(post_id)
    .bind(&rendered.html)
    .bind(&rendered.excerpt)
    .bind(markdown::RENDERER_VERSION)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}

pub async fn delete(db: &Db, post_id: i64) -> Result<(), AppError> {
    quire_auth::on_db!(db, |exe| sqlx::query("DELETE FROM posts WHERE id = $1")
        .bind(post_id)
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(())
}
