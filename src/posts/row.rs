//! A post as queries read it, and the columns they read.
use super::{api::PostSummary, markdown};
use crate::timestamp::Timestamp;

/// A post as queries read it. Lists read neither the body nor the HTML, only the stored
/// excerpt; a row stored by another renderer version is rendered on the spot instead (see
/// `rendered.rs`).
#[derive(Debug, sqlx::FromRow)]
pub struct PostRow {
    pub id: i64,
    pub author_id: i64,
    pub author: String,
    pub slug: String,
    pub title: String,
    pub published: bool,
    pub published_at: Option<Timestamp>,
    pub updated_at: Timestamp,
    pub comment_count: i64,
    excerpt: String,
    rendered_with: i64,
    /// Read for a single post only.
    #[sqlx(default)]
    pub body: String,
    #[sqlx(default)]
    html: String,
    /// Read by lists only when the stored excerpt is stale.
    #[sqlx(default)]
    stale_body: Option<String>,
}

impl PostRow {
    /// When it was published, or for a draft when it was last saved.
    pub fn date(&self) -> Timestamp {
        self.published_at.unwrap_or(self.updated_at)
    }

    /// The last edit, when it came on a later day than publication.
    pub fn updated(&self) -> Option<Timestamp> {
        let published = self.published_at?;
        (self.updated_at.date() != published.date()).then_some(self.updated_at)
    }

    fn is_fresh(&self) -> bool {
        self.rendered_with == markdown::RENDERER_VERSION
    }

    /// The sanitised HTML of a post read singly.
    pub fn html(&self) -> String {
        if self.is_fresh() {
            self.html.clone()
        } else {
            markdown::render(&self.body)
        }
    }

    pub fn summary(&self) -> PostSummary {
        let excerpt = if self.is_fresh() {
            self.excerpt.clone()
        } else {
            let body = self.stale_body.as_deref().unwrap_or(&self.body);
            markdown::excerpt(body, markdown::EXCERPT_CHARS)
        };
        PostSummary {
            slug: self.slug.clone(),
            title: self.title.clone(),
            author: self.author.clone(),
            published: self.published,
            date: self.date(),
            excerpt,
            comment_count: self.comment_count,
        }
    }
}

/// The columns every post query reads, and `extra` ones. The comment count is kept on the
/// post's row by triggers (migration 0014): a post with thousands of comments costs a list no
/// more than one with none.
fn select(extra: &str) -> String {
    format!(
        "SELECT p.id, p.author_id, u.display_name AS author, p.slug, p.title, p.published, \
         p.published_at, p.updated_at, p.excerpt, p.rendered_with, {extra}, p.comment_count \
         FROM posts p JOIN users u ON u.id = p.author_id"
    )
}

/// A single post: its body and stored HTML.
pub fn select_one() -> String {
    select("p.body, p.html")
}

/// A list: the body only of a row whose stored excerpt is stale.
pub fn select_list() -> String {
    let version = markdown::RENDERER_VERSION;
    select(&format!(
        "CASE WHEN p.rendered_with = {version} THEN NULL ELSE p.body END AS stale_body"
    ))
}
