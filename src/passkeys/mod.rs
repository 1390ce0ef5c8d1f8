//! Passkeys (WebAuthn, checklist W01, W02): a credential that a stolen password cannot
//! replace and a phishing page cannot use. `auth` shows them on Account → Security and the
//! sign-in page; this module holds the ceremonies and the stored keys (quire-auth's), and the
//! browser's half is quire-auth-leptos' `passkey_browser`.
pub mod api;
pub mod messages;
#[cfg(feature = "ssr")]
pub mod server;
