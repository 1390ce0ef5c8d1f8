//! Bearer tokens against the database: what is stored, what authenticates, and what a
//! revocation or a deactivation leaves.
mod support;

use quire_auth::{
    token_format::TokenKind,
    tokens::{self, TokenCheck},
};
use support::sessions::{setup, Setup};
use support::tokens::{issue, tokens, Notes, FORMAT};

async fn scalar(setup: &Setup, sql: &str) -> String {
    quire_auth::on_db!(setup.test.db, |exe| sqlx::query_scalar(sql)
        .fetch_one(exe)
        .await)
    .unwrap()
}

#[tokio::test]
async fn t02_only_the_hash_is_stored_and_the_secret_is_not_debug_printed() {
    let setup = setup().await;
    let ada = setup.member("ada").await;
    let token = issue(&setup, &ada, &[Notes::Write], 30).await;
    assert!(token.starts_with("notes_pat_"), "{token}");
    let stored = scalar(&setup, "SELECT token_hash FROM auth_tokens").await;
    assert_eq!(stored, quire_auth::token_format::hash(&token));
    assert_eq!(
        scalar(&setup, "SELECT prefix FROM auth_tokens").await,
        "notes_pat_"
    );
    assert_eq!(
        scalar(&setup, "SELECT scopes FROM auth_tokens").await,
        "notes:write"
    );
    let mut tx = quire_auth::db::write(&setup.test.db).await.unwrap();
    let issued = tokens(&setup)
        .issue(&mut tx, &ada, TokenKind::App, "phone", &[Notes::Read], 1)
        .await
        .unwrap();
    assert!(!format!("{issued:?}").contains(&issued.token));
}

#[tokio::test]
async fn t03_a_live_token_speaks_for_its_principal_with_its_scopes_until_it_expires() {
    let setup = setup().await;
    let ada = setup.member("ada").await;
    let token = issue(&setup, &ada, &[Notes::Read], 1).await;
    let TokenCheck::Live(bearer) = tokens(&setup).authenticate::<Notes>(&token).await.unwrap()
    else {
        panic!("a fresh token is live");
    };
    assert_eq!(bearer.principal, ada);
    assert!(bearer.allows(Notes::Read));
    assert!(!bearer.allows(Notes::Write), "a scope it was not granted");
    setup.clock.advance(time::Duration::days(1));
    let expired = tokens(&setup).authenticate::<Notes>(&token).await.unwrap();
    assert!(matches!(expired, TokenCheck::Refused), "{expired:?}");
}

#[tokio::test]
async fn t01_unknown_and_malformed_tokens_are_refused() {
    let setup = setup().await;
    let tokens = tokens(&setup);
    for token in [FORMAT.generate(TokenKind::Pat), "notes_pat_short".into()] {
        let check = tokens.authenticate::<Notes>(&token).await.unwrap();
        assert!(matches!(check, TokenCheck::Refused), "{token}: {check:?}");
    }
}

#[tokio::test]
async fn t04_a_revoked_token_is_reported_when_presented_again() {
    let setup = setup().await;
    let (ada, bob) = (setup.member("ada").await, setup.member("bob").await);
    let token = issue(&setup, &ada, &[Notes::Read], 30).await;
    let now = setup.clock.now_unix();
    let listed = tokens::list(&setup.test.db, ada.id, now, 20, 0)
        .await
        .unwrap();
    let id = listed[0].id;
    assert!(
        !tokens::revoke(&setup.test.db, bob.id, id, now)
            .await
            .unwrap(),
        "not bob's"
    );
    assert!(tokens::revoke(&setup.test.db, ada.id, id, now)
        .await
        .unwrap());
    assert!(
        !tokens::revoke(&setup.test.db, ada.id, id, now)
            .await
            .unwrap(),
        "already"
    );
    let check = tokens(&setup).authenticate::<Notes>(&token).await.unwrap();
    assert!(
        matches!(check, TokenCheck::Revoked { account_id, token_id } if account_id == ada.id && token_id == id),
        "{check:?}"
    );
    assert!(tokens::list(&setup.test.db, ada.id, now, 20, 0)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn t04_a_deactivated_accounts_tokens_die_and_stay_dead_after_reactivation() {
    let setup = setup().await;
    let ada = setup.member("ada").await;
    let token = issue(&setup, &ada, &[Notes::Read], 30).await;
    setup.sql("UPDATE auth_accounts SET active = FALSE").await;
    let check = tokens(&setup).authenticate::<Notes>(&token).await.unwrap();
    assert!(matches!(check, TokenCheck::Refused), "{check:?}");
    setup.sql("UPDATE auth_accounts SET active = TRUE").await;
    let check = tokens(&setup).authenticate::<Notes>(&token).await.unwrap();
    assert!(matches!(check, TokenCheck::Revoked { .. }), "{check:?}");
}

#[tokio::test]
async fn s08_no_token_is_issued_for_an_epoch_a_revocation_moved() {
    let setup = setup().await;
    let ada = setup.member("ada").await;
    setup
        .sql("UPDATE auth_accounts SET auth_epoch = auth_epoch + 1")
        .await;
    let mut tx = quire_auth::db::write(&setup.test.db).await.unwrap();
    let refused = tokens(&setup)
        .issue(
            &mut tx,
            &ada,
            TokenKind::Pat,
            "late",
            &[Notes::Read],
            i64::MAX,
        )
        .await;
    tx.commit().await.unwrap();
    assert!(
        matches!(refused, Err(quire_auth::Error::SignedOut)),
        "{refused:?}"
    );
    assert_eq!(
        scalar(&setup, "SELECT CAST(COUNT(*) AS TEXT) FROM auth_tokens").await,
        "0"
    );
}

#[tokio::test]
async fn revoking_everything_leaves_no_live_token_of_that_account_only() {
    let setup = setup().await;
    let (ada, bob) = (setup.member("ada").await, setup.member("bob").await);
    issue(&setup, &ada, &[Notes::Read], 30).await;
    issue(&setup, &ada, &[Notes::Write], 30).await;
    let bobs = issue(&setup, &bob, &[Notes::Read], 30).await;
    let now = setup.clock.now_unix();
    let mut tx = quire_auth::db::write(&setup.test.db).await.unwrap();
    let revoked = quire_auth::revocation::revoke_all_in(&mut tx, ada.id, now).await;
    assert_eq!(revoked.unwrap().tokens_revoked, 2);
    tx.commit().await.unwrap();
    assert!(tokens::list(&setup.test.db, ada.id, now, 20, 0)
        .await
        .unwrap()
        .is_empty());
    let check = tokens(&setup).authenticate::<Notes>(&bobs).await.unwrap();
    assert!(matches!(check, TokenCheck::Live(_)), "{check:?}");
}
