//! Comments: plain text under a post, by signed-in users.
pub mod api;
#[cfg(feature = "ssr")]
pub mod http;
pub mod messages;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
