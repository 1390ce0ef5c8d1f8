use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

use super::{clock::SharedClock, config::Config, db::Db, gate::Gate, passwords::Passwords};
use super::{throttle::SignInThrottle, write_limits::WriteLimits};

/// Everything a request may need, cloned cheaply into handlers and server functions.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub clock: SharedClock,
    pub passwords: Passwords,
    pub sign_in_throttle: SignInThrottle,
    pub write_limits: WriteLimits,
    pub leptos_options: LeptosOptions,
    /// Test seam for holding a request in flight; always open in production.
    pub gate: Gate,
    /// Set once an admin account has been seen; never unset (an admin always remains).
    pub admin_seen: Arc<std::sync::atomic::AtomicBool>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
