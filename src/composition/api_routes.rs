//! `/api/v1`, put together: each feature's routes (`auth`, `tokens`, `posts`, `comments`), the OpenAPI 3.1
//! document generated from their annotations, a JSON 404, and CORS for configured origins.
//! Composition layer: the one place that knows every API feature.
use axum::{
    http::{header, HeaderValue, Method, StatusCode},
    routing::get,
    Json, Router,
};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::{api::ApiError, auth, comments, posts, server::state::AppState, tokens};

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such API route.")
}

/// The `/api/v1` routes. CORS is answered only for configured origins, never `*`, and never
/// with credentials: tokens travel in a header, not in cookies.
pub fn router(state: &AppState) -> Router<AppState> {
    let routes = Router::new()
        .merge(auth::http::routes())
        .merge(tokens::http::routes())
        .merge(posts::http::routes())
        .merge(comments::http::routes())
        .route("/openapi.json", get(openapi))
        .fallback(not_found);
    let origins: Vec<HeaderValue> = state
        .config
        .api
        .cors_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    if origins.is_empty() {
        return routes;
    }
    routes.layer(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST, Method::DELETE])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]),
    )
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 description of /api/v1")))]
async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    use utoipa::OpenApi as _;
    Json(ApiDoc::openapi())
}

struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        let scheme = Http::builder()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("quire_<kind>_<secret>")
            .build();
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The contract, generated from the handlers' annotations in each feature's `http.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Quire API", description = "Bearer-token API for mobile apps and machine clients."),
    paths(auth::http::issue_token, tokens::http::revoke_current, tokens::http::me,
        tokens::http::tokens, openapi, posts::http::list, posts::http::show, posts::http::create,
        comments::http::list, comments::http::add),
    modifiers(&BearerScheme)
)]
pub struct ApiDoc;
