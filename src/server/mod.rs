//! Server-only plumbing: configuration, state, database, clock and middleware.
pub mod body_limit;
pub mod config;
pub mod cookies;
pub mod cross_site;
pub mod database;
pub mod gate;
pub mod headers;
pub mod request;
pub mod state;
pub mod telemetry;
pub mod write_limits;
