//! Server side of the second factor: the authenticator secret, recovery codes, and the pending
//! record between the two steps of a sign-in.
pub mod change;
pub mod pending;
pub mod recovery;
pub mod totp;
