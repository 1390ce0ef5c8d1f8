//! Comment server functions and the types they exchange.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::timestamp::Timestamp;

use crate::error::AppError;

pub const COMMENT_MAX_CHARS: usize = 2000;

/// A comment as shown. `body` is plain text: the page renders it as text, never as HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    pub author: String,
    pub body: String,
    pub date: Timestamp,
    pub can_delete: bool,
}

/// Comments under a post, for the admin's moderation view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ModeratedComment {
    pub id: i64,
    pub post_slug: String,
    pub post_title: String,
    pub author: String,
    pub body: String,
    pub date: Timestamp,
}

/// What the comment area offers its viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommentAccess {
    SignIn,
    /// Signed in, but the address must be verified first (M08).
    VerifyFirst,
    Open,
}

impl CommentAccess {
    pub fn for_viewer(viewer: Option<&crate::identity::User>, verification_required: bool) -> Self {
        match viewer {
            None => CommentAccess::SignIn,
            Some(user) if !user.may_contribute(verification_required) => CommentAccess::VerifyFirst,
            Some(_) => CommentAccess::Open,
        }
    }
}

#[server(endpoint = "add_comment")]
pub async fn add_comment(slug: String, body: String) -> Result<(), AppError> {
    use crate::{limits::Write, server::request};
    let user = request::require_user()?;
    let state = request::state()?;
    let body = super::server::CommentInput::parse(&body)?;
    let post_id = super::server::post_open_to(&state.db, &slug, Some(&user)).await?;
    let client = request::client_info();
    crate::limits::allow(&state, Write::Comment, Some(&user), &client).await?;
    let placed = super::server::create(&state, post_id, user.id, &body).await?;
    // To the page that shows the new comment, so the author sees it wherever they wrote from.
    leptos_axum::redirect(&format!(
        "/posts/{slug}?page={}#comment-{}",
        placed.page.number(),
        placed.id
    ));
    Ok(())
}

/// Authors of a comment delete their own; admins delete any (audited).
#[server(endpoint = "delete_comment")]
pub async fn delete_comment(id: i64) -> Result<(), AppError> {
    use crate::{audit, server::request};
    let user = request::require_user()?;
    let state = request::state()?;
    let author_id = super::server::author_of(&state.db, id).await?;
    if !super::server::may_delete(&user, author_id) {
        return Err(AppError::Forbidden);
    }
    super::server::delete(&state.db, id).await?;
    if author_id != user.id {
        let event = audit::api::AuditEvent::CommentDeletedByAdmin;
        let detail = format!("comment #{id}");
        crate::audit::server::record(
            &state,
            event,
            Some(user.id),
            Some(author_id),
            &crate::server::request::client_info(),
            &detail,
        )
        .await;
    }
    Ok(())
}
