//! Two app instances on one database, as behind a load balancer: what one instance counts or
//! revokes holds on the other. On PostgreSQL, the deployment for several instances, limits
//! are shared; SQLite is one process's database and counts in memory, which the D01 tests
//! also pin down so the difference stays deliberate.
use crate::helpers::*;
use quire::server::config::Config;
use reqwest::StatusCode;

/// Two instances on one new database, both configured by `customise`, and the folder that
/// holds the database if it is a file.
async fn two_instances(customise: impl Fn(&mut Config)) -> (TestApp, TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let shared = |c: &mut Config| {
        customise(c);
        c.database.url = url.clone();
    };
    (
        spawn_app_with(&shared).await,
        spawn_app_with(&shared).await,
        dir,
    )
}

/// Wrong passwords for `EMAIL` sent to `apps` in turn: the attempt (1-based) first refused.
async fn first_refused_guess(apps: &[&TestApp]) -> usize {
    for attempt in 1..=20 {
        let app = apps[(attempt - 1) % apps.len()];
        let status = app
            .sign_in(&client(), EMAIL, "wrong password!")
            .await
            .status();
        if status == StatusCode::TOO_MANY_REQUESTS {
            return attempt;
        }
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    panic!("never refused");
}

fn four_guesses(c: &mut Config) {
    c.limits.sign_in_failures_per_account = 4;
}

#[tokio::test]
async fn d01_failed_sign_ins_spread_over_two_instances_are_refused_at_the_same_count() {
    let one = spawn_app_with(four_guesses).await;
    one.register(&client(), EMAIL, "Ada").await;
    let alone = first_refused_guess(&[&one]).await;
    assert_eq!(alone, 5, "four failures, then a refusal");

    let (a, b, _dir) = two_instances(four_guesses).await;
    a.register(&client(), EMAIL, "Ada").await;
    let spread = first_refused_guess(&[&a, &b]).await;
    if on_postgres() {
        assert_eq!(spread, alone, "both instances count the same failures");
        let refused = b.sign_in(&client(), EMAIL, PASSWORD).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    } else {
        assert!(spread > alone, "SQLite: each process counts its own");
    }
}

#[tokio::test]
async fn d01_write_limits_count_across_instances() {
    let (a, b, _dir) = two_instances(|c| c.limits.registrations_per_ip = 3).await;
    let addresses = [
        "a@example.org",
        "b@example.org",
        "c@example.org",
        "d@example.org",
    ];
    let mut statuses = Vec::new();
    for (n, email) in addresses.into_iter().enumerate() {
        let app = if n % 2 == 0 { &a } else { &b };
        statuses.push(app.register(&client(), email, "Someone").await.status());
    }
    let accepted = statuses.iter().filter(|s| s.is_success()).count();
    if on_postgres() {
        assert_eq!(statuses[3], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
        assert_eq!(accepted, 3);
        assert_eq!(a.count("users").await, 3);
    } else {
        assert_eq!(accepted, 4, "SQLite: each process counts its own");
    }
}

#[tokio::test]
async fn d02_a_session_or_token_revoked_on_one_instance_is_refused_on_the_other() {
    let (a, b, _dir) = two_instances(|_| {}).await;
    let laptop = client();
    a.register(&laptop, EMAIL, "Ada").await;
    let phone = client();
    assert_eq!(
        b.sign_in(&phone, EMAIL, PASSWORD).await.status(),
        StatusCode::OK
    );
    assert!(b.is_signed_in(&phone).await);
    let token = a.token().await;
    assert_eq!(
        b.api(&client(), "/api/v1/me", &token).await.status(),
        StatusCode::OK
    );

    let revoked = a.call(&laptop, "revoke_other_sessions", &[]).await;
    assert!(revoked.status().is_success(), "{}", revoked.status());
    assert!(
        !b.is_signed_in(&phone).await,
        "the phone's next request, on the other instance"
    );
    assert_eq!(
        a.revoke_own_token(&token).await.status(),
        StatusCode::NO_CONTENT
    );
    let refused = b.api(&client(), "/api/v1/me", &token).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert!(
        a.is_signed_in(&laptop).await,
        "the instance that revoked keeps its own session"
    );
}

/// Every instance runs the cleanup job on its own timer, so rounds overlap: four at once on
/// two instances remove each expired session once and leave the live one alone.
#[tokio::test]
async fn l12_cleanup_rounds_that_overlap_on_several_instances_remove_each_row_once() {
    let (a, b, _dir) = two_instances(|_| {}).await;
    a.register(&client(), EMAIL, "Ada").await;
    a.insert_sessions(EMAIL, 30).await;
    for app in [&a, &b] {
        app.clock.advance(time::Duration::hours(2));
    }
    let live = client();
    assert_eq!(
        b.sign_in(&live, EMAIL, PASSWORD).await.status(),
        StatusCode::OK
    );

    // Signing in evicted the oldest beyond `session.max_per_user`; the rest are expired.
    let expired = a.count("auth_sessions").await as u64 - 1;
    assert!(expired >= 10, "{expired}");
    let now = a.clock.now_unix();
    let rounds =
        [&a.db, &b.db, &a.db, &b.db].map(|db| quire::sessions::queries::cleanup_once(db, now));
    let removed: u64 = futures_util::future::join_all(rounds)
        .await
        .into_iter()
        .map(|round| round.expect("every round succeeds"))
        .sum();
    assert_eq!(removed, expired, "each expired session removed once");
    assert!(b.is_signed_in(&live).await);
    assert_eq!(a.count("auth_sessions").await, 1);
}

/// The signed-out event reaches a tab whose stream is on the other instance: through
/// PostgreSQL's NOTIFY. (On SQLite, one process's database, the event stays in the process
/// that made the change; the tab learns at its next request, as D02 says.)
#[tokio::test]
async fn d03_the_signed_out_event_reaches_a_tab_on_the_other_instance() {
    let (a, b, _dir) = two_instances(|_| {}).await;
    let laptop = client();
    a.register(&laptop, EMAIL, "Ada").await;
    let phone = client();
    assert_eq!(
        b.sign_in(&phone, EMAIL, PASSWORD).await.status(),
        StatusCode::OK
    );
    let mut phone_tab = b.open_events(&phone).await.expect("signed in on b");

    let revoked = a.call(&laptop, "revoke_other_sessions", &[]).await;
    assert!(revoked.status().is_success());
    let wait = std::time::Duration::from_secs(5);
    if on_postgres() {
        assert!(phone_tab.signed_out_within(wait).await);
    } else {
        assert!(!b.is_signed_in(&phone).await);
    }
}
