//! X02 and S07: security headers, a fresh CSP nonce per page, Clear-Site-Data on sign-out.
use crate::helpers::*;
use reqwest::{header, StatusCode};

fn nonce_of(policy: &str) -> String {
    let start = policy.find("'nonce-").expect("nonce in policy") + "'nonce-".len();
    policy[start..start + policy[start..].find('\'').unwrap()].to_owned()
}

#[tokio::test]
async fn x02_pages_carry_a_fresh_nonce_policy_and_the_hardening_headers() {
    let app = spawn_app().await;
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let response = client().get(app.url("/")).send().await.unwrap();
        let h = response.headers().clone();
        let policy = h[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        for part in [
            "default-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ] {
            assert!(policy.contains(part), "{part} missing: {policy}");
        }
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(
            h[header::REFERRER_POLICY],
            "strict-origin-when-cross-origin"
        );
        assert!(
            h.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
            "no HSTS outside production"
        );
        let nonce = nonce_of(&policy);
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!("<script type=\"module\" nonce=\"{nonce}\">")),
            "scripts carry it"
        );
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "a new nonce for every response");
}

#[tokio::test]
async fn x02_production_adds_hsts_and_other_responses_get_a_deny_all_policy() {
    let app = spawn_app_with(|c| {
        c.site.production = true;
        c.site.origin = "https://blog.example.org".into();
    })
    .await;
    let page = client().get(app.url("/")).send().await.unwrap();
    assert!(page.headers()[header::STRICT_TRANSPORT_SECURITY]
        .to_str()
        .unwrap()
        .contains("max-age="));
    let api = app.call(&client(), "current_user", &[]).await;
    assert_eq!(
        api.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .split(';')
            .next(),
        Some("default-src 'none'")
    );
}

#[tokio::test]
async fn s07_sign_out_clears_site_data_and_expires_the_cookie() {
    let app = spawn_app().await;
    let a = client();
    app.register(&a, "ada@example.org", "Ada").await;
    let out = app.call(&a, "sign_out", &[]).await;
    assert_eq!(out.status(), StatusCode::OK);
    assert_eq!(out.headers()["clear-site-data"], "\"cookies\", \"storage\"");
    let removal = session_cookie(&out, "quire_session")
        .unwrap()
        .to_lowercase();
    assert!(removal.contains("max-age=0"), "{removal}");
}
