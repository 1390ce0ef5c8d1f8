//! Server side of passkeys: the relying party, ceremonies in progress, stored passkeys, and the
//! two ceremonies (adding a passkey, signing in with one).
pub mod ceremony;
pub mod register;
pub mod relying_party;
pub mod sign_in;
pub use quire_auth::passkeys::store;

use webauthn_rs::prelude::Webauthn;

use crate::{error::AppError, server::state::AppState};

/// The site's relying party, or `PasskeysOff` when the site is reached by IP address.
fn relying_party_of(state: &AppState) -> Result<&Webauthn, AppError> {
    state.webauthn.as_ref().ok_or(AppError::PasskeysOff)
}
