//! The database a test gets: a fresh SQLite file in its temp folder, or, when the tests run
//! under Quire's `scripts/with-postgres.sh` (which sets `TEST_POSTGRES_URL`), a fresh database
//! in that throwaway PostgreSQL cluster. Either way migrated with the crate's migrations and a
//! small app schema of its own (`tests/migrations/`).
#![allow(dead_code)] // each test binary uses its share
use quire_auth::db::{connect, Db, Migrations, Options};
use sqlx::{Connection, PgConnection};

#[cfg(feature = "test-support")]
pub mod checking;
#[cfg(feature = "test-support")]
pub mod sessions;
#[cfg(feature = "test-support")]
pub mod tokens;

pub struct TestDb {
    pub db: Db,
    pub url: String,
    _dir: tempfile::TempDir,
}

/// The app migrations the tests use.
pub fn app_migrations() -> Migrations {
    Migrations {
        sqlite: sqlx::migrate!("tests/migrations/sqlite"),
        postgres: sqlx::migrate!("tests/migrations/postgres"),
    }
}

pub fn on_postgres() -> bool {
    std::env::var_os("TEST_POSTGRES_URL").is_some()
}

/// A URL for a database nobody has used yet.
pub async fn fresh_url(dir: &std::path::Path) -> String {
    let Ok(server) = std::env::var("TEST_POSTGRES_URL") else {
        return format!("sqlite://{}/auth.db", dir.display());
    };
    let name = format!("auth_{:016x}", rand::random::<u64>());
    let mut admin = PgConnection::connect(&format!("{server}/postgres"))
        .await
        .expect("the test PostgreSQL cluster answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("a fresh test database");
    format!("{server}/{name}")
}

pub async fn fresh_db() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_url(dir.path()).await;
    let options = Options {
        url: url.clone(),
        ..Options::default()
    };
    let db = connect(&options, app_migrations()).await.unwrap();
    TestDb { db, url, _dir: dir }
}
