//! C01–C03: writes are served only when the browser vouches they came from this site.
use crate::helpers::*;
use reqwest::{header, StatusCode};

fn register_form() -> [(&'static str, &'static str); 3] {
    [
        ("email", "ada@example.org"),
        ("display_name", "Ada"),
        ("password", PASSWORD),
    ]
}

#[tokio::test]
async fn c01_cross_site_writes_are_refused_and_same_origin_passes() {
    let app = spawn_app().await;
    let lookalike = format!("{}.evil.example", app.origin());
    let refused: Vec<Vec<(&str, String)>> = vec![
        vec![("origin", "https://evil.example".into())],
        vec![("origin", "null".into())],
        vec![("origin", lookalike)],
        vec![
            ("sec-fetch-site", "cross-site".into()),
            ("origin", app.origin()),
        ],
        vec![("sec-fetch-site", "same-site".into())],
        vec![],
    ];
    for headers in &refused {
        let mut request = client()
            .post(app.url("/api/register"))
            .form(&register_form());
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{headers:?}");
        assert!(response.text().await.unwrap().contains("CrossSite"));
    }
    assert_eq!(app.count("users").await, 0, "nothing was written");

    let same_origin = client()
        .post(app.url("/api/register"))
        .header("sec-fetch-site", "same-origin")
        .form(&register_form())
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), StatusCode::OK);
    let by_origin = app
        .call(
            &client(),
            "sign_in",
            &[("email", "ada@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(by_origin.status(), StatusCode::OK);
}

#[tokio::test]
async fn c03_login_csrf_is_refused_and_the_browser_gets_an_explanation() {
    let app = spawn_app().await;
    app.register(&client(), "ada@example.org", "Ada").await;
    let victim = client();
    let response = victim
        .post(app.url("/api/sign_in"))
        .header(header::ORIGIN, "https://evil.example")
        .header(header::ACCEPT, "text/html")
        .form(&[("email", "ada@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(
        set_cookie_headers(&response).is_empty(),
        "no session planted"
    );
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("sent from another site"));
    assert!(!app.is_signed_in(&victim).await);
}

#[tokio::test]
async fn c01_a_signed_in_user_cannot_be_made_to_revoke_sessions_cross_site() {
    let app = spawn_app().await;
    let a = client();
    app.register(&a, "ada@example.org", "Ada").await;
    let b = app.signed_in_client("ada@example.org", PASSWORD).await;
    let forged = a
        .post(app.url("/api/revoke_other_sessions"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(app.is_signed_in(&b).await);
}

#[tokio::test]
async fn c02_server_functions_do_not_answer_get() {
    let app = spawn_app().await;
    let a = client();
    app.register(&a, "ada@example.org", "Ada").await;
    for endpoint in [
        "sign_out",
        "register",
        "sign_in",
        "revoke_other_sessions",
        "change_password",
        "confirm_password",
    ] {
        let response = a
            .get(app.url(&format!("/api/{endpoint}")))
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_client_error(),
            "GET {endpoint}: {}",
            response.status()
        );
    }
    assert!(app.is_signed_in(&a).await);
}

#[tokio::test]
async fn c05_a_no_js_form_is_sent_back_only_to_a_page_of_this_site() {
    let app = spawn_app().await;
    let form = [
        ("email", "ada@example.org"),
        ("password", "wrong password!"),
    ];
    let own_page = format!("{}/sign-in", app.origin());
    let look_alike = format!("{}.evil.example/", app.origin());
    for (referer, expected) in [
        ("https://evil.example/phish", "/"),
        (look_alike.as_str(), "/"),
        (own_page.as_str(), own_page.as_str()),
    ] {
        let response = app
            .post(&client(), "/api/sign_in")
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, referer)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection(), "{referer}");
        let location = response.headers()[header::LOCATION].to_str().unwrap();
        assert!(
            location == expected || location.starts_with(&format!("{expected}?")),
            "{referer} → {location}"
        );
    }
}

#[tokio::test]
async fn c03_a_passkey_sign_in_cannot_be_started_or_finished_from_another_site() {
    let app = passkey_app_with(|_| {}).await;
    let attacker = client();
    app.register(&attacker, "mallory@example.org", "Mallory")
        .await;
    let mut key = app.add_passkey(&attacker, "Mallory's key").await;
    key.counter += 1;
    let signed = key.sign(&app.sign_in_options(&attacker).await);
    let victim = client();
    for (endpoint, body) in [
        (
            "start_passkey_sign_in",
            serde_json::json!({ "autofill": false }),
        ),
        (
            "finish_passkey_sign_in",
            serde_json::json!({ "credential": signed, "remember": false }),
        ),
    ] {
        let forged = victim
            .post(app.url(&format!("/api/{endpoint}")))
            .header("sec-fetch-site", "cross-site")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN, "{endpoint}");
        assert!(
            set_cookie_headers(&forged).is_empty(),
            "{endpoint}: no cookie planted"
        );
    }
    assert!(!app.is_signed_in(&victim).await);
}
