//! P08: every place that checks a password goes through one throttled check. `DOORS` lists
//! each entry point; a new one belongs here, and the tests prove that a failure at any door
//! counts against the account at every door, that each door answers 429 while the IP or the
//! account is blocked, and that every failure is audited.
use crate::helpers::*;
use reqwest::{header, Client, StatusCode};

const WRONG: &str = "not the password at all";

/// Tries `password` at `door`: the status, and a `Retry-After` whenever it is 429.
async fn knock(app: &TestApp, signed_in: &Client, door: Door, password: &str) -> StatusCode {
    let response = app.knock(signed_in, door, password).await;
    if response.status() == StatusCode::TOO_MANY_REQUESTS {
        assert!(response.headers().contains_key(header::RETRY_AFTER));
    }
    response.status()
}

async fn failures_audited(app: &TestApp) -> i64 {
    quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE event IN ('sign_in_failed', 'password_check_failed')",
    )
    .fetch_one(exe)
    .await)
    .unwrap()
}

/// An app whose per-account limit is 3 failures and whose per-IP limit is out of reach.
async fn app_limited_per_account() -> (TestApp, Client) {
    let app = spawn_app_with(|config| {
        config.limits.sign_in_failures_per_account = 3;
        config.limits.sign_in_failures_per_ip = 1000;
    })
    .await;
    let browser = client();
    app.register(&browser, EMAIL, "Ada").await;
    (app, browser)
}

#[tokio::test]
async fn p08_failures_at_any_door_block_every_door_for_that_account() {
    for failing in DOORS {
        let (app, browser) = app_limited_per_account().await;
        for attempt in 1..=3 {
            let status = knock(&app, &browser, failing, WRONG).await;
            assert!(
                status == StatusCode::UNAUTHORIZED || status == StatusCode::UNPROCESSABLE_ENTITY,
                "{failing:?} attempt {attempt}: {status}"
            );
        }
        assert_eq!(
            failures_audited(&app).await,
            3,
            "{failing:?}: each failure audited"
        );
        for door in DOORS {
            assert_eq!(
                knock(&app, &browser, door, PASSWORD).await,
                StatusCode::TOO_MANY_REQUESTS,
                "{door:?} after failures at {failing:?}, even with the right password"
            );
        }
    }
}

#[tokio::test]
async fn p08_every_door_is_closed_while_the_ip_is_blocked() {
    let app = spawn_app_with(|config| config.limits.sign_in_failures_per_ip = 3).await;
    let browser = client();
    app.register(&browser, EMAIL, "Ada").await;
    for _ in 0..3 {
        app.sign_in(&client(), "nobody@example.org", WRONG).await;
    }
    for door in DOORS {
        assert_eq!(
            knock(&app, &browser, door, PASSWORD).await,
            StatusCode::TOO_MANY_REQUESTS,
            "{door:?}"
        );
    }
    assert!(app.is_signed_in(&browser).await, "blocking ends no session");
}
