//! Accounts: register, sign in, sign out, and who is signed in.
pub mod api;
pub mod lookalike;
pub mod pages;
pub mod password_page;
#[cfg(feature = "ssr")]
pub mod secret_check;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod throttle;
pub mod validate;
