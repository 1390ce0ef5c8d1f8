//! Register, sign in, sign out, and the cookie they leave behind.
use crate::helpers::*;
use reqwest::{header, StatusCode};

const COOKIE: &str = "quire_session";

#[tokio::test]
async fn s05_sign_in_sets_cookie_attributes_in_development() {
    let app = spawn_app().await;
    let client = client();
    let response = app.register(&client, "ada@example.org", "Ada").await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = session_cookie(&response, COOKIE).expect("session cookie set");
    let attributes: Vec<String> = cookie.split(';').map(|a| a.trim().to_lowercase()).collect();
    assert!(attributes.contains(&"httponly".into()), "{cookie}");
    assert!(attributes.contains(&"samesite=lax".into()), "{cookie}");
    assert!(attributes.contains(&"path=/".into()), "{cookie}");
    assert!(
        !attributes.iter().any(|a| a.starts_with("domain")),
        "{cookie}"
    );
    assert!(
        !attributes.contains(&"secure".into()),
        "dev mode runs on plain http: {cookie}"
    );
    assert_eq!(app.signed_in_name(&client).await.as_deref(), Some("Ada"));
}

#[tokio::test]
async fn s05_cookie_attributes_in_production_have_secure_and_host_prefix() {
    let app = spawn_app_with(|c| {
        c.site.production = true;
        c.site.origin = "https://blog.example.org".into();
    })
    .await;
    let response = app.register(&client(), "ada@example.org", "Ada").await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = session_cookie(&response, "__Host-quire_session").expect("__Host- cookie set");
    let attributes: Vec<String> = cookie.split(';').map(|a| a.trim().to_lowercase()).collect();
    for wanted in ["secure", "httponly", "samesite=lax", "path=/"] {
        assert!(
            attributes.contains(&wanted.to_owned()),
            "{wanted} missing: {cookie}"
        );
    }
    assert!(
        !attributes.iter().any(|a| a.starts_with("domain")),
        "{cookie}"
    );
}

#[tokio::test]
async fn l01_sign_in_issues_a_new_session_id_and_the_old_cookie_is_anonymous() {
    let app = spawn_app().await;
    let client = client();
    let first = app.register(&client, "ada@example.org", "Ada").await;
    let old = cookie_pair(&session_cookie(&first, COOKIE).unwrap());

    let second = app.sign_in(&client, "ADA@example.org", PASSWORD).await;
    assert_eq!(second.status(), StatusCode::OK);
    let new = cookie_pair(&session_cookie(&second, COOKIE).expect("new cookie on sign-in"));
    assert_ne!(old, new);

    let replay = bare_client()
        .get(app.url("/"))
        .header(header::COOKIE, &old)
        .send()
        .await
        .unwrap();
    assert!(!replay.text().await.unwrap().contains("Signed in as"));
    assert_eq!(app.signed_in_name(&client).await.as_deref(), Some("Ada"));
    assert_eq!(
        app.count("auth_sessions").await,
        1,
        "the old session row is gone"
    );
}

#[tokio::test]
async fn l05_sign_out_deletes_the_session_and_the_cookie_is_anonymous() {
    let app = spawn_app().await;
    let client = client();
    let registered = app.register(&client, "ada@example.org", "Ada").await;
    let cookie = cookie_pair(&session_cookie(&registered, COOKIE).unwrap());

    // A GET to the sign-out endpoint changes nothing: server functions are POST only.
    let get = client.get(app.url("/api/sign_out")).send().await.unwrap();
    assert!(
        get.status().is_client_error(),
        "GET sign_out gave {}",
        get.status()
    );
    assert_eq!(app.signed_in_name(&client).await.as_deref(), Some("Ada"));

    let out = app.call(&client, "sign_out", &[]).await;
    assert_eq!(out.status(), StatusCode::OK);
    let removal = session_cookie(&out, COOKIE).expect("removal cookie");
    assert!(removal.to_lowercase().contains("max-age=0"), "{removal}");
    assert_eq!(app.count("auth_sessions").await, 0);

    let replay = bare_client()
        .get(app.url("/"))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert!(!replay.text().await.unwrap().contains("Signed in as"));
    assert_eq!(app.signed_in_name(&client).await, None);
}

#[tokio::test]
async fn sign_in_after_sign_out_restores_the_account() {
    let app = spawn_app().await;
    let client = client();
    app.register(&client, "ada@example.org", "Ada").await;
    app.call(&client, "sign_out", &[]).await;
    let response = app.sign_in(&client, "ada@example.org", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(app.signed_in_name(&client).await.as_deref(), Some("Ada"));
}

#[tokio::test]
async fn p02_unknown_email_and_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    app.register(&client(), "ada@example.org", "Ada").await;
    let wrong = app
        .sign_in(&client(), "ada@example.org", "not the password")
        .await;
    let unknown = app.sign_in(&client(), "nobody@example.org", PASSWORD).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), wrong.status());
    assert!(session_cookie(&wrong, COOKIE).is_none());
    let (wrong, unknown) = (wrong.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(wrong, unknown);
    assert!(wrong.contains("BadCredentials"), "{wrong}");
    assert_eq!(
        app.count("auth_sessions").await,
        1,
        "only the registration's session exists"
    );
}

#[tokio::test]
async fn plain_form_post_without_javascript_redirects_to_check_your_mail() {
    let app = spawn_app().await;
    let client = client();
    let response = app
        .post(&client, "/api/register")
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, app.url("/register"))
        .form(&[
            ("email", "ada@example.org"),
            ("display_name", "Ada"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(response.headers()[header::LOCATION], "/register/sent");
    assert!(
        session_cookie(&response, COOKIE).is_none(),
        "nobody is signed in"
    );
    assert_eq!(app.count("users").await, 1);
    let sent = app.page(&client, "/register/sent").await;
    assert!(sent.contains("Check your mail"));
}

#[tokio::test]
async fn plain_form_post_with_bad_input_returns_to_the_form_with_the_message() {
    let app = spawn_app().await;
    let client = client();
    let response = app
        .post(&client, "/api/register")
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, app.url("/register"))
        .form(&[
            ("email", "not-an-email"),
            ("display_name", "Ada"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(location.starts_with(&app.url("/register?")), "{location}");
    let html = app
        .page(&client, location.trim_start_matches(&app.url("")))
        .await;
    assert!(
        html.contains("Enter a valid e-mail address."),
        "message shown next to the field: {location}\n{html}"
    );
    assert_eq!(app.count("users").await, 0);
}
