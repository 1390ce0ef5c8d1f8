//! The connection pool. SQLite is created and migrated on start. All SQL is portable
//! (`$n` placeholders, integer unix timestamps) so a PostgreSQL backend can follow.
use sqlx::{
    migrate::MigrateError,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    SqlitePool,
};
use std::{str::FromStr, time::Duration};

use super::config::DatabaseConfig;
use crate::ui::{Page, Paged, PER_PAGE};

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

/// LIMIT and OFFSET for `page`. The limit asks for one row more than a page, which tells
/// [`into_page`] whether another page follows.
pub fn page_window(page: Page) -> (i64, i64) {
    let offset = i64::from(page.number() - 1) * i64::from(PER_PAGE);
    (i64::from(PER_PAGE) + 1, offset)
}

/// Page `page` from the rows fetched with [`page_window`]: at most a page of them, and whether
/// another page follows. Every paged query answers with this; `Paged::map` shapes the rows.
pub fn into_page<T>(mut rows: Vec<T>, page: Page) -> Paged<T> {
    let has_more = rows.len() > PER_PAGE as usize;
    rows.truncate(PER_PAGE as usize);
    Paged {
        items: rows,
        page,
        has_more,
    }
}

pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// A write transaction. `BEGIN IMMEDIATE` takes SQLite's write lock at the start, so a
/// transaction that reads before it writes waits its turn (the busy timeout) instead of failing
/// with `SQLITE_BUSY` when another connection committed between its read and its write (a
/// deferred transaction cannot move its snapshot forward). Every transaction in Quire writes.
pub async fn write(db: &Db) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    db.begin_with("BEGIN IMMEDIATE").await
}

pub async fn connect(config: &DatabaseConfig) -> Result<Db, DbError> {
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
    let pool = SqlitePoolOptions::new()
        .max_connections(config.max_connections)
        .acquire_timeout(Duration::from_secs(config.acquire_timeout_seconds))
        .connect_with(options)
        .await
        .map_err(DbError::Connect)?;
    sqlx::migrate!("./migrations/sqlite")
        .run(&pool)
        .await
        .map_err(DbError::Migrate)?;
    Ok(pool)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A transaction reads, another connection commits a write, then the transaction writes:
    /// the mail worker against a request, as it happened in CI.
    #[tokio::test]
    async fn a_write_transaction_that_reads_first_survives_a_concurrent_commit() {
        let dir = tempfile::tempdir().unwrap();
        let config = DatabaseConfig {
            url: format!("sqlite://{}/t.db", dir.path().display()),
            ..DatabaseConfig::default()
        };
        let db = connect(&config).await.unwrap();
        let mut tx = write(&db).await.unwrap();
        let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        let other = db.clone();
        let concurrent = tokio::spawn(async move {
            sqlx::query("INSERT INTO audit_log (at, event, ip, user_agent, detail) VALUES (1, 'x', '', '', '')")
                .execute(&other)
                .await
        });
        tokio::time::sleep(Duration::from_millis(200)).await;
        let insert =
            "INSERT INTO audit_log (at, event, ip, user_agent, detail) VALUES (2, 'y', '', '', '')";
        sqlx::query(insert)
            .execute(&mut *tx)
            .await
            .expect("the transaction's write");
        tx.commit().await.unwrap();
        concurrent
            .await
            .unwrap()
            .expect("the other write, after the commit");
    }
}
