//! The mobile-app flow against a running Quire, using only HTTP and JSON:
//! sign in for a token, call the API with it, list tokens, revoke it, see it refused.
//!
//!     cargo run --example mobile_client -- http://127.0.0.1:3000 you@example.org 'your password'
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

pub async fn run(base: &str, email: &str, password: &str) -> Result<Vec<String>, String> {
    let http = Client::new();
    let mut log = Vec::new();
    let fail = |what: &str, e: reqwest::Error| format!("{what}: {e}");

    let issued = http
        .post(format!("{base}/api/v1/auth/token"))
        .json(&json!({ "email": email, "password": password, "device_name": "example client" }))
        .send()
        .await
        .map_err(|e| fail("sign in", e))?;
    if issued.status() != StatusCode::CREATED {
        return Err(format!(
            "sign in refused: {}",
            issued.text().await.unwrap_or_default()
        ));
    }
    let issued: Value = issued.json().await.map_err(|e| fail("token response", e))?;
    let token = issued["token"]
        .as_str()
        .ok_or("no token in response")?
        .to_owned();
    log.push(format!("got a token expiring at {}", issued["expires_at"]));

    let me: Value = http
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .map_err(|e| fail("me", e))?
        .json()
        .await
        .map_err(|e| fail("me body", e))?;
    log.push(format!(
        "signed in as {}",
        me["display_name"].as_str().unwrap_or("?")
    ));

    let tokens: Value = http
        .get(format!("{base}/api/v1/tokens"))
        .bearer_auth(&token)
        .send()
        .await
        .map_err(|e| fail("tokens", e))?
        .json()
        .await
        .map_err(|e| fail("tokens body", e))?;
    log.push(format!(
        "{} token(s) on this account",
        tokens.as_array().map_or(0, Vec::len)
    ));

    let revoked = http
        .delete(format!("{base}/api/v1/auth/token"))
        .bearer_auth(&token)
        .send()
        .await
        .map_err(|e| fail("revoke", e))?;
    log.push(format!("revoked: {}", revoked.status()));

    let after = http
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .map_err(|e| fail("me after revoke", e))?;
    if after.status() != StatusCode::UNAUTHORIZED {
        return Err(format!("a revoked token still works: {}", after.status()));
    }
    log.push("the revoked token is refused".into());
    Ok(log)
}

#[allow(dead_code)] // The integration test includes this file for `run`.
#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, email, password] = args.as_slice() else {
        eprintln!("usage: mobile_client <base url> <e-mail> <password>");
        std::process::exit(2);
    };
    match run(base.trim_end_matches('/'), email, password).await {
        Ok(log) => log.iter().for_each(|line| println!("{line}")),
        Err(error) => {
            eprintln!("mobile_client: {error}");
            std::process::exit(1);
        }
    }
}
