//! Forgot/reset as an adopter gets it: a link mailed only to an account's own address, moved
//! out of the URL when opened (M01), a new password that ends every session and works once
//! (M03), a dead link refused (P08).
use crate::helpers::*;

const EMAIL: &str = "ada@example.org";
const NEW_PASSWORD: &str = "a new and better passphrase";

/// The link of the last mail, pointed at the test's address.
async fn mailed_link(app: &App, mails: usize) -> String {
    let sent = app.outbox.sent("reset_link", mails).await;
    let (to, url) = sent.last().expect("a mail").clone();
    assert_eq!(to, EMAIL);
    url.replace("localhost", "127.0.0.1")
}

async fn ask_for_link(app: &App, client: &reqwest::Client, email: &str) -> reqwest::Response {
    app.call(client, "request_password_reset", &[("email", email)])
        .await
}

#[tokio::test]
async fn m01_a_reset_link_goes_only_to_an_account_and_leaves_the_url_at_once() {
    let app = spawn().await;
    let form = [("email", EMAIL), ("password", PASSWORD)];
    assert_eq!(app.call(&browser(), "register", &form).await.status(), 200);

    let stranger = browser();
    let unknown = ask_for_link(&app, &stranger, "nobody@example.org").await;
    let known = ask_for_link(&app, &stranger, EMAIL).await;
    assert_eq!(
        (unknown.status().as_u16(), known.status().as_u16()),
        (200, 200),
        "one answer"
    );
    let without_js = app
        .submit(
            &stranger,
            "request_password_reset",
            &[("email", EMAIL)],
            "/forgot-password",
        )
        .await;
    assert_eq!(without_js.headers()["location"], "/forgot-password?sent");
    let sent = app.outbox.sent("reset_link", 3).await;
    assert_eq!(sent.len(), 2, "no mail for the unknown address: {sent:?}");
    assert!(sent.iter().all(|(to, _)| to == EMAIL));

    let link = mailed_link(&app, 2).await;
    assert!(link.contains("/api/auth/reset_link?token="), "{link}");
    let opened = browser().get(&link).send().await.unwrap();
    assert_eq!(opened.status(), 303);
    let headers = opened.headers();
    assert_eq!(
        headers["location"], "/reset-password",
        "the secret leaves the URL"
    );
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["cache-control"], "no-store");
    let cookie = headers["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("__Host-auth-reset=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );

    // Three mails an hour to one address, however often it is asked: no inbox flooding.
    for _ in 0..2 {
        assert_eq!(ask_for_link(&app, &stranger, EMAIL).await.status(), 200);
    }
    assert_eq!(
        app.outbox.sent("reset_link", 4).await.len(),
        3,
        "the fourth is not sent"
    );

    let malformed = format!("{}/api/auth/reset_link?token=<script>", app.base);
    let opened = browser().get(&malformed).send().await.unwrap();
    assert_eq!(opened.status(), 303);
    assert!(opened.headers().get("set-cookie").is_none(), "nothing kept");
}

#[tokio::test]
async fn m03_a_new_password_by_link_ends_every_session_and_works_once() {
    let app = spawn().await;
    let laptop = browser();
    app.signed_in(&laptop, EMAIL).await;
    let phone = browser();
    assert_eq!(ask_for_link(&app, &phone, EMAIL).await.status(), 200);
    let link = mailed_link(&app, 1).await;
    assert_eq!(phone.get(&link).send().await.unwrap().status(), 303);

    let reset = app.call(&phone, "reset_password", &[("password", NEW_PASSWORD)]);
    assert_eq!(reset.await.status(), 200);
    assert!(
        app.signed_in_as(&laptop).await.is_null(),
        "the laptop is signed out"
    );
    let notice = app.outbox.sent("PasswordReset", 1).await;
    assert_eq!(notice, [(EMAIL.to_owned(), "PasswordReset".to_owned())]);
    let old = [("email", EMAIL), ("password", PASSWORD)];
    assert_eq!(app.call(&browser(), "sign_in", &old).await.status(), 401);
    let new = [("email", EMAIL), ("password", NEW_PASSWORD)];
    assert_eq!(app.call(&browser(), "sign_in", &new).await.status(), 200);

    // The link is spent: opened again, it sets nothing.
    assert_eq!(phone.get(&link).send().await.unwrap().status(), 303);
    let again = app.call(
        &phone,
        "reset_password",
        &[("password", "yet another passphrase")],
    );
    assert_eq!(again.await.status(), 410);
    assert_eq!(app.call(&browser(), "sign_in", &new).await.status(), 200);
}

#[tokio::test]
async fn p08_a_link_that_was_never_sent_is_refused() {
    let app = spawn().await;
    let guesser = browser();
    let forged = format!("{}/api/auth/reset_link?token={}", app.base, "a".repeat(40));
    assert_eq!(guesser.get(&forged).send().await.unwrap().status(), 303);
    let short = app.call(&guesser, "reset_password", &[("password", "short")]);
    assert_eq!(short.await.status(), 422, "the password is checked first");
    let refused = app.call(&guesser, "reset_password", &[("password", NEW_PASSWORD)]);
    assert_eq!(refused.await.status(), 410);
    let stranger = browser();
    let no_link = app.call(&stranger, "reset_password", &[("password", NEW_PASSWORD)]);
    assert_eq!(
        no_link.await.status(),
        410,
        "no link opened in this browser"
    );
}
