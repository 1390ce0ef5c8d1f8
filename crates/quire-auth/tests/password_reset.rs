//! A new password with a mailed link: checked like a password, spent once, and everything the
//! account had signed in with ends; a reset that proves the address takes the account back
//! from whoever registered it.
mod support;

use quire_auth::{
    audit::AuthEvent,
    db::write,
    links::{self, NewLink, Purpose},
    password_reset::{self, Completed},
    totp, Error,
};
use support::checking::{checking, client, Checking};

const NEW_PASSWORD: &str = "a new and better passphrase";

async fn reset_link(c: &Checking) -> String {
    let link = NewLink {
        account_id: c.ada.id,
        purpose: Purpose::Reset,
        ttl_seconds: 3600,
        new_email: None,
        auth_epoch: None,
    };
    let mut tx = write(&c.setup.test.db).await.unwrap();
    let secret = links::issue(&mut tx, link, c.setup.clock.now_unix()).await;
    tx.commit().await.unwrap();
    secret.unwrap()
}

async fn complete(c: &Checking, secret: &str) -> Result<Completed, Error> {
    let hash = quire_auth::passwords::Passwords::new()
        .hash(NEW_PASSWORD.into())
        .await
        .unwrap();
    let mut tx = write(&c.setup.test.db).await.unwrap();
    let done = password_reset::complete_in(&mut tx, secret, &hash, c.setup.clock.now_unix());
    let done = done.await?;
    tx.commit().await.unwrap();
    Ok(done)
}

async fn check_link(c: &Checking, secret: &str) -> Result<i64, Error> {
    let now = c.setup.clock.now_unix();
    (c.check)
        .check_link(&client(), secret, Purpose::Reset, now)
        .await
}

#[tokio::test]
async fn m03_a_reset_link_sets_the_password_once_and_ends_every_session() {
    let c = checking().await;
    let secret = reset_link(&c).await;
    c.setup.signed_in(&c.ada).await;
    assert_eq!(check_link(&c, &secret).await.unwrap(), c.ada.id);
    assert!(c.recorded().is_empty(), "a live link is no failure");

    let done = complete(&c, &secret).await.unwrap();
    assert_eq!(done.account_id, c.ada.id);
    assert_eq!(done.revoked.sessions_ended, 1, "the session that was open");
    let sessions = "SELECT COUNT(*) FROM auth_sessions";
    assert_eq!(c.setup.scalar(sessions).await, 0);
    let old = c
        .sign_in("ada@example.org", support::checking::PASSWORD)
        .await;
    assert!(matches!(old, Err(Error::WrongPassword)), "{old:?}");
    assert!(c.sign_in("ada@example.org", NEW_PASSWORD).await.is_ok());

    assert!(matches!(
        complete(&c, &secret).await,
        Err(Error::LinkExpired)
    ));
    assert!(matches!(
        check_link(&c, &secret).await,
        Err(Error::LinkExpired)
    ));
    let events: Vec<_> = c.recorded().into_iter().map(|e| e.0).collect();
    assert!(events.contains(&AuthEvent::LinkRefused), "{events:?}");
}

#[tokio::test]
async fn p08_dead_links_are_counted_like_wrong_passwords() {
    let c = checking().await;
    let live = reset_link(&c).await;
    let mut refused = 0;
    let throttled = loop {
        match check_link(&c, "not-a-link-that-was-ever-sent-to-anyone").await {
            Err(Error::LinkExpired) => refused += 1,
            other => break other,
        }
        assert!(refused < 100, "never throttled");
    };
    assert!(
        matches!(throttled, Err(Error::Throttled(_))),
        "{throttled:?}"
    );
    assert_eq!(refused, 10, "the default allowance of one IP");
    assert_eq!(c.recorded().len(), 10, "each refusal audited once");
    let counted_first = check_link(&c, &live).await;
    assert!(
        matches!(counted_first, Err(Error::Throttled(_))),
        "counted before looking"
    );
}

#[tokio::test]
async fn m09_a_reset_that_proves_the_address_removes_what_a_stranger_may_have_added() {
    let c = checking().await;
    let (db, now) = (&c.setup.test.db, c.setup.clock.now_unix());
    assert!(totp::start(db, c.ada.id, now).await.unwrap());
    let done = complete(&c, &reset_link(&c).await).await.unwrap();
    assert!(done.address_proven);
    let apps = "SELECT COUNT(*) FROM auth_totp_factors";
    assert_eq!(
        c.setup.scalar(apps).await,
        0,
        "the authenticator app is gone"
    );

    // Proven now: the next reset keeps what the owner adds.
    assert!(totp::start(db, c.ada.id, now).await.unwrap());
    let again = complete(&c, &reset_link(&c).await).await.unwrap();
    assert!(!again.address_proven);
    assert_eq!(c.setup.scalar(apps).await, 1);
}
