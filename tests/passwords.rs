//! P01, P03, P04: hash upgrades, sign-in throttling, password policy.
use crate::helpers::*;
use reqwest::{header, StatusCode};
use time::Duration;

const EMAIL: &str = "ada@example.org";

async fn sign_in_from(
    app: &TestApp,
    email: &str,
    password: &str,
    forwarded: &str,
) -> reqwest::Response {
    app.post(&client(), "/api/sign_in")
        .header(header::ACCEPT, "application/json")
        .header("x-forwarded-for", forwarded)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn p03_failed_sign_ins_are_throttled_per_ip_with_retry_after_and_no_lockout() {
    let app = spawn_app().await;
    app.register(&client(), EMAIL, "Ada").await;
    for attempt in 1..=10 {
        // A spoofed X-Forwarded-For changes nothing: no proxy is trusted.
        let forwarded = format!("198.51.100.{attempt}");
        let response = sign_in_from(&app, EMAIL, "wrong password!", &forwarded).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
    }
    let limited = sign_in_from(&app, EMAIL, "wrong password!", "198.51.100.99").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = limited.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=180).contains(&retry), "Retry-After {retry}");
    assert!(limited.text().await.unwrap().contains("TooManyRequests"));

    let even_right = sign_in_from(&app, EMAIL, PASSWORD, "x").await;
    assert_eq!(
        even_right.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "no guessing while throttled"
    );

    app.clock.advance(Duration::seconds(retry as i64));
    assert_eq!(
        app.sign_in(&client(), EMAIL, PASSWORD).await.status(),
        StatusCode::OK,
        "no permanent lockout"
    );
}

#[tokio::test]
async fn p03_failed_sign_ins_are_throttled_per_account() {
    let app = spawn_app_with(|c| c.limits.sign_in_failures_per_account = 3).await;
    app.register(&client(), EMAIL, "Ada").await;
    app.register(&client(), "bo@example.org", "Bo").await;
    for _ in 0..3 {
        assert_eq!(
            app.sign_in(&client(), EMAIL, "wrong password!")
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        app.sign_in(&client(), "ADA@example.org", PASSWORD)
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        app.sign_in(&client(), "bo@example.org", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn p04_common_or_personal_passwords_are_refused_at_registration_and_change() {
    let app = spawn_app().await;
    for password in ["password123", "qwertyuiop", "ada@example.org"] {
        let form = [
            ("email", EMAIL),
            ("display_name", "Ada"),
            ("password", password),
        ];
        let response = app.call(&client(), "register", &form).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{password}"
        );
        assert!(response
            .text()
            .await
            .unwrap()
            .contains("password_guessable"));
    }
    assert_eq!(app.count("users").await, 0);
    let a = client();
    app.register(&a, EMAIL, "Ada").await;
    let form = [
        ("current_password", PASSWORD),
        ("new_password", "iloveyou1"),
    ];
    assert_eq!(
        app.call(&a, "change_password", &form).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn p01_hashes_with_older_parameters_are_upgraded_at_sign_in() {
    use argon2::{password_hash::SaltString, Algorithm, Argon2, Params, PasswordHasher, Version};
    let app = spawn_app().await;
    let weak = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(4096, 1, 1, None).unwrap(),
    );
    let salt = SaltString::encode_b64(b"sixteen byte slt").unwrap();
    let weak = weak
        .hash_password(PASSWORD.as_bytes(), &salt)
        .unwrap()
        .to_string();
    app.insert_account(EMAIL, "Old", &weak).await;
    assert_eq!(
        app.sign_in(&client(), EMAIL, PASSWORD).await.status(),
        StatusCode::OK
    );
    let stored: String = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT password_hash FROM auth_accounts"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored}"
    );
    assert_eq!(
        app.sign_in(&client(), EMAIL, PASSWORD).await.status(),
        StatusCode::OK
    );
}
