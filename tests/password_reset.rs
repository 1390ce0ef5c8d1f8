//! Password reset by mail against a real SMTP server (checklist P06, M01–M03, M05).
use crate::helpers::*;
use reqwest::{header, StatusCode};

#[tokio::test]
async fn m01_a_reset_link_sets_the_new_password_once() {
    let (app, sink) = spawn_app_with_sink().await;
    app.register(&client(), EMAIL, "Ada").await;
    let browser = client();
    app.open_reset_link(&sink, &browser, EMAIL, 1).await;
    let form = app.page(&browser, "/reset-password").await;
    assert!(form.contains("Choose a new password"), "{form}");

    let done = app.reset_password(&browser, NEW_PASSWORD).await;
    assert!(done.status().is_success(), "{}", done.status());
    assert!(!app
        .sign_in(&client(), EMAIL, NEW_PASSWORD)
        .await
        .status()
        .is_client_error());
    assert_eq!(
        app.sign_in(&client(), EMAIL, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // The same link again, in a browser that kept it: spent.
    let again = client();
    let link = link_in(&sink.about(RESET_SUBJECT)[0], "/reset-password/open");
    app.open_link(&again, &link).await;
    let page = again.get(app.url("/reset-password")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::GONE);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("expired or was already used"));
    let refused = app.reset_password(&again, "yet another passphrase!").await;
    assert_eq!(refused.status(), StatusCode::GONE);
    assert!(!app
        .sign_in(&client(), EMAIL, NEW_PASSWORD)
        .await
        .status()
        .is_client_error());
}

#[tokio::test]
async fn m01_a_reset_link_expires_after_an_hour() {
    let (app, sink) = spawn_app_with_sink().await;
    app.register(&client(), EMAIL, "Ada").await;
    let browser = client();
    app.open_reset_link(&sink, &browser, EMAIL, 1).await;
    app.clock.advance(time::Duration::minutes(61));
    let refused = app.reset_password(&browser, NEW_PASSWORD).await;
    assert_eq!(refused.status(), StatusCode::GONE);
    assert!(!app
        .sign_in(&client(), EMAIL, PASSWORD)
        .await
        .status()
        .is_client_error());
}

#[tokio::test]
async fn m01_a_new_link_voids_the_older_one() {
    let (app, sink) = spawn_app_with_sink().await;
    app.register(&client(), EMAIL, "Ada").await;
    let (older, newer) = (client(), client());
    app.open_reset_link(&sink, &older, EMAIL, 1).await;
    app.open_reset_link(&sink, &newer, EMAIL, 2).await;
    let refused = app.reset_password(&older, NEW_PASSWORD).await;
    assert_eq!(refused.status(), StatusCode::GONE);
    let done = app.reset_password(&newer, NEW_PASSWORD).await;
    assert!(done.status().is_success(), "{}", done.status());
}

#[tokio::test]
async fn m01_the_secret_leaves_the_url_at_once_and_is_stored_only_hashed() {
    let (app, sink) = spawn_app_with_sink().await;
    app.register(&client(), EMAIL, "Ada").await;
    app.request_reset(&client(), EMAIL).await;
    let link = link_in(
        &sink.wait_about(RESET_SUBJECT, 1).await[0],
        "/reset-password/open",
    );
    let secret = link.split("token=").nth(1).unwrap().to_owned();
    assert!(secret.len() >= 22, "at least 128 bits of base62");

    let opened = app.open_link(&client(), &link).await;
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    let headers = opened.headers();
    assert_eq!(headers[header::LOCATION], "/reset-password");
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let cookie = set_cookie_headers(&opened).join(" ");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    // Sent, the message's bodies are gone from the queue; the link is stored as its hash.
    let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(secret.as_bytes()));
    let stored: String = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT token_hash FROM auth_links WHERE purpose = 'reset'"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(stored, hash);
    let dump: Vec<String> = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT recipient || subject || text_body || html_body FROM mail_queue"
    )
    .fetch_all(exe)
    .await)
    .unwrap();
    assert!(dump.iter().all(|row| !row.contains(&secret)), "{dump:?}");
}

#[tokio::test]
async fn m02_reset_answers_the_same_for_known_and_unknown_addresses() {
    let (app, sink) = spawn_app_with_sink().await;
    app.register(&client(), EMAIL, "Ada").await;
    let known = app.request_reset(&client(), EMAIL).await;
    let unknown = app.request_reset(&client(), "nobody@example.org").await;
    assert_eq!(known.status(), StatusCode::FOUND);
    assert_eq!(known.status(), unknown.status());
    assert_eq!(
        known.headers()[header::LOCATION],
        unknown.headers()[header::LOCATION]
    );
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    let messages = sink.wait_about(RESET_SUBJECT, 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        sink.about(RESET_SUBJECT).len(),
        1,
        "only the account's owner gets mail"
    );
    assert!(messages[0].contains("X-Sink-Rcpt: ada@example.org"));
    let audit: Vec<String> = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT detail FROM audit_log"
    )
    .fetch_all(exe)
    .await)
    .unwrap();
    assert!(audit.iter().all(|d| !d.contains("nobody")), "{audit:?}");
}

#[tokio::test]
async fn m02_reset_requests_are_limited_alike_with_and_without_an_account() {
    let (app, _sink) = spawn_app_with_sink().await;
    app.register(&client(), EMAIL, "Ada").await;
    for address in [EMAIL, "nobody@example.org"] {
        for _ in 0..5 {
            let ok = app.request_reset(&client(), address).await;
            assert_eq!(ok.status(), StatusCode::FOUND);
        }
        let limited = app.request_reset(&client(), address).await;
        assert_eq!(
            limited.status(),
            StatusCode::FOUND,
            "a form post is sent back"
        );
        let location = limited.headers()[header::LOCATION].to_str().unwrap();
        assert!(location.contains("__err"), "{location}");
        let json = app
            .call(&client(), "request_password_reset", &[("email", address)])
            .await;
        assert_eq!(json.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}

#[tokio::test]
async fn m03_a_reset_ends_every_session_and_token_and_does_not_sign_in() {
    let (app, sink) = spawn_app_with_sink().await;
    let signed_in = client();
    app.register(&signed_in, EMAIL, "Ada").await;
    let token = app.token().await;
    let browser = client();
    app.open_reset_link(&sink, &browser, EMAIL, 1).await;
    app.reset_password(&browser, NEW_PASSWORD).await;

    assert!(!app.is_signed_in(&signed_in).await);
    assert!(
        !app.is_signed_in(&browser).await,
        "a reset does not sign in"
    );
    assert_invalid_token(app.api(&client(), "/api/v1/me", &token).await).await;
    let notice = sink.wait_for(2).await;
    assert!(
        decoded(&notice[1]).contains("password of your account"),
        "{}",
        notice[1]
    );
    assert_eq!(app.count("auth_sessions").await, 0);
}

#[tokio::test]
async fn p08_reset_links_are_refused_while_the_ip_is_blocked() {
    let app = spawn_app().await;
    for _ in 0..10 {
        let guess = bare_client()
            .post(app.url("/api/reset_password"))
            .header(header::ORIGIN, app.origin())
            .header(header::ACCEPT, "application/json")
            .header(
                header::COOKIE,
                "quire_reset=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            )
            .form(&[("new_password", NEW_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(guess.status(), StatusCode::GONE);
    }
    let blocked = app.reset_password(&client(), NEW_PASSWORD).await;
    assert_eq!(
        blocked.status(),
        StatusCode::GONE,
        "no cookie: nothing to check"
    );
    let page = bare_client()
        .get(app.url("/reset-password"))
        .header(
            header::COOKIE,
            "quire_reset=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn p06_a_password_change_voids_an_unspent_reset_link() {
    let (app, sink) = spawn_app_with_sink().await;
    let signed_in = client();
    app.register(&signed_in, EMAIL, "Ada").await;
    let browser = client();
    app.open_reset_link(&sink, &browser, EMAIL, 1).await;
    let form = [
        ("current_password", PASSWORD),
        ("new_password", NEW_PASSWORD),
    ];
    let changed = app.call(&signed_in, "change_password", &form).await;
    assert!(changed.status().is_success(), "{}", changed.status());
    let refused = app
        .reset_password(&browser, "the thief's new passphrase")
        .await;
    assert_eq!(refused.status(), StatusCode::GONE);
}
