//! A database made by an earlier Quire starts with today's: tables that moved into quire-auth's
//! own migration sequence take their rows with them.
use crate::helpers::*;
use quire::server::{config::DatabaseConfig, database};
use sqlx::migrate::Migrator;

/// Quire's migrations up to `last`, as an earlier release shipped them.
async fn earlier_release(last: i64, into: &std::path::Path) -> Migrator {
    let backend = if on_postgres() { "postgres" } else { "sqlite" };
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    for entry in std::fs::read_dir(source).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let version: i64 = name.split('_').next().unwrap().parse().unwrap();
        if version <= last {
            std::fs::copy(&path, into.join(&name)).unwrap();
        }
    }
    Migrator::new(into).await.unwrap()
}

#[tokio::test]
async fn d01_rate_limits_counted_before_the_move_to_quire_auth_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let old = dir.path().join("release-15");
    std::fs::create_dir(&old).unwrap();
    let migrator = earlier_release(15, &old).await;
    let insert = "INSERT INTO rate_limits (key, tat, blocked_until, refusals) \
                  VALUES ('sign-in:ip:hash', 4102444800000, 4102444800000, 3)";
    if on_postgres() {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        migrator.run(&pool).await.unwrap();
        sqlx::query(insert).execute(&pool).await.unwrap();
    } else {
        let options = format!("{url}?mode=rwc");
        let pool = sqlx::SqlitePool::connect(&options).await.unwrap();
        migrator.run(&pool).await.unwrap();
        sqlx::query(insert).execute(&pool).await.unwrap();
    }
    let config = DatabaseConfig {
        url,
        ..DatabaseConfig::default()
    };
    let db = database::connect(&config)
        .await
        .expect("today's Quire starts");
    let kept: (i64, i64) = quire_auth::on_db!(db, |exe| sqlx::query_as(
        "SELECT blocked_until, refusals FROM auth_rate_limits WHERE key = 'sign-in:ip:hash'"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(kept, (4102444800000, 3));
}
