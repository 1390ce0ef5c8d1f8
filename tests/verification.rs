//! Address verification, the registration form's answer, the e-mail change and the notices,
//! against a real SMTP server (checklist M02, M06, M08).
use crate::helpers::*;
use reqwest::{header, Client, StatusCode};

const VERIFY: &str = "Confirm your address for Quire";
const CHANGE: &str = "Confirm your new address for Quire";

/// Registers `email` without the helper's shortcut, signs in, and returns the browser.
async fn unverified(app: &TestApp, email: &str) -> Client {
    let browser = client();
    let registered = app.register_only(&browser, email, "Ada").await;
    assert_eq!(registered.status(), StatusCode::OK);
    let signed_in = app.sign_in(&browser, email, PASSWORD).await;
    assert_eq!(
        signed_in.status(),
        StatusCode::OK,
        "an unverified account may sign in"
    );
    browser
}

/// Opens `link` in `browser` and presses the page's one button (`endpoint`).
async fn follow(app: &TestApp, browser: &Client, link: &str, endpoint: &str) -> StatusCode {
    app.open_link(browser, link).await;
    app.call(browser, endpoint, &[]).await.status()
}

#[tokio::test]
async fn m08_an_unverified_account_reads_but_cannot_comment_until_it_follows_the_link() {
    let (app, sink) = spawn_app_with_sink().await;
    let author = app
        .user_with_role("author@example.org", "Author", "author")
        .await;
    let slug = app.new_post(&author, "Hello", "Body", true).await;
    let ada = unverified(&app, EMAIL).await;
    let comment = [("slug", slug.as_str()), ("body", "First!")];

    let page = app.page(&ada, &format!("/posts/{slug}")).await;
    assert!(
        page.contains("Verify your e-mail address to comment"),
        "{page}"
    );
    assert!(page.contains("Send the link again"));
    let refused = app.call(&ada, "add_comment", &comment).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("Unverified"));
    assert_eq!(app.count("comments").await, 0);

    let mail = &sink.wait_about_to(EMAIL, VERIFY, 1).await[0];
    let link = link_in(mail, "/verify-email/open");
    let confirm_page = client();
    assert_eq!(
        follow(&app, &confirm_page, &link, "confirm_email").await,
        StatusCode::OK
    );
    let added = app.call(&ada, "add_comment", &comment).await;
    assert_eq!(
        added.status(),
        StatusCode::OK,
        "verified on the next request"
    );
    assert_eq!(app.count("comments").await, 1);
    // Spent.
    assert_eq!(
        follow(&app, &client(), &link, "confirm_email").await,
        StatusCode::GONE
    );
}

#[tokio::test]
async fn m08_the_link_can_be_sent_again_voiding_the_first_and_is_throttled() {
    let (app, sink) = spawn_app_with_sink().await;
    let ada = unverified(&app, EMAIL).await;
    let first = link_in(&sink.wait_about(VERIFY, 1).await[0], "/verify-email/open");
    assert_eq!(
        app.call(&ada, "resend_verification", &[]).await.status(),
        StatusCode::OK
    );
    let second = link_in(&sink.wait_about(VERIFY, 2).await[1], "/verify-email/open");
    assert_eq!(
        follow(&app, &client(), &first, "confirm_email").await,
        StatusCode::GONE
    );
    assert_eq!(
        follow(&app, &client(), &second, "confirm_email").await,
        StatusCode::OK
    );

    let other = unverified(&app, "bo@example.org").await;
    for _ in 0..10 {
        let sent = app.call(&other, "resend_verification", &[]).await;
        assert_eq!(sent.status(), StatusCode::OK);
    }
    let limited = app.call(&other, "resend_verification", &[]).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn m08_an_unverified_account_gets_no_app_token_and_the_rule_can_be_turned_off() {
    let (app, _sink) = spawn_app_with_sink().await;
    unverified(&app, EMAIL).await;
    let refused = app.issue_token(EMAIL, PASSWORD).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "email_unverified");
    assert_eq!(app.count("auth_tokens").await, 0);

    let relaxed = spawn_app_with(|c| c.accounts.require_verified_email = false).await;
    let ada = client();
    relaxed.register_only(&ada, EMAIL, "Ada").await;
    relaxed.sign_in(&ada, EMAIL, PASSWORD).await;
    assert_eq!(
        relaxed.issue_token(EMAIL, PASSWORD).await.status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn m08_the_first_admin_counts_as_verified() {
    let app = spawn_app().await;
    let root = client();
    let setup = [
        ("email", "root@example.org"),
        ("display_name", "Root"),
        ("password", PASSWORD),
    ];
    let created = app.call(&root, "create_first_admin", &setup).await;
    assert_eq!(created.status(), StatusCode::OK);
    let slug = app.new_post(&root, "Welcome", "Hello", true).await;
    assert!(!slug.is_empty());
}

#[tokio::test]
async fn m02_registering_a_taken_address_answers_like_a_new_one_and_tells_its_owner() {
    let (app, sink) = spawn_app_with_sink().await;
    let new = app.register_only(&client(), EMAIL, "Ada").await;
    let taken = app
        .register_only(&client(), " ADA@example.org", "Mallory")
        .await;
    assert_eq!(new.status(), taken.status());
    assert_eq!(new.headers().get(header::SET_COOKIE), None);
    assert_eq!(taken.headers().get(header::SET_COOKIE), None);
    assert_eq!(new.text().await.unwrap(), taken.text().await.unwrap());
    assert_eq!(app.count("users").await, 1);
    let told = sink
        .wait_about("Someone tried to register with your address", 1)
        .await;
    assert!(told[0].starts_with("X-Sink-Rcpt: ada@example.org"));
    assert!(decoded(&told[0]).contains("/forgot-password"));
}

#[tokio::test]
async fn m06_an_address_change_needs_sudo_takes_effect_on_the_link_and_tells_the_old_one() {
    let (app, sink) = spawn_app_with_sink().await;
    let ada = client();
    app.register(&ada, EMAIL, "Ada").await;
    app.clock.advance(time::Duration::minutes(11));
    let new = [("email", "ada@example.net")];
    let sudo = app.call(&ada, "request_email_change", &new).await;
    assert_eq!(sudo.status(), StatusCode::FORBIDDEN, "sudo mode has lapsed");
    let confirm = [("password", PASSWORD)];
    assert_eq!(
        app.call(&ada, "confirm_password", &confirm).await.status(),
        StatusCode::OK
    );
    let asked = app.call(&ada, "request_email_change", &new).await;
    assert_eq!(asked.status(), StatusCode::OK);
    let early = app.sign_in(&client(), "ada@example.net", PASSWORD).await;
    assert_eq!(
        early.status(),
        StatusCode::UNAUTHORIZED,
        "unchanged until the link is followed"
    );

    let message = &sink.wait_about(CHANGE, 1).await[0];
    assert!(message.starts_with("X-Sink-Rcpt: ada@example.net"));
    let link = link_in(message, "/confirm-email-change/open");
    assert_eq!(
        follow(&app, &client(), &link, "confirm_email_change").await,
        StatusCode::OK
    );
    let signed_in = app.sign_in(&client(), "ada@example.net", PASSWORD).await;
    assert_eq!(signed_in.status(), StatusCode::OK);
    let old = &sink
        .wait_about("Your Quire e-mail address was changed", 1)
        .await[0];
    assert!(old.starts_with("X-Sink-Rcpt: ada@example.org"));
    assert!(decoded(old).contains("a**@example.net"), "masked: {old}");
    assert!(!decoded(old).contains("ada@example.net"));
}

#[tokio::test]
async fn m02_changing_to_a_taken_address_answers_the_same_and_tells_that_address() {
    let (app, sink) = spawn_app_with_sink().await;
    let ada = client();
    app.register(&ada, EMAIL, "Ada").await;
    app.register(&client(), "bo@example.org", "Bo").await;
    let free = app
        .call(
            &ada,
            "request_email_change",
            &[("email", "free@example.org")],
        )
        .await;
    let taken = app
        .call(&ada, "request_email_change", &[("email", "bo@example.org")])
        .await;
    assert_eq!(free.status(), taken.status());
    assert_eq!(free.text().await.unwrap(), taken.text().await.unwrap());
    let told = sink
        .wait_about("Your address was entered on Quire", 1)
        .await;
    assert!(told[0].starts_with("X-Sink-Rcpt: bo@example.org"));
    assert!(
        !decoded(&told[0]).contains("/confirm-email-change/open"),
        "no working link"
    );
    let same = app
        .call(&ada, "request_email_change", &[("email", EMAIL)])
        .await;
    assert_eq!(same.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn m06_a_new_personal_access_token_is_notified() {
    let (app, sink) = spawn_app_with_sink().await;
    let ada = client();
    app.register(&ada, EMAIL, "Ada").await;
    let form = [
        ("name", "laptop"),
        ("expires_days", "30"),
        ("profile_read", "on"),
    ];
    assert_eq!(
        app.call(&ada, "create_token", &form).await.status(),
        StatusCode::OK
    );
    let notice = &sink
        .wait_about("A new access token for your Quire account", 1)
        .await[0];
    assert!(decoded(notice).contains("laptop"));
    assert!(decoded(notice).contains("/account/tokens"));
}
