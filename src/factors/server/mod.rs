//! Server side of the second factor: the authenticator secret and the pending record between
//! the two steps of a sign-in (recovery codes are quire-auth's `recovery_codes`).
pub mod change;
pub mod pending;
pub mod totp;
