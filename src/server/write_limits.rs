//! Write limits (checklist A02): how often one account and one client IP may make a kind of
//! write. A flood from one account cannot fill the database or make a page slow for everyone;
//! the limits are generous enough that no person writing by hand reaches them, and admins are
//! not exempt. Counted like sign-in throttling: in memory on SQLite, in the database that
//! every instance shares on PostgreSQL. The kinds of write, and their allowances, are the
//! features' (`crate::limits`); this counter knows only names and numbers.
use quire_auth::rate::{now_ms, Allowance, Counts, Refused};
use quire_auth::{clock::SharedClock, db::Db};

/// One kind of write's allowances within the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The plural the counts are kept under and the audit log names: `registrations`.
    pub name: &'static str,
    /// Writes per account (or other key the feature gives); `None` for a write made before
    /// there is an account.
    pub per_account: Option<u32>,
    /// Writes per client IP.
    pub per_ip: u32,
}

/// Whose allowance ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Account,
    Ip,
}

/// A refused write: whose allowance, and the refusal's wait and first-ness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    pub who: Who,
    pub refused: Refused,
}

/// The counts of every kind of write, per account or key and per IP.
#[derive(Clone)]
pub struct WriteLimits {
    window_seconds: u64,
    counts: Counts,
    clock: SharedClock,
}

impl WriteLimits {
    pub fn new(window_seconds: u64, db: &Db, clock: SharedClock) -> Self {
        Self {
            window_seconds,
            counts: Counts::for_backend(db),
            clock,
        }
    }

    /// Counts one write under `rule` by `account` (a user id, or for password resets the
    /// address typed) from `ip`: `Some` says whose allowance ran out.
    pub async fn check(
        &self,
        rule: Rule,
        account: Option<&str>,
        ip: &str,
    ) -> Result<Option<Limited>, sqlx::Error> {
        let now = now_ms(&self.clock);
        // `count` writes per window, all at once if they come at once.
        let allowance = |count: u32| Allowance::new(count, count, self.window_seconds);
        let account_key = account.map(|id| format!("{}:account:{id}", rule.name));
        let by_account = rule.per_account.zip(account_key);
        let checks = [
            by_account.map(|(count, key)| (allowance(count), key, Who::Account)),
            Some((
                allowance(rule.per_ip),
                format!("{}:ip:{ip}", rule.name),
                Who::Ip,
            )),
        ];
        for (allowance, key, who) in checks.into_iter().flatten() {
            if let Err(refused) = self.counts.take(allowance, &key, now).await? {
                return Ok(Some(Limited { who, refused }));
            }
        }
        Ok(None)
    }
}
