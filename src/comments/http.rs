//! Comments on the token API (`/api/v1`): reading a published post's comments needs no token,
//! a page at a time; commenting needs a token with `comments:write`.
use axum::{
    extract::{rejection::JsonRejection, rejection::QueryRejection, Path, Query, State},
    http::{Extensions, HeaderMap, StatusCode},
    routing::get,
    Json, Router,
};
use serde::{Deserialize, Serialize};

use super::server::{self as comments, CommentInput};
use crate::{
    api::{bad_json, page_of, ApiError, ErrorBody, PageQuery, Scope},
    limits,
    limits::Write,
    server::{request::client_of, state::AppState},
    timestamp::Timestamp,
    tokens::server::Principal,
    ui::Page,
};

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiComment {
    pub id: i64,
    pub author: String,
    pub body: String,
    pub created_at: Timestamp,
}

/// One page of a post's comments, oldest first.
#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct CommentPage {
    pub comments: Vec<ApiComment>,
    #[schema(value_type = u32, minimum = 1)]
    pub page: Page,
    pub has_more: bool,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewComment {
    body: String,
}

/// A published post's comments, oldest first, 20 a page.
#[utoipa::path(get, path = "/api/v1/posts/{slug}/comments", tag = "posts",
    params(("slug" = String, Path, description = "The post's slug"), PageQuery),
    responses((status = 200, body = CommentPage), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<CommentPage>, ApiError> {
    let page = page_of(query)?;
    let post_id = comments::post_open_to(&state.db, &slug, None).await?;
    let listed = comments::for_post(&state.db, post_id, page, None).await?;
    let listed = listed.map(|c| ApiComment {
        id: c.id,
        author: c.author,
        body: c.body,
        created_at: c.date,
    });
    Ok(Json(CommentPage {
        comments: listed.items,
        page,
        has_more: listed.has_more,
    }))
}

/// Comments on a post as the token's user. Scope `comments:write`.
#[utoipa::path(post, path = "/api/v1/posts/{slug}/comments", tag = "posts",
    params(("slug" = String, Path, description = "The post's slug")),
    request_body = NewComment, security(("bearer" = [])),
    responses((status = 201, description = "Comment added"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, description = "Too many comments; see Retry-After", body = ErrorBody)))]
pub async fn add(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    extensions: Extensions,
    headers: HeaderMap,
    me: Principal,
    body: Result<Json<NewComment>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    me.require(Scope::CommentsWrite)?;
    let Json(new) = body.map_err(bad_json)?;
    let text = CommentInput::parse(&new.body)?;
    let post_id = comments::post_open_to(&state.db, &slug, Some(&me.user)).await?;
    let client = client_of(&state, &extensions, &headers);
    limits::allow(&state, Write::Comment, Some(&me.user), &client).await?;
    comments::create(&state, post_id, me.user.id, &text).await?;
    Ok(StatusCode::CREATED)
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/posts/{slug}/comments", get(list).post(add))
}
