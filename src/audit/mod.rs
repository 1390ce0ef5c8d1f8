//! The audit log: who did what to whom, when, from where (checklist P07). Entries never hold a
//! password, a token or a session id.
pub mod api;
#[cfg(feature = "ssr")]
pub mod server;
