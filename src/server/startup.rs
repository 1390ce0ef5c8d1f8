//! Builds the router and serves it. Integration tests use the same `Application` on port 0.
use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware,
    response::Response,
    Router,
};
use leptos::{config::LeptosOptions, prelude::provide_context};
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::convert::Infallible;
use std::{
    future::Future,
    io,
    net::SocketAddr,
    sync::{atomic::AtomicBool, Arc, OnceLock},
};
use tokio::net::TcpListener;
use tower::util::BoxCloneSyncService;
use tower_http::{
    compression::CompressionLayer, limit::RequestBodyLimitLayer, services::ServeDir,
    set_header::SetResponseHeaderLayer, trace::TraceLayer,
};
use tower_sessions::{cookie::SameSite, SessionManagerLayer};

use super::{
    body_limit,
    clock::SharedClock,
    config::Config,
    db,
    error_status::server_fn_error_status,
    gate::Gate,
    headers,
    origin_check::require_same_origin,
    passwords::Passwords,
    state::{AppState, Shared},
    throttle::SignInThrottle,
    write_limits::WriteLimits,
};
use crate::{
    app::{shell, App},
    mail::server::{run_worker, Transport, TransportError},
    sessions::{middleware::session_context, queries, store::SqlxSessionStore},
};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error("could not listen on {0}: {1}")]
    Bind(SocketAddr, #[source] io::Error),
    #[error("mail: {0}")]
    Mail(#[from] TransportError),
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
        Self::build_with_gate(config, clock, Gate::open()).await
    }

    /// As [`Application::build`], with a [`Gate`] that tests use to hold requests in flight.
    pub async fn build_with_gate(
        mut config: Config,
        clock: SharedClock,
        gate: Gate,
    ) -> Result<Self, StartupError> {
        let db = db::connect(&config.database.url, config.database.max_connections).await?;
        let transport = Transport::from_config(&config.mail)?;
        let listener = TcpListener::bind(config.site.address)
            .await
            .map_err(|e| StartupError::Bind(config.site.address, e))?;
        let local_addr = listener.local_addr().unwrap_or(config.site.address);
        if config.site.address.port() == 0 {
            // "Any free port" (tests): the origin browsers send follows the port picked.
            config.site.origin = format!("http://{local_addr}");
        }
        let mut leptos_options = leptos_options(&config);
        leptos_options.site_addr = local_addr;
        let sign_in_throttle = SignInThrottle::new(&config, clock.clone());
        let write_limits = WriteLimits::new(&config, clock.clone());
        let state = AppState::new(Shared {
            config: Arc::new(config),
            db,
            clock,
            passwords: Passwords::new(),
            sign_in_throttle,
            write_limits,
            leptos_options,
            gate,
            admin_seen: AtomicBool::new(false),
            mail_wake: tokio::sync::Notify::new(),
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
        let (stop_cleanup, stopped) = tokio::sync::watch::channel(false);
        let state = &self.state;
        tokio::spawn(crate::posts::rendered::refresh_job(state.db.clone()));
        let mail = tokio::spawn(run_worker(state.clone(), self.transport, stopped.clone()));
        let cleanup = tokio::spawn(queries::cleanup_job(
            state.db.clone(),
            state.clock.clone(),
            state.config.cleanup_interval(),
            stopped,
        ));
        let served = axum::serve(listener, service)
            .with_graceful_shutdown(async move {
                shutdown.await;
                let _ = stop_cleanup.send(true);
            })
            .await;
        let _ = cleanup.await;
        let _ = mail.await;
        served
    }
}

/// The route list, generated once per process. Generating it sets a process-wide flag that
/// leaves any resource first polled meanwhile pending forever (leptos-rs/leptos#4773), so a
/// process that builds several apps (the integration tests) must not generate it twice.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: OnceLock<Vec<leptos_axum::AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = route_list();
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
        .route(
            "/account/tokens",
            axum::routing::post(crate::account_forms::create_token),
        )
        .route(
            "/reset-password/open",
            axum::routing::get(crate::recovery::link::open_reset_link),
        )
        .route(
            "/verify-email/open",
            axum::routing::get(crate::recovery::link::open_verify_link),
        )
        .route(
            "/confirm-email-change/open",
            axum::routing::get(crate::recovery::link::open_email_change_link),
        )
        .fallback_service(public_files_or_not_found(&options, context))
        .layer(middleware::from_fn(server_fn_error_status))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session_context,
        ))
        .layer(session_layer)
        // Outermost: a cross-site write is refused before any session or database work.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            require_same_origin,
        ));

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

    let api = Router::new().nest("/api/v1", crate::api_routes::router(&state));
    let mut router = Router::new().merge(assets).merge(api).merge(pages);
    for layer in headers::layers(state.config.site.production) {
        router = router.layer(layer);
    }
    router
        .layer(middleware::from_fn_with_state(
            state.clone(),
            body_limit::limit_unsized_bodies,
        ))
        .layer(RequestBodyLimitLayer::new(state.config.limits.body_bytes))
        .layer(CompressionLayer::new())
        // The path only: a query string can hold a secret (a reset link's), and logs must not.
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            tracing::debug_span!("request", method = %request.method(), path = %request.uri().path())
        }))
        .with_state(state)
}

/// Files from the site root (favicon and other `public/` assets), else the app's 404 page,
/// rendered in order like every page so its header is complete without JavaScript.
fn public_files_or_not_found(
    options: &LeptosOptions,
    context: impl Fn() + Clone + Send + Sync + 'static,
) -> ServeDir<BoxCloneSyncService<Request, Response, Infallible>> {
    let render = leptos_axum::render_app_to_stream_in_order_with_context(context, {
        let options = options.clone();
        move || shell(options.clone())
    });
    let not_found = tower::service_fn(move |request: Request| {
        let render = render.clone();
        async move { Ok::<_, Infallible>(render(request).await) }
    });
    ServeDir::new(options.site_root.as_ref()).fallback(BoxCloneSyncService::new(not_found))
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
