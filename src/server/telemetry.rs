use tracing_subscriber::{fmt, EnvFilter};

/// Installs the log subscriber. `RUST_LOG`, when set, wins over the configured level.
pub fn init(level: &str) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    // Ignore the error from a second init (tests start many apps in one process).
    let _ = fmt().with_env_filter(filter).with_target(false).try_init();
}
