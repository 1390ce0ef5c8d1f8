//! Passkeys: a registered passkey signs in once per ceremony through the secret check's
//! throttle; ceremonies are single use, for one purpose and one account, and short-lived; a
//! counter that goes back is refused and audited. SoftPasskey makes real signatures.
mod support;

use quire_auth::{
    audit::AuthEvent,
    db::write,
    passkeys::{
        ceremony::{self, Purpose, LIFETIME_SECONDS},
        relying_party,
        soft::SoftPasskey,
        store,
        webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential, Webauthn},
    },
    revocation, Error,
};
use secrecy::ExposeSecret;
use support::checking::{checking, client, Checking};

const ORIGIN: &str = "https://notes.example.org";

fn rp() -> Webauthn {
    relying_party(ORIGIN, "Notes").unwrap()
}

fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}

/// Ada adds a passkey named `name`, as the app's security page would.
async fn added(c: &Checking, name: &str) -> SoftPasskey {
    let (db, rp) = (&c.setup.test.db, rp());
    let handle = store::handle(db, c.ada.id).await.unwrap();
    let started = rp.start_passkey_registration(handle, "ada@example.org", "Ada", None);
    let (options, registration) = started.unwrap();
    let mut key = SoftPasskey::new(ORIGIN);
    let answer: RegisterPublicKeyCredential =
        serde_json::from_value(key.register(&json(&options))).unwrap();
    let passkey = rp
        .finish_passkey_registration(&answer, &registration)
        .unwrap();
    let mut tx = write(db).await.unwrap();
    let now = c.setup.clock.now_unix();
    assert!(
        store::insert_in(&mut tx, c.ada.id, name, &passkey, now, "Firefox on Linux")
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    key
}

/// Starts a sign-in ceremony and signs it with `key`: the cookie's secret and the answer.
async fn signed(c: &Checking, key: &mut SoftPasskey) -> (String, PublicKeyCredential) {
    let (options, authentication) = rp().start_discoverable_authentication().unwrap();
    let now = c.setup.clock.now_unix();
    let begun = ceremony::begin(
        &c.setup.test.db,
        Purpose::SignIn,
        None,
        &authentication,
        now,
    );
    let secret = begun.await.unwrap().expose_secret().to_owned();
    key.counter += 1;
    let answer = serde_json::from_value(key.sign(&json(&options))).unwrap();
    (secret, answer)
}

async fn sign_in(c: &Checking, secret: &str, answer: &PublicKeyCredential) -> Result<i64, Error> {
    let (now, rp, client) = (c.setup.clock.now_unix(), rp(), client());
    let signed_in = c
        .check
        .passkey_sign_in(&rp, &client, Some(secret), answer, now);
    signed_in.await.map(|member| member.id)
}

/// Spends the ceremony behind `secret` as `purpose` for `account`: its state, if any.
async fn take(
    c: &Checking,
    secret: &str,
    purpose: Purpose,
    account: Option<i64>,
) -> Option<String> {
    let (db, now) = (&c.setup.test.db, c.setup.clock.now_unix());
    ceremony::take(db, secret, purpose, account, now)
        .await
        .unwrap()
}

#[tokio::test]
async fn w01_a_passkey_signs_in_once_per_ceremony_and_a_stranger_is_refused() {
    let c = checking().await;
    let mut key = added(&c, "Laptop").await;
    let (secret, answer) = signed(&c, &mut key).await;
    assert_eq!(sign_in(&c, &secret, &answer).await.unwrap(), c.ada.id);
    let replayed = sign_in(&c, &secret, &answer).await;
    assert!(
        matches!(replayed, Err(Error::PasskeyRefused)),
        "{replayed:?}"
    );

    let mut stranger = SoftPasskey::new(ORIGIN);
    stranger.user_handle = key.user_handle.clone();
    let (secret, answer) = signed(&c, &mut stranger).await;
    let unknown = sign_in(&c, &secret, &answer).await;
    assert!(matches!(unknown, Err(Error::PasskeyRefused)), "{unknown:?}");

    let listed = store::list(&c.setup.test.db, c.ada.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].last_used_at.is_some(), "its use is stored");
}

#[tokio::test]
async fn w02_a_counter_that_goes_back_is_refused_and_audited_for_the_owner() {
    let c = checking().await;
    let mut key = added(&c, "Laptop").await;
    key.counter = 10;
    let (secret, answer) = signed(&c, &mut key).await;
    assert!(sign_in(&c, &secret, &answer).await.is_ok());
    key.counter = 3; // a copy of the key, behind the original
    let (secret, answer) = signed(&c, &mut key).await;
    let cloned = sign_in(&c, &secret, &answer).await;
    assert!(matches!(cloned, Err(Error::PasskeyRefused)), "{cloned:?}");
    let audited = c.recorded();
    assert_eq!(audited.len(), 1, "{audited:?}");
    assert_eq!(audited[0].0, AuthEvent::PasskeyRefused);
    assert_eq!(audited[0].2, Some(c.ada.id));
}

#[tokio::test]
async fn w01_a_ceremony_is_for_one_purpose_one_account_and_five_minutes() {
    let c = checking().await;
    let (db, now) = (&c.setup.test.db, c.setup.clock.now_unix());
    let begin = |purpose, account| async move {
        let begun = ceremony::begin(db, purpose, account, &"state", now).await;
        begun.unwrap().expose_secret().to_owned()
    };
    let ada = Some(c.ada.id);
    let secret = begin(Purpose::Register, ada).await;
    assert_eq!(
        take(&c, &secret, Purpose::Register, ada).await.as_deref(),
        Some("state")
    );
    assert_eq!(
        take(&c, &secret, Purpose::Register, ada).await,
        None,
        "once"
    );

    let secret = begin(Purpose::Register, ada).await;
    assert_eq!(take(&c, &secret, Purpose::SignIn, ada).await, None);
    let misused = take(&c, &secret, Purpose::Register, ada).await;
    assert_eq!(misused, None, "spent by the misuse");

    let secret = begin(Purpose::Register, ada).await;
    assert_eq!(
        take(&c, &secret, Purpose::Register, Some(c.ada.id + 1)).await,
        None
    );

    let secret = begin(Purpose::Register, ada).await;
    revocation::revoke_all(db, c.ada.id, now).await.unwrap();
    let revoked = take(&c, &secret, Purpose::Register, ada).await;
    assert_eq!(
        revoked, None,
        "a revocation ends a registration in progress"
    );

    let secret = begin(Purpose::SignIn, None).await;
    c.setup
        .clock
        .advance(time::Duration::seconds(LIFETIME_SECONDS));
    assert_eq!(
        take(&c, &secret, Purpose::SignIn, None).await,
        None,
        "expired"
    );
}

#[tokio::test]
async fn a_passkey_is_renamed_and_removed_only_by_its_owner() {
    let c = checking().await;
    let db = &c.setup.test.db;
    added(&c, "Laptop").await;
    let id = store::list(db, c.ada.id).await.unwrap()[0].id;
    assert!(!store::rename(db, c.ada.id + 1, id, "Mine now")
        .await
        .unwrap());
    assert!(store::rename(db, c.ada.id, id, "Work laptop")
        .await
        .unwrap());
    assert_eq!(
        store::list(db, c.ada.id).await.unwrap()[0].name,
        "Work laptop"
    );
    let recent = store::added_since(db, c.ada.id, 0).await.unwrap();
    assert_eq!(recent[0].added_from, "Firefox on Linux");

    let mut tx = write(db).await.unwrap();
    assert!(store::remove_in(&mut tx, c.ada.id + 1, Some(id))
        .await
        .unwrap()
        .is_empty());
    let removed = store::remove_in(&mut tx, c.ada.id, Some(id)).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(removed, vec!["Work laptop".to_owned()]);
    assert_eq!(store::count(db, c.ada.id).await.unwrap(), 0);
}
