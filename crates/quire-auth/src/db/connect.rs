//! Opening the pool for a database URL and migrating it: `sqlite://…` (created on first run)
//! or `postgres://…`. Migrations run at every start; several instances starting at once are
//! safe because sqlx's migrator holds a lock while it applies them (an advisory lock on
//! PostgreSQL; on SQLite, a lock file this module takes).
use sqlx::{
    migrate::{MigrateError, Migrator},
    pool::PoolOptions,
    postgres::PgConnectOptions,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous},
    ConnectOptions, Connection,
};
use std::{path::Path, str::FromStr, time::Duration};

use super::{Db, Pool};

/// How to open the database. `Default` is an SQLite file at `data/app.db` with the limits
/// Quire ships with.
///
/// ```
/// let options = quire_auth::db::Options {
///     url: "sqlite://data/example.db".into(),
///     ..Default::default()
/// };
/// assert_eq!(options.max_connections, 8);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `sqlite://path/to/file.db` or `postgres://…`.
    pub url: String,
    /// The pool's size (on SQLite also the number of lookup readers).
    pub max_connections: u32,
    /// How long a query waits for a free connection before it fails as unavailable.
    pub acquire_timeout: Duration,
    /// SQLite: how long a statement waits for the write lock.
    pub busy_timeout: Duration,
    /// PostgreSQL: the server cancels a statement that runs longer than this.
    pub statement_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            url: "sqlite://data/app.db".into(),
            max_connections: 8,
            acquire_timeout: Duration::from_secs(5),
            busy_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(30),
        }
    }
}

/// The app's migrations for each backend, run at every start after this crate's own.
///
/// The crate's migrations have their own sequence (versions 900000000001 and up) in the same
/// `_sqlx_migrations` table: keep the app's versions out of that range. Each sequence ignores
/// the other's versions, and the crate's run first, so the app's tables may refer to its.
///
/// ```no_run
/// # async fn start() -> Result<(), quire_auth::db::DbError> {
/// use quire_auth::db::{connect, Migrations, Options};
/// let migrations = Migrations {
///     sqlite: sqlx::migrate!("tests/migrations/sqlite"),
///     postgres: sqlx::migrate!("tests/migrations/postgres"),
/// };
/// let db = connect(&Options::default(), migrations).await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Migrations {
    /// Run when the URL is `sqlite://…`.
    pub sqlite: Migrator,
    /// Run when the URL is `postgres://…`.
    pub postgres: Migrator,
}

/// Runs the crate's migrations, then the app's, on `pool` (PostgreSQL; SQLite's run on a
/// connection of their own, see `connect_sqlite`).
async fn migrate<'a, A>(own: Migrator, app: Migrator, pool: A) -> Result<(), DbError>
where
    A: sqlx::Acquire<'a> + Copy,
    <A::Connection as std::ops::Deref>::Target: sqlx::migrate::Migrate,
{
    for mut migrator in [own, app] {
        migrator.set_ignore_missing(true);
        migrator.run(pool).await.map_err(DbError::Migrate)?;
    }
    Ok(())
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL names no backend this crate opens.
    #[error("the database URL is not usable (sqlite://… or postgres://…): {0}")]
    Url(#[source] sqlx::Error),
    /// The SQLite file's folder or its migration lock could not be made.
    #[error("could not create the database folder or lock file for {0}: {1}")]
    Folder(String, #[source] std::io::Error),
    /// The database refused the connection, or did not answer.
    #[error("could not open the database: {0}")]
    Connect(#[source] sqlx::Error),
    /// A migration failed, or one already applied has changed.
    #[error("could not migrate the database: {0}")]
    Migrate(#[source] MigrateError),
    /// After the migrations, rows of this table refer to rows that do not exist (SQLite).
    #[error("after migrating, rows of {0} refer to rows that do not exist")]
    BrokenReferences(String),
}

/// Opens the database `options.url` names and runs this crate's migrations, then the app's
/// `migrations`, for its backend. An SQLite file and its folder are made when missing. See
/// [`Migrations`] for an example.
pub async fn connect(options: &Options, migrations: Migrations) -> Result<Db, DbError> {
    if is_postgres_url(&options.url) {
        connect_postgres(options, migrations.postgres).await
    } else {
        connect_sqlite(options, migrations.sqlite).await
    }
}

pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

async fn connect_sqlite(config: &Options, app: Migrator) -> Result<Db, DbError> {
    let options = SqliteConnectOptions::from_str(&config.url)
        .map_err(DbError::Url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(config.busy_timeout);
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
    let pool = pool_options(config)
        .test_before_acquire(false)
        .connect_with(options.clone())
        .await
        .map_err(DbError::Connect)?;
    // Migrations run on a connection of their own with foreign keys off, as SQLite asks for
    // a table that is rebuilt (a new table, the rows copied, the old one dropped, the new one
    // renamed): with them on, dropping the old table would delete, through ON DELETE CASCADE,
    // every row that refers to it. Once they ran, every reference must still hold. The pool
    // opened first keeps an in-memory database alive meanwhile.
    let mut migrating = options
        .foreign_keys(false)
        .connect()
        .await
        .map_err(DbError::Connect)?;
    for mut migrator in [sqlx::migrate!("./migrations/sqlite"), app] {
        migrator.set_ignore_missing(true);
        migrator
            .run(&mut migrating)
            .await
            .map_err(DbError::Migrate)?;
    }
    let broken: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&mut migrating)
        .await
        .map_err(DbError::Connect)?;
    if let Some((table,)) = broken.first() {
        return Err(DbError::BrokenReferences(table.clone()));
    }
    migrating.close().await.map_err(DbError::Connect)?;
    let readers = super::Readers::open(pool.clone())
        .await
        .map_err(DbError::Connect)?;
    Ok(Db::new(Pool::Sqlite(pool), Some(readers)))
}

/// An exclusive lock on `<database>-migrate.lock`, held until dropped (none for an in-memory
/// database, which no other process can open: sqlx names `sqlite::memory:`
/// `file:sqlx-in-memory-N`, which is not a file to put a lock beside).
async fn migration_lock(database: &Path) -> Result<Option<std::fs::File>, DbError> {
    let name = database.to_string_lossy();
    if name.is_empty() || name == ":memory:" || name.starts_with("file:sqlx-in-memory-") {
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

/// The pool's size and wait, the same on both backends.
fn pool_options<DB: sqlx::Database>(config: &Options) -> PoolOptions<DB> {
    PoolOptions::new()
        .max_connections(config.max_connections)
        .acquire_timeout(config.acquire_timeout)
}

async fn connect_postgres(config: &Options, app: Migrator) -> Result<Db, DbError> {
    let statement_timeout = format!("{}ms", config.statement_timeout.as_millis());
    let options = PgConnectOptions::from_str(&config.url)
        .map_err(DbError::Url)?
        .options([("statement_timeout", statement_timeout.as_str())]);
    let pool = pool_options(config)
        .connect_with(options)
        .await
        .map_err(DbError::Connect)?;
    migrate(sqlx::migrate!("./migrations/postgres"), app, &pool).await?;
    Ok(Db::new(Pool::Postgres(pool), None))
}
