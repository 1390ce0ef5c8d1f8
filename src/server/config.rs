//! Quire's runtime configuration: defaults, then `Leptos.toml`, then `QUIRE_<SECTION>_<KEY>`
//! environment variables (for example `QUIRE_SESSION_IDLE_MINUTES=5`).
use figment::{
    providers::{Env, Format, Serialized, Toml},
    Figment,
};
use serde::{Deserialize, Serialize};
use std::{net::SocketAddr, path::Path, time::Duration};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub site: SiteConfig,
    pub database: DatabaseConfig,
    pub session: SessionConfig,
    pub limits: LimitsConfig,
    pub api: ApiConfig,
    pub log: LogConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ApiConfig {
    /// Browser origins allowed to call `/api/v1` cross-origin (CORS). Empty: CORS is off.
    pub cors_origins: Vec<String>,
    /// Lifetime of tokens issued to apps at `POST /api/v1/auth/token`.
    pub app_token_days: u64,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            cors_origins: Vec::new(),
            app_token_days: 30,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// Socket address the server listens on.
    pub address: SocketAddr,
    /// The public origin browsers use, e.g. `https://blog.example.org`.
    pub origin: String,
    /// Production mode: `Secure` cookies with the `__Host-` prefix, long static caching.
    pub production: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed. Empty: the socket address is the
    /// client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    pub url: String,
    pub max_connections: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SessionConfig {
    pub idle_minutes: u64,
    pub absolute_hours: u64,
    pub touch_interval_seconds: u64,
    /// Limits for sessions started with "Keep me signed in".
    pub remember_idle_days: u64,
    pub remember_absolute_days: u64,
    /// At most this many sessions per user; signing in evicts the oldest.
    pub max_per_user: u32,
    pub cleanup_interval_seconds: u64,
    /// Sensitive actions need the password entered within this many minutes in this session.
    pub sudo_minutes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsConfig {
    pub body_bytes: usize,
    /// Failed sign-ins allowed per client IP within the window (then 429 with Retry-After).
    pub sign_in_failures_per_ip: u32,
    pub sign_in_ip_window_seconds: u64,
    /// Failed sign-ins allowed per account within the window.
    pub sign_in_failures_per_account: u32,
    pub sign_in_account_window_seconds: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// A `tracing` filter, e.g. `info` or `quire=debug,tower_http=info`.
    pub level: String,
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            address: ([127, 0, 0, 1], 3000).into(),
            origin: "http://127.0.0.1:3000".into(),
            production: false,
            trusted_proxies: Vec::new(),
        }
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: "sqlite://data/quire.db".into(),
            max_connections: 8,
        }
    }
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            idle_minutes: 20,
            absolute_hours: 12,
            touch_interval_seconds: 60,
            remember_idle_days: 14,
            remember_absolute_days: 30,
            max_per_user: 20,
            cleanup_interval_seconds: 300,
            sudo_minutes: 10,
        }
    }
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            body_bytes: 64 * 1024,
            sign_in_failures_per_ip: 10,
            sign_in_ip_window_seconds: 180,
            sign_in_failures_per_account: 100,
            sign_in_account_window_seconds: 3600,
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            level: "info,quire=debug".into(),
        }
    }
}

/// A configuration problem, always naming the offending key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Parse(#[from] Box<figment::Error>),
    #[error("configuration key `{key}`: {problem}")]
    Invalid { key: &'static str, problem: String },
}

impl Config {
    /// Loads `path` (if present) and the `QUIRE_*` environment on top of the defaults.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        Self::from_figment(
            Figment::from(Serialized::defaults(Config::default()))
                .merge(Toml::file(path))
                .merge(env_provider()),
        )
    }

    pub fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        let config: Config = figment.extract().map_err(Box::new)?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key, problem: &str| {
            Err(ConfigError::Invalid {
                key,
                problem: problem.to_owned(),
            })
        };
        let origin = &self.site.origin;
        if !(origin.starts_with("http://") || origin.starts_with("https://"))
            || origin.trim_end_matches('/') != origin
        {
            return invalid(
                "site.origin",
                "must be a scheme and host like https://example.org, without a trailing slash",
            );
        }
        if self.site.production && !origin.starts_with("https://") {
            return invalid("site.origin", "must use https:// in production mode");
        }
        if self.database.url.is_empty() {
            return invalid("database.url", "must not be empty");
        }
        if self.database.max_connections == 0 {
            return invalid("database.max_connections", "must be at least 1");
        }
        if self.session.idle_minutes == 0 {
            return invalid("session.idle_minutes", "must be at least 1");
        }
        if self.session.absolute_hours == 0
            || self.session.absolute_hours * 60 < self.session.idle_minutes
        {
            return invalid(
                "session.absolute_hours",
                "must be at least 1 and not shorter than session.idle_minutes",
            );
        }
        let session = &self.session;
        if session.remember_idle_days == 0
            || session.remember_absolute_days < session.remember_idle_days
        {
            return invalid(
                "session.remember_absolute_days",
                "must be at least 1 and not shorter than session.remember_idle_days",
            );
        }
        if session.max_per_user == 0 {
            return invalid("session.max_per_user", "must be at least 1");
        }
        if session.cleanup_interval_seconds == 0 {
            return invalid("session.cleanup_interval_seconds", "must be at least 1");
        }
        if session.sudo_minutes == 0 {
            return invalid("session.sudo_minutes", "must be at least 1");
        }
        let limits = &self.limits;
        if limits.sign_in_failures_per_ip < 2 || limits.sign_in_failures_per_account < 2 {
            return invalid(
                "limits.sign_in_failures_per_ip",
                "sign-in limits must be at least 2",
            );
        }
        if limits.sign_in_ip_window_seconds == 0 || limits.sign_in_account_window_seconds == 0 {
            return invalid(
                "limits.sign_in_ip_window_seconds",
                "sign-in windows must be at least 1 second",
            );
        }
        if self
            .api
            .cors_origins
            .iter()
            .any(|o| o == "*" || o.ends_with('/') || !o.contains("://"))
        {
            return invalid(
                "api.cors_origins",
                "list exact origins like https://app.example.org; `*` is not allowed",
            );
        }
        if self.api.app_token_days == 0 || self.api.app_token_days > 365 {
            return invalid("api.app_token_days", "must be between 1 and 365");
        }
        if self.limits.body_bytes < 1024 {
            return invalid("limits.body_bytes", "must be at least 1024");
        }
        Ok(())
    }

    /// Idle timeout and absolute lifetime, longer when the user asked to stay signed in.
    pub fn session_limits(&self, remember: bool) -> (Duration, Duration) {
        let s = &self.session;
        if remember {
            (days(s.remember_idle_days), days(s.remember_absolute_days))
        } else {
            (
                Duration::from_secs(s.idle_minutes * 60),
                Duration::from_secs(s.absolute_hours * 3600),
            )
        }
    }

    pub fn sudo_window(&self) -> Duration {
        Duration::from_secs(self.session.sudo_minutes * 60)
    }

    pub fn cleanup_interval(&self) -> Duration {
        Duration::from_secs(self.session.cleanup_interval_seconds)
    }

    pub fn touch_interval(&self) -> Duration {
        Duration::from_secs(self.session.touch_interval_seconds)
    }

    /// `__Host-` makes the browser insist on `Secure`, `Path=/` and no `Domain`.
    pub fn session_cookie_name(&self) -> &'static str {
        if self.site.production {
            "__Host-quire_session"
        } else {
            "quire_session"
        }
    }
}

fn days(n: u64) -> Duration {
    Duration::from_secs(n * 24 * 3600)
}

/// `QUIRE_SESSION_IDLE_MINUTES` → `session.idle_minutes`: the first `_` separates the section.
fn env_provider() -> Env {
    Env::prefixed("QUIRE_")
        .ignore(&["CONFIG"])
        .map(|key| key.as_str().replacen('_', ".", 1).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_toml(toml: &str) -> Result<Config, ConfigError> {
        Config::from_figment(
            Figment::from(Serialized::defaults(Config::default())).merge(Toml::string(toml)),
        )
    }

    #[test]
    fn defaults_are_valid_and_idle_is_twenty_minutes() {
        let config = load_toml("").unwrap();
        assert_eq!(config.session_limits(false).0, Duration::from_secs(20 * 60));
        assert_eq!(
            config.session_limits(false).1,
            Duration::from_secs(12 * 3600)
        );
    }

    #[test]
    fn shipped_leptos_toml_matches_the_defaults() {
        let shipped = Config::from_figment(
            Figment::from(Serialized::defaults(Config::default())).merge(Toml::file(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/Leptos.toml"
            ))),
        )
        .unwrap();
        assert_eq!(shipped, Config::default());
    }

    #[test]
    fn wrong_type_names_the_key() {
        let err = load_toml("[session]\nidle_minutes = \"soon\"").unwrap_err();
        assert!(err.to_string().contains("idle_minutes"), "{err}");
    }

    #[test]
    fn unknown_key_is_refused() {
        let err = load_toml("[session]\nidle_minuets = 5").unwrap_err();
        assert!(err.to_string().contains("idle_minuets"), "{err}");
    }

    #[test]
    fn production_requires_https_origin() {
        let err = load_toml("[site]\nproduction = true").unwrap_err();
        assert!(err.to_string().contains("site.origin"), "{err}");
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's own test harness signature
    fn environment_overrides_the_file() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("QUIRE_SESSION_IDLE_MINUTES", "5");
            jail.set_env("QUIRE_LOG_LEVEL", "warn");
            let config = Config::load(Path::new("missing.toml")).unwrap();
            assert_eq!(config.session.idle_minutes, 5);
            assert_eq!(config.log.level, "warn");
            Ok(())
        });
    }
}
