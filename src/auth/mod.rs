//! Accounts: register, sign in, sign out, and who is signed in.
pub mod api;
pub mod code_page;
#[cfg(feature = "ssr")]
pub mod http;
pub mod idle_watch;
pub mod messages;
#[cfg(feature = "ssr")]
pub mod notices;
pub mod pages;
pub mod passkey_sign_in;
pub mod passkeys_section;
pub mod password_page;
pub mod recent;
#[cfg(feature = "ssr")]
mod registration;
#[cfg(feature = "ssr")]
pub mod second_step;
#[cfg(feature = "ssr")]
pub mod secret_check;
pub mod security_page;
#[cfg(feature = "ssr")]
pub mod server;
pub mod sessions_page;
pub mod signed_out_watch;
pub mod sudo;
pub mod tokens_page;
pub mod validate;
