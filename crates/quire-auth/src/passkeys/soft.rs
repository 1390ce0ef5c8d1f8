//! A software passkey for tests (feature `test-support`): a P-256 key (ring) behind
//! hand-built WebAuthn messages, so the server's checks run against real signatures. Its
//! counter and flags can be set to what a cloned authenticator would send.
//!
//! ```
//! use quire_auth::passkeys::soft::SoftPasskey;
//! let mut key = SoftPasskey::new("https://notes.example.org");
//! let options = serde_json::json!({ "publicKey": {
//!     "challenge": "AAAA", "user": { "id": "AQID" } } });
//! let answer = key.register(&options);
//! assert_eq!(answer["type"], "public-key");
//! assert_eq!(key.user_handle, vec![1, 2, 3]);
//! ```
use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
use ring::{
    rand::SystemRandom,
    signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_ASN1_SIGNING as ALG},
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const UP: u8 = 0x01;
const UV: u8 = 0x04;
const BE: u8 = 0x08;
const AT: u8 = 0x40;

/// A passkey held in memory. Its fields are what a test may change: the counter a signature
/// reports, the backup flag, the origin the browser would name.
pub struct SoftPasskey {
    key: EcdsaKeyPair,
    /// The credential id, random.
    pub credential_id: Vec<u8>,
    /// The user handle stored at registration, sent back when signing in.
    pub user_handle: Vec<u8>,
    /// The signature counter it reports (raise it before each signature, as a real one does).
    pub counter: u32,
    /// The "backup eligible" flag it reports (a synced passkey sets it, and never changes it).
    pub backup_eligible: bool,
    /// The origin the browser names in its client data.
    pub origin: String,
}

fn cbor_head(major: u8, len: usize) -> Vec<u8> {
    match len {
        0..=23 => vec![major << 5 | len as u8],
        24..=255 => vec![major << 5 | 24, len as u8],
        _ => {
            let mut head = vec![major << 5 | 25];
            head.extend_from_slice(&(len as u16).to_be_bytes());
            head
        }
    }
}

fn cbor_bytes(bytes: &[u8]) -> Vec<u8> {
    [cbor_head(2, bytes.len()), bytes.to_vec()].concat()
}

fn cbor_text(text: &str) -> Vec<u8> {
    [cbor_head(3, text.len()), text.as_bytes().to_vec()].concat()
}

fn field<'a>(options: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(options, |v, k| &v[*k])
}

fn decode(value: &Value) -> Vec<u8> {
    B64.decode(value.as_str().expect("base64url text"))
        .expect("base64url")
}

impl SoftPasskey {
    /// A new passkey for the site at `origin`.
    pub fn new(origin: &str) -> Self {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ALG, &rng).unwrap();
        let key = EcdsaKeyPair::from_pkcs8(&ALG, pkcs8.as_ref(), &rng).unwrap();
        Self {
            key,
            credential_id: (0..16).map(|_| rand_byte(&rng)).collect(),
            user_handle: Vec::new(),
            counter: 0,
            backup_eligible: false,
            origin: origin.to_owned(),
        }
    }

    fn flags(&self) -> u8 {
        UP | UV | if self.backup_eligible { BE } else { 0 }
    }

    fn rp_hash(&self) -> Vec<u8> {
        let host = self
            .origin
            .split("://")
            .nth(1)
            .unwrap()
            .split(':')
            .next()
            .unwrap();
        Sha256::digest(host.as_bytes()).to_vec()
    }

    fn client_data(&self, kind: &str, challenge: &Value) -> Vec<u8> {
        json!({ "type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": false })
            .to_string()
            .into_bytes()
    }

    fn cose_key(&self) -> Vec<u8> {
        let point = self.key.public_key().as_ref(); // 0x04 | x | y
        let mut key = vec![0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21];
        key.extend(cbor_bytes(&point[1..33]));
        key.push(0x22);
        key.extend(cbor_bytes(&point[33..65]));
        key
    }

    /// Answers `navigator.credentials.create` for the server's `options` (the JSON of a
    /// `CreationChallengeResponse`): the `RegisterPublicKeyCredential` to send back.
    pub fn register(&mut self, options: &Value) -> Value {
        self.user_handle = decode(field(options, &["publicKey", "user", "id"]));
        let challenge = field(options, &["publicKey", "challenge"]);
        let mut auth_data = self.rp_hash();
        auth_data.push(self.flags() | AT);
        auth_data.extend(self.counter.to_be_bytes());
        auth_data.extend([0u8; 16]); // AAGUID
        auth_data.extend((self.credential_id.len() as u16).to_be_bytes());
        auth_data.extend(&self.credential_id);
        auth_data.extend(self.cose_key());
        let mut attestation = vec![0xa3];
        attestation.extend(cbor_text("fmt"));
        attestation.extend(cbor_text("none"));
        attestation.extend(cbor_text("attStmt"));
        attestation.push(0xa0);
        attestation.extend(cbor_text("authData"));
        attestation.extend(cbor_bytes(&auth_data));
        let id = B64.encode(&self.credential_id);
        json!({
            "id": id, "rawId": id, "type": "public-key", "extensions": {},
            "response": {
                "attestationObject": B64.encode(attestation),
                "clientDataJSON": B64.encode(self.client_data("webauthn.create", challenge)),
            }
        })
    }

    /// Answers `navigator.credentials.get` for `options` (a `RequestChallengeResponse`),
    /// with the counter as it stands (raise it first, as a real authenticator does).
    pub fn sign(&self, options: &Value) -> Value {
        let challenge = field(options, &["publicKey", "challenge"]);
        let client_data = self.client_data("webauthn.get", challenge);
        let mut auth_data = self.rp_hash();
        auth_data.push(self.flags());
        auth_data.extend(self.counter.to_be_bytes());
        let signed = [auth_data.clone(), Sha256::digest(&client_data).to_vec()].concat();
        let signature = self.key.sign(&SystemRandom::new(), &signed).unwrap();
        let id = B64.encode(&self.credential_id);
        json!({
            "id": id, "rawId": id, "type": "public-key", "extensions": {},
            "response": {
                "authenticatorData": B64.encode(auth_data),
                "clientDataJSON": B64.encode(client_data),
                "signature": B64.encode(signature.as_ref()),
                "userHandle": B64.encode(&self.user_handle),
            }
        })
    }
}

fn rand_byte(rng: &SystemRandom) -> u8 {
    use ring::rand::SecureRandom;
    let mut byte = [0u8];
    rng.fill(&mut byte).unwrap();
    byte[0]
}
