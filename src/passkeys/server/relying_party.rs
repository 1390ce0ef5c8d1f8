//! The relying party: Quire as WebAuthn sees it, made by quire-auth from `site.origin`, so its
//! id and origin cannot disagree. What can go wrong is an origin WebAuthn refuses (browsers
//! allow passkeys only on a domain name, never on an IP address), and that is found at
//! start-up, not when someone first tries a passkey.
use quire_auth::passkeys::{relying_party as made_for, webauthn_rs::prelude::Webauthn};

pub use quire_auth::passkeys::RelyingPartyError;

use crate::server::config::Config;

/// The relying party for `config`, or `None` when the site is reached by IP address outside
/// production (passkeys are then off, with a warning; in production that is an error).
pub fn relying_party(config: &Config) -> Result<Option<Webauthn>, RelyingPartyError> {
    let origin = &config.site.origin;
    match made_for(origin, "Quire") {
        Ok(rp) => Ok(Some(rp)),
        Err(RelyingPartyError::NotADomain(_)) if !config.site.production => {
            tracing::warn!(%origin, "passkeys are off: WebAuthn needs a domain name, such as localhost");
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_origin(origin: &str, production: bool) -> Config {
        let mut config = Config::default();
        config.site.origin = origin.into();
        config.site.production = production;
        config
    }

    #[test]
    fn a_domain_origin_makes_a_relying_party() {
        let config = with_origin("https://blog.example.org", true);
        assert!(relying_party(&config).unwrap().is_some());
    }

    #[test]
    fn an_ip_origin_turns_passkeys_off_in_development_and_stops_production() {
        assert!(relying_party(&with_origin("http://127.0.0.1:3000", false))
            .unwrap()
            .is_none());
        let refused = relying_party(&with_origin("https://192.0.2.7", true));
        assert!(matches!(refused, Err(RelyingPartyError::NotADomain(_))));
    }
}
