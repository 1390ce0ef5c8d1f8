//! Server-side session authentication for axum apps, without Leptos.
//!
//! `quire-auth` is the account system of Quire, taken out so
//! that any axum or Leptos app can use it. It is being moved here piece by piece; this release
//! holds the foundation the rest stands on:
//!
//! - [`accounts`]: the `auth_accounts` rows and the epochs that make every revocation final.
//! - [`db`]: one handle to SQLite (the default: one file) or PostgreSQL (several instances),
//!   write transactions that run as if alone, and credential-change events across instances.
//! - [`links`]: links sent by mail, hashed, single use, one purpose each, dead once the
//!   account's credentials are revoked.
//! - [`origin_check`]: the CSRF defence, as one middleware: a write is served only when the
//!   browser vouches that it came from this site (`Sec-Fetch-Site`, else `Origin`).
//! - [`password_check`]: the one throttled, audited check of a password, for sign-in and for
//!   every prompt that asks for it again.
//! - [`audit`]: the trait through which the crate reports security events to the app's log.
//! - [`password_reset`]: a new password set with a mailed link, checked like a password and
//!   ending everything the account had signed in with.
//! - [`pending_sign_ins`]: the second step of a sign-in, between the password and the code.
//! - [`passwords`]: argon2id off the async runtime, with fewer hashes at a time than cores.
//! - [`rate`]: GCRA limits that are taken *before* a secret is checked and given back when it
//!   was right, counted in memory or, on PostgreSQL, in one SQL statement every instance shares.
//! - [`sessions`]: a tower-sessions store that keeps only hashes of session ids and reads the
//!   app's principal with the session in one query, fresh on every request; starting, sliding,
//!   ending and re-authenticating sessions under one [`sessions::SessionPolicy`]; the
//!   signed-out event stream an open tab listens to.
//! - [`recovery_codes`]: single-use codes for two-step sign-in, stored hashed.
//! - [`revocation`]: every session and token of an account ended and both epochs moved, in
//!   one call.
//! - [`secret`]: the one way secrets are made (OS randomness) and stored (SHA-256).
//! - [`throttle`]: sign-in throttling per IP and per account, counted before every check of a
//!   secret.
//! - [`token_format`]: opaque bearer tokens with a checksum that secret scanners recognise.
//! - [`totp`]: authenticator apps (TOTP) for two-step sign-in, each code accepted once.
//! - [`tokens`]: bearer tokens for mobile apps and machine clients, stored hashed, with the
//!   app's own scopes, read with the principal fresh on every request, revocable at once.
//! - [`clock`]: the injectable clock every expiry is computed from.
//!
//! Errors are [`Error`]: its `Display` never reaches a user, and the app maps it to its own
//! opaque answer. The crate's tables come from its own migrations, which [`db::connect`] runs
//! before the app's.
#![warn(missing_docs)]

pub mod accounts;
pub mod audit;
mod client;
pub mod clock;
pub mod db;
mod error;
pub mod links;
pub mod origin_check;
pub mod passkeys;
pub mod password_check;
pub mod password_reset;
pub mod passwords;
pub mod pending_sign_ins;
pub mod rate;
pub mod recovery_codes;
pub mod revocation;
pub mod second_step;
pub mod secret;
pub mod sessions;
pub mod throttle;
pub mod token_format;
pub mod tokens;
pub mod totp;

pub use client::ClientInfo;
pub use error::Error;
