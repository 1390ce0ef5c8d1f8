//! Sign-in throttling (checklist P03, P08): failed checks of something a user knows, per client
//! IP and per account, as GCRA on Quire's injectable clock. Limits refill with time, so there
//! is no permanent lockout: an attacker can slow an account's owner down for a while at worst,
//! never lock them out for good.
//!
//! **Count first, check second.** An `Attempt` is taken from the allowances before the secret
//! is compared, and given back only when it was right. Counting after the check would let a
//! burst of requests sent at once all pass a limit that none of them had reached yet: 30 wrong
//! passwords at once were all compared while the limit was 10. Every limit on guessing takes
//! this shape.
use super::rate::{now_ms, Allowance, Counts};
use crate::{
    error::AppError,
    server::{clock::SharedClock, config::Config, db::Db},
};

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
pub(crate) struct Attempt<'a> {
    throttle: &'a SignInThrottle,
    taken: Vec<(Allowance, String)>,
}

impl SignInThrottle {
    pub fn new(config: &Config, db: &Db, clock: SharedClock) -> Self {
        let limits = &config.limits;
        // `count` attempts per window, all at once if they come at once.
        let failures = |count: u32, window: u64| Allowance::new(count, count, window);
        Self {
            per_ip: failures(
                limits.sign_in_failures_per_ip,
                limits.sign_in_ip_window_seconds,
            ),
            per_account: failures(
                limits.sign_in_failures_per_account,
                limits.sign_in_account_window_seconds,
            ),
            counts: Counts::for_backend(db),
            clock,
        }
    }

    /// Takes one attempt from the IP's allowance and, for a secret that names an account,
    /// from the account's: 429 with the time to wait when either is used up, and then nothing
    /// stays taken. Only `auth::secret_check` calls this: every check of a secret does.
    pub(crate) async fn attempt(
        &self,
        ip: &str,
        account: Option<&str>,
    ) -> Result<Attempt<'_>, AppError> {
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
                    return Err(AppError::TooManyRequests(refused.seconds));
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
    /// 429 while the IP has no attempt left, reading only: for the start of a ceremony whose
    /// secret is checked later (a passkey sign-in, started by every view of the sign-in page).
    pub(crate) async fn refuse_if_blocked(&self, ip: &str) -> Result<(), AppError> {
        let now = now_ms(&self.clock);
        match self.counts.wait(self.per_ip, &ip_key(ip), now).await? {
            Some(seconds) => Err(AppError::TooManyRequests(seconds)),
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
    pub(crate) async fn give_back(self) {
        for (allowance, key) in self.taken {
            if let Err(error) = self.throttle.counts.give_back(allowance, &key).await {
                // Failing safe: the attempt stays counted as if it had failed.
                tracing::warn!(%error, "a sign-in attempt could not be given back");
            }
        }
    }

    /// The secret was wrong: the attempt stays counted.
    pub(crate) fn keep(self) {}
}
