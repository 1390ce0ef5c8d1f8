//! The one password check: what it answers, what it counts and what it audits.
mod support;

use quire_auth::{
    audit::AuthEvent,
    password_check::{Claimant, Purpose},
    Error,
};
use support::checking::{checking, client, PASSWORD};

#[tokio::test]
async fn p08_the_right_password_gives_the_principal_and_audits_nothing() {
    let c = checking().await;
    assert_eq!(c.sign_in("ada@example.org", PASSWORD).await.unwrap(), c.ada);
    assert!(c.recorded().is_empty(), "a second step may still follow");
}

#[tokio::test]
async fn p02_an_unknown_address_a_wrong_or_long_password_and_an_inactive_account_answer_alike() {
    let c = checking().await;
    let long = "x".repeat(257);
    for (email, password) in [
        ("nobody@example.org", PASSWORD),
        ("ada\0@example.org", PASSWORD),
        ("ada@example.org", "wrong password"),
        ("ada@example.org", long.as_str()),
    ] {
        let refused = c.sign_in(email, password).await;
        assert!(matches!(refused, Err(Error::WrongPassword)), "{refused:?}");
    }
    c.setup.sql("UPDATE auth_accounts SET active = FALSE").await;
    let inactive = c.sign_in("ada@example.org", PASSWORD).await;
    assert!(
        matches!(inactive, Err(Error::WrongPassword)),
        "{inactive:?}"
    );
    let failed = |subject| (AuthEvent::SignInFailed, None, subject, "browser".to_owned());
    let ada = Some(c.ada.id);
    assert_eq!(
        c.recorded(),
        [
            failed(None),
            failed(None),
            failed(ada),
            failed(ada),
            failed(ada)
        ]
    );
}

#[tokio::test]
async fn p03_failures_are_counted_per_account_and_then_even_the_right_password_waits() {
    let c = checking().await;
    for _ in 0..3 {
        assert!(c.sign_in("ada@example.org", "wrong").await.is_err());
    }
    let throttled = c.sign_in("ada@example.org", PASSWORD).await;
    assert!(
        matches!(throttled, Err(Error::Throttled(_))),
        "{throttled:?}"
    );
    assert_eq!(c.recorded().len(), 3, "a throttled try is not checked");
}

#[tokio::test]
async fn p03_a_right_password_gives_its_attempt_back() {
    let c = checking().await;
    for _ in 0..5 {
        assert!(c.sign_in("ada@example.org", PASSWORD).await.is_ok());
    }
}

#[tokio::test]
async fn p07_a_wrong_password_at_a_prompt_is_audited_with_the_user_as_actor() {
    let c = checking().await;
    let claimant = Claimant::Account(c.ada.id);
    let refused = (c.check)
        .check(
            &client(),
            claimant,
            "wrong".into(),
            Purpose::Reconfirm,
            "sudo",
        )
        .await;
    assert!(matches!(refused, Err(Error::WrongPassword)), "{refused:?}");
    let ada = Some(c.ada.id);
    let failed = (AuthEvent::PasswordCheckFailed, ada, ada, "sudo".to_owned());
    assert_eq!(c.recorded(), [failed]);
}
