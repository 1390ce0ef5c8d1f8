//! Revoking everything an account holds: its sessions and tokens end, both epochs move, and
//! nothing of another account changes.
mod support;

use quire_auth::{
    revocation::{revoke_all, revoke_all_in},
    sessions::Principal,
    tokens::TokenCheck,
};
use support::sessions::{setup, Member, Setup};
use support::tokens::{issue, tokens, Notes};
use tower_sessions::SessionStore as _;

async fn epochs(s: &Setup, member: &Member) -> (i64, i64) {
    let sql = format!(
        "SELECT auth_epoch FROM auth_accounts WHERE id = {}",
        member.id
    );
    let auth = s.scalar(&sql).await;
    let sql = format!(
        "SELECT credential_epoch FROM auth_accounts WHERE id = {}",
        member.id
    );
    (auth, s.scalar(&sql).await)
}

async fn live(s: &Setup, token: &str) -> bool {
    let check = tokens(s).authenticate::<Notes>(token).await.unwrap();
    matches!(check, TokenCheck::Live(_))
}

#[tokio::test]
async fn l06_revoking_everything_ends_the_accounts_sessions_and_tokens_and_moves_both_epochs() {
    let s = setup().await;
    let (ada, bob) = (s.member("ada").await, s.member("bob").await);
    let (phone, laptop) = (s.signed_in(&ada).await, s.signed_in(&ada).await);
    let bobs_session = s.signed_in(&bob).await;
    let adas_token = issue(&s, &ada, &[Notes::Read], 30).await;
    let bobs_token = issue(&s, &bob, &[Notes::Read], 30).await;
    let (bobs_epochs, adas_epochs) = (epochs(&s, &bob).await, epochs(&s, &ada).await);

    let now = s.clock.now_unix();
    let mut tx = quire_auth::db::write(&s.test.db).await.unwrap();
    let revoked = revoke_all_in(&mut tx, ada.account_id(), now).await.unwrap();
    tx.commit().await.unwrap();

    assert_eq!((revoked.sessions_ended, revoked.tokens_revoked), (2, 1));
    assert_eq!(
        epochs(&s, &ada).await,
        (adas_epochs.0 + 1, adas_epochs.1 + 1)
    );
    assert_eq!(revoked.auth_epoch, adas_epochs.0 + 1);
    for record in [&phone, &laptop] {
        assert!(s.store.load(&record.id).await.unwrap().is_none());
    }
    assert!(!live(&s, &adas_token).await);
    assert!(s.store.load(&bobs_session.id).await.unwrap().is_some());
    assert!(live(&s, &bobs_token).await);
    assert_eq!(epochs(&s, &bob).await, bobs_epochs);
}

#[tokio::test]
async fn revoking_everything_in_its_own_transaction_commits_it() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let session = s.signed_in(&ada).await;
    let token = issue(&s, &ada, &[Notes::Write], 30).await;
    let revoked = revoke_all(&s.test.db, ada.id, s.clock.now_unix())
        .await
        .unwrap();
    assert_eq!((revoked.sessions_ended, revoked.tokens_revoked), (1, 1));
    assert!(s.store.load(&session.id).await.unwrap().is_none());
    assert!(!live(&s, &token).await);
}
