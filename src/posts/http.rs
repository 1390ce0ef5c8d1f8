//! Posts and comments on the token API (`/api/v1`). Reading published posts needs no token;
//! writing needs a bearer token with the right scope, and the role read fresh on this request.
use axum::{
    extract::{
        rejection::{JsonRejection, QueryRejection},
        Path, Query, State,
    },
    http::StatusCode,
    routing::{get, post},
    Json, Router,
};
use serde::{Deserialize, Serialize};

use super::{input::PostInput, markdown, server as posts};
use crate::{
    api::{bad_json, ApiError, ErrorBody, Scope},
    comments::{api::CommentView, server as comments},
    server::state::AppState,
    timestamp::Timestamp,
    tokens::server::Principal,
    ui::Page,
};

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// 1-based page number; 20 posts a page.
    #[param(value_type = Option<u32>, minimum = 1)]
    page: Option<Page>,
}

// The API's own types: the contract of /api/v1, kept apart from what the pages show.

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct PostPage {
    pub posts: Vec<ApiPostSummary>,
    #[schema(value_type = u32, minimum = 1)]
    pub page: Page,
    pub has_more: bool,
}

/// A published post in a list: a plain-text excerpt instead of the body.
#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiPostSummary {
    pub slug: String,
    pub title: String,
    pub author: String,
    pub published_at: Timestamp,
    pub excerpt: String,
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiComment {
    pub id: i64,
    pub author: String,
    pub body: String,
    pub created_at: Timestamp,
}

/// A published post: `html` is rendered from Markdown and sanitised.
#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiPost {
    pub slug: String,
    pub title: String,
    pub author: String,
    pub published_at: Timestamp,
    /// Set when the post was edited on a later day than it was published.
    pub updated_at: Option<Timestamp>,
    pub html: String,
    pub comments: Vec<ApiComment>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewPost {
    title: String,
    /// Markdown.
    body: String,
    #[serde(default)]
    published: bool,
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct Created {
    pub slug: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewComment {
    body: String,
}

/// Published posts, newest first.
#[utoipa::path(get, path = "/api/v1/posts", tag = "posts", params(PageQuery),
    responses((status = 200, body = PostPage), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<PostPage>, ApiError> {
    let Query(query) = query.map_err(|rejection| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            rejection.body_text(),
        )
    })?;
    let page = query.page.unwrap_or_default();
    let (posts, has_more) = posts::page(&state.db, page, false).await?;
    let posts = posts
        .into_iter()
        .map(|p| ApiPostSummary {
            slug: p.slug,
            title: p.title,
            author: p.author,
            published_at: p.date,
            excerpt: p.excerpt,
        })
        .collect();
    Ok(Json(PostPage {
        posts,
        page,
        has_more,
    }))
}

/// One published post with its comments.
#[utoipa::path(get, path = "/api/v1/posts/{slug}", tag = "posts",
    params(("slug" = String, Path, description = "The post's slug")),
    responses((status = 200, body = ApiPost), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<ApiPost>, ApiError> {
    let row = posts::visible(&state.db, &slug, None).await?;
    let comments = comments::for_post(&state.db, row.id, None).await?;
    Ok(Json(ApiPost {
        html: markdown::render(&row.body),
        published_at: row.date(),
        updated_at: row.updated(),
        comments: comments.into_iter().map(api_comment).collect(),
        slug: row.slug,
        title: row.title,
        author: row.author,
    }))
}

fn api_comment(c: CommentView) -> ApiComment {
    ApiComment {
        id: c.id,
        author: c.author,
        body: c.body,
        created_at: c.date,
    }
}

/// Writes a post as the token's user. Scope `posts:write`; the user must be an author or admin.
#[utoipa::path(post, path = "/api/v1/posts", tag = "posts", request_body = NewPost,
    security(("bearer" = [])),
    responses((status = 201, body = Created), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    me: Principal,
    body: Result<Json<NewPost>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    me.require(Scope::PostsWrite)?;
    let user = posts::require_writer(Some(me.user))?;
    let Json(new) = body.map_err(bad_json)?;
    let input = PostInput::parse(&new.title, new.body, new.published)?;
    let slug = posts::create(&state, user.id, input).await?;
    Ok((StatusCode::CREATED, Json(Created { slug })))
}

/// Comments on a post as the token's user. Scope `comments:write`.
#[utoipa::path(post, path = "/api/v1/posts/{slug}/comments", tag = "posts",
    params(("slug" = String, Path, description = "The post's slug")),
    request_body = NewComment, security(("bearer" = [])),
    responses((status = 201, description = "Comment added"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn comment(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    me: Principal,
    body: Result<Json<NewComment>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    me.require(Scope::CommentsWrite)?;
    let Json(new) = body.map_err(bad_json)?;
    let text = comments::CommentInput::parse(&new.body)?;
    let post = posts::visible(&state.db, &slug, Some(&me.user)).await?;
    comments::create(&state, post.id, me.user.id, &text).await?;
    Ok(StatusCode::CREATED)
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/posts", get(list).post(create))
        .route("/posts/{slug}", get(show))
        .route("/posts/{slug}/comments", post(comment))
}
