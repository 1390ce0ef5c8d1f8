//! A02: one IP cannot flood the database with accounts.
use serde_json::Value;

use crate::helpers::{browser, spawn, PASSWORD};

#[tokio::test]
async fn a02_one_ip_registers_thirty_accounts_an_hour_and_the_next_stores_nothing() {
    let app = spawn().await;
    let client = browser();
    for n in 0..30 {
        let email = format!("reader{n}@example.org");
        let form = [("email", email.as_str()), ("password", PASSWORD)];
        assert_eq!(app.call(&client, "register", &form).await.status(), 200);
    }
    let form = [
        ("email", "one-too-many@example.org"),
        ("password", PASSWORD),
    ];
    let refused = app.call(&browser(), "register", &form).await;
    assert_eq!(refused.status(), 429, "a new cookie jar is the same IP");
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=120).contains(&wait),
        "one more every two minutes: {wait}"
    );
    assert!(refused.json::<Value>().await.unwrap()["Throttled"].is_u64());
    let signed_in = app.call(&client, "sign_in", &form).await;
    assert_eq!(
        signed_in.status(),
        401,
        "the refused account was not stored"
    );

    app.clock.advance(time::Duration::seconds(wait as i64));
    assert_eq!(app.call(&client, "register", &form).await.status(), 200);
    assert_eq!(app.call(&client, "sign_in", &form).await.status(), 200);
}
