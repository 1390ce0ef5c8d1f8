//! What every `/api/v1` handler needs, whichever feature it belongs to: errors with stable
//! codes and the token scopes. Handlers live in their feature's `http.rs`; the router and the
//! OpenAPI document are put together in `crate::composition::api_routes`.
#[cfg(feature = "ssr")]
mod error;
#[cfg(feature = "ssr")]
mod paging;
mod scope;

#[cfg(feature = "ssr")]
pub use error::{bad_json, invalid_token, ApiError, ErrorBody};
#[cfg(feature = "ssr")]
pub use paging::{page_of, PageQuery};
pub use scope::Scope;
