//! Server side of passkeys: the relying party, ceremonies in progress, stored passkeys, and the
//! two ceremonies (adding a passkey, signing in with one).
pub mod ceremony;
pub mod register;
pub mod relying_party;
pub mod sign_in;
pub use quire_auth::passkeys::store;

use webauthn_rs::prelude::Webauthn;

use super::messages;
use crate::{error::AppError, server::state::AppState};

/// The site's relying party, or [`messages::OFF`] when the site is reached by IP address.
fn relying_party_of(state: &AppState) -> Result<&Webauthn, AppError> {
    state.webauthn.as_ref().ok_or(NOT_OFFERED)
}

const NOT_OFFERED: AppError = AppError::NotOffered(messages::OFF);
/// Every way a passkey is turned away (unknown, replayed, cloned, for another account, or a
/// ceremony that lapsed) gets the same words, so the answer tells an attacker nothing.
const REFUSED: AppError = AppError::Refused(messages::REFUSED);

/// quire-auth's errors, with its passkey refusal in this feature's words.
fn in_our_words(error: quire_auth::Error) -> AppError {
    match error {
        quire_auth::Error::PasskeyRefused => REFUSED,
        other => other.into(),
    }
}
