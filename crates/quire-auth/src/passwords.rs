//! argon2id hashing off the async runtime, with fewer hashes at a time than cores, so a login
//! storm queues here instead of starving page rendering.
use argon2::{
    password_hash::{
        rand_core::OsRng, PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString,
    },
    Algorithm, Argon2, Params, Version,
};
use secrecy::{ExposeSecret, SecretString};
use std::{fmt, sync::Arc};
use tokio::sync::Semaphore;

use crate::Error;

/// The longest password accepted, in bytes. A longer one is refused before argon2 sees it, so
/// very long inputs cannot be used to burn CPU.
pub const MAX_PASSWORD_BYTES: usize = 256;

/// A PHC string. Deliberately neither `Serialize` nor printable: it cannot leak into a response
/// or a log line by accident.
#[derive(Clone)]
pub struct PasswordHashString(String);

impl PasswordHashString {
    /// A hash as read from the database.
    pub fn from_db(phc: String) -> Self {
        Self(phc)
    }

    /// The PHC string, to store.
    pub fn as_db(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHashString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHashString([redacted])")
    }
}

/// Hashes and verifies passwords with argon2id (OWASP's minimum: 19 MiB, two passes), on
/// blocking threads, at most one fewer at a time than the machine has cores. Clones share the
/// limit.
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use quire_auth::passwords::Passwords;
/// let passwords = Passwords::new();
/// let stored = passwords.hash("correct horse".into()).await?;
/// assert!(passwords.verify("correct horse".into(), Some(stored.clone())).await?);
/// assert!(!passwords.verify("wrong horse".into(), Some(stored)).await?);
/// // No stored hash (an unknown address): as slow as a wrong password, and never true.
/// assert!(!passwords.verify("correct horse".into(), None).await?);
/// # Ok::<(), quire_auth::Error>(())
/// # }).unwrap();
/// ```
#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// Verified for unknown e-mails so they take as long as a wrong password.
    dummy: PasswordHashString,
}

fn argon2() -> Argon2<'static> {
    // OWASP minimum for argon2id: m = 19 MiB, t = 2, p = 1.
    let params = Params::new(19_456, 2, 1, None).expect("static argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// True when `stored` is not argon2id with at least today's parameters, so it should be
/// replaced by a fresh hash the next time the password is known (a successful sign-in).
///
/// ```
/// use quire_auth::passwords::{needs_rehash, PasswordHashString};
/// // argon2id with 4 MiB and one pass: weaker than today's, so it is hashed again at sign-in.
/// let old = "$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHQ$ZXhhbXBsZWhhc2hleGFtcGxlaGFzaA";
/// assert!(needs_rehash(&PasswordHashString::from_db(old.into())));
/// ```
pub fn needs_rehash(stored: &PasswordHashString) -> bool {
    let Ok(parsed) = PasswordHash::new(stored.as_db()) else {
        return true;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return true;
    };
    let current = argon2();
    let wanted = current.params();
    parsed.algorithm != Algorithm::Argon2id.ident()
        || params.m_cost() < wanted.m_cost()
        || params.t_cost() < wanted.t_cost()
        || params.p_cost() != wanted.p_cost()
}

fn hash_now(password: &str) -> Result<PasswordHashString, Error> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| PasswordHashString(h.to_string()))
        .map_err(|e| Error::Internal(e.to_string().into()))
}

impl Passwords {
    /// A hasher for this machine (it hashes one dummy password to have one to verify against).
    pub fn new() -> Self {
        // One core is kept free of hashing, so pages still render during a login storm
        // (bench/README.md: a 64-sign-in storm on 2 cores).
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self {
            permits: Arc::new(Semaphore::new(cores.saturating_sub(1).max(1))),
            dummy: hash_now("quire dummy password for timing").expect("hashing a constant works"),
        }
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Error> {
        let _permit = self.permits.acquire().await.map_err(Error::internal)?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(Error::internal)
    }

    /// A fresh hash of `password`, with a random salt.
    pub async fn hash(&self, password: SecretString) -> Result<PasswordHashString, Error> {
        self.run(move || hash_now(password.expose_secret())).await?
    }

    /// Whether `password` matches `stored`. `None` as the stored hash verifies against the
    /// dummy and always fails, so an unknown account takes as long as a wrong password.
    pub async fn verify(
        &self,
        password: SecretString,
        stored: Option<PasswordHashString>,
    ) -> Result<bool, Error> {
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| self.dummy.clone());
        let matches = self
            .run(move || {
                PasswordHash::new(phc.as_db())
                    .map(|parsed| {
                        argon2()
                            .verify_password(password.expose_secret().as_bytes(), &parsed)
                            .is_ok()
                    })
                    .unwrap_or(false)
            })
            .await?;
        Ok(known && matches)
    }
}

impl Default for Passwords {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn p01_hash_is_argon2id_phc_with_owasp_parameters() {
        let passwords = Passwords::new();
        let hash = passwords
            .hash(SecretString::from("correct horse"))
            .await
            .unwrap();
        assert!(
            hash.as_db().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            hash.as_db()
        );
        assert!(passwords
            .verify("correct horse".into(), Some(hash.clone()))
            .await
            .unwrap());
        assert!(!passwords
            .verify("wrong horse".into(), Some(hash))
            .await
            .unwrap());
        assert!(!passwords
            .verify("quire dummy password for timing".into(), None)
            .await
            .unwrap());
    }

    #[test]
    fn p01_weaker_or_other_hashes_need_a_rehash() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(4096, 1, 1, None).unwrap(),
        );
        let salt = SaltString::generate(&mut OsRng);
        let weak = weak.hash_password(b"pw", &salt).unwrap().to_string();
        assert!(needs_rehash(&PasswordHashString::from_db(weak)));
        let argon2i = Argon2::new(
            Algorithm::Argon2i,
            Version::V0x13,
            Params::new(19_456, 2, 1, None).unwrap(),
        );
        let argon2i = argon2i.hash_password(b"pw", &salt).unwrap().to_string();
        assert!(needs_rehash(&PasswordHashString::from_db(argon2i)));
        assert!(!needs_rehash(&hash_now("pw").unwrap()));
    }

    #[test]
    fn hash_debug_is_redacted() {
        let hash = PasswordHashString::from_db("$argon2id$secret".into());
        assert!(!format!("{hash:?}").contains("secret"));
    }
}
