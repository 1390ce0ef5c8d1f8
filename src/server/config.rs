//! Quire's runtime configuration: defaults, then `Leptos.toml`, then `QUIRE_<SECTION>_<KEY>`
//! environment variables (for example `QUIRE_SESSION_IDLE_MINUTES=5`).
use figment::{
    providers::{Env, Format, Serialized, Toml},
    Figment,
};
use serde::{Deserialize, Serialize};
use std::{net::SocketAddr, path::Path, time::Duration};

#[path = "config_limits.rs"]
mod limits;
#[path = "config_mail.rs"]
mod mail;
pub use limits::LimitsConfig;
pub use mail::{AccountsConfig, MailConfig, MailTransport, SmtpPassword, SmtpTls};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub site: SiteConfig,
    pub database: DatabaseConfig,
    pub session: SessionConfig,
    pub limits: LimitsConfig,
    pub api: ApiConfig,
    pub mail: MailConfig,
    pub accounts: AccountsConfig,
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
    /// How long a request waits for a free connection before it is answered 503.
    pub acquire_timeout_seconds: u64,
    /// How long a statement waits for SQLite's write lock before it is answered 503.
    pub busy_timeout_seconds: u64,
    /// PostgreSQL only: the server cancels a statement that runs longer than this.
    pub statement_timeout_seconds: u64,
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
pub struct LogConfig {
    /// A `tracing` filter, e.g. `info` or `quire=debug,tower_http=info`.
    pub level: String,
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            address: ([127, 0, 0, 1], 3000).into(),
            origin: "http://localhost:3000".into(),
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
            acquire_timeout_seconds: 5,
            busy_timeout_seconds: 5,
            statement_timeout_seconds: 30,
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

    /// The `[session]` limits as quire-auth's sessions follow them.
    pub fn session_policy(&self) -> quire_auth::sessions::SessionPolicy {
        let s = &self.session;
        quire_auth::sessions::SessionPolicy {
            idle: Duration::from_secs(s.idle_minutes * 60),
            absolute: Duration::from_secs(s.absolute_hours * 3600),
            remember_idle: days(s.remember_idle_days),
            remember_absolute: days(s.remember_absolute_days),
            touch_interval: Duration::from_secs(s.touch_interval_seconds),
            max_per_account: s.max_per_user,
            sudo_window: Duration::from_secs(s.sudo_minutes * 60),
        }
    }

    pub fn cleanup_interval(&self) -> Duration {
        Duration::from_secs(self.session.cleanup_interval_seconds)
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

#[path = "config_validate.rs"]
mod validate;

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
