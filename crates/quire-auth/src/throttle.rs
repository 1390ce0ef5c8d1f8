//! Sign-in throttling: failed checks of something a user knows (a password, a code, a mailed
//! link, a passkey assertion), per client IP and per account, as GCRA on the injectable clock. Limits refill with time, so there
//! is no permanent lockout: an attacker can slow an account's owner down for a while at worst,
//! never lock them out for good.
//!
//! **Count first, check second.** An `Attempt` is taken from the allowances before the secret
//! is compared, and given back only when it was right. Counting after the check would let a
//! burst of requests sent at once all pass a limit that none of them had reached yet: 30 wrong
//! passwords at once were all compared while the limit was 10. Every limit on guessing takes
//! this shape.
use crate::{
    clock::SharedClock,
    db::Db,
    rate::{now_ms, Allowance, Counts},
    Error,
};

/// How many failed checks a client IP and an account may make, per window. Each window refills
/// as it goes, so no account is ever locked out for good.
///
/// ```
/// let limits = quire_auth::throttle::SignInLimits::default();
/// assert_eq!((limits.per_ip, limits.ip_window_seconds), (10, 180));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInLimits {
    /// Failed checks from one IP per `ip_window_seconds`.
    pub per_ip: u32,
    /// The IP's window, in seconds.
    pub ip_window_seconds: u64,
    /// Failed checks against one account per `account_window_seconds`.
    pub per_account: u32,
    /// The account's window, in seconds.
    pub account_window_seconds: u64,
}

impl Default for SignInLimits {
    fn default() -> Self {
        Self {
            per_ip: 10,
            ip_window_seconds: 180,
            per_account: 100,
            account_window_seconds: 3600,
        }
    }
}

/// The allowances every secret check takes an [`Attempt`] from. Clones share the counts.
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// # let options = quire_auth::db::Options { url: "sqlite::memory:".into(), ..Default::default() };
/// # let none = || sqlx::migrate::Migrator::DEFAULT;
/// # let migrations = quire_auth::db::Migrations { sqlite: none(), postgres: none() };
/// # let db = quire_auth::db::connect(&options, migrations).await.unwrap();
/// use quire_auth::{clock::SystemClock, throttle::{SignInLimits, SignInThrottle}};
/// let throttle = SignInThrottle::new(SignInLimits::default(), &db, std::sync::Arc::new(SystemClock));
/// let attempt = throttle.attempt("203.0.113.9", Some("ada@example.org")).await?;
/// let password_was_right = true; // compare the secret here, after the attempt is taken
/// if password_was_right { attempt.give_back().await } else { attempt.keep() }
/// # Ok::<(), quire_auth::Error>(())
/// # }).unwrap();
/// ```
#[derive(Clone)]
pub struct SignInThrottle {
    per_ip: Allowance,
    per_account: Allowance,
    /// Where attempts are counted: this process, or the database every instance shares
    /// (PostgreSQL).
    counts: Counts,
    clock: SharedClock,
}

/// One secret check's share of the allowances, taken before the secret is compared. Dropped
/// (or [`Attempt::keep`]), it stays counted as a failure; [`Attempt::give_back`] returns it.
#[must_use = "give the attempt back when the secret was right"]
pub struct Attempt<'a> {
    throttle: &'a SignInThrottle,
    taken: Vec<(Allowance, String)>,
}

impl SignInThrottle {
    /// Counts in memory on SQLite, in the database every instance shares on PostgreSQL.
    pub fn new(limits: SignInLimits, db: &Db, clock: SharedClock) -> Self {
        // `count` attempts per window, all at once if they come at once.
        let failures = |count: u32, window: u64| Allowance::new(count, count, window);
        Self {
            per_ip: failures(limits.per_ip, limits.ip_window_seconds),
            per_account: failures(limits.per_account, limits.account_window_seconds),
            counts: Counts::for_backend(db),
            clock,
        }
    }

    /// Takes one attempt from the IP's allowance and, for a secret that names an account,
    /// from the account's: [`Error::Throttled`] with the seconds to wait when either is used
    /// up, and then nothing stays taken. Every check of a secret calls this first.
    pub async fn attempt(&self, ip: &str, account: Option<&str>) -> Result<Attempt<'_>, Error> {
        let now = now_ms(&self.clock);
        let keys = [
            Some((self.per_ip, ip_key(ip))),
            account.map(|account| (self.per_account, account_key(account))),
        ];
        let mut attempt = Attempt {
            throttle: self,
            taken: Vec::with_capacity(2),
        };
        for (allowance, key) in keys.into_iter().flatten() {
            match self.counts.take(allowance, &key, now).await {
                Ok(Ok(())) => attempt.taken.push((allowance, key)),
                Ok(Err(refused)) => {
                    attempt.give_back().await;
                    return Err(Error::Throttled(refused.seconds));
                }
                Err(error) => {
                    attempt.give_back().await;
                    return Err(error.into());
                }
            }
        }
        Ok(attempt)
    }
}

impl SignInThrottle {
    /// [`Error::Throttled`] while the IP has no attempt left, reading only: for the start of a
    /// ceremony whose secret is checked later (a passkey sign-in, started by every view of the
    /// sign-in page).
    pub async fn refuse_if_blocked(&self, ip: &str) -> Result<(), Error> {
        let now = now_ms(&self.clock);
        match self.counts.wait(self.per_ip, &ip_key(ip), now).await? {
            Some(seconds) => Err(Error::Throttled(seconds)),
            None => Ok(()),
        }
    }
}

fn ip_key(ip: &str) -> String {
    format!("sign-in:ip:{ip}")
}

fn account_key(account: &str) -> String {
    format!("sign-in:account:{}", account.trim().to_lowercase())
}

impl Attempt<'_> {
    /// The secret was right, or was never compared: the attempt no longer counts.
    pub async fn give_back(self) {
        for (allowance, key) in self.taken {
            if let Err(error) = self.throttle.counts.give_back(allowance, &key).await {
                // Failing safe: the attempt stays counted as if it had failed.
                tracing::warn!(%error, "a sign-in attempt could not be given back");
            }
        }
    }

    /// The secret was wrong: the attempt stays counted.
    pub fn keep(self) {}
}
