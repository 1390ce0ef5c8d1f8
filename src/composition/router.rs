//! The router: pages with the session layer and the CSRF check, static files, the `/api/v1`
//! routes, and the layers every response passes. Composition: it knows every feature's routes.
use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware,
    response::Response,
    Router,
};
use leptos::{config::LeptosOptions, prelude::provide_context};
use leptos_axum::{generate_route_list, LeptosRoutes};
use quire_auth_leptos::error_status;
use std::{convert::Infallible, sync::OnceLock};
use tower::util::BoxCloneSyncService;
use tower_http::{
    compression::CompressionLayer, limit::RequestBodyLimitLayer, services::ServeDir,
    set_header::SetResponseHeaderLayer, trace::TraceLayer,
};

use super::app::{shell, App};
use crate::{
    identity::User,
    server::{body_limit, gate, headers, state::AppState},
    sessions::api::{SESSION_CLOCK_PATH, SESSION_EVENTS_PATH},
};

/// The route list, generated once per process. Generating it sets a process-wide flag that
/// leaves any resource first polled meanwhile pending forever (leptos-rs/leptos#4773), so a
/// process that builds several apps (the integration tests) must not generate it twice.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: OnceLock<Vec<leptos_axum::AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = route_list();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    // An open tab asking when its session ends, or listening for its end, is not the user
    // doing something: it must not keep an idle session alive, nor change the cookie.
    let session_layer = state
        .sessions
        .layer::<User>()
        .cookie_name(state.config.session_cookie_name())
        .secure(state.config.site.production)
        .quiet_paths([SESSION_CLOCK_PATH, SESSION_EVENTS_PATH])
        .on_unavailable(crate::sessions::unavailable::unavailable)
        .build();

    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .route(
            SESSION_EVENTS_PATH,
            axum::routing::get(crate::sessions::events::stream),
        )
        .route(
            "/account/tokens",
            axum::routing::post(crate::composition::account_forms::create_token),
        )
        .route(
            "/account/security",
            axum::routing::post(crate::composition::account_forms::create_recovery_codes),
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
        .route(
            "/cancel-email-change/open",
            axum::routing::get(crate::recovery::link::open_email_change_cancel_link),
        )
        .fallback_service(public_files_or_not_found(&options, context))
        // A refused server function answers with its error's status (422, 401, 429 with
        // Retry-After, ...), not Leptos' 500 for every error.
        .layer(middleware::from_fn(error_status::<crate::error::AppError>))
        .layer(middleware::from_fn_with_state(state.clone(), gate::hold))
        .layer(session_layer)
        // Outermost: a cross-site write is refused before any session or database work.
        .layer(middleware::from_fn_with_state(
            crate::server::cross_site::same_origin(&state.config.site.origin),
            quire_auth::origin_check::require_same_origin,
        ));

    // Build output is not content-hashed, so in development browsers revalidate every time.
    let cache = if state.config.site.production {
        "public, max-age=86400"
    } else {
        "no-cache"
    };
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    let mut pkg = ServeDir::new(&pkg_dir);
    if precompressed_is_current(&pkg_dir, &options.output_name) {
        pkg = pkg.precompressed_br().precompressed_gzip();
    }
    let assets = Router::new()
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache),
        ))
        // A precompressed copy comes with `Content-Encoding` but, unlike what the compression
        // layer makes, no `Vary`: a shared cache could then hand brotli to a client that
        // cannot read it.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ));

    let api = Router::new().nest("/api/v1", crate::composition::api_routes::router(&state));
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

/// Whether the build left compressed copies (`--precompress`: brotli at its best, smaller than
/// what the compression layer makes on the fly) that belong to the current bundle. A later build
/// without `--precompress` (`cargo leptos watch` after a release build) leaves the old copies
/// behind; serving them would pair an old wasm with new JavaScript, so they count only when no
/// older than the wasm they compress.
fn precompressed_is_current(pkg_dir: &str, output_name: &str) -> bool {
    let modified = |file: String| std::fs::metadata(file).and_then(|m| m.modified()).ok();
    let wasm = format!("{pkg_dir}/{output_name}.wasm");
    match (modified(format!("{wasm}.br")), modified(wasm)) {
        (Some(compressed), Some(original)) => compressed >= original,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::precompressed_is_current;
    use std::time::{Duration, SystemTime};

    fn write_at(path: &std::path::Path, at: SystemTime) {
        std::fs::write(path, b"x").unwrap();
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(at).unwrap();
    }

    #[test]
    fn compressed_copies_count_only_when_they_belong_to_the_current_wasm() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().to_str().unwrap();
        let (wasm, br) = (dir.path().join("app.wasm"), dir.path().join("app.wasm.br"));
        let then = SystemTime::now() - Duration::from_secs(60);
        write_at(&wasm, then);
        assert!(!precompressed_is_current(pkg, "app"), "no compressed copy");
        write_at(&br, then + Duration::from_secs(1));
        assert!(precompressed_is_current(pkg, "app"), "made with this build");
        write_at(&wasm, then + Duration::from_secs(2));
        assert!(
            !precompressed_is_current(pkg, "app"),
            "left by an older build"
        );
    }
}
