//! The second step of a sign-in: a code finishes a browser's pending sign-in once, through the
//! same throttled, audited door as the password, and never after a revocation.
mod support;

use quire_auth::{
    audit::AuthEvent,
    db::write,
    pending_sign_ins, recovery_codes, revocation,
    second_step::Factor,
    totp::{self, Stage},
    Error,
};
use secrecy::{ExposeSecret, SecretString};
use support::checking::{checking, client, Checking};

/// Ada's authenticator app, set up: the secret it shares with the site.
async fn with_app(c: &Checking) -> SecretString {
    let (db, now) = (&c.setup.test.db, c.setup.clock.now_unix());
    assert!(totp::start(db, c.ada.id, now).await.unwrap());
    let secret = totp::unconfirmed_secret(db, c.ada.id)
        .await
        .unwrap()
        .unwrap();
    let mut tx = write(db).await.unwrap();
    let first = code(&secret, now - 30);
    assert!(
        totp::accept(&mut tx, c.ada.id, &first, now - 30, Stage::SettingUp)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    secret
}

fn code(secret: &SecretString, at: i64) -> String {
    let bytes = totp_rs::Secret::try_from_base32(secret.expose_secret()).unwrap();
    let totp = totp_rs::Builder::new().with_secret(bytes).build().unwrap();
    totp.generate(at as u64).to_string()
}

/// A pending sign-in for Ada, as her right password leaves it; its secret.
async fn pending(c: &Checking) -> String {
    let now = c.setup.clock.now_unix();
    let created = pending_sign_ins::create(&c.setup.test.db, c.ada.id, c.ada.auth_epoch, true, now);
    created.await.unwrap().unwrap().expose_secret().to_owned()
}

async fn finish(c: &Checking, secret: &str, code: &str) -> Result<Factor, Error> {
    let now = c.setup.clock.now_unix();
    let done = c.check.finish_sign_in(&client(), secret, code, now).await?;
    assert_eq!(done.principal, c.ada);
    assert!(done.remember);
    Ok(done.factor)
}

#[tokio::test]
async fn w05_a_right_code_finishes_the_pending_sign_in_once_and_a_wrong_one_is_audited() {
    let c = checking().await;
    let app = with_app(&c).await;
    let secret = pending(&c).await;

    let wrong = finish(&c, &secret, "000000").await;
    assert!(matches!(wrong, Err(Error::WrongCode)), "{wrong:?}");
    let failed = (
        AuthEvent::SecondFactorFailed,
        None,
        Some(c.ada.id),
        String::new(),
    );
    assert_eq!(c.recorded(), vec![failed]);

    let now = c.setup.clock.now_unix();
    let done = finish(&c, &secret, &code(&app, now)).await;
    assert_eq!(done.unwrap(), Factor::AuthenticatorApp);
    let again = finish(&c, &secret, &code(&app, now + 30)).await;
    assert!(
        matches!(again, Err(Error::SignInAgain)),
        "finished once: {again:?}"
    );
    let forged = finish(&c, "not-a-pending-secret", &code(&app, now + 30)).await;
    assert!(matches!(forged, Err(Error::SignInAgain)), "{forged:?}");
}

#[tokio::test]
async fn w04_a_recovery_code_finishes_a_sign_in_and_is_spent() {
    let c = checking().await;
    with_app(&c).await;
    let mut tx = write(&c.setup.test.db).await.unwrap();
    let codes = recovery_codes::replace(&mut tx, c.ada.id).await.unwrap();
    tx.commit().await.unwrap();

    let secret = pending(&c).await;
    assert_eq!(
        finish(&c, &secret, &codes[0]).await.unwrap(),
        Factor::RecoveryCode
    );
    let now = c.setup.clock.now_unix();
    let spent = c
        .check
        .check_code(&client(), c.ada.id, &codes[0], now)
        .await;
    assert!(matches!(spent, Err(Error::WrongCode)), "{spent:?}");
    let other = c
        .check
        .check_code(&client(), c.ada.id, &codes[1], now)
        .await;
    assert_eq!(other.unwrap(), Factor::RecoveryCode);
}

#[tokio::test]
async fn p03_wrong_codes_count_against_the_account_like_wrong_passwords() {
    let c = checking().await;
    let app = with_app(&c).await;
    // The account allows three failures; a wrong password is one of them.
    assert!(c.sign_in("ada@example.org", "wrong").await.is_err());
    let now = c.setup.clock.now_unix();
    for _ in 0..2 {
        let wrong = c.check.check_code(&client(), c.ada.id, "000000", now).await;
        assert!(matches!(wrong, Err(Error::WrongCode)), "{wrong:?}");
    }
    let secret = pending(&c).await;
    let refused = finish(&c, &secret, &code(&app, now)).await;
    assert!(matches!(refused, Err(Error::Throttled(_))), "{refused:?}");
}

/// Ada's app being set up confirmed with `code` the way an app does it: counted first, then
/// compared, then settled.
async fn confirm_setup(c: &Checking, code: &str) -> Result<(), Error> {
    let (db, now) = (&c.setup.test.db, c.setup.clock.now_unix());
    let attempt = c.check.code_attempt(&client(), c.ada.id).await?;
    let mut tx = write(db).await.unwrap();
    if !totp::accept(&mut tx, c.ada.id, code, now, Stage::SettingUp).await? {
        drop(tx);
        return Err(attempt.wrong().await);
    }
    tx.commit().await.unwrap();
    attempt.right().await;
    Ok(())
}

#[tokio::test]
async fn p08_a_setup_code_counts_against_the_account_until_it_is_right() {
    let c = checking().await;
    let (db, now) = (&c.setup.test.db, c.setup.clock.now_unix());
    assert!(totp::start(db, c.ada.id, now).await.unwrap());
    let secret = totp::unconfirmed_secret(db, c.ada.id).await.unwrap();
    // The right code gives its attempt back: all three of the account's remain.
    confirm_setup(&c, &code(&secret.unwrap(), now))
        .await
        .unwrap();
    assert!(c.recorded().is_empty());
    for _ in 0..3 {
        let wrong = confirm_setup(&c, "000000").await;
        assert!(matches!(wrong, Err(Error::WrongCode)), "{wrong:?}");
    }
    assert_eq!(c.recorded().len(), 3, "each wrong code audited");
    let failed = &c.recorded()[0];
    assert_eq!(
        (failed.0, failed.2),
        (AuthEvent::SecondFactorFailed, Some(c.ada.id))
    );
    let refused = confirm_setup(&c, "000000").await;
    assert!(matches!(refused, Err(Error::Throttled(_))), "{refused:?}");
    let password = c
        .sign_in("ada@example.org", "the right one does not matter")
        .await;
    assert!(matches!(password, Err(Error::Throttled(_))), "{password:?}");
}

#[tokio::test]
async fn s08_a_revocation_or_deactivation_between_password_and_code_ends_the_sign_in() {
    let c = checking().await;
    let app = with_app(&c).await;
    let now = c.setup.clock.now_unix();
    let secret = pending(&c).await;
    revocation::revoke_all(&c.setup.test.db, c.ada.id, now)
        .await
        .unwrap();
    let revoked = finish(&c, &secret, &code(&app, now)).await;
    assert!(matches!(revoked, Err(Error::SignInAgain)), "{revoked:?}");

    let c = checking().await;
    let app = with_app(&c).await;
    let secret = pending(&c).await;
    c.setup.sql("UPDATE auth_accounts SET active = FALSE").await;
    let inactive = finish(&c, &secret, &code(&app, now)).await;
    assert!(matches!(inactive, Err(Error::SignInAgain)), "{inactive:?}");
}
