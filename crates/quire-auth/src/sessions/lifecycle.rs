//! Starting, resolving and ending sessions, and the sudo window: what every sign-in, request
//! and sign-out does with a tower-sessions [`Session`].
use std::sync::Arc;
use tower_sessions::{Expiry, Session};

use super::{
    hash_id,
    record::{SessionAuth, AUTH_KEY, EPOCH_KEY, PRINCIPAL_KEY},
    Principal, SessionPolicy,
};
use crate::{clock::SharedClock, db::Db, ClientInfo, Error};

/// The app's sessions: its database, clock and [`SessionPolicy`], with what a request does to
/// its session. Cheap to clone; keep one in the app's state.
///
/// ```no_run
/// # async fn sign_in(db: quire_auth::db::Db, session: tower_sessions::Session,
/// #     member: impl quire_auth::sessions::Principal) -> Result<(), quire_auth::Error> {
/// use quire_auth::{clock::SystemClock, sessions::{SessionPolicy, Sessions}, ClientInfo};
///
/// let sessions = Sessions::new(db, std::sync::Arc::new(SystemClock), SessionPolicy::default());
/// // After the password was checked:
/// sessions.start(&session, &member, ClientInfo::default(), false).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Sessions {
    pub(super) db: Db,
    pub(super) clock: SharedClock,
    policy: Arc<SessionPolicy>,
    /// The signed-out streams each session holds open.
    pub(super) streams: super::open_counts::OpenCounts,
}

impl std::fmt::Debug for Sessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sessions")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// When a session ends if nothing happens, with the server's now: a browser whose clock is
/// wrong still counts the right time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleClock {
    /// The server's time (unix seconds).
    pub now: i64,
    /// When the session ends unless it is used (never past its absolute limit).
    pub idle_expires_at: i64,
}

/// The hash under which this request's session is stored, if it has one: the handle the
/// session list shows, which names a row but cannot be turned back into a cookie.
pub fn handle_of(session: &Session) -> Option<String> {
    session.id().map(|id| hash_id(&id))
}

fn expiry_at(unix: i64) -> Expiry {
    let at =
        time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    Expiry::AtDateTime(at)
}

impl Sessions {
    /// Sessions on `db`, timed by `clock`, following `policy`.
    pub fn new(db: Db, clock: SharedClock, policy: SessionPolicy) -> Self {
        Self {
            db,
            clock,
            policy: Arc::new(policy),
            streams: Default::default(),
        }
    }

    /// The limits these sessions follow.
    pub fn policy(&self) -> &SessionPolicy {
        &self.policy
    }

    /// The database these sessions are stored in.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Now by these sessions' clock (unix seconds): the time every expiry is measured from.
    pub fn now(&self) -> i64 {
        self.clock.now().unix_timestamp()
    }

    /// The idle expiry of a session used at `now`, never past its absolute limit.
    fn idle_expiry(&self, auth: &SessionAuth, now: i64) -> i64 {
        let (idle, _) = self.policy.limits(auth.remember);
        (now + idle.as_secs() as i64).min(auth.absolute_expires_at)
    }

    fn slide(&self, session: &Session, auth: &SessionAuth, now: i64) {
        session.set_expiry(Some(expiry_at(self.idle_expiry(auth, now))));
    }

    /// Counts activity at `now`: the idle expiry slides, and the session is written.
    async fn touch(
        &self,
        session: &Session,
        auth: &mut SessionAuth,
        now: i64,
    ) -> Result<(), Error> {
        auth.seen_at = now;
        self.slide(session, auth, now);
        session.insert(AUTH_KEY, &*auth).await?;
        Ok(())
    }

    /// Signs `principal` in on this request, once its secret was checked. The session gets a
    /// fresh id (an id planted before sign-in is worthless afterwards: session fixation), and
    /// the account's oldest sessions beyond [`SessionPolicy::max_per_account`] end. The row is
    /// stored only while the account's epoch is the one `principal` was read with.
    pub async fn start<P: Principal>(
        &self,
        session: &Session,
        principal: &P,
        client: ClientInfo,
        remember: bool,
    ) -> Result<(), Error> {
        if session.id().is_some() {
            session.cycle_id().await?;
        }
        session.clear().await;
        let account_id = principal.account_id();
        let keep = self.policy.max_per_account.saturating_sub(1) as usize;
        if super::keep_newest(&self.db, account_id, keep).await? > 0 {
            // The evicted sessions' open tabs hear that they were signed out.
            self.db.credentials_changed(account_id).await?;
        }
        let now = self.now();
        let (_, absolute) = self.policy.limits(remember);
        let auth = SessionAuth {
            account_id,
            created_at: now,
            absolute_expires_at: now + absolute.as_secs() as i64,
            seen_at: now,
            ip: client.ip,
            user_agent: client.user_agent.chars().take(512).collect(),
            remember,
            sudo_at: now,
        };
        self.slide(session, &auth, now);
        session.insert(AUTH_KEY, &auth).await?;
        session.insert(PRINCIPAL_KEY, principal).await?;
        Ok(())
    }

    /// The signed-in principal of this request, read fresh with the session (`None` when
    /// signed out). A session whose account was deactivated ends here. With `activity` (the
    /// user did something, as opposed to an open tab polling on its own), the idle expiry
    /// slides, at most once per [`SessionPolicy::touch_interval`].
    pub async fn resolve<P: Principal>(
        &self,
        session: &Session,
        activity: bool,
    ) -> Result<Option<P>, Error> {
        let Some(mut auth) = session.get::<SessionAuth>(AUTH_KEY).await? else {
            return Ok(None);
        };
        // The store leaves the principal out when the account is no longer active.
        let Some(principal) = session.get::<P>(PRINCIPAL_KEY).await? else {
            self.end(session).await?;
            return Ok(None);
        };
        let now = self.now();
        let touch = self.policy.touch_interval.as_secs() as i64;
        if activity && now - auth.seen_at >= touch {
            self.touch(session, &mut auth, now).await?;
        }
        Ok(Some(principal))
    }

    /// Signs this session out: the row is deleted and the browser told to drop the cookie.
    /// Like every revocation it first moves the account's epoch, in the same transaction, so
    /// another request of this session still in flight cannot store it again under a new id,
    /// and a listener of the change finds the row already gone.
    pub async fn end(&self, session: &Session) -> Result<(), Error> {
        if session.id().is_none() {
            return Ok(()); // Signed out already: nothing to delete.
        }
        if let (Some(auth), Some(handle)) = (
            session.get::<SessionAuth>(AUTH_KEY).await?,
            handle_of(session),
        ) {
            let mut tx = crate::db::write(&self.db).await?;
            crate::accounts::bump_auth_epoch(&mut tx, auth.account_id).await?;
            super::delete(&mut tx, &handle).await?;
            tx.commit().await?;
        }
        // `flush` deletes the row once more (a no-op now) but is the only call that also
        // forgets the id, which is what makes tower-sessions remove the cookie; `clear` alone
        // would keep the id and save the emptied record instead.
        session.flush().await?;
        Ok(())
    }

    async fn auth_of(session: &Session) -> Result<SessionAuth, Error> {
        let auth = session.get::<SessionAuth>(AUTH_KEY).await?;
        auth.ok_or(Error::SignedOut)
    }

    /// `Ok` when the password was entered in this session within the
    /// [`SessionPolicy::sudo_window`]; [`Error::SudoRequired`] otherwise, and
    /// [`Error::SignedOut`] without a session.
    pub async fn require_sudo(&self, session: &Session) -> Result<(), Error> {
        let auth = Self::auth_of(session).await?;
        let window = self.policy.sudo_window.as_secs() as i64;
        if self.now() - auth.sudo_at < window {
            Ok(())
        } else {
            Err(Error::SudoRequired)
        }
    }

    /// After the password was entered again: a new session id (the old one dies) and a fresh
    /// sudo window. The new row is stored only while the account's epoch is `auth_epoch`: the
    /// one this request read with its session, or the new one if this request itself revoked
    /// the account's other credentials (a password change).
    pub async fn reauthenticated(&self, session: &Session, auth_epoch: i64) -> Result<(), Error> {
        let mut auth = Self::auth_of(session).await?;
        auth.sudo_at = self.now();
        session.cycle_id().await?;
        session.insert(AUTH_KEY, &auth).await?;
        session.insert(EPOCH_KEY, auth_epoch).await?;
        Ok(())
    }

    /// This session's [`IdleClock`], `None` when signed out. With `slide` (the user asked to
    /// stay signed in) the idle expiry slides first; without, asking is not activity.
    pub async fn idle_clock(
        &self,
        session: &Session,
        slide: bool,
    ) -> Result<Option<IdleClock>, Error> {
        let Some(mut auth) = session.get::<SessionAuth>(AUTH_KEY).await? else {
            return Ok(None);
        };
        let now = self.now();
        if slide {
            self.touch(session, &mut auth, now).await?;
        }
        Ok(Some(IdleClock {
            now,
            idle_expires_at: self.idle_expiry(&auth, auth.seen_at),
        }))
    }
}
