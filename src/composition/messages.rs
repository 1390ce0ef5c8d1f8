//! Every feature's form messages, registered once at start on the server and in the browser, so
//! that an error naming one of them decodes (and one naming anything else does not: X04).
use crate::error::{register_messages, Message};

/// Each feature's catalogue; a new feature with messages adds its `messages::ALL` here.
pub const CATALOGUES: &[&[Message]] = &[
    crate::admin::messages::ALL,
    crate::auth::messages::ALL,
    crate::comments::messages::ALL,
    crate::factors::messages::ALL,
    crate::passkeys::messages::ALL,
    crate::posts::messages::ALL,
    crate::tokens::messages::ALL,
];

/// Makes every message above decodable; called by the server's start and by `hydrate()`.
pub fn register() {
    register_messages(CATALOGUES);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    #[test]
    fn message_keys_are_snake_case_and_unique_across_features() {
        let mut keys = std::collections::BTreeSet::new();
        let all = CATALOGUES.iter().copied().flatten();
        for message in all.chain([&Message::NAME_CHARACTERS, &Message::NOT_ACCEPTED]) {
            let key = message.key();
            assert!(
                key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{key}"
            );
            assert!(keys.insert(key), "two messages use the key {key}");
        }
        assert!(keys.len() > 20, "{keys:?}");
    }

    #[test]
    fn x04_a_registered_features_message_decodes_and_an_unknown_key_does_not() {
        register();
        let wire = r#"{"Invalid":[{"field":"title","message":"title_missing"}]}"#;
        let decoded: AppError = serde_json::from_str(wire).unwrap();
        let expected = AppError::invalid("title", crate::posts::messages::TITLE_MISSING);
        assert_eq!(decoded, expected);
        assert_eq!(
            decoded.field_message("title").as_deref(),
            Some("Give the post a title.")
        );
        let unknown = r#"{"Invalid":[{"field":"title","message":"title_mising"}]}"#;
        assert!(serde_json::from_str::<AppError>(unknown).is_err());
    }

    #[test]
    fn x04_a_refusal_names_a_features_reason_and_cannot_carry_text_of_its_own() {
        register();
        let wire = r#"{"Denied":"second_factor_required"}"#;
        let decoded: AppError = serde_json::from_str(wire).unwrap();
        let reason = crate::admin::messages::SECOND_FACTOR_REQUIRED;
        assert_eq!(decoded, AppError::Denied(reason));
        assert_eq!(decoded.to_string(), reason.to_string());
        assert_eq!(decoded.status_code(), 403);
        let crafted = r#"{"Refused":"Your account is locked. Call +1 555 0100."}"#;
        assert!(serde_json::from_str::<AppError>(crafted).is_err());
    }
}
