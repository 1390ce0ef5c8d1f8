//! The signed-out event stream (D03): one event when the tab's session ends, whatever ended it,
//! then the end of the stream; nothing else, no secret, and no sliding of the idle expiry.
use crate::helpers::*;
use reqwest::StatusCode;
use std::time::Duration;

const SOON: Duration = Duration::from_secs(5);
const QUIET: Duration = Duration::from_millis(600);

#[tokio::test]
async fn d03_an_open_tab_hears_at_once_that_its_session_was_ended_elsewhere() {
    let (app, laptop) = app_with_user().await;
    let phone = client();
    assert_eq!(
        app.sign_in(&phone, EMAIL, PASSWORD).await.status(),
        StatusCode::OK
    );
    let mut laptop_tab = app.open_events(&laptop).await.expect("signed in");
    let mut phone_tab = app.open_events(&phone).await.expect("signed in");
    let (said, ended) = laptop_tab.read_for(QUIET).await;
    assert!(
        !ended && !said.contains("signed_out"),
        "nothing happened yet: {said:?}"
    );

    let revoked = app.call(&phone, "revoke_other_sessions", &[]).await;
    assert!(revoked.status().is_success());
    assert!(
        laptop_tab.signed_out_within(SOON).await,
        "the revoked tab is told"
    );
    assert!(
        !phone_tab.signed_out_within(QUIET).await,
        "the phone is still signed in"
    );

    app.call(&phone, "sign_out", &[]).await;
    assert!(
        phone_tab.signed_out_within(SOON).await,
        "signing out in another tab"
    );
    assert!(
        app.open_events(&phone).await.is_none(),
        "a signed-out browser gets no stream"
    );
}

#[tokio::test]
async fn d03_deactivation_and_expiry_end_the_stream_too() {
    let app = spawn_app().await;
    let admin = client();
    app.first_admin(&admin).await;
    let ada = client();
    app.register(&ada, EMAIL, "Ada").await;
    let mut tab = app.open_events(&ada).await.unwrap();
    let id = app.user_id(EMAIL).await.to_string();
    let form = [("user_id", id.as_str()), ("active", "false")];
    let done = app.call(&admin, "admin_set_active", &form).await;
    assert!(done.status().is_success(), "{}", done.status());
    assert!(tab.signed_out_within(SOON).await, "deactivated");

    let bo = client();
    app.register(&bo, "bo@example.org", "Bo").await;
    let mut tab = app.open_events(&bo).await.unwrap();
    app.clock.advance(time::Duration::minutes(21));
    // The stream wakes at its session's expiry on the real clock; the mock clock moved
    // instead, so the test sends the hint a missed change would (a listener reconnect).
    app.db.changes().publish(quire_auth::db::EVERYONE);
    assert!(tab.signed_out_within(SOON).await, "idle for 21 minutes");
}

#[tokio::test]
async fn d03_the_stream_carries_no_secret_and_does_not_keep_an_idle_session_alive() {
    let (app, browser) = app_with_user().await;
    let seen = || async {
        quire_auth::on_db!(app.db, |exe| sqlx::query_scalar::<_, i64>(
            "SELECT last_seen_at FROM auth_sessions"
        )
        .fetch_one(exe)
        .await)
        .unwrap()
    };
    let before = seen().await;
    app.clock.advance(time::Duration::minutes(15));
    let mut tab = app.open_events(&browser).await.unwrap();
    assert!(
        set_cookie_headers(&tab.0).is_empty(),
        "no cookie is set or renewed by the stream"
    );
    assert_eq!(seen().await, before, "opening the stream is not activity");
    app.clock.advance(time::Duration::minutes(6));
    assert!(
        !app.is_signed_in(&browser).await,
        "20 minutes idle, stream open or not"
    );
    app.db.changes().publish(quire_auth::db::EVERYONE);
    let (text, ended) = tab.read_for(SOON).await;
    assert!(ended);
    assert_eq!(
        text, "event: signed_out\ndata: signed_out\n\n",
        "nothing else is sent"
    );
}

/// A tab's own background requests (the session clock, the event stream) never change its
/// cookies. Sent with a session id that was just replaced, they would otherwise be answered
/// with the removal of that cookie, and, arriving after the answer that set the new one, sign
/// the tab out.
#[tokio::test]
async fn d03_the_tab_s_background_requests_never_change_its_cookies() {
    let app = spawn_app().await;
    let first = app.register(&client(), EMAIL, "Ada").await;
    let replaced = cookie_pair(&session_cookie(&first, "quire_session").unwrap());
    let other = client();
    app.sign_in(&other, EMAIL, PASSWORD).await;
    app.call(&other, "revoke_other_sessions", &[]).await;

    for (method, path) in [
        (
            reqwest::Method::POST,
            quire::sessions::api::SESSION_CLOCK_PATH,
        ),
        (
            reqwest::Method::GET,
            quire::sessions::api::SESSION_EVENTS_PATH,
        ),
    ] {
        let answer = bare_client()
            .request(method, app.url(path))
            .header(reqwest::header::COOKIE, &replaced)
            .header(reqwest::header::ORIGIN, app.origin())
            .send()
            .await
            .unwrap();
        assert!(
            set_cookie_headers(&answer).is_empty(),
            "{path}: {:?}",
            set_cookie_headers(&answer)
        );
    }
    let page = bare_client()
        .get(app.url("/"))
        .header(reqwest::header::COOKIE, &replaced)
        .send()
        .await
        .unwrap();
    assert!(
        !set_cookie_headers(&page).is_empty(),
        "control: a page does remove the unknown cookie"
    );
}

#[tokio::test]
async fn d04_a_session_holds_a_bounded_number_of_event_streams() {
    use quire::sessions::api::SESSION_EVENTS_PATH;
    use quire_auth::sessions::STREAMS_PER_SESSION;
    let (app, laptop) = app_with_user().await;
    let mut tabs = Vec::new();
    for tab in 0..STREAMS_PER_SESSION {
        tabs.push(
            app.open_events(&laptop)
                .await
                .unwrap_or_else(|| panic!("tab {tab}")),
        );
    }
    let one_more = laptop
        .get(app.url(SESSION_EVENTS_PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(one_more.status(), StatusCode::TOO_MANY_REQUESTS);

    let phone = client();
    app.sign_in(&phone, EMAIL, PASSWORD).await;
    assert!(
        app.open_events(&phone).await.is_some(),
        "each session has its own"
    );

    drop(tabs.pop());
    let mut reopened = None;
    for _ in 0..50 {
        reopened = app.open_events(&laptop).await;
        if reopened.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(reopened.is_some(), "a closed tab gives its place back");
}
