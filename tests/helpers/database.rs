//! The database a test app gets: a fresh SQLite file in the test's temp folder, or, when the
//! suite runs under `scripts/with-postgres.sh` (which sets `TEST_POSTGRES_URL`), a fresh
//! database in that throwaway PostgreSQL cluster.
use sqlx::{Connection, PgConnection, SqliteConnection};
use std::path::Path;

pub const POSTGRES_ENV: &str = "TEST_POSTGRES_URL";

/// Whether this run of the suite is against PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var_os(POSTGRES_ENV).is_some()
}

/// Whether `text` names the database engine: an error's text that should have stayed in the
/// server log.
pub fn mentions_the_database(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["sqlite", "postgres", "sqlx", "duplicate key"]
        .iter()
        .any(|word| lower.contains(word))
}

/// The `database.url` for a new test app whose files live in `dir`.
pub async fn fresh_database_url(dir: &Path) -> String {
    let Ok(server) = std::env::var(POSTGRES_ENV) else {
        return format!("sqlite://{}/quire.db", dir.display());
    };
    let name = format!("quire_{:016x}", rand::random::<u64>());
    let mut admin = PgConnection::connect(&format!("{server}/postgres"))
        .await
        .expect("the test PostgreSQL cluster answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("a fresh test database");
    format!("{server}/{name}")
}

/// Another client of the database that keeps the app from writing users: SQLite's write lock,
/// or an exclusive lock on PostgreSQL's users table. Held until [`UsersLock::release`].
pub enum UsersLock {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

impl UsersLock {
    pub async fn take(url: &str) -> Self {
        if on_postgres() {
            let mut conn = PgConnection::connect(url).await.unwrap();
            for statement in ["BEGIN", "LOCK TABLE users IN ACCESS EXCLUSIVE MODE"] {
                sqlx::query(statement).execute(&mut conn).await.unwrap();
            }
            Self::Postgres(conn)
        } else {
            let mut conn = SqliteConnection::connect(url).await.unwrap();
            sqlx::query("BEGIN IMMEDIATE")
                .execute(&mut conn)
                .await
                .unwrap();
            Self::Sqlite(conn)
        }
    }

    pub async fn release(self) {
        match self {
            Self::Sqlite(mut conn) => sqlx::query("ROLLBACK").execute(&mut conn).await.map(drop),
            Self::Postgres(mut conn) => sqlx::query("ROLLBACK").execute(&mut conn).await.map(drop),
        }
        .unwrap();
    }
}

/// The database out of reach for `seconds`, for this app only (other tests share the server):
/// on PostgreSQL every connection of its database is cut and new ones are refused; on SQLite
/// another client holds the write lock.
pub async fn outage(url: &str, seconds: u64) {
    let pause = std::time::Duration::from_secs(seconds);
    if !on_postgres() {
        let lock = UsersLock::take(url).await;
        tokio::time::sleep(pause).await;
        lock.release().await;
        return;
    }
    let (server, name) = url.rsplit_once('/').unwrap();
    let mut admin = PgConnection::connect(&format!("{server}/postgres"))
        .await
        .unwrap();
    let cut = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1";
    let refuse = format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false");
    sqlx::query(&refuse).execute(&mut admin).await.unwrap();
    sqlx::query(cut)
        .bind(name)
        .execute(&mut admin)
        .await
        .unwrap();
    tokio::time::sleep(pause).await;
    let allow = format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true");
    sqlx::query(&allow).execute(&mut admin).await.unwrap();
}
