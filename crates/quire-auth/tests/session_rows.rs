//! An account's session rows: the owner's list, ending one, the others or all, the cap per
//! account and the sweep of expired rows, each touching only the rows it names.
mod support;

use quire_auth::{
    db::write,
    sessions::{self, hash_id},
};
use support::sessions::setup;
use time::Duration;

#[tokio::test]
async fn the_list_holds_the_accounts_live_sessions_newest_first() {
    let s = setup().await;
    let (ada, bob) = (s.member("ada").await, s.member("bob").await);
    let first = s.signed_in(&ada).await;
    s.clock.advance(Duration::minutes(1));
    let second = s.signed_in(&ada).await;
    s.signed_in(&bob).await;
    let now = s.clock.now_unix();
    let listed = sessions::list(&s.test.db, ada.id, now, 10).await.unwrap();
    let handles: Vec<_> = listed.iter().map(|row| row.id_hash.clone()).collect();
    assert_eq!(handles, [hash_id(&second.id), hash_id(&first.id)]);
    assert_eq!(listed[0].ip, "192.0.2.1");
    assert_eq!(
        sessions::list(&s.test.db, ada.id, now, 1)
            .await
            .unwrap()
            .len(),
        1
    );
    // The first one's hour is up one minute before the second's.
    let later = now + 59 * 60;
    let live = sessions::list(&s.test.db, ada.id, later, 10).await.unwrap();
    assert_eq!(live.len(), 1);
    let ends = |record: &tower_sessions::session::Record| {
        let handle = hash_id(&record.id);
        let db = s.test.db.clone();
        async move { sessions::ends_at(&db, &handle, later).await.unwrap() }
    };
    assert_eq!(ends(&first).await, None);
    assert_eq!(ends(&second).await, Some(now + 3_600));
}

#[tokio::test]
async fn an_account_ends_only_its_own_sessions() {
    let s = setup().await;
    let (ada, bob) = (s.member("ada").await, s.member("bob").await);
    let bobs = s.signed_in(&bob).await;
    let adas = s.signed_in(&ada).await;
    let mut tx = write(&s.test.db).await.unwrap();
    let ended = sessions::delete_one_of(&mut tx, ada.id, &hash_id(&bobs.id)).await;
    assert_eq!(ended.unwrap(), 0, "bob's session is not ada's to end");
    let ended = sessions::delete_one_of(&mut tx, ada.id, &hash_id(&adas.id)).await;
    assert_eq!(ended.unwrap(), 1);
    tx.commit().await.unwrap();
    assert_eq!(s.stored().await.len(), 1);
}

#[tokio::test]
async fn signing_out_everywhere_else_keeps_this_session_and_others_accounts() {
    let s = setup().await;
    let (ada, bob) = (s.member("ada").await, s.member("bob").await);
    let this = s.signed_in(&ada).await;
    s.signed_in(&ada).await;
    s.signed_in(&ada).await;
    s.signed_in(&bob).await;
    let mut tx = write(&s.test.db).await.unwrap();
    let keep = hash_id(&this.id);
    let ended = sessions::delete_others(&mut tx, ada.id, &keep).await;
    assert_eq!(ended.unwrap(), 2);
    assert_eq!(sessions::delete_all(&mut tx, bob.id).await.unwrap(), 1);
    tx.commit().await.unwrap();
    let left: Vec<_> = s.stored().await.into_iter().map(|(hash, _)| hash).collect();
    assert_eq!(left, [hash_id(&this.id)]);
}

#[tokio::test]
async fn the_cap_keeps_the_newest_sessions() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let mut made = Vec::new();
    for _ in 0..4 {
        made.push(hash_id(&s.signed_in(&ada).await.id));
        s.clock.advance(Duration::seconds(1));
    }
    assert_eq!(
        sessions::keep_newest(&s.test.db, ada.id, 2).await.unwrap(),
        2
    );
    let mut left: Vec<_> = s.stored().await.into_iter().map(|(hash, _)| hash).collect();
    left.sort();
    let mut newest = made[2..].to_vec();
    newest.sort();
    assert_eq!(left, newest);
}

#[tokio::test]
async fn the_sweep_deletes_only_expired_sessions() {
    let s = setup().await;
    let ada = s.member("ada").await;
    s.signed_in(&ada).await;
    s.clock.advance(Duration::minutes(30));
    let live = s.signed_in(&ada).await;
    let now = s.clock.now_unix() + 30 * 60;
    assert_eq!(sessions::delete_expired(&s.test.db, now).await.unwrap(), 1);
    let left: Vec<_> = s.stored().await.into_iter().map(|(hash, _)| hash).collect();
    assert_eq!(left, [hash_id(&live.id)]);
}
