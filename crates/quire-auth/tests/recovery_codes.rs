//! Recovery codes against the database: stored hashed, each works once, a new set voids the
//! old, and one account's code is nothing to another.
mod support;

use quire_auth::{db::write, recovery_codes};
use support::sessions::{setup, Member, Setup};

async fn new_set(s: &Setup, member: &Member) -> Vec<String> {
    let mut tx = write(&s.test.db).await.unwrap();
    let codes = recovery_codes::replace(&mut tx, member.id).await.unwrap();
    tx.commit().await.unwrap();
    codes
}

async fn spend(s: &Setup, member: &Member, code: &str) -> bool {
    let mut tx = write(&s.test.db).await.unwrap();
    let now = s.clock.now_unix();
    let spent = recovery_codes::spend(&mut tx, member.id, code, now).await;
    tx.commit().await.unwrap();
    spent.unwrap()
}

#[tokio::test]
async fn w04_a_code_works_once_for_its_account_and_a_new_set_voids_the_old() {
    let s = setup().await;
    let (ada, bob) = (s.member("ada").await, s.member("bob").await);
    let codes = new_set(&s, &ada).await;
    assert_eq!(codes.len(), recovery_codes::COUNT);
    let stored = format!(
        "SELECT COUNT(*) FROM auth_recovery_codes WHERE code_hash = '{}'",
        quire_auth::secret::sha256_hex(codes[0].replace('-', "").as_bytes())
    );
    assert_eq!(s.scalar(&stored).await, 1, "only the hash is stored");
    assert!(!spend(&s, &bob, &codes[0]).await, "not bob's");
    assert!(spend(&s, &ada, &codes[0].to_uppercase()).await);
    assert!(!spend(&s, &ada, &codes[0]).await, "spent");
    let left = recovery_codes::remaining(&s.test.db, ada.id).await.unwrap();
    assert_eq!(left, recovery_codes::COUNT as i64 - 1);
    let renewed = new_set(&s, &ada).await;
    assert!(!spend(&s, &ada, &codes[1]).await, "voided by the new set");
    assert!(spend(&s, &ada, &renewed[1]).await);
}

#[tokio::test]
async fn turning_two_step_sign_in_off_removes_every_code() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let codes = new_set(&s, &ada).await;
    let mut tx = write(&s.test.db).await.unwrap();
    recovery_codes::clear_in(&mut tx, ada.id).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        recovery_codes::remaining(&s.test.db, ada.id).await.unwrap(),
        0
    );
    assert!(!spend(&s, &ada, &codes[2]).await);
}
