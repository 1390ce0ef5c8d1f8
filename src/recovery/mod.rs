//! What mailed links do: "Forgot your password?" and the reset (checklist P06, M01–M03),
//! address verification (M08) and the e-mail change (Account → E-mail). Above `auth`, whose
//! links, password rules and revocation it uses.
pub mod api;
#[cfg(feature = "ssr")]
mod email_change;
pub mod email_page;
#[cfg(feature = "ssr")]
pub mod link;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
mod verify;
pub mod verify_pages;
