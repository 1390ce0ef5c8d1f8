//! Links sent by mail against the database: hashed, single use, one purpose, expiring, and dead
//! once the account's credentials are revoked.
mod support;

use quire_auth::{
    db::write,
    links::{self, NewLink, Purpose},
    Error,
};
use support::sessions::{setup, Member, Setup};

fn link(member: &Member, purpose: Purpose) -> NewLink<'static> {
    NewLink {
        account_id: member.id,
        purpose,
        ttl_seconds: 3600,
        new_email: None,
        auth_epoch: None,
    }
}

async fn issue(s: &Setup, link: NewLink<'_>) -> Result<String, Error> {
    let mut tx = write(&s.test.db).await.unwrap();
    let secret = links::issue(&mut tx, link, s.clock.now_unix()).await?;
    tx.commit().await.unwrap();
    Ok(secret)
}

async fn spend(s: &Setup, secret: &str, purpose: Purpose) -> Option<links::Spent> {
    let mut tx = write(&s.test.db).await.unwrap();
    let spent = links::spend(&mut tx, secret, purpose, s.clock.now_unix()).await;
    tx.commit().await.unwrap();
    spent.unwrap()
}

async fn peek(s: &Setup, secret: &str, purpose: Purpose) -> Option<i64> {
    let now = s.clock.now_unix();
    links::peek(&s.test.db, secret, purpose, now).await.unwrap()
}

#[tokio::test]
async fn m01_a_link_is_stored_hashed_and_works_once_for_its_purpose_only() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let secret = issue(&s, link(&ada, Purpose::Reset)).await.unwrap();
    assert!(secret.len() >= 40, "{secret}");
    let hashes = format!(
        "SELECT COUNT(*) FROM auth_links WHERE token_hash = '{}'",
        quire_auth::secret::sha256_hex(secret.as_bytes())
    );
    assert_eq!(s.scalar(&hashes).await, 1);
    assert_eq!(
        peek(&s, &secret, Purpose::Verify).await,
        None,
        "another purpose"
    );
    assert_eq!(peek(&s, &secret, Purpose::Reset).await, Some(ada.id));
    let spent = spend(&s, &secret, Purpose::Reset).await.unwrap();
    assert_eq!((spent.account_id, spent.new_email), (ada.id, None));
    assert!(spend(&s, &secret, Purpose::Reset).await.is_none(), "spent");
}

#[tokio::test]
async fn m02_a_link_expires_and_a_newer_one_voids_the_older_of_its_purpose() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let old = issue(&s, link(&ada, Purpose::Reset)).await.unwrap();
    let verify = issue(&s, link(&ada, Purpose::Verify)).await.unwrap();
    let new = issue(&s, link(&ada, Purpose::Reset)).await.unwrap();
    assert_eq!(peek(&s, &old, Purpose::Reset).await, None, "voided");
    assert_eq!(peek(&s, &verify, Purpose::Verify).await, Some(ada.id));
    s.clock.advance(time::Duration::seconds(3600));
    assert_eq!(peek(&s, &new, Purpose::Reset).await, None, "expired");
}

#[tokio::test]
async fn m09_revoking_everything_kills_every_link_and_an_email_change_names_its_address() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let change = NewLink {
        new_email: Some("new@example.org"),
        ..link(&ada, Purpose::EmailChange)
    };
    let secret = issue(&s, change).await.unwrap();
    let kept = issue(&s, change).await.unwrap();
    let spent = spend(&s, &kept, Purpose::EmailChange).await.unwrap();
    assert_eq!(spent.new_email.as_deref(), Some("new@example.org"));
    assert_eq!(
        peek(&s, &secret, Purpose::EmailChange).await,
        None,
        "voided by the newer"
    );
    let reset = issue(&s, link(&ada, Purpose::Reset)).await.unwrap();
    let now = s.clock.now_unix();
    quire_auth::revocation::revoke_all(&s.test.db, ada.id, now)
        .await
        .unwrap();
    assert_eq!(peek(&s, &reset, Purpose::Reset).await, None);
    assert!(spend(&s, &reset, Purpose::Reset).await.is_none());
}

#[tokio::test]
async fn s08_a_link_asked_for_by_a_request_from_before_a_revocation_is_not_issued() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let asked = NewLink {
        auth_epoch: Some(ada.auth_epoch),
        ..link(&ada, Purpose::Verify)
    };
    s.sql("UPDATE auth_accounts SET auth_epoch = auth_epoch + 1")
        .await;
    let refused = issue(&s, asked).await;
    assert!(matches!(refused, Err(Error::SignedOut)), "{refused:?}");
    assert_eq!(s.scalar("SELECT COUNT(*) FROM auth_links").await, 0);
}
