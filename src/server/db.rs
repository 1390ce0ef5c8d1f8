//! The connection pool. SQLite is created and migrated on start. All SQL is portable
//! (`$n` placeholders, integer unix timestamps) so a PostgreSQL backend can follow.
use sqlx::{
    migrate::MigrateError,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    SqlitePool,
};
use std::{str::FromStr, time::Duration};

pub type Db = SqlitePool;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database.url is not a usable SQLite URL: {0}")]
    Url(#[source] sqlx::Error),
    #[error("could not create the database folder {0}: {1}")]
    Folder(String, #[source] std::io::Error),
    #[error("could not open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("could not migrate the database: {0}")]
    Migrate(#[source] MigrateError),
}

pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbError> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(DbError::Url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    if let Some(folder) = options.get_filename().parent() {
        if !folder.as_os_str().is_empty() {
            std::fs::create_dir_all(folder)
                .map_err(|e| DbError::Folder(folder.display().to_string(), e))?;
        }
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(max_connections)
        .connect_with(options)
        .await
        .map_err(DbError::Connect)?;
    sqlx::migrate!("./migrations/sqlite")
        .run(&pool)
        .await
        .map_err(DbError::Migrate)?;
    Ok(pool)
}
