//! The write transaction's guarantee, on SQLite.
use super::*;
use crate::server::config::DatabaseConfig;
use std::time::Duration;

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
    let _: i64 = crate::on_db!(tx, |exe| sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(exe)
        .await)
    .unwrap();
    let other = db.clone();
    let concurrent = tokio::spawn(async move {
        crate::on_db!(other, |exe| sqlx::query(
            "INSERT INTO audit_log (at, event, ip, user_agent, detail) VALUES (1, 'x', '', '', '')"
        )
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let insert =
        "INSERT INTO audit_log (at, event, ip, user_agent, detail) VALUES (2, 'y', '', '', '')";
    crate::on_db!(tx, |exe| sqlx::query(insert).execute(exe).await.map(|_| ()))
        .expect("the transaction's write");
    tx.commit().await.unwrap();
    concurrent
        .await
        .unwrap()
        .expect("the other write, after the commit");
}
