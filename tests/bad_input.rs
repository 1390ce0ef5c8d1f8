//! R01/R02: bad input gets a clear 4xx, changes nothing, and never shows a database message.
use crate::helpers::*;
use reqwest::{header, StatusCode};

/// A form, the field that must be blamed, and a fragment of the expected message.
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
        !body.to_lowercase().contains("sqlite") && !body.contains("constraint"),
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
            "valid e-mail",
        ),
        (
            vec![
                ("email", "a@example.org"),
                ("display_name", ""),
                ("password", PASSWORD),
            ],
            "display_name",
            "Enter your name",
        ),
        (
            vec![
                ("email", "a@example.org"),
                ("display_name", "Ada"),
                ("password", ""),
            ],
            "password",
            "at least 8",
        ),
        (
            vec![
                ("email", "a@example.org"),
                ("display_name", &long_name),
                ("password", PASSWORD),
            ],
            "display_name",
            "at most 60",
        ),
        (
            vec![
                ("email", "not an email"),
                ("display_name", "Ada"),
                ("password", PASSWORD),
            ],
            "email",
            "valid e-mail",
        ),
        (
            vec![
                ("email", "a@example.org"),
                ("display_name", "Ada"),
                ("password", &long_password),
            ],
            "password",
            "at most 256",
        ),
        (
            vec![
                ("email", "'; DROP TABLE users; --@x.org"),
                ("display_name", "Ada"),
                ("password", PASSWORD),
            ],
            "email",
            "valid e-mail",
        ),
    ];
    for (form, field, message) in &cases {
        assert_refused(&app, form, field, message).await;
    }
    assert_eq!(app.count("users").await, 0);
    assert_eq!(app.count("sessions").await, 0);
}

#[tokio::test]
async fn r01_duplicate_email_is_refused_case_insensitively() {
    let app = spawn_app().await;
    assert_eq!(
        app.register(&client(), "ada@example.org", "Ada")
            .await
            .status(),
        StatusCode::OK
    );
    let form = [
        ("email", " ADA@Example.org"),
        ("display_name", "Other Ada"),
        ("password", PASSWORD),
    ];
    assert_refused(&app, &form, "email", "already exists").await;
    assert_eq!(app.count("users").await, 1);
    assert_eq!(app.count("sessions").await, 1);
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

#[tokio::test]
async fn unknown_pages_are_a_404_with_the_app_layout() {
    let app = spawn_app().await;
    let response = client().get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.text().await.unwrap().contains("Page not found"));
}

/// Every server function the app registers, with the fields it takes.
const ENDPOINTS: &[(&str, &[&str])] = &[
    ("register", &["email", "display_name", "password"]),
    ("sign_in", &["email", "password", "remember"]),
    ("sign_out", &[]),
    ("current_user", &[]),
    ("list_sessions", &[]),
    ("revoke_session", &["handle"]),
    ("revoke_other_sessions", &[]),
    ("confirm_password", &["password"]),
    ("change_password", &["current_password", "new_password"]),
    ("create_token", &["name", "expires_days", "profile_read"]),
    ("list_tokens", &[]),
    ("revoke_token", &["id"]),
    ("list_posts", &["page"]),
    ("my_posts", &[]),
    ("get_post", &["slug"]),
    ("editor_draft", &["slug"]),
    (
        "save_post",
        &["original_slug", "title", "body", "published"],
    ),
    ("delete_post", &["slug", "next"]),
    ("preview_markdown", &["body"]),
    ("add_comment", &["slug", "body"]),
    ("delete_comment", &["id"]),
    ("setup_needed", &[]),
    ("create_first_admin", &["email", "display_name", "password"]),
    ("admin_users", &["query", "page"]),
    ("admin_change_role", &["user_id", "role"]),
    ("admin_set_active", &["user_id", "active"]),
    ("admin_revoke_sessions", &["user_id"]),
    ("admin_moderation", &["page"]),
    ("admin_audit", &["user", "event", "page"]),
    ("admin_user_tokens", &["user_id"]),
    ("admin_revoke_token", &["user_id", "token_id"]),
];

#[tokio::test]
async fn r01_every_server_function_answers_hostile_input_without_a_server_error() {
    let app = spawn_app().await;
    let huge = "x".repeat(60 * 1024);
    let nasty = [
        "' OR 1=1; --",
        "\"; DROP TABLE sessions; --",
        "<script>alert(1)</script>",
        "%00\u{0}",
        "😀\u{202e}",
        huge.as_str(),
    ];
    // Signed out, as a reader, and as an admin (who passes every role check).
    for (signed_in, email) in [
        (false, ""),
        (true, "ada@example.org"),
        (true, "root@example.org"),
    ] {
        let user = client();
        if signed_in {
            app.register(&user, email, "Ada").await;
        }
        if email.starts_with("root") {
            app.set_role(email, "admin").await;
        }
        for (endpoint, fields) in ENDPOINTS {
            let path = format!("/api/{endpoint}");
            let mut bodies: Vec<(String, Vec<u8>)> = vec![
                (
                    "application/x-www-form-urlencoded".into(),
                    vec![b'a', b'=', 0xff, 0xfe, b'&'],
                ),
                (
                    "application/json".into(),
                    b"{\"email\": [1, 2], \"password\": null".to_vec(),
                ),
                ("text/plain".into(), b"\x00\x01\x02".to_vec()),
            ];
            for value in nasty {
                let form: Vec<(&str, &str)> = fields.iter().map(|f| (*f, value)).collect();
                let encoded = serde_urlencoded::to_string(&form).unwrap();
                bodies.push((
                    "application/x-www-form-urlencoded".into(),
                    encoded.into_bytes(),
                ));
            }
            for (content_type, body) in bodies {
                let response = app
                    .post(&user, &path)
                    .header(header::CONTENT_TYPE, &content_type)
                    .header(header::ACCEPT, "application/json")
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let text = response.text().await.unwrap();
                assert!(
                    !status.is_server_error(),
                    "{endpoint} ({content_type}, signed in: {signed_in}) gave {status}: {text}"
                );
                let lower = text.to_lowercase();
                assert!(
                    !lower.contains("sqlite") && !lower.contains("syntax error"),
                    "{endpoint}: {text}"
                );
            }
        }
    }
    let users: i64 = app.count("users").await;
    assert_eq!(users, 2, "only the deliberate registrations wrote a row");
}
