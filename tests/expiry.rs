//! L02–L04 with the injectable clock: idle timeout, throttled sliding, absolute lifetime.
use crate::helpers::*;
use time::Duration;

const COOKIE: &str = "quire_session";

async fn idle_expiry(app: &TestApp) -> i64 {
    quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT idle_expires_at FROM auth_sessions"
    )
    .fetch_one(exe)
    .await)
    .unwrap()
}

#[tokio::test]
async fn l02_idle_timeout_signs_out_after_twenty_minutes_and_one_second() {
    let app = spawn_app().await;
    let client = client();
    app.register(&client, "ada@example.org", "Ada").await;
    app.clock
        .advance(Duration::minutes(20) - Duration::seconds(1));
    assert_eq!(app.signed_in_name(&client).await.as_deref(), Some("Ada"));

    app.clock
        .advance(Duration::minutes(20) + Duration::seconds(1));
    assert_eq!(app.signed_in_name(&client).await, None);
    assert_eq!(
        app.count("auth_sessions").await,
        0,
        "the expired row is deleted"
    );
}

#[tokio::test]
async fn l03_activity_slides_expiry_with_at_most_one_write_per_interval() {
    let app = spawn_app().await;
    let client = client();
    app.register(&client, "ada@example.org", "Ada").await;
    let initial = idle_expiry(&app).await;

    app.clock.advance(Duration::seconds(30));
    let response = client.get(app.url("/")).send().await.unwrap();
    assert!(
        session_cookie(&response, COOKIE).is_none(),
        "no re-issue within the interval"
    );
    assert_eq!(
        idle_expiry(&app).await,
        initial,
        "no write within the interval"
    );

    app.clock.advance(Duration::seconds(31));
    let response = client.get(app.url("/")).send().await.unwrap();
    assert!(
        session_cookie(&response, COOKIE).is_some(),
        "cookie re-issued when extended"
    );
    assert_eq!(idle_expiry(&app).await, initial + 61);

    // Keep busy for longer than the idle timeout: still signed in.
    for _ in 0..30 {
        app.clock.advance(Duration::minutes(2));
        assert_eq!(app.signed_in_name(&client).await.as_deref(), Some("Ada"));
    }
}

#[tokio::test]
async fn l04_constant_activity_still_ends_at_the_absolute_lifetime() {
    let app = spawn_app().await;
    let client = client();
    app.register(&client, "ada@example.org", "Ada").await;
    let mut minutes = 0;
    while minutes < 12 * 60 - 10 {
        app.clock.advance(Duration::minutes(10));
        minutes += 10;
        assert_eq!(
            app.signed_in_name(&client).await.as_deref(),
            Some("Ada"),
            "at {minutes} min"
        );
    }
    app.clock.advance(Duration::minutes(11));
    assert_eq!(app.signed_in_name(&client).await, None);
}
