//! Opening the pool for `database.url` and migrating it: `sqlite://…` (created on first run)
//! or `postgres://…`. Migrations run at every start; several instances starting at once are
//! safe because sqlx's migrator holds a lock while it applies them (an advisory lock on
//! PostgreSQL, the write lock on SQLite).
use sqlx::{
    migrate::MigrateError,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};
use std::{path::Path, str::FromStr, time::Duration};

use super::{Db, Pool};
use crate::server::config::DatabaseConfig;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database.url is not a usable database URL (sqlite://… or postgres://…): {0}")]
    Url(#[source] sqlx::Error),
    #[error("could not create the database folder or lock file for {0}: {1}")]
    Folder(String, #[source] std::io::Error),
    #[error("could not open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("could not migrate the database: {0}")]
    Migrate(#[source] MigrateError),
}

pub async fn connect(config: &DatabaseConfig) -> Result<Db, DbError> {
    if is_postgres_url(&config.url) {
        connect_postgres(config).await
    } else {
        connect_sqlite(config).await
    }
}

pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

async fn connect_sqlite(config: &DatabaseConfig) -> Result<Db, DbError> {
    let options = SqliteConnectOptions::from_str(&config.url)
        .map_err(DbError::Url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(config.busy_timeout_seconds));
    if let Some(folder) = options.get_filename().parent() {
        if !folder.as_os_str().is_empty() {
            std::fs::create_dir_all(folder)
                .map_err(|e| DbError::Folder(folder.display().to_string(), e))?;
        }
    }
    let file = options.get_filename().to_path_buf();
    // sqlx takes no lock for SQLite migrations: two processes starting on a new file would
    // both apply the first migration and one would fail. A lock file next to the database
    // makes them take turns; the second then finds everything applied. The turn covers every
    // connection opened at start (the pool's first, the readers): opened while another
    // process migrates, one was refused with "database is locked" (1 fresh-clone run in 2).
    let _turn = migration_lock(&file).await?;
    // No ping each time a connection is taken: a connection to a local file does not go
    // stale, and on SQLite the ping is one more hand-off to the connection's thread.
    let pool = SqlitePoolOptions::new()
        .test_before_acquire(false)
        .max_connections(config.max_connections)
        .acquire_timeout(Duration::from_secs(config.acquire_timeout_seconds))
        .connect_with(options)
        .await
        .map_err(DbError::Connect)?;
    sqlx::migrate!("./migrations/sqlite")
        .run(&pool)
        .await
        .map_err(DbError::Migrate)?;
    let readers = super::Readers::open(pool.clone())
        .await
        .map_err(DbError::Connect)?;
    Ok(Db::new(Pool::Sqlite(pool), Some(readers)))
}

/// An exclusive lock on `<database>-migrate.lock`, held until dropped (none for an in-memory
/// database).
async fn migration_lock(database: &Path) -> Result<Option<std::fs::File>, DbError> {
    if database.as_os_str().is_empty() || database == Path::new(":memory:") {
        return Ok(None);
    }
    let mut path = database.as_os_str().to_owned();
    path.push("-migrate.lock");
    let locked = tokio::task::spawn_blocking(move || {
        let file = std::fs::File::create(&path)?;
        file.lock()?;
        Ok::<_, std::io::Error>(file)
    })
    .await
    .map_err(std::io::Error::other)
    .and_then(|locked| locked)
    .map_err(|e| DbError::Folder(database.display().to_string(), e))?;
    Ok(Some(locked))
}

async fn connect_postgres(config: &DatabaseConfig) -> Result<Db, DbError> {
    let statement_timeout = format!("{}s", config.statement_timeout_seconds);
    let options = PgConnectOptions::from_str(&config.url)
        .map_err(DbError::Url)?
        .options([("statement_timeout", statement_timeout.as_str())]);
    let pool = PgPoolOptions::new()
        .max_connections(config.max_connections)
        .acquire_timeout(Duration::from_secs(config.acquire_timeout_seconds))
        .connect_with(options)
        .await
        .map_err(DbError::Connect)?;
    sqlx::migrate!("./migrations/postgres")
        .run(&pool)
        .await
        .map_err(DbError::Migrate)?;
    Ok(Db::new(Pool::Postgres(pool), None))
}
