//! Write limits (checklist A02): how often one account and one client IP may comment, save a
//! post, register or create a token. A flood from one account cannot fill the database or make
//! a post page slow for everyone; the limits are generous enough that no person writing by
//! hand reaches them, and admins are not exempt. Counted like sign-in throttling: in memory on
//! SQLite, in the database that every instance shares on PostgreSQL.
use crate::server::config::Config;
use quire_auth::rate::{now_ms, Allowance, Counts, Refused};
use quire_auth::{clock::SharedClock, db::Db};

/// A kind of write that is limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Comment,
    Post,
    Registration,
    Token,
    /// Keyed by the address typed rather than an account, so the limit says nothing about
    /// whether the address has one.
    PasswordReset,
    /// A verification link sent again, or an e-mail change link.
    LinkMail,
    /// A passkey ceremony started (per IP only: signing in has no account yet).
    PasskeyCeremony,
}

impl Write {
    pub const ALL: [Write; 7] = [
        Write::Comment,
        Write::Post,
        Write::Registration,
        Write::Token,
        Write::PasswordReset,
        Write::LinkMail,
        Write::PasskeyCeremony,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Write::Comment => "comments",
            Write::Post => "posts",
            Write::Registration => "registrations",
            Write::Token => "tokens",
            Write::PasswordReset => "password resets",
            Write::LinkMail => "link mails",
            Write::PasskeyCeremony => "passkey ceremonies",
        }
    }
}

/// Whose allowance ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Account,
    Ip,
}

/// A refused write: which allowance, and the refusal's wait and first-ness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    pub write: Write,
    pub who: Who,
    pub refused: Refused,
}

/// One limiter per kind of write and per account or IP (registrations have no account yet).
#[derive(Clone)]
pub struct WriteLimits {
    per_account: [Option<Allowance>; 7],
    per_ip: [Allowance; 7],
    counts: Counts,
    clock: SharedClock,
}

impl WriteLimits {
    pub fn new(config: &Config, db: &Db, clock: SharedClock) -> Self {
        let window = config.limits.write_window_seconds;
        let make = |count: u32| Allowance::new(count, count, window);
        let per_account = Write::ALL.map(|w| config.limits.per_account(w).map(make));
        let per_ip = Write::ALL.map(|w| make(config.limits.per_ip(w)));
        Self {
            per_account,
            per_ip,
            counts: Counts::for_backend(db),
            clock,
        }
    }

    /// Counts one `write` by `account` (a user id, or for password resets the address typed)
    /// from `ip`: `Some` says whose allowance ran out.
    pub async fn check(
        &self,
        write: Write,
        account: Option<&str>,
        ip: &str,
    ) -> Result<Option<Limited>, sqlx::Error> {
        let now = now_ms(&self.clock);
        let index = write as usize;
        let account_rule = self.per_account[index];
        let account_key = account.map(|id| format!("{}:account:{id}", write.name()));
        let ip_key = format!("{}:ip:{ip}", write.name());
        let checks = [
            account_rule
                .zip(account_key)
                .map(|(r, key)| (r, key, Who::Account)),
            Some((self.per_ip[index], ip_key, Who::Ip)),
        ];
        for (rule, key, who) in checks.into_iter().flatten() {
            if let Err(refused) = self.counts.take(rule, &key, now).await? {
                return Ok(Some(Limited {
                    write,
                    who,
                    refused,
                }));
            }
        }
        Ok(None)
    }
}
