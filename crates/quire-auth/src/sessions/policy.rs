//! How long sessions live: the numbers an app configures once.
use std::time::Duration;

/// The limits every session of the app follows.
///
/// The defaults are those of OWASP's session management guidance for a site with accounts but
/// no money: a 20-minute idle limit and a 12-hour absolute one, or 14 and 30 days when the user
/// ticked "Keep me signed in".
///
/// ```
/// use quire_auth::sessions::SessionPolicy;
/// use std::time::Duration;
///
/// let policy = SessionPolicy { idle: Duration::from_secs(30 * 60), ..SessionPolicy::default() };
/// assert_eq!(policy.limits(false), (Duration::from_secs(1800), Duration::from_secs(12 * 3600)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session nobody uses for this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, however active it is.
    pub absolute: Duration,
    /// The idle limit of a session started with "Keep me signed in".
    pub remember_idle: Duration,
    /// The absolute limit of a session started with "Keep me signed in".
    pub remember_absolute: Duration,
    /// The idle expiry slides at most once per this interval: only then is the row written and
    /// the cookie sent again. Longer means fewer writes; the idle limit then ends up to this
    /// much early.
    pub touch_interval: Duration,
    /// An account keeps at most this many sessions; signing in ends the oldest beyond it.
    pub max_per_account: u32,
    /// Sensitive actions need the password entered within this window in the same session.
    pub sudo_window: Duration,
}

const MINUTE: u64 = 60;
const DAY: u64 = 24 * 60 * MINUTE;

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(20 * MINUTE),
            absolute: Duration::from_secs(12 * 60 * MINUTE),
            remember_idle: Duration::from_secs(14 * DAY),
            remember_absolute: Duration::from_secs(30 * DAY),
            touch_interval: Duration::from_secs(MINUTE),
            max_per_account: 20,
            sudo_window: Duration::from_secs(10 * MINUTE),
        }
    }
}

impl SessionPolicy {
    /// The idle and absolute limits of a session, with or without "Keep me signed in".
    pub fn limits(&self, remember: bool) -> (Duration, Duration) {
        if remember {
            (self.remember_idle, self.remember_absolute)
        } else {
            (self.idle, self.absolute)
        }
    }
}
