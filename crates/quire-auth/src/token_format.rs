//! Token format: `<prefix>_<kind>_<22 base62 chars><6 base62 chars of CRC-32>`, the prefix
//! chosen by the app (Quire's is `quire`), so that a secret scanner can tell its tokens apart.
//! 22 base62 characters carry 131 random bits. The checksum lets a mistyped or truncated token
//! be refused before any database query, and lets secret scanners recognise leaked tokens.

const SECRET_LEN: usize = 22;
const CHECKSUM_LEN: usize = 6;
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// What a bearer token was issued as.
///
/// ```
/// use quire_auth::token_format::{TokenFormat, TokenKind};
/// const TOKENS: TokenFormat = TokenFormat::new("notes");
/// let token = TOKENS.generate(TokenKind::Pat);
/// assert!(token.starts_with("notes_pat_"));
/// assert_eq!(TOKENS.parse(&token), Some(TokenKind::Pat));
/// assert_eq!(TOKENS.parse("notes_pat_mistyped"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Issued to a mobile app by signing in at `POST /api/v1/auth/token`.
    App,
    /// A personal access token made in the account UI.
    Pat,
}

impl TokenKind {
    /// The kind's part of a token: `app` or `pat`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::App => "app",
            TokenKind::Pat => "pat",
        }
    }
}

fn checksum(body: &str) -> String {
    let mut n = crc32fast::hash(body.as_bytes()) as u64;
    let mut out = [b'0'; CHECKSUM_LEN];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An app's tokens: their prefix, and how they are made and recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenFormat {
    prefix: &'static str,
}

impl TokenFormat {
    /// Tokens that start `<prefix>_`. The prefix is 2 to 16 lowercase ASCII letters; anything
    /// else fails to compile where the format is a `const`.
    ///
    /// ```compile_fail
    /// const BAD: quire_auth::token_format::TokenFormat =
    ///     quire_auth::token_format::TokenFormat::new("Not_OK");
    /// ```
    pub const fn new(prefix: &'static str) -> Self {
        let bytes = prefix.as_bytes();
        assert!(
            bytes.len() >= 2 && bytes.len() <= 16,
            "a token prefix has 2 to 16 letters"
        );
        let mut i = 0;
        while i < bytes.len() {
            assert!(
                bytes[i].is_ascii_lowercase(),
                "a token prefix is lowercase letters"
            );
            i += 1;
        }
        Self { prefix }
    }

    /// What every token of `kind` starts with (`<prefix>_<kind>_`), kept beside its hash so
    /// that a list can show which token a row is without being usable.
    pub(crate) fn shown_prefix(&self, kind: TokenKind) -> String {
        format!("{}_{}_", self.prefix, kind.as_str())
    }

    /// A new token from the OS random source. Returned once; only its [`hash`] is kept.
    pub fn generate(&self, kind: TokenKind) -> String {
        let secret: String = crate::secret::random_secret(SECRET_LEN);
        let body = format!("{}{secret}", self.shown_prefix(kind));
        let sum = checksum(&body);
        body + &sum
    }

    /// The kind of a well-formed token of this format with a valid checksum; `None` for
    /// anything else, before any database query.
    pub fn parse(&self, token: &str) -> Option<TokenKind> {
        let rest = token.strip_prefix(self.prefix)?.strip_prefix('_')?;
        let (kind, rest) = if let Some(rest) = rest.strip_prefix("app_") {
            (TokenKind::App, rest)
        } else {
            (TokenKind::Pat, rest.strip_prefix("pat_")?)
        };
        if rest.len() != SECRET_LEN + CHECKSUM_LEN
            || !rest.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return None;
        }
        let (body, sum) = token.split_at(token.len() - CHECKSUM_LEN);
        (checksum(body) == sum).then_some(kind)
    }
}

/// What is stored of a token: its SHA-256, hex-encoded.
pub fn hash(token: &str) -> String {
    crate::secret::sha256_hex(token.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUIRE: TokenFormat = TokenFormat::new("quire");

    #[test]
    fn t01_generated_tokens_have_the_format_and_verify() {
        let token = QUIRE.generate(TokenKind::Pat);
        assert!(token.starts_with("quire_pat_"), "{token}");
        assert_eq!(token.len(), "quire_pat_".len() + 22 + 6);
        assert_eq!(QUIRE.parse(&token), Some(TokenKind::Pat));
        assert_eq!(
            QUIRE.parse(&QUIRE.generate(TokenKind::App)),
            Some(TokenKind::App)
        );
        assert_ne!(
            QUIRE.generate(TokenKind::Pat),
            QUIRE.generate(TokenKind::Pat)
        );
    }

    #[test]
    fn t01_corrupted_tokens_are_refused_by_the_checksum() {
        let token = QUIRE.generate(TokenKind::App);
        let other = TokenFormat::new("other").generate(TokenKind::App);
        let mut flipped = token.clone().into_bytes();
        flipped[15] = if flipped[15] == b'a' { b'b' } else { b'a' };
        let flipped = String::from_utf8(flipped).unwrap();
        for bad in [
            &flipped,
            &token[..token.len() - 1],
            "quire_xyz_abc",
            "",
            "Bearer x",
            &other,
        ] {
            assert_eq!(QUIRE.parse(bad), None, "{bad} accepted");
        }
    }
}
