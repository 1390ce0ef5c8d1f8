//! Builds the app (state, router, jobs) and serves it. Integration tests use the same `Application` on port 0.
use axum::Router;
use leptos::config::LeptosOptions;
use std::{
    future::Future,
    io,
    net::SocketAddr,
    sync::{atomic::AtomicBool, Arc},
};
use tokio::net::TcpListener;

use super::router::router;
use crate::server::{
    config::Config,
    database,
    gate::Gate,
    state::{AppState, Shared},
    write_limits::WriteLimits,
};
use crate::{
    mail::server::{run_worker, Transport, TransportError},
    passkeys::server::relying_party::{relying_party, RelyingPartyError},
    sessions::queries,
};
use quire_auth::{clock::SharedClock, passwords::Passwords, throttle::SignInThrottle};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Db(#[from] quire_auth::db::DbError),
    #[error("could not listen on {0}: {1}")]
    Bind(SocketAddr, #[source] io::Error),
    #[error("mail: {0}")]
    Mail(#[from] TransportError),
    #[error(transparent)]
    Passkeys(#[from] RelyingPartyError),
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    transport: Transport,
}

fn leptos_options(config: &Config) -> LeptosOptions {
    let env_or = |key: &str, default: &str| std::env::var(key).unwrap_or_else(|_| default.into());
    LeptosOptions::builder()
        .output_name(Arc::<str>::from("quire"))
        .site_root(Arc::<str>::from(env_or("LEPTOS_SITE_ROOT", "target/site")))
        .site_pkg_dir(Arc::<str>::from(env_or("LEPTOS_SITE_PKG_DIR", "pkg")))
        .site_addr(config.site.address)
        .reload_port(env_or("LEPTOS_RELOAD_PORT", "3001").parse().unwrap_or(3001))
        .build()
}

impl Application {
    pub async fn build(config: Config, clock: SharedClock) -> Result<Self, StartupError> {
        Self::build_with(config, clock, Gate::open()).await
    }

    /// As [`Application::build`], with a [`Gate`] that tests use to hold requests in flight.
    #[cfg(feature = "test-support")]
    pub async fn build_with_gate(
        config: Config,
        clock: SharedClock,
        gate: Gate,
    ) -> Result<Self, StartupError> {
        Self::build_with(config, clock, gate).await
    }

    async fn build_with(
        mut config: Config,
        clock: SharedClock,
        gate: Gate,
    ) -> Result<Self, StartupError> {
        super::messages::register();
        let db = database::connect(&config.database).await?;
        let transport = Transport::from_config(&config.mail)?;
        let listener = TcpListener::bind(config.site.address)
            .await
            .map_err(|e| StartupError::Bind(config.site.address, e))?;
        let local_addr = listener.local_addr().unwrap_or(config.site.address);
        if config.site.address.port() == 0 {
            // "Any free port" (tests): the origin browsers send follows the port picked, on
            // the configured host (a name such as localhost is what passkeys need).
            let url = webauthn_rs::prelude::Url::parse(&config.site.origin).ok();
            let host = url.as_ref().and_then(|u| u.host_str().map(str::to_owned));
            let host = host.unwrap_or_else(|| local_addr.ip().to_string());
            config.site.origin = format!("http://{host}:{}", local_addr.port());
        }
        let mut leptos_options = leptos_options(&config);
        leptos_options.site_addr = local_addr;
        let webauthn = relying_party(&config)?;
        let sign_in_throttle = SignInThrottle::new(config.limits.sign_in(), &db, clock.clone());
        let write_limits = WriteLimits::new(config.limits.write_window_seconds, &db, clock.clone());
        let sessions =
            quire_auth::sessions::Sessions::new(db.clone(), clock.clone(), config.session_policy());
        let tokens = crate::tokens::server::bearer_tokens(db.clone(), clock.clone());
        let passwords = Passwords::new();
        let audit_log = crate::audit::server::AuditLog {
            db: db.clone(),
            clock: clock.clone(),
        };
        let password_check = quire_auth::password_check::PasswordCheck::new(
            db.clone(),
            sign_in_throttle.clone(),
            passwords.clone(),
            Arc::new(audit_log),
        );
        let state = AppState::new(Shared {
            config: Arc::new(config),
            db,
            clock,
            sessions,
            tokens,
            passwords,
            sign_in_throttle,
            password_check,
            write_limits,
            leptos_options,
            gate,
            admin_seen: AtomicBool::new(false),
            mail_wake: tokio::sync::Notify::new(),
            webauthn,
            stopping: tokio::sync::watch::channel(false).0,
        });
        let router = router(state.clone());
        Ok(Self {
            listener,
            router,
            state,
            transport,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.state.leptos_options.site_addr
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        use axum::serve::ListenerExt;
        // Without TCP_NODELAY, streamed HTML and keep-alive responses stall ~40 ms on
        // Nagle's algorithm meeting delayed ACKs.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::warn!(%error, "could not set TCP_NODELAY");
            }
        });
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let state = &self.state;
        let stopped = state.stopping.subscribe();
        tokio::spawn(state.db.clone().relay_changes(stopped.clone()));
        tokio::spawn(crate::posts::rendered::refresh_job(state.db.clone()));
        let mail = tokio::spawn(run_worker(state.clone(), self.transport, stopped.clone()));
        let cleanup = tokio::spawn(queries::cleanup_job(
            state.db.clone(),
            state.clock.clone(),
            state.config.cleanup_interval(),
            stopped,
        ));
        let stopping = state.stopping.clone();
        let served = axum::serve(listener, service)
            .with_graceful_shutdown(async move {
                shutdown.await;
                let _ = stopping.send(true);
            })
            .await;
        let _ = cleanup.await;
        let _ = mail.await;
        served
    }
}

/// Resolves on Ctrl-C or SIGTERM, letting in-flight requests finish.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}
