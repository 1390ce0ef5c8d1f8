// A profile of the home page under load spent about a quarter of its time in glibc's malloc and
// free and waiting on its arena locks; mimalloc's per-thread heaps avoid both.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use quire::{
        composition::startup,
        server::{config::Config, telemetry},
    };
    use quire_auth::clock::SystemClock;
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
    if std::env::args().nth(1).as_deref() == Some("seed") {
        return seed(&config).await;
    }
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

/// `quire seed`: demo data for development (README, "Demo data").
#[cfg(feature = "ssr")]
async fn seed(config: &quire::server::config::Config) -> std::process::ExitCode {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    match quire::composition::seed::run(config, now).await {
        Ok(password) => {
            println!("Demo data added to {}.", config.database.url);
            println!("Sign in as admin@, ada@, grace@ (authors) or alan@demo.quire.test (reader)");
            println!("with this password, made for this run only: {password}");
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("quire seed: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "ssr"))]
pub fn main() {
    // The browser entry point is `hydrate()` in lib.rs.
}
