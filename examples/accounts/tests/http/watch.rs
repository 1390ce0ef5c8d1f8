//! An open tab's own requests (D03): the event stream that tells it its session ended, and
//! the idle clock behind the idle warning. Neither is activity.
use crate::helpers::*;
use quire_auth_leptos::EVENTS_PATH;
use std::time::Duration;

const SOON: Duration = Duration::from_secs(5);
const QUIET: Duration = Duration::from_millis(600);

/// What the stream says within `wait`, and whether it ended by then.
async fn read_for(stream: &mut reqwest::Response, wait: Duration) -> (String, bool) {
    let (mut text, deadline) = (String::new(), tokio::time::Instant::now() + wait);
    loop {
        match tokio::time::timeout_at(deadline, stream.chunk()).await {
            Err(_) => return (text, false),
            Ok(Ok(Some(chunk))) => text.push_str(&String::from_utf8_lossy(&chunk)),
            Ok(_) => return (text, true),
        }
    }
}

async fn open_events(app: &App, client: &reqwest::Client) -> reqwest::Response {
    client
        .get(format!("{}{EVENTS_PATH}", app.base))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn d03_an_open_tab_hears_that_its_session_ended_in_another_tab() {
    let app = spawn().await;
    let tab = browser();
    app.signed_in(&tab, "ada@example.org").await;
    let mut stream = open_events(&app, &tab).await;
    assert_eq!(stream.status(), 200);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    let (said, ended) = read_for(&mut stream, QUIET).await;
    assert!(
        !ended && !said.contains("signed_out"),
        "nothing yet: {said:?}"
    );

    // Another tab of the same browser (the same cookie jar) signs out.
    assert_eq!(app.call(&tab, "sign_out", &[]).await.status(), 200);
    let (said, ended) = read_for(&mut stream, SOON).await;
    assert!(
        said.contains("event: signed_out\ndata: signed_out\n"),
        "{said:?}"
    );
    assert!(ended, "the stream closes after its one event");
    assert_eq!(
        open_events(&app, &tab).await.status(),
        401,
        "signed out: no stream"
    );
}

/// The session's idle clock as the browser reads it: (now, idle end), or `None`.
async fn clock(app: &App, client: &reqwest::Client, name: &str) -> Option<(i64, i64)> {
    let answer = app.call(client, name, &[]).await;
    assert_eq!(answer.status(), 200);
    let clock: Option<serde_json::Value> = answer.json().await.unwrap();
    clock.map(|c| {
        (
            c["now"].as_i64().unwrap(),
            c["idle_expires_at"].as_i64().unwrap(),
        )
    })
}

#[tokio::test]
async fn d03_an_open_tab_does_not_keep_its_session_alive_and_staying_signed_in_does() {
    let app = spawn().await;
    let tab = browser();
    assert_eq!(clock(&app, &tab, "session_clock").await, None, "signed out");
    app.signed_in(&tab, "ada@example.org").await;
    let (now, idle_end) = clock(&app, &tab, "session_clock").await.unwrap();
    assert_eq!(idle_end - now, 20 * 60, "the default idle limit");

    // Ten minutes of a tab that only watches: its clock and its stream are not activity.
    app.clock.advance(time::Duration::minutes(10));
    drop(open_events(&app, &tab).await);
    let (later, unchanged) = clock(&app, &tab, "session_clock").await.unwrap();
    assert_eq!(
        (later - now, unchanged),
        (600, idle_end),
        "the idle end did not move"
    );

    let (_, slid) = clock(&app, &tab, "stay_signed_in").await.unwrap();
    assert_eq!(
        slid,
        later + 20 * 60,
        "staying signed in slides the idle end"
    );

    app.clock.advance(time::Duration::minutes(21));
    assert_eq!(
        clock(&app, &tab, "session_clock").await,
        None,
        "idle too long"
    );
}
