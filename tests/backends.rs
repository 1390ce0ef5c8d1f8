//! The two database backends: the suite runs on the one it was asked for, both carry the same
//! migrations, and instances that start together migrate one database once.
use crate::helpers::*;
use quire::server::{config::DatabaseConfig, db};
use std::collections::BTreeSet;

#[tokio::test]
async fn the_suite_runs_on_the_backend_it_was_asked_for() {
    let app = spawn_app().await;
    assert_eq!(app.db.is_postgres(), on_postgres());
}

fn migration_names(backend: &str) -> BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn both_backends_have_the_same_migrations() {
    let sqlite = migration_names("sqlite");
    assert!(sqlite.len() >= 12, "{sqlite:?}");
    assert_eq!(sqlite, migration_names("postgres"));
}

/// Four instances deploy at once against one new database: each starts, and every migration
/// is applied exactly once.
#[tokio::test]
async fn instances_starting_together_migrate_the_database_once() {
    let dir = tempfile::tempdir().unwrap();
    let config = DatabaseConfig {
        url: fresh_database_url(dir.path()).await,
        ..DatabaseConfig::default()
    };
    let starts = (0..4).map(|_| db::connect(&config));
    let pools: Vec<db::Db> = futures_util::future::join_all(starts)
        .await
        .into_iter()
        .map(|started| started.expect("every instance starts"))
        .collect();
    let applied: i64 = quire::on_db!(pools[0], |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM _sqlx_migrations WHERE success"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(applied as usize, migration_names("sqlite").len());
}
