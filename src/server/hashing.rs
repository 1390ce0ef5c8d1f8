//! The one way Quire fingerprints a secret for storage: SHA-256, hex-encoded. Session ids and
//! API tokens are stored only this way; the secret itself never reaches the database.
use sha2::{Digest, Sha256};

pub fn sha256_hex(secret: &[u8]) -> String {
    hex::encode(Sha256::digest(secret))
}
