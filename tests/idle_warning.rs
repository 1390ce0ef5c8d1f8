//! The idle warning's server side: a tab may ask when its session ends without keeping it alive
//! (the rule #12 sets for anything an open tab does on its own), and "Stay signed in" slides the idle
//! limit with one request but never the absolute one.
use crate::helpers::*;
use time::{format_description::well_known::Rfc3339, OffsetDateTime};

/// Seconds from the clock's `now` to its `field`, or `None` when signed out.
async fn seconds_left(
    app: &TestApp,
    browser: &reqwest::Client,
    endpoint: &str,
    field: &str,
) -> Option<i64> {
    let clock: serde_json::Value = app.call(browser, endpoint, &[]).await.json().await.unwrap();
    if clock.is_null() {
        return None;
    }
    let at = |name: &str| OffsetDateTime::parse(clock[name].as_str().unwrap(), &Rfc3339).unwrap();
    Some((at(field) - at("now")).whole_seconds())
}

#[tokio::test]
async fn l02_asking_for_the_session_clock_does_not_keep_an_idle_session_alive() {
    let (app, browser) = app_with_user().await;
    for _ in 0..3 {
        app.clock.advance(time::Duration::minutes(6));
        let left = seconds_left(&app, &browser, "session_clock", "idle_expires_at").await;
        assert!(
            left.is_some_and(|s| s < 20 * 60 - 5 * 60),
            "{left:?}: not slid"
        );
    }
    app.clock.advance(time::Duration::minutes(3));
    assert!(
        !app.is_signed_in(&browser).await,
        "signed out at 20 minutes"
    );
    assert_eq!(
        seconds_left(&app, &browser, "session_clock", "idle_expires_at").await,
        None
    );
}

#[tokio::test]
async fn l04_staying_signed_in_slides_the_idle_limit_but_never_the_absolute_one() {
    let app = spawn_app_with(|c| c.session.absolute_hours = 1).await;
    let browser = client();
    app.register(&browser, EMAIL, "Ada").await;
    app.clock.advance(time::Duration::minutes(19));
    let left = seconds_left(&app, &browser, "stay_signed_in", "idle_expires_at").await;
    assert_eq!(left, Some(20 * 60), "a full idle window again");
    app.clock.advance(time::Duration::minutes(19));
    assert!(
        app.is_signed_in(&browser).await,
        "38 minutes in, still signed in"
    );
    app.clock.advance(time::Duration::minutes(19));
    let left = seconds_left(&app, &browser, "stay_signed_in", "idle_expires_at").await;
    assert_eq!(
        left,
        Some(3 * 60),
        "capped by the absolute limit an hour after sign-in"
    );
    app.clock.advance(time::Duration::minutes(4));
    assert!(!app.is_signed_in(&browser).await);
}
