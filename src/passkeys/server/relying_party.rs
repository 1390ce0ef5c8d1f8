//! The relying party: Quire as WebAuthn sees it. Its id and origin both come from
//! `site.origin`, so they cannot disagree; what can go wrong is an origin WebAuthn refuses
//! (browsers allow passkeys only on a domain name, never on an IP address), and that is found
//! at start-up, not when someone first tries a passkey.
use webauthn_rs::prelude::{Url, Webauthn, WebauthnBuilder};

use crate::server::config::Config;

#[derive(Debug, thiserror::Error)]
pub enum RelyingPartyError {
    #[error("site.origin {0:?} is not a URL")]
    Origin(String),
    #[error(
        "passkeys need site.origin to name a host by domain (such as localhost), not by IP \
         address: {0:?}"
    )]
    NotADomain(String),
    #[error("WebAuthn refused the relying party for {0:?}")]
    Refused(String),
}

/// The relying party for `config`, or `None` when the site is reached by IP address outside
/// production (passkeys are then off, with a warning; in production that is an error).
pub fn relying_party(config: &Config) -> Result<Option<Webauthn>, RelyingPartyError> {
    let origin = &config.site.origin;
    let url = Url::parse(origin).map_err(|_| RelyingPartyError::Origin(origin.clone()))?;
    let Some(domain) = url.domain() else {
        if config.site.production {
            return Err(RelyingPartyError::NotADomain(origin.clone()));
        }
        tracing::warn!(%origin, "passkeys are off: WebAuthn needs a domain name, such as localhost");
        return Ok(None);
    };
    WebauthnBuilder::new(domain, &url)
        .and_then(|builder| builder.rp_name("Quire").build())
        .map(Some)
        .map_err(|_| RelyingPartyError::Refused(origin.clone()))
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
