//! The write transaction's guarantee: a transaction that reads first still writes after
//! another connection committed in between (the mail worker against a request, as it happened
//! in Quire's CI). On SQLite this is `BEGIN IMMEDIATE`; on PostgreSQL an advisory lock.
mod support;

use quire_auth::db::write;
use std::time::Duration;

#[tokio::test]
async fn a_write_transaction_that_reads_first_survives_a_concurrent_commit() {
    let test = support::fresh_db().await;
    let db = test.db.clone();
    let mut tx = write(&db).await.unwrap();
    let _: i64 = quire_auth::on_db!(tx, |exe| sqlx::query_scalar("SELECT COUNT(*) FROM notes")
        .fetch_one(exe)
        .await)
    .unwrap();
    let other = db.clone();
    let concurrent = tokio::spawn(async move {
        let mut theirs = write(&other).await?;
        quire_auth::on_db!(theirs, |exe| sqlx::query(
            "INSERT INTO notes (body) VALUES ('theirs')"
        )
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))?;
        theirs.commit().await
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
    let bodies: Vec<String> = quire_auth::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT body FROM notes ORDER BY id"
    )
    .fetch_all(exe)
    .await)
    .unwrap();
    assert_eq!(
        bodies,
        ["ours", "theirs"],
        "the other write waited its turn"
    );
}
