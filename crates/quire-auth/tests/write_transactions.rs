//! The write transaction's guarantee, on SQLite: a transaction that reads first still writes
//! after another connection committed in between.
use quire_auth::db::{connect, write, Migrations, Options};
use sqlx::migrate::Migrator;
use std::time::Duration;

static SQLITE: Migrator = sqlx::migrate!("tests/migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("tests/migrations/postgres");

/// A transaction reads, another connection commits a write, then the transaction writes:
/// the mail worker against a request, as it happened in Quire's CI.
#[tokio::test]
async fn a_write_transaction_that_reads_first_survives_a_concurrent_commit() {
    let dir = tempfile::tempdir().unwrap();
    let options = Options {
        url: format!("sqlite://{}/t.db", dir.path().display()),
        ..Options::default()
    };
    let migrations = Migrations {
        sqlite: &SQLITE,
        postgres: &POSTGRES,
    };
    let db = connect(&options, migrations).await.unwrap();
    let mut tx = write(&db).await.unwrap();
    let _: i64 = quire_auth::on_db!(tx, |exe| sqlx::query_scalar("SELECT COUNT(*) FROM notes")
        .fetch_one(exe)
        .await)
    .unwrap();
    let other = db.clone();
    let concurrent = tokio::spawn(async move {
        quire_auth::on_db!(other, |exe| sqlx::query(
            "INSERT INTO notes (body) VALUES ('theirs')"
        )
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let insert = "INSERT INTO notes (body) VALUES ('ours')";
    quire_auth::on_db!(tx, |exe| sqlx::query(insert).execute(exe).await.map(|_| ()))
        .expect("the transaction's write");
    tx.commit().await.unwrap();
    concurrent
        .await
        .unwrap()
        .expect("the other write, after the commit");
}
