//! `Sessions`, as requests drive it through tower-sessions: a fresh id at sign-in, the idle
//! expiry sliding at most once per interval and never for a quiet request, the account's state
//! read on every request, sign-out and re-authentication under the account's epoch, the sudo
//! window, and the per-account cap.
mod support;

use quire_auth::{
    sessions::{IdleClock, SessionPolicy, Sessions},
    ClientInfo, Error,
};
use std::time::Duration as Std;
use support::sessions::{setup, Member, Setup};
use time::Duration;
use tower_sessions::session::Id;

fn policy() -> SessionPolicy {
    SessionPolicy {
        idle: Std::from_secs(20 * 60),
        absolute: Std::from_secs(60 * 60),
        touch_interval: Std::from_secs(60),
        max_per_account: 3,
        sudo_window: Std::from_secs(10 * 60),
        ..SessionPolicy::default()
    }
}

/// Signs `member` in on a request whose cookie held `planted`; the id the browser keeps.
async fn sign_in(s: &Setup, sessions: &Sessions, member: &Member, planted: Option<Id>) -> Id {
    let session = s.request(planted);
    let client = ClientInfo {
        ip: "192.0.2.1".into(),
        user_agent: "test".into(),
    };
    sessions
        .start(&session, member, client, false)
        .await
        .unwrap();
    s.respond(&session).await.expect("a session cookie")
}

/// One request with the cookie `id`: who it resolves to, and the id the cookie holds after.
async fn visit(
    s: &Setup,
    sessions: &Sessions,
    id: Id,
    activity: bool,
) -> (Option<Member>, Option<Id>) {
    let session = s.request(Some(id));
    let member = sessions
        .resolve::<Member>(&session, activity)
        .await
        .unwrap();
    (member, s.respond(&session).await)
}

async fn idle_expiry(s: &Setup) -> i64 {
    s.scalar("SELECT idle_expires_at FROM auth_sessions").await
}

#[tokio::test]
async fn l01_sign_in_replaces_a_planted_id_and_the_next_request_is_signed_in() {
    let s = setup().await;
    let (sessions, ada) = (s.sessions(policy()), s.member("ada").await);
    let planted = sign_in(&s, &sessions, &s.member("eve").await, None).await;
    let id = sign_in(&s, &sessions, &ada, Some(planted)).await;
    assert_ne!(id, planted);
    assert_eq!(visit(&s, &sessions, id, true).await.0, Some(ada));
    assert_eq!(visit(&s, &sessions, planted, true).await.0, None);
}

#[tokio::test]
async fn l03_the_idle_expiry_slides_at_most_once_per_touch_interval() {
    let s = setup().await;
    let (sessions, ada) = (s.sessions(policy()), s.member("ada").await);
    let id = sign_in(&s, &sessions, &ada, None).await;
    let start = s.clock.now_unix();
    assert_eq!(idle_expiry(&s).await, start + 20 * 60);
    s.clock.advance(Duration::seconds(59));
    visit(&s, &sessions, id, true).await;
    assert_eq!(
        idle_expiry(&s).await,
        start + 20 * 60,
        "not yet an interval"
    );
    s.clock.advance(Duration::seconds(1));
    visit(&s, &sessions, id, true).await;
    assert_eq!(idle_expiry(&s).await, start + 60 + 20 * 60);
}

#[tokio::test]
async fn l02_a_quiet_request_does_not_keep_an_idle_session_alive() {
    let s = setup().await;
    let (sessions, ada) = (s.sessions(policy()), s.member("ada").await);
    let id = sign_in(&s, &sessions, &ada, None).await;
    for _ in 0..3 {
        s.clock.advance(Duration::minutes(6));
        assert!(visit(&s, &sessions, id, false).await.0.is_some());
    }
    s.clock.advance(Duration::minutes(2));
    assert_eq!(visit(&s, &sessions, id, false).await, (None, None));
}

#[tokio::test]
async fn l04_the_idle_expiry_never_passes_the_absolute_limit() {
    let s = setup().await;
    let (sessions, ada) = (s.sessions(policy()), s.member("ada").await);
    let id = sign_in(&s, &sessions, &ada, None).await;
    let end = s.clock.now_unix() + 60 * 60;
    for _ in 0..5 {
        s.clock.advance(Duration::minutes(11));
        assert!(visit(&s, &sessions, id, true).await.0.is_some());
    }
    assert_eq!(idle_expiry(&s).await, end);
    let session = s.request(Some(id));
    let clock = sessions.idle_clock(&session, true).await.unwrap();
    let now = s.clock.now_unix();
    assert_eq!(
        clock,
        Some(IdleClock {
            now,
            idle_expires_at: end
        })
    );
    s.clock.advance(Duration::minutes(5));
    assert_eq!(visit(&s, &sessions, id, true).await.0, None);
}

#[tokio::test]
async fn l07_a_deactivated_accounts_session_ends_on_its_next_request() {
    let s = setup().await;
    let (sessions, ada) = (s.sessions(policy()), s.member("ada").await);
    let id = sign_in(&s, &sessions, &ada, None).await;
    s.sql("UPDATE auth_accounts SET active = FALSE").await;
    assert_eq!(visit(&s, &sessions, id, true).await, (None, None));
    assert!(s.stored().await.is_empty());
    s.sql("UPDATE auth_accounts SET active = TRUE").await;
    assert_eq!(
        visit(&s, &sessions, id, true).await.0,
        None,
        "ended, not hidden"
    );
}

#[tokio::test]
async fn l05_sign_out_deletes_the_row_drops_the_cookie_and_moves_the_epoch() {
    let s = setup().await;
    let (sessions, ada) = (s.sessions(policy()), s.member("ada").await);
    let id = sign_in(&s, &sessions, &ada, None).await;
    let session = s.request(Some(id));
    sessions.end(&session).await.unwrap();
    assert_eq!(s.respond(&session).await, None);
    assert!(s.stored().await.is_empty());
    assert_eq!(
        s.scalar("SELECT auth_epoch FROM auth_accounts").await,
        ada.auth_epoch + 1
    );
}

#[tokio::test]
async fn l11_the_sudo_window_closes_and_reauthentication_reopens_it_under_a_new_id() {
    let s = setup().await;
    let (sessions, ada) = (s.sessions(policy()), s.member("ada").await);
    let id = sign_in(&s, &sessions, &ada, None).await;
    s.clock.advance(Duration::minutes(9));
    assert!(sessions.require_sudo(&s.request(Some(id))).await.is_ok());
    s.clock.advance(Duration::minutes(1));
    let session = s.request(Some(id));
    assert!(matches!(
        sessions.require_sudo(&session).await,
        Err(Error::SudoRequired)
    ));
    sessions
        .reauthenticated(&session, ada.auth_epoch)
        .await
        .unwrap();
    let new = s.respond(&session).await.unwrap();
    assert_ne!(new, id);
    assert!(sessions.require_sudo(&s.request(Some(new))).await.is_ok());
    assert_eq!(
        visit(&s, &sessions, id, true).await.0,
        None,
        "the old id died"
    );
    let signed_out = sessions.require_sudo(&s.request(None)).await;
    assert!(matches!(signed_out, Err(Error::SignedOut)));
}

#[tokio::test]
async fn s08_reauthentication_stores_the_new_id_only_under_the_epoch_it_names() {
    let s = setup().await;
    let (sessions, ada) = (s.sessions(policy()), s.member("ada").await);
    // A password change: this request moves the epoch itself, then keeps its session.
    let id = sign_in(&s, &sessions, &ada, None).await;
    s.sql("UPDATE auth_accounts SET auth_epoch = auth_epoch + 1")
        .await;
    let session = s.request(Some(id));
    sessions
        .reauthenticated(&session, ada.auth_epoch + 1)
        .await
        .unwrap();
    let new = s.respond(&session).await.unwrap();
    assert!(visit(&s, &sessions, new, true).await.0.is_some());
    // A revocation from elsewhere meanwhile: the request's epoch is stale, nothing is stored.
    s.sql("UPDATE auth_accounts SET auth_epoch = auth_epoch + 1")
        .await;
    let session = s.request(Some(new));
    sessions
        .reauthenticated(&session, ada.auth_epoch + 1)
        .await
        .unwrap();
    let stale = s.respond(&session).await.unwrap();
    assert_eq!(visit(&s, &sessions, stale, true).await.0, None);
    assert!(s.stored().await.is_empty());
}

#[tokio::test]
async fn l10_signing_in_beyond_the_cap_ends_the_oldest_session() {
    let s = setup().await;
    let (sessions, ada) = (s.sessions(policy()), s.member("ada").await);
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(sign_in(&s, &sessions, &ada, None).await);
        s.clock.advance(Duration::seconds(1));
    }
    let mut heard = s.test.db.changes().subscribe();
    ids.push(sign_in(&s, &sessions, &ada, None).await);
    assert_eq!(s.stored().await.len(), 3);
    // The evicted session's open tabs are told (on PostgreSQL by a NOTIFY that Quire's
    // two-instance tests follow).
    if !support::on_postgres() {
        let told = tokio::time::timeout(Std::from_secs(5), heard.recv());
        assert_eq!(told.await.expect("announced").unwrap(), ada.id);
    }
    assert_eq!(visit(&s, &sessions, ids[0], false).await.0, None);
    for id in &ids[1..] {
        assert!(visit(&s, &sessions, *id, false).await.0.is_some());
    }
}
