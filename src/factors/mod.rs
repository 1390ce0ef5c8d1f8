//! Two-step sign-in: an authenticator app (TOTP) and recovery codes (checklist W03–W05). A
//! credential like the others: `auth` asks it for the second step after the password, and its
//! pages (Account → Security, the code step) live with the other account pages in `auth`.
pub mod api;
pub mod messages;
#[cfg(feature = "ssr")]
pub mod server;
