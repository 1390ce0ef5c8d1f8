//! Server-only plumbing: configuration, state, database, clock, middleware and start-up.
pub mod body_limit;
pub mod clock;
pub mod config;
pub mod db;
pub mod error_status;
pub mod gate;
pub mod hashing;
pub mod headers;
pub mod origin_check;
pub mod passwords;
pub mod rate;
pub mod request;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod throttle;
pub mod write_limits;
