//! Posts on the token API (`/api/v1`). Reading published posts needs no token;
//! writing needs a bearer token with the right scope, and the role read fresh on this request.
use axum::{
    extract::{
        rejection::{JsonRejection, QueryRejection},
        Path, Query, State,
    },
    http::{Extensions, HeaderMap, StatusCode},
    routing::get,
    Json, Router,
};
use serde::{Deserialize, Serialize};

use super::{input::PostInput, server as posts};
use crate::{
    api::{bad_json, page_of, ApiError, ErrorBody, PageQuery, Scope},
    limits,
    limits::Write,
    server::{request::client_of, state::AppState},
    timestamp::Timestamp,
    tokens::server::Principal,
    ui::Page,
};

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
    pub comment_count: i64,
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
    /// Read them a page at a time at `/api/v1/posts/{slug}/comments`.
    pub comment_count: i64,
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

/// Published posts, newest first.
#[utoipa::path(get, path = "/api/v1/posts", tag = "posts", params(PageQuery),
    responses((status = 200, body = PostPage), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<PostPage>, ApiError> {
    let page = page_of(query)?;
    let listed = posts::page(&state.db, page, false).await?;
    let listed = listed.map(|p| ApiPostSummary {
        slug: p.slug,
        title: p.title,
        author: p.author,
        published_at: p.date,
        excerpt: p.excerpt,
        comment_count: p.comment_count,
    });
    Ok(Json(PostPage {
        posts: listed.items,
        page,
        has_more: listed.has_more,
    }))
}

/// One published post and how many comments it has.
#[utoipa::path(get, path = "/api/v1/posts/{slug}", tag = "posts",
    params(("slug" = String, Path, description = "The post's slug")),
    responses((status = 200, body = ApiPost), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<ApiPost>, ApiError> {
    let row = posts::visible(&state.db, &slug, None).await?;
    Ok(Json(ApiPost {
        html: row.html(),
        published_at: row.date(),
        updated_at: row.updated(),
        comment_count: row.comment_count,
        slug: row.slug,
        title: row.title,
        author: row.author,
    }))
}

/// Writes a post as the token's user. Scope `posts:write`; the user must be an author or admin.
#[utoipa::path(post, path = "/api/v1/posts", tag = "posts", request_body = NewPost,
    security(("bearer" = [])),
    responses((status = 201, body = Created), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
    me: Principal,
    body: Result<Json<NewPost>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    me.require(Scope::PostsWrite)?;
    let user = posts::require_writer(Some(me.user))?;
    let Json(new) = body.map_err(bad_json)?;
    let input = PostInput::parse(&new.title, new.body, new.published)?;
    let client = client_of(&state, &extensions, &headers);
    limits::allow(&state, Write::Post, Some(&user), &client).await?;
    let slug = posts::create(&state, user.id, input).await?;
    Ok((StatusCode::CREATED, Json(Created { slug })))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/posts", get(list).post(create))
        .route("/posts/{slug}", get(show))
}
