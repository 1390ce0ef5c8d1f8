//! Accounts: one per address, and the epochs every revocation moves, announced to the
//! account's open tabs only once the transaction commits.
mod support;

use quire_auth::{
    accounts::{bump_auth_epoch, bump_credential_epoch, create, NewAccount},
    db::{write, Db},
    passwords::PasswordHashString,
};

async fn epochs(db: &Db, id: i64) -> (i64, i64) {
    quire_auth::on_db!(db, |exe| sqlx::query_as(
        "SELECT auth_epoch, credential_epoch FROM auth_accounts WHERE id = $1"
    )
    .bind(id)
    .fetch_one(exe)
    .await)
    .unwrap()
}

async fn make(db: &Db, email: &str) -> Option<i64> {
    let hash = PasswordHashString::from_db("$argon2id$not-a-real-hash".into());
    let mut tx = write(db).await.unwrap();
    let new = NewAccount {
        email,
        password_hash: &hash,
        verified: false,
        now: 0,
    };
    let id = create(&mut tx, new).await.unwrap();
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn an_address_has_one_account() {
    let test = support::fresh_db().await;
    let ada = make(&test.db, "ada@example.org")
        .await
        .expect("a new account");
    assert_eq!(make(&test.db, "ada@example.org").await, None);
    let grace = make(&test.db, "grace@example.org").await.expect("another");
    assert_ne!(ada, grace);
}

#[tokio::test]
async fn s08_each_revocation_moves_the_epoch_and_tells_open_tabs_after_commit() {
    let test = support::fresh_db().await;
    let ada = make(&test.db, "ada@example.org").await.unwrap();
    let mut heard = test.db.changes().subscribe();
    let mut tx = write(&test.db).await.unwrap();
    assert_eq!(bump_auth_epoch(&mut tx, ada).await.unwrap(), 1);
    assert_eq!(bump_auth_epoch(&mut tx, ada).await.unwrap(), 2);
    bump_credential_epoch(&mut tx, ada).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(epochs(&test.db, ada).await, (2, 1));
    // On PostgreSQL the announcement is a NOTIFY that `Db::relay_changes` hears; Quire's
    // two-instance tests follow it from one instance to the other.
    if !support::on_postgres() {
        let told = tokio::time::timeout(std::time::Duration::from_secs(5), heard.recv());
        assert_eq!(told.await.expect("announced").unwrap(), ada);
    }
}

#[tokio::test]
async fn a_revocation_rolled_back_moves_nothing() {
    let test = support::fresh_db().await;
    let ada = make(&test.db, "ada@example.org").await.unwrap();
    let mut tx = write(&test.db).await.unwrap();
    bump_auth_epoch(&mut tx, ada).await.unwrap();
    bump_credential_epoch(&mut tx, ada).await.unwrap();
    drop(tx);
    assert_eq!(epochs(&test.db, ada).await, (0, 0));
}
