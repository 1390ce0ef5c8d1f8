//! Every message Quire shows next to a form field. Errors travel as a variant name, never as
//! text: a no-JS form error comes back to the page in the URL (`?__err=`), and a crafted link
//! can then choose only among these, never put its own words on Quire's page (checklist X04).
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum Message {
    #[error("Enter a valid e-mail address.")]
    EmailInvalid,
    #[error("An account with this e-mail already exists. Sign in instead.")]
    EmailTaken,
    #[error("That is already your address.")]
    EmailSame,
    #[error("That code is not right. Check your authenticator app, or use a recovery code.")]
    WrongCode,
    #[error("Enter your name.")]
    NameMissing,
    #[error("Use at most 60 characters.")]
    NameTooLong,
    #[error("Use letters, digits, spaces and punctuation only.")]
    NameCharacters,
    #[error("Use at least 8 characters.")]
    PasswordTooShort,
    #[error("Use at most 256 bytes.")]
    PasswordTooLong,
    #[error("This password is too common or easy to guess. Try a few unrelated words.")]
    PasswordGuessable,
    #[error("That is not your password.")]
    NotYourPassword,
    #[error("That is not your current password.")]
    NotYourCurrentPassword,
    #[error("Give the post a title.")]
    TitleMissing,
    #[error("Keep the title under 200 characters.")]
    TitleTooLong,
    #[error("Too many posts share this title. Choose another.")]
    TitleTaken,
    #[error("Write something first.")]
    BodyMissing,
    #[error("Posts are limited to 50000 bytes.")]
    BodyTooLong,
    #[error("This post is too long to preview.")]
    PreviewTooLong,
    #[error("Write a comment first.")]
    CommentMissing,
    #[error("Comments are limited to 2000 characters.")]
    CommentTooLong,
    #[error("Give the token a name of at most 100 characters.")]
    TokenName,
    #[error("Choose an expiry of at most a year.")]
    TokenExpiry,
    #[error("Choose at least one scope.")]
    TokenScopes,
    #[error("Give the device a name of at most 100 characters.")]
    DeviceName,
    #[error("Give the passkey a name of at most 60 characters.")]
    PasskeyName,
    #[error("Search for at most 100 characters.")]
    SearchTooLong,
}
