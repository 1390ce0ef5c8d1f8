//! The crate's migrations have their own sequence beside the app's: both run, the crate's
//! first, and starting again applies nothing twice.
mod support;

use quire_auth::db::{connect, Options};

async fn versions(db: &quire_auth::db::Db) -> Vec<i64> {
    quire_auth::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT version FROM _sqlx_migrations ORDER BY version"
    )
    .fetch_all(exe)
    .await)
    .unwrap()
}

/// The test app's three migrations, then the crate's, each once.
const EXPECTED: [i64; 12] = [
    1,
    2,
    3,
    900000000001,
    900000000002,
    900000000003,
    900000000004,
    900000000005,
    900000000006,
    900000000007,
    900000000008,
    900000000009,
];

#[tokio::test]
async fn the_crates_sequence_runs_first_then_the_apps_and_once() {
    // The app's second migration inserts into a table of the crate's: it could run only after
    // the crate's sequence.
    let test = support::fresh_db().await;
    assert_eq!(
        test.db.is_postgres(),
        support::on_postgres(),
        "the backend asked for"
    );
    assert_eq!(versions(&test.db).await, EXPECTED);
    for table in [
        "auth_rate_limits",
        "auth_sessions",
        "auth_tokens",
        "auth_links",
        "notes",
    ] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let rows: i64 =
            quire_auth::on_db!(test.db, |exe| sqlx::query_scalar(&sql).fetch_one(exe).await)
                .unwrap();
        assert_eq!(rows, 0, "{table}");
    }
    let options = Options {
        url: test.url.clone(),
        ..Options::default()
    };
    let again = connect(&options, support::app_migrations()).await.unwrap();
    assert_eq!(versions(&again).await, EXPECTED);
}

#[test]
fn both_backends_have_the_same_migrations() {
    let names = |backend: &str| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(backend);
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    };
    assert!(!names("sqlite").is_empty());
    assert_eq!(names("sqlite"), names("postgres"));
}

/// An in-memory database is one process's own: connecting to it leaves no lock file behind
/// (one was left in the working folder, and `cargo package` then refused the crate).
#[tokio::test]
async fn an_in_memory_database_leaves_no_file_behind() {
    let lock_files = || {
        std::fs::read_dir(".")
            .unwrap()
            .filter_map(|entry| entry.unwrap().file_name().into_string().ok())
            .filter(|name| name.ends_with("-migrate.lock"))
            .collect::<Vec<_>>()
    };
    let before = lock_files();
    let options = Options {
        url: "sqlite::memory:".into(),
        ..Options::default()
    };
    connect(&options, support::app_migrations()).await.unwrap();
    assert_eq!(lock_files(), before);
}

/// SQLite's migrations run with foreign keys off (a table rebuild needs it), so a migration
/// that leaves a row pointing at nothing is caught after they ran, and the database is not
/// used.
#[tokio::test]
async fn a_migration_that_breaks_a_reference_stops_the_start() {
    if support::on_postgres() {
        return; // PostgreSQL checks every reference as the migration runs.
    }
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("migrations");
    std::fs::create_dir(&source).unwrap();
    std::fs::write(
        source.join("0001_dangling.sql"),
        "CREATE TABLE parents (id INTEGER PRIMARY KEY);\n\
         CREATE TABLE children (id INTEGER PRIMARY KEY, parent BIGINT REFERENCES parents (id));\n\
         INSERT INTO children (id, parent) VALUES (1, 42);\n",
    )
    .unwrap();
    let migrations = quire_auth::db::Migrations {
        sqlite: sqlx::migrate::Migrator::new(source.as_path())
            .await
            .unwrap(),
        postgres: sqlx::migrate::Migrator::new(source.as_path())
            .await
            .unwrap(),
    };
    let options = Options {
        url: format!("sqlite://{}/app.db", dir.path().display()),
        ..Options::default()
    };
    let refused = connect(&options, migrations).await;
    assert!(
        matches!(&refused, Err(quire_auth::db::DbError::BrokenReferences(table)) if table == "children"),
        "{refused:?}"
    );
}
