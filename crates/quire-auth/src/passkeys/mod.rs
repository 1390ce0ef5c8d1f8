//! Passkeys (WebAuthn, with [webauthn-rs](https://docs.rs/webauthn-rs)): the relying party,
//! ceremonies in progress ([`ceremony`]), stored passkeys ([`store`]) and signing in with one
//! ([`PasswordCheck::passkey_sign_in`](crate::password_check::PasswordCheck::passkey_sign_in)).
//!
//! Passkeys are discoverable (no address typed) and need user verification on the device, so
//! one stands for both steps of a two-step sign-in. The user handle an authenticator stores is
//! a random UUID ([`store::handle`]), never the account id or address. The app decides what
//! adding or removing one needs (sudo mode, a verified address) and whom it tells.
//!
//! ```
//! let rp = quire_auth::passkeys::relying_party("https://notes.example.org", "Notes").unwrap();
//! assert_eq!(rp.get_allowed_origins()[0].as_str(), "https://notes.example.org/");
//! let refused = quire_auth::passkeys::relying_party("http://127.0.0.1:3000", "Notes");
//! assert!(refused.is_err(), "WebAuthn needs a domain name");
//! ```
use webauthn_rs::prelude::{Url, Webauthn, WebauthnBuilder};

pub mod ceremony;
mod sign_in;
#[cfg(feature = "test-support")]
pub mod soft;
pub mod store;

pub use webauthn_rs;

/// Why no relying party could be made for an origin.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RelyingPartyError {
    /// The origin is not a URL.
    #[error("the origin {0:?} is not a URL")]
    Origin(String),
    /// Browsers allow passkeys only on a domain name (such as `localhost`), never on an IP
    /// address.
    #[error("passkeys need an origin that names a host by domain (such as localhost), not by IP address: {0:?}")]
    NotADomain(String),
    /// webauthn-rs refused the relying party.
    #[error("WebAuthn refused the relying party for {0:?}")]
    Refused(String),
}

/// The relying party for the site at `origin` (its id is the origin's domain, so the two
/// cannot disagree), shown to the user as `name`.
pub fn relying_party(origin: &str, name: &str) -> Result<Webauthn, RelyingPartyError> {
    let url = Url::parse(origin).map_err(|_| RelyingPartyError::Origin(origin.to_owned()))?;
    let Some(domain) = url.domain() else {
        return Err(RelyingPartyError::NotADomain(origin.to_owned()));
    };
    WebauthnBuilder::new(domain, &url)
        .and_then(|builder| builder.rp_name(name).build())
        .map_err(|_| RelyingPartyError::Refused(origin.to_owned()))
}
