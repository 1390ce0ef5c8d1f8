//! S01–S04, S07: what the session cookie is, where it is stored, and when there is none.
use crate::helpers::*;
use reqwest::{header, StatusCode};
use sha2::{Digest, Sha256};
use std::{collections::HashSet, time::Duration};

const COOKIE: &str = "quire_session";

fn cookie_value(pair: &str) -> String {
    pair.split_once('=').unwrap().1.to_owned()
}

#[tokio::test]
async fn s01_session_ids_are_distinct_128_bit_values() {
    let app = spawn_app().await;
    app.register(&client(), "ada@example.org", "Ada").await;
    let mut seen = HashSet::new();
    for _ in 0..200 {
        let response = app.sign_in(&client(), "ada@example.org", PASSWORD).await;
        let value = cookie_value(&cookie_pair(&session_cookie(&response, COOKIE).unwrap()));
        // 128 bits, base64url without padding.
        assert_eq!(value.len(), 22, "{value}");
        assert!(seen.insert(value), "a session id repeated");
    }
}

#[tokio::test]
async fn s02_only_the_sha256_of_the_session_id_is_stored() {
    let app = spawn_app().await;
    let response = app.register(&client(), "ada@example.org", "Ada").await;
    let value = cookie_value(&cookie_pair(&session_cookie(&response, COOKIE).unwrap()));
    let dump: Vec<(String, String, String, String)> =
        quire_auth::on_db!(app.db, |exe| sqlx::query_as(
            "SELECT id_hash, data, ip, user_agent FROM auth_sessions"
        )
        .fetch_all(exe)
        .await)
        .unwrap();
    assert_eq!(dump.len(), 1);
    let (id_hash, data, ip, agent) = &dump[0];
    assert_eq!(id_hash, &hex::encode(Sha256::digest(value.as_bytes())));
    for column in [id_hash, data, ip, agent] {
        assert!(!column.contains(&value), "cookie value stored in clear");
    }
    let users: Vec<(String, String, String)> = quire_auth::on_db!(app.db, |exe| sqlx::query_as(
        "SELECT a.email, u.display_name, a.password_hash FROM auth_accounts a JOIN users u ON u.id = a.id"
    )
    .fetch_all(exe)
    .await)
    .unwrap();
    assert!(users
        .iter()
        .all(|(a, b, c)| !a.contains(&value) && !b.contains(&value) && !c.contains(&value)));
}

#[tokio::test]
async fn s03_a_forged_cookie_is_anonymous_and_not_adopted() {
    let app = spawn_app().await;
    for forged in ["AAAAAAAAAAAAAAAAAAAAAA", "not-base64!!", ""] {
        let response = bare_client()
            .get(app.url("/"))
            .header(header::COOKIE, format!("{COOKIE}={forged}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        for set in set_cookie_headers(&response) {
            let value = cookie_value(&cookie_pair(&set));
            assert!(
                value.is_empty() || value != forged,
                "forged id echoed: {set}"
            );
        }
        assert!(!response.text().await.unwrap().contains("Signed in as"));
    }
    assert_eq!(app.count("auth_sessions").await, 0);
}

#[tokio::test]
async fn s04_anonymous_browsing_creates_no_session_and_no_cookie() {
    let app = spawn_app().await;
    let client = client();
    for i in 0..100 {
        let path = ["/", "/sign-in", "/register", "/missing"][i % 4];
        let response = client.get(app.url(path)).send().await.unwrap();
        assert!(
            set_cookie_headers(&response).is_empty(),
            "cookie set on {path}"
        );
    }
    assert_eq!(app.count("auth_sessions").await, 0);
}

#[tokio::test]
async fn s07_signed_in_pages_are_not_cached() {
    let app = spawn_app().await;
    let client = client();
    let anonymous = client.get(app.url("/")).send().await.unwrap();
    assert_ne!(
        anonymous
            .headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap()),
        Some("no-store")
    );
    app.register(&client, "ada@example.org", "Ada").await;
    let signed_in = client.get(app.url("/")).send().await.unwrap();
    assert_eq!(signed_in.headers()[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn s04_signed_out_pages_touch_no_database() {
    let app = spawn_app().await;
    let ada = client();
    app.register(&ada, "ada@example.org", "Ada").await;
    // Hold every pooled connection: from here any database access would wait for one.
    let held = app.hold_connections().await;
    let quick = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    // (The home page lists posts, so it reads the database for everyone; the point here is
    // that no session lookup happens without a cookie.)
    for path in ["/sign-in", "/register", "/missing", "/account/sessions"] {
        let response = quick
            .get(app.url(path))
            .send()
            .await
            .expect("answered without the database");
        assert!(!response.text().await.unwrap().contains("Signed in as"));
    }
    // Control: a signed-in page needs its one lookup and cannot finish meanwhile.
    let blocked = tokio::time::timeout(
        Duration::from_millis(500),
        ada.get(app.url("/sign-in")).send(),
    )
    .await;
    assert!(
        blocked.is_err(),
        "the signed-in page should be waiting for a connection"
    );
    drop(held);
    assert!(app.is_signed_in(&ada).await);
}
