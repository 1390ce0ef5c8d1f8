//! P03 and W05 against requests sent at once: every limit on guessing takes the attempt before
//! the secret is compared, so a burst never gets more secrets compared than the limit allows.
//! A compared secret shows as a 401 or 422 and as one audited failure; the rest of the burst
//! must be refused unread (429, or 401 for a pending sign-in used up).
use crate::helpers::*;
use futures_util::future::join_all;
use reqwest::{header, Client, Response, StatusCode};

const WRONG: &str = "not the password at all";
const BURST: usize = 20;
const LIMIT: u32 = 5;

/// How many of `responses` had their secret compared (and found wrong), after checking that
/// every other one was refused without it.
fn compared(responses: &[Response], refused_unread: StatusCode) -> usize {
    let wrong = [StatusCode::UNAUTHORIZED, StatusCode::UNPROCESSABLE_ENTITY];
    for response in responses {
        let status = response.status();
        assert!(
            wrong.contains(&status) || status == refused_unread,
            "unexpected {status}"
        );
    }
    responses
        .iter()
        .filter(|r| r.status() != refused_unread)
        .count()
}

async fn audited(app: &TestApp, events: &[&str]) -> i64 {
    let mut total = 0;
    for event in events {
        total += quire_auth::on_db!(app.db, |exe| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM audit_log WHERE event = $1"
        )
        .bind(event)
        .fetch_one(exe)
        .await)
        .unwrap();
    }
    total
}

/// An app whose per-account limit is `account` failures and per-IP limit `ip`, with Ada
/// registered and signed in.
async fn limited(account: u32, ip: u32) -> (TestApp, Client) {
    let app = spawn_app_with(|config| {
        config.limits.sign_in_failures_per_account = account;
        config.limits.sign_in_failures_per_ip = ip;
    })
    .await;
    let browser = client();
    app.register(&browser, EMAIL, "Ada").await;
    (app, browser)
}

#[tokio::test]
async fn p03_wrong_passwords_sent_at_once_never_outrun_the_account_limit_at_any_door() {
    for door in DOORS {
        let (app, browser) = limited(LIMIT, 1000).await;
        let burst = join_all((0..BURST).map(|_| app.knock(&browser, door, WRONG))).await;
        let checked = compared(&burst, StatusCode::TOO_MANY_REQUESTS);
        assert!(checked <= LIMIT as usize, "{door:?}: {checked} compared");
        assert!(
            checked >= 1,
            "{door:?}: the limit still lets guesses through"
        );
        let failures = ["sign_in_failed", "password_check_failed"];
        assert_eq!(audited(&app, &failures).await, checked as i64, "{door:?}");
        let retry = burst
            .iter()
            .find(|r| r.status() == StatusCode::TOO_MANY_REQUESTS)
            .map(|r| r.headers().contains_key(header::RETRY_AFTER));
        assert_eq!(retry, Some(true), "{door:?}: 429 with Retry-After");
    }
}

#[tokio::test]
async fn p03_wrong_passwords_sent_at_once_never_outrun_the_ip_limit() {
    let (app, _) = limited(1000, LIMIT).await;
    // A different unknown address each time: only the IP's allowance is shared.
    let guesses = (0..BURST).map(|n| {
        let app = &app;
        async move {
            let email = format!("nobody{n}@example.org");
            app.sign_in(&client(), &email, WRONG).await
        }
    });
    let burst = join_all(guesses).await;
    let checked = compared(&burst, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        (1..=LIMIT as usize).contains(&checked),
        "{checked} compared"
    );
}

#[tokio::test]
async fn p03_a_right_password_gives_its_attempt_back() {
    let (app, _) = limited(3, 3).await;
    for _ in 0..10 {
        let signed_in = app.sign_in(&client(), EMAIL, PASSWORD).await;
        assert_eq!(
            signed_in.status(),
            StatusCode::OK,
            "successes use up nothing"
        );
    }
    for _ in 0..3 {
        let wrong = app.sign_in(&client(), EMAIL, WRONG).await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    }
    let blocked = app.sign_in(&client(), EMAIL, PASSWORD).await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn p03_mailed_link_guesses_sent_at_once_never_outrun_the_ip_limit() {
    let (app, _) = limited(1000, LIMIT).await;
    let guesses = (0..BURST).map(|n| {
        let app = &app;
        async move {
            let cookie = format!("quire_reset={n:A>40}");
            app.post(&bare_client(), "/api/reset_password")
                .header(header::ACCEPT, "application/json")
                .header(header::COOKIE, cookie)
                .form(&[("new_password", NEW_PASSWORD)])
                .send()
                .await
                .unwrap()
        }
    });
    let burst = join_all(guesses).await;
    let checked = compared_links(&burst);
    assert!(
        (1..=LIMIT as usize).contains(&checked),
        "{checked} compared"
    );
    assert_eq!(audited(&app, &["link_refused"]).await, checked as i64);
}

/// A refused link answers 410 Gone; the rest must be 429.
fn compared_links(responses: &[Response]) -> usize {
    let statuses: Vec<_> = responses.iter().map(Response::status).collect();
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::GONE || *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    statuses.iter().filter(|s| **s == StatusCode::GONE).count()
}

/// Ada with two-step sign-in on, in an app with the given limits: the secret of her app.
async fn with_totp(account: u32, ip: u32) -> (TestApp, String) {
    let (app, browser) = limited(account, ip).await;
    let secret = app.enable_totp(&browser).await;
    app.clock.advance(time::Duration::seconds(30));
    (app, secret)
}

#[tokio::test]
async fn w05_codes_sent_at_once_compare_at_most_five_against_one_pending_sign_in() {
    let (app, secret) = with_totp(1000, 1000).await;
    let thief = client();
    app.password_step(&thief, EMAIL).await;
    let burst = join_all((0..BURST).map(|_| app.code_step(&thief, "000000"))).await;
    // A pending sign-in whose tries are used up answers "sign in again" (401), unread.
    let wrong = compared(&burst, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong, 5, "codes compared");
    assert_eq!(audited(&app, &["second_factor_failed"]).await, 5);
    let right = app.code_step(&thief, &app.totp_code(&secret)).await;
    assert_eq!(right.status(), StatusCode::UNAUTHORIZED, "used up");
}

#[tokio::test]
async fn p03_codes_sent_at_once_never_outrun_the_account_limit() {
    let (app, _) = with_totp(3, 1000).await;
    // Codes at the browser's second step, over several pending sign-ins, and with an app's
    // password: all count against the same account.
    let browsers: Vec<Client> = (0..8).map(|_| client()).collect();
    for browser in &browsers {
        app.password_step(browser, EMAIL).await;
    }
    let at_browsers = browsers
        .iter()
        .flat_map(|b| (0..2).map(move |_| b))
        .map(|b| async { app.code_step(b, "000000").await.status() });
    let at_api = (0..4).map(|_| async {
        let sent = app.issue_token_with_code(EMAIL, Some("000000")).await;
        sent.status()
    });
    let (browsers, apis) =
        futures_util::future::join(join_all(at_browsers), join_all(at_api)).await;
    let compared = audited(&app, &["second_factor_failed"]).await;
    assert!((1..=3).contains(&compared), "{compared} codes compared");
    let refused = browsers
        .iter()
        .chain(&apis)
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(refused >= 20 - 3, "{browsers:?} {apis:?}");
}

#[tokio::test]
async fn p08_setup_codes_sent_at_once_never_outrun_the_account_limit() {
    // The first code of an app being set up is a secret check too: a session in sudo mode
    // must not get an oracle for six-digit guesses that no limit reaches.
    let (app, browser) = limited(3, 1000).await;
    let started = app.call(&browser, "start_totp_setup", &[]).await;
    assert_eq!(started.status(), StatusCode::OK);
    let burst = (0..BURST).map(|_| app.call(&browser, "confirm_totp", &[("code", "000000")]));
    let burst = join_all(burst).await;
    let wrong = compared(&burst, StatusCode::TOO_MANY_REQUESTS);
    assert!((1..=3).contains(&wrong), "{wrong} codes compared");
    assert_eq!(
        audited(&app, &["second_factor_failed"]).await as usize,
        wrong
    );
    // The allowance is the account's, shared with its password.
    let status = app.sign_in(&client(), EMAIL, PASSWORD).await.status();
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "sign-in after the guesses"
    );
}

#[tokio::test]
async fn p08_a_passkey_sign_in_is_not_started_while_the_ip_is_blocked() {
    let app = passkey_app_with(|c| c.limits.sign_in_failures_per_ip = 3).await;
    let start = [("autofill", "false")];
    let open = app.call(&client(), "start_passkey_sign_in", &start).await;
    assert_eq!(
        open.status(),
        StatusCode::OK,
        "reading the limit counts nothing"
    );
    for _ in 0..3 {
        app.sign_in(&client(), "nobody@example.org", WRONG).await;
    }
    let blocked = app.call(&client(), "start_passkey_sign_in", &start).await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.headers().contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn p03_passkey_answers_sent_at_once_never_outrun_the_ip_limit() {
    let app = passkey_app_with(|config| {
        config.limits.sign_in_failures_per_ip = LIMIT;
        config.limits.passkey_ceremonies_per_ip = 1000;
    })
    .await;
    let ada = client();
    app.register(&ada, EMAIL, "Ada").await;
    let mut adas_key = app.add_passkey(&ada, "Laptop").await;
    // A thief with a key of his own: each of his browsers started a ceremony, and all their
    // answers arrive at once.
    let mut thiefs_key = Authenticator::new(&app.origin());
    let browsers: Vec<Client> = (0..BURST).map(|_| client()).collect();
    let mut answers = Vec::new();
    for browser in &browsers {
        thiefs_key.counter += 1;
        answers.push(thiefs_key.sign(&app.sign_in_options(browser).await));
    }
    let finishing = browsers.iter().zip(&answers);
    let burst = join_all(finishing.map(|(b, signed)| app.finish_passkey_sign_in(b, signed))).await;
    let refused = compared(&burst, StatusCode::TOO_MANY_REQUESTS);
    // An answer that was checked spent its ceremony; one refused unread left it stored.
    let ceremonies = "SELECT COUNT(*) FROM auth_passkey_ceremonies";
    let unread = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar::<_, i64>(ceremonies)
        .fetch_one(exe)
        .await)
    .unwrap();
    let checked = BURST - unread as usize;
    assert_eq!(checked, refused, "every checked answer was refused");
    assert!(
        (1..=LIMIT as usize).contains(&checked),
        "{checked} answers checked"
    );
    // The IP is now blocked: no new ceremony starts for it, not even for the owner.
    let form = [("autofill", "false")];
    let blocked = app.call(&client(), "start_passkey_sign_in", &form).await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    // No lockout for good: once the window has passed, the owner's key signs in.
    app.clock.advance(time::Duration::hours(1));
    let owner = app.passkey_sign_in(&client(), &mut adas_key).await;
    assert_eq!(owner.status(), StatusCode::OK);
}
