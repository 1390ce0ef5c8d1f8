//! Token format (checklist T01): `quire_<kind>_<22 base62 chars><6 base62 chars of CRC-32>`.
//! 22 base62 characters carry 131 random bits. The checksum lets a mistyped or truncated token
//! be refused before any database query, and lets secret scanners recognise leaked tokens.

const SECRET_LEN: usize = 22;
const CHECKSUM_LEN: usize = 6;
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// What a bearer token was issued as.
///
/// ```
/// use quire_auth::token_format::{generate, parse, TokenKind};
/// let token = generate(TokenKind::Pat);
/// assert_eq!(parse(&token), Some(TokenKind::Pat));
/// assert_eq!(parse("quire_pat_mistyped"), None);
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

/// A new token from the OS random source. Returned once; only its hash is kept.
pub fn generate(kind: TokenKind) -> String {
    let secret: String = crate::secret::random_secret(SECRET_LEN);
    let body = format!("quire_{}_{secret}", kind.as_str());
    let sum = checksum(&body);
    body + &sum
}

/// The kind of a well-formed token with a valid checksum; `None` for anything else.
pub fn parse(token: &str) -> Option<TokenKind> {
    let (kind, rest) = if let Some(rest) = token.strip_prefix("quire_app_") {
        (TokenKind::App, rest)
    } else {
        (TokenKind::Pat, token.strip_prefix("quire_pat_")?)
    };
    if rest.len() != SECRET_LEN + CHECKSUM_LEN || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let (body, sum) = token.split_at(token.len() - CHECKSUM_LEN);
    (checksum(body) == sum).then_some(kind)
}

/// What is stored of a token: its SHA-256, hex-encoded.
pub fn hash(token: &str) -> String {
    crate::secret::sha256_hex(token.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t01_generated_tokens_have_the_format_and_verify() {
        let token = generate(TokenKind::Pat);
        assert!(token.starts_with("quire_pat_"), "{token}");
        assert_eq!(token.len(), "quire_pat_".len() + 22 + 6);
        assert_eq!(parse(&token), Some(TokenKind::Pat));
        assert_eq!(parse(&generate(TokenKind::App)), Some(TokenKind::App));
        assert_ne!(generate(TokenKind::Pat), generate(TokenKind::Pat));
    }

    #[test]
    fn t01_corrupted_tokens_are_refused_by_the_checksum() {
        let token = generate(TokenKind::App);
        let mut flipped = token.clone().into_bytes();
        flipped[15] = if flipped[15] == b'a' { b'b' } else { b'a' };
        let flipped = String::from_utf8(flipped).unwrap();
        for bad in [
            &flipped,
            &token[..token.len() - 1],
            "quire_xyz_abc",
            "",
            "Bearer x",
        ] {
            assert_eq!(parse(bad), None, "{bad} accepted");
        }
    }
}
