//! Accounts: register, sign in, sign out, and who is signed in.
pub mod api;
pub mod pages;
pub mod password_page;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod throttle;
pub mod validate;
