//! Comments: plain text under a post, by signed-in users.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
