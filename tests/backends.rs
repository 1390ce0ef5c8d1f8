//! The two database backends: the suite runs on the one it was asked for, both carry the same
//! migrations and make the same schema (quire-auth's tables included), and instances that
//! start together migrate once.
use crate::helpers::*;
use quire::server::{config::DatabaseConfig, database as db};
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
    let pools: Vec<quire_auth::db::Db> = futures_util::future::join_all(starts)
        .await
        .into_iter()
        .map(|started| started.expect("every instance starts"))
        .collect();
    let applied: i64 = quire_auth::on_db!(pools[0], |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM _sqlx_migrations WHERE success"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    let quire_auth_own = std::fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("crates/quire-auth/migrations/sqlite"),
    )
    .unwrap()
    .count();
    assert_eq!(
        applied as usize,
        migration_names("sqlite").len() + quire_auth_own,
        "Quire's migrations and quire-auth's, each once"
    );
}

/// Every table's columns and every named index, as `table.column` and `index name`; sqlx's own
/// bookkeeping left out.
async fn schema(db: &quire_auth::db::Db) -> BTreeSet<String> {
    let rows: Vec<String> = quire_auth::on_db!(db, |exe| {
        let query = if db.is_postgres() {
            "SELECT table_name || '.' || column_name FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx%' \
             UNION ALL SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = 'public' \
             AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'"
        } else {
            "SELECT m.name || '.' || c.name FROM sqlite_master m, pragma_table_info(m.name) c \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
             AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\' \
             UNION ALL SELECT 'index ' || name FROM sqlite_master WHERE type = 'index' \
             AND sql IS NOT NULL"
        };
        sqlx::query_scalar(query).fetch_all(exe).await
    })
    .unwrap();
    rows.into_iter().collect()
}

/// The migrations of both backends make the same tables, columns and indexes. The comparison
/// needs PostgreSQL, so it happens in the suite's PostgreSQL run (the README test command runs
/// both); the SQLite run checks that the schema is read at all.
#[tokio::test]
async fn both_backends_make_the_same_tables_columns_and_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = DatabaseConfig {
        url: format!("sqlite://{}/schema.db", dir.path().display()),
        ..DatabaseConfig::default()
    };
    let sqlite = schema(&db::connect(&sqlite).await.unwrap()).await;
    for expected in [
        "auth_accounts.email",
        "users.display_name",
        "auth_sessions.idle_expires_at",
        "auth_rate_limits.tat",
    ] {
        assert!(sqlite.contains(expected), "{expected} in {sqlite:?}");
    }
    assert!(sqlite.iter().any(|item| item.starts_with("index ")));
    if on_postgres() {
        let postgres = DatabaseConfig {
            url: fresh_database_url(dir.path()).await,
            ..DatabaseConfig::default()
        };
        let postgres = schema(&db::connect(&postgres).await.unwrap()).await;
        let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
        let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
        assert!(
            only_sqlite.is_empty() && only_postgres.is_empty(),
            "only on SQLite: {only_sqlite:?}\nonly on PostgreSQL: {only_postgres:?}"
        );
    }
}
