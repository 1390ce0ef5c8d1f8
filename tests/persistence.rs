//! L04 remember-me, L12 cleanup, R03 persistence across a kill -9, S01 at scale.
use crate::helpers::*;
use quire_auth::clock::{Clock, MockClock};
use reqwest::StatusCode;
use std::{collections::HashSet, sync::Arc, time::Duration as StdDuration};
use time::Duration;

#[tokio::test]
async fn l04_keep_me_signed_in_uses_the_longer_limits() {
    let app = spawn_app().await;
    app.register(&client(), "ada@example.org", "Ada").await;
    let plain = app.signed_in_client("ada@example.org", PASSWORD).await;
    let kept = client();
    let form = [
        ("email", "ada@example.org"),
        ("password", PASSWORD),
        ("remember", "on"),
    ];
    assert_eq!(
        app.call(&kept, "sign_in", &form).await.status(),
        StatusCode::OK
    );

    app.clock.advance(Duration::hours(2));
    assert!(
        !app.is_signed_in(&plain).await,
        "20 minutes idle ends a normal session"
    );
    assert!(
        app.is_signed_in(&kept).await,
        "14 days idle for a remembered one"
    );
    // Idle gaps of 13 days keep it alive up to the absolute limit of 30 days.
    for days in [13, 13, 3] {
        app.clock.advance(Duration::days(days));
        assert!(app.is_signed_in(&kept).await, "29 days and 2 hours in");
    }
    app.clock.advance(Duration::days(1));
    assert!(!app.is_signed_in(&kept).await, "30 days absolute");
}

#[tokio::test]
async fn l12_the_cleanup_job_deletes_expired_sessions_and_stops_on_shutdown() {
    let app = spawn_app().await;
    app.register(&client(), "ada@example.org", "Ada").await;
    app.register(&client(), "bo@example.org", "Bo").await;
    app.clock.advance(Duration::minutes(10));
    let fresh = app.signed_in_client("bo@example.org", PASSWORD).await;
    app.clock.advance(Duration::minutes(15));

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let clock: Arc<dyn Clock> = Arc::new(app.clock.clone());
    let job = tokio::spawn(quire::sessions::queries::cleanup_job(
        app.db.clone(),
        clock,
        StdDuration::from_millis(20),
        stopped,
    ));
    let mut remaining = app.count("auth_sessions").await;
    for _ in 0..100 {
        if remaining == 1 {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(20)).await;
        remaining = app.count("auth_sessions").await;
    }
    assert_eq!(
        remaining, 1,
        "the two expired sessions are gone, the live one stays"
    );
    assert!(app.is_signed_in(&fresh).await);
    stop.send(true).unwrap();
    tokio::time::timeout(StdDuration::from_secs(5), job)
        .await
        .expect("job stops")
        .unwrap();
}

#[tokio::test]
async fn s01_ten_thousand_session_ids_are_distinct() {
    use tower_sessions::{session::Record, SessionStore};
    let app = spawn_app().await;
    let clock = Arc::new(MockClock::new());
    let store =
        quire_auth::sessions::SessionStore::<quire::identity::User>::new(app.db.clone(), clock);
    app.register(&client(), "ada@example.org", "Ada").await;
    let user_id = app.user_id("ada@example.org").await;
    let auth = serde_json::json!({ "account_id": user_id, "created_at": 0,
        "absolute_expires_at": i64::MAX, "seen_at": 0, "ip": "", "user_agent": "" });
    let user = serde_json::json!({ "id": user_id, "display_name": "Ada", "role": "reader",
        "active": true, "auth_epoch": 0 });
    let data: std::collections::HashMap<String, serde_json::Value> =
        [("auth".into(), auth), ("principal".into(), user)].into();
    let mut ids = HashSet::new();
    for _ in 0..10_000 {
        let mut record = Record {
            id: Default::default(),
            data: data.clone(),
            expiry_date: time::OffsetDateTime::now_utc() + Duration::hours(1),
        };
        store.create(&mut record).await.unwrap();
        let cookie = record.id.to_string();
        assert_eq!(cookie.len(), 22, "128 bits, base64url");
        assert!(ids.insert(cookie));
    }
    assert_eq!(
        app.count("auth_sessions").await,
        10_001,
        "and the registration's own"
    );
}

#[tokio::test]
async fn r03_sessions_survive_a_restart_after_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database_url(dir.path()).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = client();

    let mut server = start_binary(port, &db, "warn", None).await;
    let form = [
        ("email", "ada@example.org"),
        ("display_name", "Ada"),
        ("password", PASSWORD),
    ];
    let registered = client
        .post(format!("{base}/api/register"))
        .header(reqwest::header::ORIGIN, binary_origin(port))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), StatusCode::OK);
    let signed_in = client
        .post(format!("{base}/api/sign_in"))
        .header(reqwest::header::ORIGIN, binary_origin(port))
        .form(&[("email", "ada@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    server.0.kill().unwrap(); // SIGKILL: no graceful shutdown
    server.0.wait().unwrap();

    let _server = start_binary(port, &db, "warn", None).await;
    let html = client
        .get(format!("{base}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Signed in as <strong>Ada</strong>"),
        "session survived"
    );
}
