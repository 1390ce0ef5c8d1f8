//! Input rules for accounts. Pure functions, shared by server and browser.
use crate::error::{AppError, FieldError};

pub const NAME_MAX_CHARS: usize = 60;
pub const EMAIL_MAX_BYTES: usize = 254;
pub const PASSWORD_MIN_BYTES: usize = 8;
/// Checked before hashing, so an oversized password cannot make argon2 do extra work.
pub const PASSWORD_MAX_BYTES: usize = 256;

/// Trimmed and lower-cased, or a message for the field.
pub fn email(raw: &str) -> Result<String, String> {
    let email = raw.trim().to_lowercase();
    let message = || "Enter a valid e-mail address.".to_owned();
    if email.is_empty() || email.len() > EMAIL_MAX_BYTES {
        return Err(message());
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(message());
    };
    let plausible_domain = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@');
    if local.is_empty()
        || !plausible_domain
        || email.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(message());
    }
    Ok(email)
}

pub fn display_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("Enter your name.".into());
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(format!("Use at most {NAME_MAX_CHARS} characters."));
    }
    if name.chars().any(char::is_control) {
        return Err("Use letters, digits, spaces and punctuation only.".into());
    }
    Ok(name.to_owned())
}

/// Length only, in bytes and untruncated: any Unicode is welcome and no composition rules apply.
pub fn new_password(raw: &str) -> Result<(), String> {
    if raw.len() < PASSWORD_MIN_BYTES {
        return Err(format!("Use at least {PASSWORD_MIN_BYTES} characters."));
    }
    if raw.len() > PASSWORD_MAX_BYTES {
        return Err(format!("Use at most {PASSWORD_MAX_BYTES} bytes."));
    }
    Ok(())
}

/// Collects per-field results into one `AppError::Invalid` listing every problem at once.
#[derive(Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        result
            .map_err(|message| {
                self.0.push(FieldError {
                    field: field.into(),
                    message,
                });
            })
            .ok()
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalised() {
        assert_eq!(email("  Ada@Example.ORG ").unwrap(), "ada@example.org");
    }

    #[test]
    fn implausible_emails_are_refused() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.org",
            "ada@example",
            "a b@example.org",
            "ada@.org",
        ] {
            assert!(email(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn p04_password_length_is_counted_in_bytes_without_truncation() {
        assert!(new_password("short").is_err());
        assert!(new_password("ünïcødé!").is_ok());
        assert!(new_password(&"x".repeat(256)).is_ok());
        assert!(new_password(&"x".repeat(257)).is_err());
    }

    #[test]
    fn names_are_bounded() {
        assert!(display_name("   ").is_err());
        assert!(display_name(&"n".repeat(61)).is_err());
        assert_eq!(display_name(" Ada ").unwrap(), "Ada");
    }
}
