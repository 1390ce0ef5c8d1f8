//! Builds the router and serves it. Integration tests use the same `Application` on port 0.
use axum::{
    http::{header, HeaderValue},
    middleware, Router,
};
use leptos::{config::LeptosOptions, prelude::provide_context};
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::{future::Future, io, net::SocketAddr, sync::Arc};
use tokio::net::TcpListener;
use tower_http::{
    compression::CompressionLayer, limit::RequestBodyLimitLayer, services::ServeDir,
    set_header::SetResponseHeaderLayer, trace::TraceLayer,
};
use tower_sessions::{cookie::SameSite, SessionManagerLayer};

use super::{
    clock::SharedClock, config::Config, db, error_status::server_fn_error_status,
    passwords::Passwords, state::AppState,
};
use crate::{
    app::{shell, App},
    sessions::{server::session_context, store::SqlxSessionStore},
};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error("could not listen on {0}: {1}")]
    Bind(SocketAddr, #[source] io::Error),
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
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
        let db = db::connect(&config.database.url, config.database.max_connections).await?;
        let listener = TcpListener::bind(config.site.address)
            .await
            .map_err(|e| StartupError::Bind(config.site.address, e))?;
        let mut leptos_options = leptos_options(&config);
        leptos_options.site_addr = listener.local_addr().unwrap_or(config.site.address);
        let state = AppState {
            config: Arc::new(config),
            db,
            clock,
            passwords: Passwords::new(),
            leptos_options,
        };
        let router = router(state.clone());
        Ok(Self {
            listener,
            router,
            state,
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
        axum::serve(listener, service)
            .with_graceful_shutdown(shutdown)
            .await
    }
}

fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let session_layer =
        SessionManagerLayer::new(SqlxSessionStore::new(state.db.clone(), state.clock.clone()))
            .with_name(state.config.session_cookie_name())
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(state.config.site.production)
            .with_path("/");

    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(middleware::from_fn(server_fn_error_status))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session_context,
        ))
        .layer(session_layer);

    // Build output is not content-hashed, so in development browsers revalidate every time.
    let cache = if state.config.site.production {
        "public, max-age=86400"
    } else {
        "no-cache"
    };
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    let assets = Router::new()
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            ServeDir::new(pkg_dir),
        )
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache),
        ));

    Router::new()
        .merge(assets)
        .merge(pages)
        .layer(RequestBodyLimitLayer::new(state.config.limits.body_bytes))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
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
