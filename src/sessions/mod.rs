//! Server-side sessions: a tower-sessions store on sqlx that keeps only hashes of session ids,
//! and a middleware that reads the session and its user fresh on every request.
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod store;
