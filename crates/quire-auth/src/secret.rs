//! The one way a secret is fingerprinted for storage: SHA-256, hex-encoded. Session ids and
//! API tokens are stored only this way; the secret itself never reaches the database.
use sha2::{Digest, Sha256};

/// The SHA-256 of `secret`, hex-encoded: what is stored of a secret.
///
/// ```
/// let stored = quire_auth::secret::sha256_hex(b"abc");
/// assert!(stored.starts_with("ba7816bf"));
/// ```
pub fn sha256_hex(secret: &[u8]) -> String {
    hex::encode(Sha256::digest(secret))
}

/// `chars` letters and digits from the OS random source (about 5.95 bits each): the one way
/// this crate makes a secret for a link, a token, a pending sign-in or a ceremony.
///
/// ```
/// let secret = quire_auth::secret::random_secret(32);
/// assert_eq!(secret.len(), 32);
/// assert!(secret.chars().all(|c| c.is_ascii_alphanumeric()));
/// ```
pub fn random_secret(chars: usize) -> String {
    use rand::{distributions::Alphanumeric, rngs::OsRng, Rng};
    OsRng
        .sample_iter(&Alphanumeric)
        .take(chars)
        .map(char::from)
        .collect()
}
