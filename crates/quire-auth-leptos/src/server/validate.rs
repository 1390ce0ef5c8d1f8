//! What registration accepts: an address that can be one, a password of a sensible length.
use quire_auth::passwords::MAX_PASSWORD_BYTES;
use secrecy::{ExposeSecret, SecretString};

use crate::AuthError;

/// Shortest password registration accepts, in characters (NIST SP 800-63B: at least 8).
pub(crate) const MIN_PASSWORD_CHARS: usize = 8;

/// The address as stored: trimmed and lower-cased, or `None` when it cannot be an address
/// (no `@` between two non-empty parts, a space or control character, longer than 254 bytes).
pub(crate) fn normalise_email(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let plausible = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    plausible.then_some(email)
}

/// A name someone gives a thing of theirs (a passkey, a token): trimmed, 1 to `max`
/// characters, no control characters; `None` otherwise.
pub(crate) fn short_name(raw: &str, max: usize) -> Option<String> {
    let name = raw.trim();
    let fits = (1..=max).contains(&name.chars().count());
    (fits && !name.chars().any(char::is_control)).then(|| name.to_owned())
}

pub(crate) fn check_new_password(password: &SecretString) -> Result<(), AuthError> {
    let password = password.expose_secret();
    let long_enough = password.chars().count() >= MIN_PASSWORD_CHARS;
    match long_enough && password.len() <= MAX_PASSWORD_BYTES {
        true => Ok(()),
        false => Err(AuthError::InvalidPassword),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_stored_trimmed_and_lower_cased() {
        assert_eq!(
            normalise_email("  Ada@Example.ORG ").as_deref(),
            Some("ada@example.org")
        );
        for bad in [
            "",
            "ada",
            "@example.org",
            "ada@",
            "ada@example",
            "a b@example.org",
            "ada@@example.org",
            "ada@.org",
            "ada@example.org\0",
        ] {
            assert_eq!(normalise_email(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn new_passwords_need_eight_characters_and_at_most_the_hashing_limit() {
        let check = |p: &str| check_new_password(&SecretString::from(p.to_owned()));
        assert_eq!(check("seven77"), Err(AuthError::InvalidPassword));
        assert_eq!(check("éééééééé"), Ok(()), "characters, not bytes");
        assert_eq!(check(&"x".repeat(MAX_PASSWORD_BYTES)), Ok(()));
        assert_eq!(
            check(&"x".repeat(MAX_PASSWORD_BYTES + 1)),
            Err(AuthError::InvalidPassword)
        );
    }
}
