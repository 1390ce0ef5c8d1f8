//! API tokens for mobile apps and machine clients: opaque, hashed at rest, scoped, expiring
//! and revocable on the next request, so no blacklist is ever needed.
pub mod api;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
mod list;
pub mod messages;
#[cfg(feature = "ssr")]
mod personal;
#[cfg(feature = "ssr")]
pub mod server;
pub mod table;
