//! Server-side sessions: a tower-sessions store on sqlx that keeps only hashes of session ids,
//! a middleware that reads the session and its user fresh on every request, and the server
//! functions behind Account → Sessions (the page itself is in `auth`).
pub mod api;
#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod middleware;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod record;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod store;
