//! Messages shown next to a form field, or as the reason of an error (`AppError::Denied`,
//! `Refused`, `NotOffered`). Each feature owns its own (`posts::messages`, `auth::messages`, …);
//! the base keeps only the generic ones, as constants on [`Message`].
//!
//! Errors travel as a message's key, never as its text: a no-JS form error comes back to the
//! page in the URL (`?__err=`), and a crafted link can then only choose among the messages the
//! composition root registered, never put its own words on Quire's page (checklist X04). A key
//! nobody registered does not decode at all.
use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};
use std::{fmt, sync::OnceLock};

/// A message for one form field or one refusal: the key that goes over the wire, and the text
/// shown.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Message {
    key: &'static str,
    text: &'static str,
}

impl Message {
    /// A feature's message. Keys are `snake_case` and unique across the app (a test in
    /// `composition` checks).
    pub const fn new(key: &'static str, text: &'static str) -> Self {
        Self { key, text }
    }

    /// What travels on the wire.
    pub fn key(self) -> &'static str {
        self.key
    }

    /// A name with a control, format or bidi character (see [`crate::error::short_name`]).
    pub const NAME_CHARACTERS: Message = Message::new(
        "name_characters",
        "Use letters, digits, spaces and punctuation only.",
    );

    /// A credential refused by quire-auth where no feature put the refusal in its own words.
    pub const NOT_ACCEPTED: Message = Message::new(
        "not_accepted",
        "That was not accepted, or the request took too long. Try again.",
    );
}

/// The base's own messages, known without registration.
const BASE: &[Message] = &[Message::NAME_CHARACTERS, Message::NOT_ACCEPTED];

static CATALOGUES: OnceLock<&'static [&'static [Message]]> = OnceLock::new();

/// Makes every feature's messages decodable. The composition root calls this once at start,
/// on the server and in the browser; later calls change nothing.
pub fn register_messages(catalogues: &'static [&'static [Message]]) {
    let _ = CATALOGUES.set(catalogues);
}

fn find(key: &str) -> Option<Message> {
    let registered = CATALOGUES.get().copied().unwrap_or_default();
    std::iter::once(BASE)
        .chain(registered.iter().copied())
        .flatten()
        .find(|message| message.key == key)
        .copied()
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Message({})", self.key)
    }
}

impl std::error::Error for Message {}

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key)
    }
}

impl<'de> Deserialize<'de> for Message {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let key = String::deserialize(deserializer)?;
        find(&key).ok_or_else(|| D::Error::custom("not a message of this site"))
    }
}
