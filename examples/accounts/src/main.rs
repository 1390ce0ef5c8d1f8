//! Serves the app on `LEPTOS_SITE_ADDR` (127.0.0.1:3000 unless set).
#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    use accounts_example::server::{database, router, LogMailer, Settings};
    use std::net::SocketAddr;

    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    // The settings in Cargo.toml, which LEPTOS_* variables override (cargo leptos sets them).
    let options = leptos::prelude::get_configuration(Some("Cargo.toml"))
        .expect("read the [package.metadata.leptos] settings")
        .leptos_options;
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://data/accounts.db".into());
    let db = match database(url).await {
        Ok(db) => db,
        Err(error) => {
            eprintln!("could not open the database: {error}");
            std::process::exit(1);
        }
    };
    let settings = match Settings::read(|name| std::env::var(name).ok()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    };
    let addr = options.site_addr;
    let clock = std::sync::Arc::new(quire_auth::clock::SystemClock);
    let app = router(db, clock, settings, LogMailer, options);
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .expect("bind the address");
    tracing::info!("listening on http://{addr}");
    axum::serve(listener, app).await.expect("serve");
}

#[cfg(not(feature = "ssr"))]
fn main() {}
