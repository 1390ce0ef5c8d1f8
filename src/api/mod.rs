//! What every `/api/v1` handler needs, whichever feature it belongs to: errors with stable
//! codes and the token scopes. Handlers live in their feature's `http.rs`; the router and the
//! OpenAPI document are put together in `crate::api_routes`.
#[cfg(feature = "ssr")]
mod error;
mod scope;

#[cfg(feature = "ssr")]
pub use error::{bad_json, invalid_token, ApiError, ErrorBody};
pub use scope::Scope;
