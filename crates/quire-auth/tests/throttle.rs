//! Sign-in throttling as an adopter uses it: attempts are counted before the secret is
//! compared, so a burst sent at once passes exactly the limit.
//! On SQLite the counts are in memory; under `scripts/with-postgres.sh` these same tests run
//! the shared counts, in one SQL statement per attempt.
mod support;

use quire_auth::{
    clock::{MockClock, SharedClock},
    throttle::{SignInLimits, SignInThrottle},
    Error,
};
use std::sync::Arc;

fn limits() -> SignInLimits {
    SignInLimits {
        per_ip: 10,
        ip_window_seconds: 60,
        per_account: 3,
        account_window_seconds: 60,
    }
}

#[tokio::test]
async fn p03_guesses_in_flight_pass_exactly_the_limit() {
    let clock = MockClock::new();
    let test = support::fresh_db().await;
    let throttle = SignInThrottle::new(limits(), &test.db, Arc::new(clock.clone()));
    // Thirty guesses in flight: each has taken its attempt, none has been compared yet.
    let mut answers = Vec::new();
    for _ in 0..30 {
        answers.push(throttle.attempt("198.51.100.7", None).await);
    }
    let passed = answers.iter().filter(|a| a.is_ok()).count();
    assert_eq!(passed, 10, "guesses compared while the limit was 10");
    assert!(matches!(
        answers.last().unwrap(),
        Err(Error::Throttled(seconds)) if *seconds >= 1
    ));
    for answer in answers.into_iter().flatten() {
        answer.keep();
    }
    clock.advance(time::Duration::seconds(6));
    assert!(
        throttle.attempt("198.51.100.7", None).await.is_ok(),
        "refilled"
    );
}

#[tokio::test]
async fn p03_a_right_secret_gives_its_attempt_back_and_a_wrong_one_keeps_it() {
    let clock: SharedClock = Arc::new(MockClock::new());
    let test = support::fresh_db().await;
    let throttle = SignInThrottle::new(limits(), &test.db, clock);
    for _ in 0..10 {
        let attempt = throttle.attempt("192.0.2.1", Some("Ada@Example.org")).await;
        attempt.unwrap().give_back().await;
    }
    for ip in ["192.0.2.2", "192.0.2.3", "192.0.2.4"] {
        throttle
            .attempt(ip, Some("ada@example.org "))
            .await
            .unwrap()
            .keep();
    }
    let fourth = throttle.attempt("192.0.2.5", Some("ADA@example.org")).await;
    assert!(
        matches!(fourth, Err(Error::Throttled(_))),
        "the account's allowance is per account, whatever the IP and the case"
    );
    assert!(throttle.refuse_if_blocked("192.0.2.1").await.is_ok());
}
