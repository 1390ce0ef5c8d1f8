use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::{ops::Deref, sync::atomic::AtomicBool, sync::Arc};

use super::{config::Config, gate::Gate};

use super::write_limits::WriteLimits;
use quire_auth::throttle::SignInThrottle;
use quire_auth::{clock::SharedClock, db::Db, passwords::Passwords};

/// Everything a request may need. One `Arc`: a request clones it several times (every
/// handler, server function and resource takes its own), and a profile of the home page
/// showed the field-by-field clone and drop among its top entries.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    pub config: Arc<Config>,
    pub db: Db,
    pub clock: SharedClock,
    /// Starting, resolving and ending sessions under `[session]`'s limits.
    pub sessions: quire_auth::sessions::Sessions,
    /// Issuing and reading bearer tokens (`/api/v1`).
    pub tokens: quire_auth::tokens::Tokens<crate::identity::User>,
    pub passwords: Passwords,
    pub sign_in_throttle: SignInThrottle,
    /// The one password check; it shares `passwords`' pool and `sign_in_throttle`'s counts.
    pub password_check: quire_auth::password_check::PasswordCheck<crate::identity::User>,
    pub write_limits: WriteLimits,
    pub leptos_options: LeptosOptions,
    /// Test seam for holding a request in flight; always open in production.
    pub gate: Gate,
    /// Set once an admin account has been seen; never unset (an admin always remains).
    pub admin_seen: AtomicBool,
    /// Notified after a transaction that queued mail commits, so the mail worker sends it now
    /// rather than at its next poll.
    pub mail_wake: tokio::sync::Notify,
    /// The WebAuthn relying party for passkeys; `None` when the site is reached by IP address.
    pub webauthn: Option<webauthn_rs::prelude::Webauthn>,
    /// Turns true when the server shuts down: background jobs and open event streams end, so
    /// the graceful shutdown does not wait for a tab that never closes.
    pub stopping: tokio::sync::watch::Sender<bool>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
