//! Server-side sessions are quire-auth's (`quire_auth::sessions`: the store, the layer that
//! reads the session and its user fresh on every request, sign-in, sign-out and sudo). Here:
//! Quire's `User` as their principal (`principal.rs`), the answer while the database is away
//! (`unavailable.rs`), the signed-out event stream, and the server functions behind
//! Account → Sessions (the page itself is in `auth`).
pub mod api;
#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod principal;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod unavailable;
