//! The one way Quire fingerprints a secret for storage: SHA-256, hex-encoded. Session ids and
//! API tokens are stored only this way; the secret itself never reaches the database.
use sha2::{Digest, Sha256};

pub fn sha256_hex(secret: &[u8]) -> String {
    hex::encode(Sha256::digest(secret))
}

/// `chars` letters and digits from the OS random source (about 5.95 bits each): the one way
/// Quire makes a secret for a link, a token, a pending sign-in or a ceremony.
pub fn random_secret(chars: usize) -> String {
    use rand::{distributions::Alphanumeric, rngs::OsRng, Rng};
    OsRng
        .sample_iter(&Alphanumeric)
        .take(chars)
        .map(char::from)
        .collect()
}
