//! The admin console (users, moderation, audit log) and first-run setup.
pub mod api;
pub mod audit_page;
pub mod messages;
pub mod moderation;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod setup;
pub mod tokens_page;
