//! Outgoing mail, a service: features and credentials call it, it knows none of them. A caller
//! puts a [`server::Letter`] in the queue inside its own transaction; the worker sends it.
pub mod api;
pub mod outbox_page;
#[cfg(feature = "ssr")]
pub mod server;
