//! The OpenAPI 3.1 contract of `/api/v1`, generated from the handlers' annotations.
use axum::Json;

use super::http;
use crate::posts::http as posts;

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 description of /api/v1")))]
pub(super) async fn openapi() -> Json<utoipa::openapi::OpenApi> {
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

/// The contract, generated from the handlers above.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Quire API", description = "Bearer-token API for mobile apps and machine clients."),
    paths(http::issue_token, http::revoke_current, http::me, http::tokens, openapi,
        posts::list, posts::show, posts::create, posts::comment),
    modifiers(&BearerScheme)
)]
pub struct ApiDoc;
