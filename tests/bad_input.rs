//! R01/R02: bad input gets a clear 4xx, changes nothing, and never shows a database message.
use crate::helpers::*;
use reqwest::{header, StatusCode};

/// A form, the field that must be blamed, and the catalogue key of the expected message.
type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);

async fn assert_refused(app: &TestApp, form: &[(&str, &str)], field: &str, message: &str) {
    let response = app.call(&client(), "register", form).await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{form:?}"
    );
    let body = response.text().await.unwrap();
    assert!(
        body.contains(field) && body.contains(message),
        "{form:?}: {body}"
    );
    assert!(
        !mentions_the_database(&body) && !body.contains("constraint"),
        "{body}"
    );
}

#[tokio::test]
async fn r01_register_with_bad_fields_is_refused_with_messages_and_writes_nothing() {
    let app = spawn_app().await;
    let long_name = "n".repeat(10 * 1024);
    let long_password = "p".repeat(257);
    let cases: Vec<Case> = vec![
        (
            vec![
                ("email", ""),
                ("display_name", "Ada"),
                ("password", PASSWORD),
            ],
            "email",
            "email_invalid",
        ),
        (
            vec![
                ("email", "a@example.org"),
                ("display_name", ""),
                ("password", PASSWORD),
            ],
            "display_name",
            "name_missing",
        ),
        (
            vec![
                ("email", "a@example.org"),
                ("display_name", "Ada"),
                ("password", ""),
            ],
            "password",
            "password_too_short",
        ),
        (
            vec![
                ("email", "a@example.org"),
                ("display_name", &long_name),
                ("password", PASSWORD),
            ],
            "display_name",
            "name_too_long",
        ),
        (
            vec![
                ("email", "not an email"),
                ("display_name", "Ada"),
                ("password", PASSWORD),
            ],
            "email",
            "email_invalid",
        ),
        (
            vec![
                ("email", "a@example.org"),
                ("display_name", "Ada"),
                ("password", &long_password),
            ],
            "password",
            "password_too_long",
        ),
        (
            vec![
                ("email", "'; DROP TABLE users; --@x.org"),
                ("display_name", "Ada"),
                ("password", PASSWORD),
            ],
            "email",
            "email_invalid",
        ),
    ];
    for (form, field, message) in &cases {
        assert_refused(&app, form, field, message).await;
    }
    assert_eq!(app.count("users").await, 0);
    assert_eq!(app.count("auth_sessions").await, 0);
}

#[tokio::test]
async fn r01_a_duplicate_email_makes_no_second_account_case_insensitively() {
    let app = spawn_app().await;
    assert_eq!(
        app.register(&client(), "ada@example.org", "Ada")
            .await
            .status(),
        StatusCode::OK
    );
    let again = app
        .register_only(&client(), " ADA@Example.org", "Other Ada")
        .await;
    assert_eq!(
        again.status(),
        StatusCode::OK,
        "answered like a new address (M02)"
    );
    assert_eq!(app.count("users").await, 1);
    assert_eq!(app.count("auth_sessions").await, 1);
}

#[tokio::test]
async fn l13_look_alike_addresses_and_hidden_characters_make_no_second_account() {
    let app = spawn_app().await;
    app.register(&client(), "ada@example.org", "Demo Admin")
        .await;
    let form = |email, name| {
        [
            ("email", email),
            ("display_name", name),
            ("password", PASSWORD),
        ]
    };
    let fullwidth = app
        .call(
            &client(),
            "register",
            &form("\u{FF21}DA@example.org", "Ada"),
        )
        .await;
    assert_eq!(
        fullwidth.status(),
        StatusCode::OK,
        "folded onto Ada's address: no new account"
    );
    let zero_width = form("a\u{200B}da@example.org", "Ada");
    assert_refused(&app, &zero_width, "email", "email_invalid").await;
    let hidden_name = form("eve@example.org", "Demo\u{200B} Admin");
    assert_refused(&app, &hidden_name, "display_name", "name_characters").await;
    let reversed = form("eve@example.org", "\u{202E}nimdA omeD");
    assert_refused(&app, &reversed, "display_name", "name_characters").await;
    assert_eq!(app.count("users").await, 1);
}

#[tokio::test]
async fn r01_wrong_types_and_missing_fields_are_a_400() {
    let app = spawn_app().await;
    let missing = app
        .call(&client(), "register", &[("email", "a@example.org")])
        .await;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    assert!(missing.text().await.unwrap().contains("BadRequest"));

    let json = app
        .post(&client(), "/api/sign_in")
        .header(header::CONTENT_TYPE, "application/json")
        .body(r#"{"email": 5, "password": ["x"]}"#)
        .send()
        .await
        .unwrap();
    assert!(json.status().is_client_error(), "{}", json.status());

    let invalid_utf8 = app
        .post(&client(), "/api/sign_in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(vec![
            b'e', b'm', b'a', b'i', b'l', b'=', 0xff, 0xfe, b'&', b'p', b'=', 0xc3,
        ])
        .send()
        .await
        .unwrap();
    assert!(
        invalid_utf8.status().is_client_error(),
        "{}",
        invalid_utf8.status()
    );
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn r02_a_10_mb_body_is_refused_with_413() {
    let app = spawn_app().await;
    let body = format!(
        "email=a%40example.org&display_name=Ada&password={}",
        "x".repeat(10 * 1024 * 1024)
    );
    let response = app
        .post(&client(), "/api/register")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("users").await, 0);
}

/// 10 MB in 64 KB chunks, with no `Content-Length`.
fn chunked_body() -> reqwest::Body {
    let chunk = bytes_of(64 * 1024);
    let chunks = (0..160).map(move |_| Ok::<_, std::io::Error>(chunk.clone()));
    reqwest::Body::wrap_stream(futures_util::stream::iter(chunks))
}

fn bytes_of(n: usize) -> Vec<u8> {
    let mut body = b"email=a%40example.org&display_name=Ada&password=".to_vec();
    body.resize(n, b'x');
    body
}

#[tokio::test]
async fn r02_a_10_mb_chunked_body_is_refused_with_413_everywhere() {
    let app = spawn_app().await;
    for (path, content_type) in [
        ("/api/register", "application/x-www-form-urlencoded"),
        ("/api/v1/auth/token", "application/json"),
        ("/api/v1/posts", "application/json"),
    ] {
        let response = app
            .post(&client(), path)
            .header(header::CONTENT_TYPE, content_type)
            .body(chunked_body())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
    }
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn unknown_pages_are_a_404_with_the_app_layout() {
    let app = spawn_app().await;
    let response = client().get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.text().await.unwrap().contains("Page not found"));
}
