//! Pending second steps against the database: stored only under the epoch the password check
//! read, live only while it holds, five tries, five minutes, finished once.
mod support;

use quire_auth::{
    db::write,
    pending_sign_ins::{self, Pending, LIFETIME_SECONDS, MAX_TRIES},
};
use secrecy::ExposeSecret;
use support::sessions::{setup, Member, Setup};

async fn pending(s: &Setup, member: &Member, epoch: i64) -> Option<String> {
    let now = s.clock.now_unix();
    let secret = pending_sign_ins::create(&s.test.db, member.id, epoch, true, now).await;
    secret
        .unwrap()
        .map(|secret| secret.expose_secret().to_owned())
}

async fn load(s: &Setup, secret: &str) -> Option<Pending> {
    let now = s.clock.now_unix();
    pending_sign_ins::load(&s.test.db, secret, now)
        .await
        .unwrap()
}

async fn take_try(s: &Setup, secret: &str) -> bool {
    let now = s.clock.now_unix();
    pending_sign_ins::take_try(&s.test.db, secret, now)
        .await
        .unwrap()
}

#[tokio::test]
async fn w05_a_pending_sign_in_has_five_tries_and_finishes_once() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let secret = pending(&s, &ada, ada.auth_epoch).await.unwrap();
    let stored = format!(
        "SELECT COUNT(*) FROM auth_pending_sign_ins WHERE id_hash = '{}'",
        quire_auth::secret::sha256_hex(secret.as_bytes())
    );
    assert_eq!(s.scalar(&stored).await, 1, "only the hash is stored");
    let expected = Pending {
        account_id: ada.id,
        remember: true,
        auth_epoch: ada.auth_epoch,
    };
    assert_eq!(load(&s, &secret).await, Some(expected));
    for _ in 0..MAX_TRIES {
        assert!(take_try(&s, &secret).await);
    }
    assert!(!take_try(&s, &secret).await, "out of tries");
    assert_eq!(load(&s, &secret).await, None);

    let again = pending(&s, &ada, ada.auth_epoch).await.unwrap();
    assert!(!take_try(&s, "not-the-secret").await);
    assert!(pending_sign_ins::finish(&s.test.db, &again).await.unwrap());
    assert!(
        !pending_sign_ins::finish(&s.test.db, &again).await.unwrap(),
        "once"
    );
}

#[tokio::test]
async fn a_pending_sign_in_ends_after_five_minutes() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let secret = pending(&s, &ada, ada.auth_epoch).await.unwrap();
    s.clock
        .advance(time::Duration::seconds(LIFETIME_SECONDS - 1));
    assert!(load(&s, &secret).await.is_some());
    s.clock.advance(time::Duration::seconds(1));
    assert_eq!(load(&s, &secret).await, None);
    assert!(!take_try(&s, &secret).await);
}

#[tokio::test]
async fn s08_a_revocation_ends_a_pending_sign_in_and_one_in_flight_is_not_stored() {
    let s = setup().await;
    let (ada, bob) = (s.member("ada").await, s.member("bob").await);
    let read = ada.auth_epoch;
    let secret = pending(&s, &ada, read).await.unwrap();
    let bobs = pending(&s, &bob, bob.auth_epoch).await.unwrap();

    let mut tx = write(&s.test.db).await.unwrap();
    quire_auth::accounts::bump_auth_epoch(&mut tx, ada.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(load(&s, &secret).await, None, "its epoch moved");
    assert!(!take_try(&s, &secret).await);
    assert_eq!(
        pending(&s, &ada, read).await,
        None,
        "a password check from before"
    );

    let fresh = pending(&s, &ada, read + 1).await.unwrap();
    let mut tx = write(&s.test.db).await.unwrap();
    let now = s.clock.now_unix();
    quire_auth::revocation::revoke_all_in(&mut tx, ada.id, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(load(&s, &fresh).await, None);
    let left = format!(
        "SELECT COUNT(*) FROM auth_pending_sign_ins WHERE account_id = {}",
        ada.id
    );
    assert_eq!(s.scalar(&left).await, 0, "revoking everything deletes them");
    assert!(load(&s, &bobs).await.is_some(), "bob's is not ada's");
}
