#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use quire::server::{clock::SystemClock, config::Config, startup, telemetry};
    use std::{path::PathBuf, sync::Arc};

    let path =
        PathBuf::from(std::env::var("QUIRE_CONFIG").unwrap_or_else(|_| "Leptos.toml".into()));
    let config = match Config::load(&path) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("quire: cannot start: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    telemetry::init(&config.log.level);
    let app = match startup::Application::build(config, Arc::new(SystemClock)).await {
        Ok(app) => app,
        Err(error) => {
            tracing::error!("cannot start: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    tracing::info!("listening on http://{}", app.local_addr());
    if let Err(error) = app.run_until(startup::shutdown_signal()).await {
        tracing::error!("server error: {error}");
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}

#[cfg(not(feature = "ssr"))]
pub fn main() {
    // The browser entry point is `hydrate()` in lib.rs.
}
