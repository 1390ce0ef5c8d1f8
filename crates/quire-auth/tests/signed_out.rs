//! The signed-out event stream: silent while the session lives, one `signed_out` event when it
//! ends, a bound on streams per session, and an end at shutdown.
mod support;

use axum::{body::BodyDataStream, http::StatusCode};
use futures_util::StreamExt;
use quire_auth::{
    sessions::{Sessions, SIGNED_OUT_EVENT, STREAMS_PER_SESSION},
    ClientInfo,
};
use std::time::Duration;
use support::sessions::{setup, Member, Setup};
use tokio::sync::watch;
use tower_sessions::session::Id;

async fn signed_in(s: &Setup, sessions: &Sessions, member: &Member) -> Id {
    let session = s.request(None);
    let client = ClientInfo::default();
    sessions
        .start(&session, member, client, false)
        .await
        .unwrap();
    s.respond(&session).await.unwrap()
}

/// What arrives on the stream within `wait`: `None` when nothing did.
async fn next_text(body: &mut BodyDataStream, wait: Duration) -> Option<String> {
    let chunk = tokio::time::timeout(wait, body.next()).await.ok()??;
    Some(String::from_utf8(chunk.unwrap().to_vec()).unwrap())
}

#[tokio::test]
async fn d03_the_stream_is_silent_while_the_session_lives_and_tells_when_it_ends() {
    let s = setup().await;
    let sessions = s.sessions(Default::default());
    let ada = s.member("ada").await;
    let id = signed_in(&s, &sessions, &ada).await;
    let (_stop, stopping) = watch::channel(false);
    let response = sessions.signed_out_events(&s.request(Some(id)), ada.id, stopping);
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body().into_data_stream();
    // Another account's sign-out wakes the stream, which finds its own session alive.
    let bob = s.member("bob").await;
    let bobs = s.request(Some(signed_in(&s, &sessions, &bob).await));
    sessions.end(&bobs).await.unwrap();
    s.test.db.changes().publish(bob.id);
    assert_eq!(next_text(&mut body, Duration::from_millis(300)).await, None);
    sessions.end(&s.request(Some(id))).await.unwrap();
    // On PostgreSQL the change is a NOTIFY that `Db::relay_changes` would hand on; here the
    // test hands it on.
    s.test.db.changes().publish(ada.id);
    let event = next_text(&mut body, Duration::from_secs(5)).await.unwrap();
    assert!(
        event.contains(&format!("event: {SIGNED_OUT_EVENT}")),
        "{event}"
    );
    assert!(
        event.contains(&format!("data: {SIGNED_OUT_EVENT}")),
        "{event}"
    );
    assert!(
        body.next().await.is_none(),
        "the stream closes after its one event"
    );
}

#[tokio::test]
async fn d04_a_session_holds_a_bounded_number_of_streams() {
    let s = setup().await;
    let sessions = s.sessions(Default::default());
    let ada = s.member("ada").await;
    let id = signed_in(&s, &sessions, &ada).await;
    let (_stop, stopping) = watch::channel(false);
    let open = || sessions.signed_out_events(&s.request(Some(id)), ada.id, stopping.clone());
    let mut tabs: Vec<_> = (0..STREAMS_PER_SESSION).map(|_| open()).collect();
    assert!(tabs.iter().all(|tab| tab.status() == StatusCode::OK));
    assert_eq!(open().status(), StatusCode::TOO_MANY_REQUESTS);
    drop(tabs.pop());
    assert_eq!(
        open().status(),
        StatusCode::OK,
        "a closed tab frees its place"
    );
    let other = signed_in(&s, &sessions, &ada).await;
    let elsewhere = sessions.signed_out_events(&s.request(Some(other)), ada.id, stopping.clone());
    assert_eq!(
        elsewhere.status(),
        StatusCode::OK,
        "the bound is per session"
    );
}

#[tokio::test]
async fn streams_end_when_the_server_stops_and_need_a_session() {
    let s = setup().await;
    let sessions = s.sessions(Default::default());
    let ada = s.member("ada").await;
    let id = signed_in(&s, &sessions, &ada).await;
    let (stop, stopping) = watch::channel(false);
    let response = sessions.signed_out_events(&s.request(Some(id)), ada.id, stopping.clone());
    let mut body = response.into_body().into_data_stream();
    stop.send(true).unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(5), body.next()).await;
    assert!(ended.expect("ended at once").is_none());
    let anonymous = sessions.signed_out_events(&s.request(None), ada.id, stopping);
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
