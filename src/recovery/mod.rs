//! Account recovery by mail: "Forgot your password?", the reset link, and the new password
//! (checklist P06, M01–M03). Above `auth`, whose password rules and revocation it uses.
pub mod api;
#[cfg(feature = "ssr")]
pub mod link;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
