//! Post server functions and the types they exchange.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    comments::api::CommentView,
    error::AppError,
    timestamp::Timestamp,
    ui::{Page, Paged},
};

pub const TITLE_MAX_CHARS: usize = 200;
/// Below the request body limit (limits.body_bytes, 64 KiB by default) with room for the form.
pub const BODY_MAX_BYTES: usize = 50_000;

/// A post in a list: no body, a plain-text excerpt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PostSummary {
    pub slug: String,
    pub title: String,
    pub author: String,
    pub published: bool,
    pub date: Timestamp,
    pub excerpt: String,
    pub comment_count: i64,
}

/// A post as its page shows it. `html` is sanitised on the server (see `markdown.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub slug: String,
    pub title: String,
    pub author: String,
    pub date: Timestamp,
    /// Set when the post was edited on a later day than it was published.
    pub updated: Option<Timestamp>,
    pub published: bool,
    pub html: String,
    pub can_edit: bool,
    pub commenting: crate::comments::api::CommentAccess,
    pub comment_count: i64,
    /// One page of the comments, oldest first.
    pub comments: Paged<CommentView>,
}

/// What the editor starts from: empty for a new post.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub slug: Option<String>,
    pub title: String,
    pub body: String,
    pub published: bool,
    /// The author must verify their address before saving (M08).
    pub must_verify: bool,
}

/// Published posts, newest first. `page` starts at 1.
#[server(endpoint = "list_posts")]
pub async fn list_posts(page: Option<Page>) -> Result<Paged<PostSummary>, AppError> {
    let page = page.unwrap_or_default();
    let state = crate::server::request::state()?;
    super::server::page(&state.db, page, false).await
}

/// The signed-in author's own posts, drafts included, a page at a time.
#[server(endpoint = "my_posts")]
pub async fn my_posts(page: Option<Page>) -> Result<Paged<PostSummary>, AppError> {
    use crate::server::request;
    let page = page.unwrap_or_default();
    let user = super::server::require_writer(request::current_user())?;
    super::server::by_author(&request::state()?.db, user.id, page).await
}

/// A post and one page of its comments (oldest first; `page` starts at 1).
#[server(endpoint = "get_post")]
pub async fn get_post(slug: String, page: Option<Page>) -> Result<PostView, AppError> {
    use crate::{comments, server::request};
    let (state, viewer) = (request::state()?, request::current_user());
    let row = super::server::visible(&state.db, &slug, viewer.as_ref()).await?;
    let page = page.unwrap_or_default();
    let comments = comments::server::for_post(&state.db, row.id, page, viewer.as_ref()).await?;
    Ok(PostView {
        html: row.html(),
        date: row.date(),
        updated: row.updated(),
        can_edit: viewer
            .as_ref()
            .is_some_and(|v| super::server::may_manage(v, row.author_id)),
        commenting: comments::api::CommentAccess::for_viewer(
            viewer.as_ref(),
            state.config.accounts.require_verified_email,
        ),
        comment_count: row.comment_count,
        comments,
        slug: row.slug,
        title: row.title,
        author: row.author,
        published: row.published,
    })
}

/// The editor's starting point. Authorises first, so a reader (or a demoted author) is refused
/// the editor itself, not only the save.
#[server(endpoint = "editor_draft")]
pub async fn editor_draft(slug: Option<String>) -> Result<Draft, AppError> {
    use crate::server::request;
    let user = super::server::require_writer(request::current_user())?;
    let state = request::state()?;
    let must_verify = !user.may_contribute(state.config.accounts.require_verified_email);
    let Some(slug) = slug else {
        return Ok(Draft {
            must_verify,
            ..Draft::default()
        });
    };
    let row = super::server::manageable(&state.db, &slug, &user).await?;
    Ok(Draft {
        slug: Some(row.slug),
        title: row.title,
        body: row.body,
        published: row.published,
        must_verify,
    })
}

/// Creates a post, or updates the one at `original_slug`. `published` is the checkbox: present
/// when ticked. Redirects to the post.
#[server(endpoint = "save_post")]
pub async fn save_post(
    original_slug: Option<String>,
    title: String,
    body: String,
    published: Option<String>,
) -> Result<String, AppError> {
    use super::{input::PostInput, server as posts};
    use crate::{limits::Write, server::request};
    let user = posts::require_writer(request::current_user())?;
    let state = request::state()?;
    let input = PostInput::parse(&title, body, published.is_some())?;
    let client = request::client_info();
    let slug = match original_slug.filter(|s| !s.is_empty()) {
        Some(slug) => {
            let row = posts::manageable(&state.db, &slug, &user).await?;
            crate::limits::allow(&state, Write::Post, Some(&user), &client).await?;
            posts::update(&state, row.id, input).await?;
            row.slug
        }
        None => {
            crate::limits::allow(&state, Write::Post, Some(&user), &client).await?;
            posts::create(&state, user.id, input).await?
        }
    };
    leptos_axum::redirect(&format!("/posts/{slug}"));
    Ok(slug)
}

/// Deletes a post and its comments, then goes to `next` (a path on this site) or home. An admin
/// deleting another user's post is audited.
#[server(endpoint = "delete_post")]
pub async fn delete_post(slug: String, next: Option<String>) -> Result<(), AppError> {
    use crate::{audit, server::request};
    let user = request::require_user()?;
    let state = request::state()?;
    let row = super::server::manageable(&state.db, &slug, &user).await?;
    super::server::delete(&state.db, row.id).await?;
    if row.author_id != user.id {
        let event = audit::api::AuditEvent::PostDeletedByAdmin;
        let detail = format!("post \"{}\" ({})", row.title, row.slug);
        crate::audit::server::record(
            &state,
            event,
            Some(user.id),
            Some(row.author_id),
            &crate::server::request::client_info(),
            &detail,
        )
        .await;
    }
    request::redirect_local(next.as_deref(), "/");
    Ok(())
}

/// The editor's live preview: the same rendering and sanitising as the post page.
#[server(endpoint = "preview_markdown")]
pub async fn preview_markdown(body: String) -> Result<String, AppError> {
    super::server::require_writer(crate::server::request::current_user())?;
    if body.len() > BODY_MAX_BYTES {
        return Err(AppError::invalid(
            "body",
            crate::posts::messages::PREVIEW_TOO_LONG,
        ));
    }
    Ok(super::markdown::render(&body))
}
