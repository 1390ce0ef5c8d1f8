//! Posts: Markdown articles by authors, listed on the home page.
pub mod api;
pub mod editor;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod input;
#[cfg(feature = "ssr")]
pub mod markdown;
pub mod messages;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod rendered;
#[cfg(feature = "ssr")]
mod row;
#[cfg(feature = "ssr")]
pub mod server;
