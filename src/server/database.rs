//! Quire's database: the handle quire-auth opens (SQLite or PostgreSQL, by `database.url`),
//! migrated with quire-auth's migrations and then Quire's own for that backend.
use quire_auth::db::{Db, DbError, Migrations, Options};
use std::time::Duration;

use super::config::DatabaseConfig;

/// Opens and migrates the database `config` names.
pub async fn connect(config: &DatabaseConfig) -> Result<Db, DbError> {
    let migrations = Migrations {
        sqlite: sqlx::migrate!("./migrations/sqlite"),
        postgres: sqlx::migrate!("./migrations/postgres"),
    };
    quire_auth::db::connect(&options(config), migrations).await
}

fn options(config: &DatabaseConfig) -> Options {
    Options {
        url: config.url.clone(),
        max_connections: config.max_connections,
        acquire_timeout: Duration::from_secs(config.acquire_timeout_seconds),
        busy_timeout: Duration::from_secs(config.busy_timeout_seconds),
        statement_timeout: Duration::from_secs(config.statement_timeout_seconds),
    }
}
