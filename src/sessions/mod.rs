//! Server-side sessions, on quire-auth's store (`quire_auth::sessions`, read with Quire's `User`
//! as its principal, `principal.rs`): a middleware that reads the session and its user fresh on every request, and the server
//! functions behind Account → Sessions (the page itself is in `auth`).
pub mod api;
#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod middleware;
#[cfg(feature = "ssr")]
pub mod principal;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod server;
