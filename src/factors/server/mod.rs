//! Server side of two-step sign-in: turning it on and off, and Quire's side of the
//! authenticator app (the secret, the pending step between password and code and the recovery
//! codes are quire-auth's `totp`, `pending_sign_ins` and `recovery_codes`).
pub mod change;
pub mod totp;
