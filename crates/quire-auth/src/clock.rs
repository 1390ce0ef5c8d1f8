//! Time comes from an injectable clock, so that tests move it instead of sleeping. Every
//! expiry (sessions, links, codes, limits) is computed from the app's [`SharedClock`].
use std::sync::Arc;
use time::OffsetDateTime;

/// Where the current time comes from.
///
/// ```
/// use quire_auth::clock::{Clock, SystemClock};
/// assert!(SystemClock.now().year() >= 2026);
/// ```
pub trait Clock: Send + Sync + 'static {
    /// The current time, in UTC.
    fn now(&self) -> OffsetDateTime;
}

/// The operating system's clock: what a product runs on.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// The clock as the app's state holds it.
///
/// ```
/// use quire_auth::clock::{SharedClock, SystemClock};
/// let clock: SharedClock = std::sync::Arc::new(SystemClock);
/// # let _ = clock;
/// ```
pub type SharedClock = Arc<dyn Clock>;

#[cfg(feature = "test-support")]
pub use mock::MockClock;

#[cfg(feature = "test-support")]
mod mock {
    use super::Clock;
    use std::sync::{Arc, Mutex};
    use time::{Duration, OffsetDateTime};

    /// A clock that stands still until told to move; clones share one time. Only with the
    /// `test-support` feature.
    ///
    /// ```
    /// use quire_auth::clock::{Clock, MockClock};
    /// let clock = MockClock::new();
    /// let before = clock.now();
    /// clock.advance(time::Duration::minutes(21));
    /// assert_eq!(clock.now() - before, time::Duration::minutes(21));
    /// ```
    #[derive(Debug, Clone)]
    pub struct MockClock(Arc<Mutex<OffsetDateTime>>);

    impl MockClock {
        /// Now, in whole seconds (as the database stores times).
        pub fn new() -> Self {
            let now = OffsetDateTime::now_utc()
                .replace_nanosecond(0)
                .unwrap_or(OffsetDateTime::UNIX_EPOCH);
            Self(Arc::new(Mutex::new(now)))
        }

        /// The clock's time as a unix timestamp in seconds.
        pub fn now_unix(&self) -> i64 {
            Clock::now(self).unix_timestamp()
        }

        /// Moves the clock (and every clone of it) forward by `by`.
        pub fn advance(&self, by: Duration) {
            let mut now = self.0.lock().unwrap_or_else(|p| p.into_inner());
            *now += by;
        }
    }

    impl Default for MockClock {
        fn default() -> Self {
            Self::new()
        }
    }

    impl Clock for MockClock {
        fn now(&self) -> OffsetDateTime {
            *self.0.lock().unwrap_or_else(|p| p.into_inner())
        }
    }
}
