//! Input rules for accounts. Pure functions, shared by server and browser.
use crate::auth::messages;
use crate::error::Message;
use crate::lookalike;

pub const NAME_MAX_CHARS: usize = 60;
pub const EMAIL_MAX_BYTES: usize = 254;
pub const PASSWORD_MIN_BYTES: usize = 8;
/// Checked before hashing, so an oversized password cannot make argon2 do extra work.
pub const PASSWORD_MAX_BYTES: usize = 256;

/// Folded (NFKC), trimmed and lower-cased, or a message for the field. Invisible characters
/// are refused rather than removed, so what was typed is what is stored.
pub fn email(raw: &str) -> Result<String, Message> {
    let email = lookalike::fold(raw.trim()).to_lowercase();
    let invalid = Err(messages::EMAIL_INVALID);
    if email.is_empty() || email.len() > EMAIL_MAX_BYTES {
        return invalid;
    }
    let Some((local, domain)) = email.split_once('@') else {
        return invalid;
    };
    let plausible_domain = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@');
    if local.is_empty()
        || !plausible_domain
        || email
            .chars()
            .any(|c| c.is_whitespace() || lookalike::is_invisible(c))
    {
        return invalid;
    }
    Ok(email)
}

/// Folded (NFKC, so a no-break space is a space), trimmed, with no invisible characters.
pub fn display_name(raw: &str) -> Result<String, Message> {
    let name = lookalike::fold(raw);
    let name = name.trim();
    if name.is_empty() {
        return Err(messages::NAME_MISSING);
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(messages::NAME_TOO_LONG);
    }
    if name.chars().any(lookalike::is_invisible) {
        return Err(Message::NAME_CHARACTERS);
    }
    Ok(name.to_owned())
}

/// Length only, in bytes and untruncated: any Unicode is welcome and no composition rules apply.
pub fn new_password(raw: &str) -> Result<(), Message> {
    if raw.len() < PASSWORD_MIN_BYTES {
        return Err(messages::PASSWORD_TOO_SHORT);
    }
    if raw.len() > PASSWORD_MAX_BYTES {
        return Err(messages::PASSWORD_TOO_LONG);
    }
    Ok(())
}

/// Refuses passwords that are common or easy to guess (zxcvbn score 0–1: dictionary words,
/// leaked-password lists, keyboard walks, dates, the user's own name or e-mail). Server-only:
/// the dictionaries would bloat the browser bundle.
#[cfg(feature = "ssr")]
pub fn not_guessable(password: &str, user_inputs: &[&str]) -> Result<(), Message> {
    // zxcvbn's cost grows with length; the first 100 characters decide guessability well
    // enough (the password itself is never truncated).
    let sample: String = password.chars().take(100).collect();
    // zxcvbn matches whole tokens: offer each input, an e-mail's local part, and every word.
    let mut words: Vec<String> = Vec::new();
    for input in user_inputs.iter().map(|i| i.to_lowercase()) {
        words.extend(input.split('@').next().map(str::to_owned));
        words.extend(
            input
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 2)
                .map(str::to_owned),
        );
        words.push(input);
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let guessable = zxcvbn::zxcvbn(&sample, &words).score() < zxcvbn::Score::Two;
    if guessable {
        Err(messages::PASSWORD_GUESSABLE)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The form's limit is the one quire-auth's password check refuses beyond.
    #[cfg(feature = "ssr")]
    #[test]
    fn the_password_limit_is_the_one_the_check_applies() {
        assert_eq!(
            PASSWORD_MAX_BYTES,
            quire_auth::passwords::MAX_PASSWORD_BYTES
        );
    }

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

    #[cfg(feature = "ssr")]
    #[test]
    fn p04_common_and_personal_passwords_are_refused() {
        for common in [
            "password",
            "password123",
            "qwertyuiop",
            "iloveyou1",
            "11111111",
            "letmein!",
        ] {
            assert!(not_guessable(common, &[]).is_err(), "{common} accepted");
        }
        assert!(not_guessable(
            "ada.lovelace",
            &["Ada Lovelace", "ada.lovelace@example.org"]
        )
        .is_err());
        assert!(not_guessable("a long enough passphrase", &[]).is_ok());
        assert!(not_guessable("correct horse battery staple", &[]).is_ok());
    }

    #[test]
    fn l13_look_alike_e_mails_are_one_account_or_refused() {
        assert_eq!(email(" ＡＤＡ@Example.org ").unwrap(), "ada@example.org");
        for hidden in ["ad\u{200B}a@example.org", "ada@exam\u{202E}ple.org"] {
            assert_eq!(email(hidden), Err(messages::EMAIL_INVALID), "{hidden:?}");
        }
    }

    #[test]
    fn l13_invisible_characters_are_refused_in_display_names() {
        for hidden in ["Demo\u{200B} Admin", "Demo Admin\u{2066}", "\u{3164}"] {
            assert!(display_name(hidden).is_err(), "{hidden:?}");
        }
        assert_eq!(display_name("Demo\u{00A0}Admin").unwrap(), "Demo Admin");
    }

    #[test]
    fn limits_in_messages_match_the_constants() {
        let has = |m: Message, n: usize| m.to_string().contains(&n.to_string());
        assert!(has(messages::NAME_TOO_LONG, NAME_MAX_CHARS));
        assert!(has(messages::PASSWORD_TOO_SHORT, PASSWORD_MIN_BYTES));
        assert!(has(messages::PASSWORD_TOO_LONG, PASSWORD_MAX_BYTES));
    }

    #[test]
    fn names_are_bounded() {
        assert!(display_name("   ").is_err());
        assert!(display_name(&"n".repeat(61)).is_err());
        assert_eq!(display_name(" Ada ").unwrap(), "Ada");
    }
}
