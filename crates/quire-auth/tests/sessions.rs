//! The session store as tower-sessions drives it, against the crate's accounts and the test
//! app's `members`: only hashes stored, the principal read fresh with every load and never
//! written, no session for a revoked or deactivated account, expiry, and `save` that cannot
//! bring a row back.
mod support;

use quire_auth::sessions::{hash_id, SessionAuth, AUTH_KEY, PRINCIPAL_KEY};
use support::sessions::{setup, Member};
use time::Duration;
use tower_sessions::{
    session::{Id, Record},
    SessionStore as _,
};

fn principal(record: &Record) -> Member {
    serde_json::from_value(record.data[PRINCIPAL_KEY].clone()).unwrap()
}

#[tokio::test]
async fn s02_only_the_hash_of_the_id_is_stored_and_never_the_principal() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let record = s.signed_in(&ada).await;
    let stored = s.stored().await;
    assert_eq!(stored.len(), 1);
    let (id_hash, data) = &stored[0];
    assert_eq!(id_hash, &hash_id(&record.id));
    assert!(!id_hash.contains(&record.id.to_string()));
    assert!(data.contains("\"auth\""), "{data}");
    assert!(!data.contains(PRINCIPAL_KEY), "{data}");
}

#[tokio::test]
async fn the_principal_is_read_fresh_with_every_load() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let record = s.signed_in(&ada).await;
    let load = || async {
        s.store
            .load(&record.id)
            .await
            .unwrap()
            .expect("the session")
    };
    assert_eq!(principal(&load().await), ada);
    s.sql("UPDATE members SET name = 'ada lovelace'").await;
    let loaded = load().await;
    assert_eq!(principal(&loaded).name, "ada lovelace");
    let auth: SessionAuth = serde_json::from_value(loaded.data[AUTH_KEY].clone()).unwrap();
    assert_eq!(auth.account_id, ada.id);
}

#[tokio::test]
async fn s08_no_session_is_stored_once_the_accounts_epoch_moved_on() {
    let s = setup().await;
    let ada = s.member("ada").await;
    // A revocation runs between this request's read of the account and its sign-in.
    s.sql("UPDATE auth_accounts SET auth_epoch = auth_epoch + 1")
        .await;
    let record = s.signed_in(&ada).await;
    assert!(s.nothing_stored_for(&record).await);
}

#[tokio::test]
async fn no_session_is_stored_for_a_deactivated_account() {
    let s = setup().await;
    let ada = s.member("ada").await;
    s.sql("UPDATE auth_accounts SET active = FALSE").await;
    s.store.create(&mut s.record(&ada)).await.unwrap();
    assert!(s.stored().await.is_empty());
}

#[tokio::test]
async fn s08_save_never_brings_back_a_deleted_session() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let record = s.signed_in(&ada).await;
    s.store.delete(&record.id).await.unwrap();
    s.store.save(&record).await.unwrap();
    assert!(s.nothing_stored_for(&record).await);
}

#[tokio::test]
async fn an_expired_session_is_not_loaded_and_is_deleted() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let record = s.signed_in(&ada).await;
    s.clock.advance(Duration::minutes(59));
    assert!(s.store.load(&record.id).await.unwrap().is_some());
    s.clock.advance(Duration::minutes(1));
    assert!(s.store.load(&record.id).await.unwrap().is_none());
    assert!(s.stored().await.is_empty());
}

#[tokio::test]
async fn s03_an_unknown_id_loads_nothing() {
    let s = setup().await;
    let ada = s.member("ada").await;
    s.store.create(&mut s.record(&ada)).await.unwrap();
    assert!(s.store.load(&Id::default()).await.unwrap().is_none());
}
