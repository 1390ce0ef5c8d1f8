//! R01 across the whole surface: every server function, signed out, as a reader and as an
//! admin, fed hostile input. Add each new server function to `ENDPOINTS`.
use crate::helpers::*;
use reqwest::header;

#[tokio::test]
async fn r01_every_server_function_answers_hostile_input_without_a_server_error() {
    // The signed-out pass fails many sign-ins from one IP; the throttle is tested elsewhere
    // (P03) and must not stop the signed-in passes from signing in.
    let app = spawn_app_with(|c| {
        c.limits.sign_in_failures_per_ip = 100_000;
        c.site.origin = "http://localhost".into(); // passkeys on, so their endpoints run
    })
    .await;
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
                    !mentions_the_database(&text) && !lower.contains("syntax error"),
                    "{endpoint}: {text}"
                );
            }
        }
    }
    let users: i64 = app.count("users").await;
    assert_eq!(users, 2, "only the deliberate registrations wrote a row");
}

#[tokio::test]
async fn r01_the_sweep_walks_every_registered_server_function() {
    spawn_app().await; // registers the server functions
    let registered: std::collections::BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    let listed: std::collections::BTreeSet<String> = ENDPOINTS
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    assert!(missing.is_empty(), "not in ENDPOINTS: {missing:?}");
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(
        stale.is_empty(),
        "in ENDPOINTS but not registered: {stale:?}"
    );
}
