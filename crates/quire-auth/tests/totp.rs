//! Authenticator apps against the database: set up by a first code, each code accepted once,
//! a confirmed factor never restarted or shown, one account's code nothing to another.
mod support;

use quire_auth::{
    db::write,
    totp::{self, Stage},
};
use secrecy::{ExposeSecret, SecretString};
use support::sessions::{setup, Member, Setup};

fn code(secret: &SecretString, at: i64) -> String {
    let bytes = totp_rs::Secret::try_from_base32(secret.expose_secret()).unwrap();
    let totp = totp_rs::Builder::new().with_secret(bytes).build().unwrap();
    totp.generate(at as u64).to_string()
}

async fn accept(s: &Setup, member: &Member, code: &str, stage: Stage) -> bool {
    let mut tx = write(&s.test.db).await.unwrap();
    let accepted = totp::accept(&mut tx, member.id, code, s.clock.now_unix(), stage).await;
    tx.commit().await.unwrap();
    accepted.unwrap()
}

/// Starts a setup for `member` and returns its secret.
async fn started(s: &Setup, member: &Member) -> SecretString {
    let now = s.clock.now_unix();
    assert!(totp::start(&s.test.db, member.id, now).await.unwrap());
    totp::unconfirmed_secret(&s.test.db, member.id)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn w03_a_code_confirms_the_setup_and_each_code_is_accepted_once() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let secret = started(&s, &ada).await;
    let first = code(&secret, s.clock.now_unix());
    assert!(
        !accept(&s, &ada, &first, Stage::Confirmed).await,
        "nothing confirmed yet"
    );
    assert!(!totp::enabled(&s.test.db, ada.id).await.unwrap());
    assert!(accept(&s, &ada, &first, Stage::SettingUp).await);
    assert!(totp::enabled(&s.test.db, ada.id).await.unwrap());
    let shown = totp::unconfirmed_secret(&s.test.db, ada.id).await.unwrap();
    assert!(shown.is_none(), "a confirmed secret is never shown again");

    assert!(
        !accept(&s, &ada, &first, Stage::Confirmed).await,
        "a replay"
    );
    s.clock.advance(time::Duration::seconds(30));
    let next = code(&secret, s.clock.now_unix());
    let last = (next.as_bytes()[5] - b'0' + 1) % 10;
    let wrong = format!("{}{last}", &next[..5]);
    assert!(
        !accept(&s, &ada, &wrong, Stage::Confirmed).await,
        "a wrong code"
    );
    let spaced = format!("{} {}", &next[..3], &next[3..]);
    assert!(accept(&s, &ada, &spaced, Stage::Confirmed).await);
    assert!(
        !accept(&s, &ada, &next, Stage::Confirmed).await,
        "accepted once"
    );
}

#[tokio::test]
async fn a_confirmed_factor_is_not_restarted_until_removed_and_is_nothing_to_another_account() {
    let s = setup().await;
    let (ada, bob) = (s.member("ada").await, s.member("bob").await);
    let secret = started(&s, &ada).await;
    let now = s.clock.now_unix();
    assert!(accept(&s, &ada, &code(&secret, now), Stage::SettingUp).await);
    let since = totp::confirmed_since(&s.test.db, ada.id, now)
        .await
        .unwrap();
    assert_eq!(since.map(|(at, _)| at), Some(now));

    assert!(
        !totp::start(&s.test.db, ada.id, now).await.unwrap(),
        "confirmed"
    );
    s.clock.advance(time::Duration::seconds(30));
    let later = code(&secret, s.clock.now_unix());
    assert!(
        !accept(&s, &bob, &later, Stage::Confirmed).await,
        "not bob's"
    );
    assert!(
        accept(&s, &ada, &later, Stage::Confirmed).await,
        "still ada's secret"
    );

    let mut tx = write(&s.test.db).await.unwrap();
    assert!(totp::remove_in(&mut tx, ada.id).await.unwrap());
    tx.commit().await.unwrap();
    assert!(!totp::enabled(&s.test.db, ada.id).await.unwrap());
    let renewed = started(&s, &ada).await;
    assert_ne!(renewed.expose_secret(), secret.expose_secret());
}
