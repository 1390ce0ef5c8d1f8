//! The mobile-app flow against a running Quire, using only HTTP and JSON: sign in for a token,
//! read who we are, read posts, comment on the newest, list tokens, revoke the token, and see it
//! refused afterwards.
//!
//!     cargo run --example mobile_client -- http://127.0.0.1:3000 you@example.org 'your password'
use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{json, Value};

/// Sends `request` and reads a JSON body, or says what failed.
async fn json_of(what: &str, request: RequestBuilder) -> Result<Value, String> {
    let response = request.send().await.map_err(|e| format!("{what}: {e}"))?;
    if !response.status().is_success() {
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        return Err(format!("{what} refused ({status}): {body}"));
    }
    response
        .json()
        .await
        .map_err(|e| format!("{what} body: {e}"))
}

pub async fn run(base: &str, email: &str, password: &str) -> Result<Vec<String>, String> {
    let http = Client::new();
    let mut log = Vec::new();

    let sign_in = json!({ "email": email, "password": password, "device_name": "example client" });
    let issued = json_of(
        "sign in",
        http.post(format!("{base}/api/v1/auth/token"))
            .json(&sign_in),
    )
    .await?;
    let token = issued["token"]
        .as_str()
        .ok_or("no token in response")?
        .to_owned();
    log.push(format!("got a token expiring at {}", issued["expires_at"]));
    let get = |path: &str| http.get(format!("{base}/api/v1{path}")).bearer_auth(&token);

    let me = json_of("me", get("/me")).await?;
    let name = me["display_name"].as_str().unwrap_or("?");
    log.push(format!("signed in as {name}"));

    let posts = json_of("posts", http.get(format!("{base}/api/v1/posts"))).await?;
    let posts = posts["posts"].as_array().cloned().unwrap_or_default();
    log.push(format!("read {} post(s)", posts.len()));
    if let Some(slug) = posts.first().and_then(|p| p["slug"].as_str()) {
        let post = json_of("post", http.get(format!("{base}/api/v1/posts/{slug}"))).await?;
        let comments = post["comment_count"].as_i64().unwrap_or(0);
        let title = post["title"].as_str().unwrap_or("?");
        log.push(format!("“{title}” has {comments} comment(s)"));
        let path = format!("{base}/api/v1/posts/{slug}/comments?page=1");
        let first = json_of("comments", http.get(path)).await?;
        let shown = first["comments"].as_array().map_or(0, Vec::len);
        log.push(format!("read the first {shown} of them"));
        let comment = json!({ "body": "Sent from the example client." });
        let sent = http
            .post(format!("{base}/api/v1/posts/{slug}/comments"))
            .bearer_auth(&token)
            .json(&comment)
            .send()
            .await
            .map_err(|e| format!("comment: {e}"))?;
        if sent.status() != StatusCode::CREATED {
            return Err(format!("comment refused: {}", sent.status()));
        }
        log.push(format!("commented on {slug}"));
    }

    let tokens = json_of("tokens", get("/tokens")).await?;
    let count = tokens["tokens"].as_array().map_or(0, Vec::len);
    let more = if tokens["has_more"] == true {
        " (and more)"
    } else {
        ""
    };
    log.push(format!("{count} token(s) on this account{more}"));

    let revoked = http
        .delete(format!("{base}/api/v1/auth/token"))
        .bearer_auth(&token)
        .send()
        .await
        .map_err(|e| format!("revoke: {e}"))?;
    log.push(format!("revoked: {}", revoked.status()));

    let after = get("/me")
        .send()
        .await
        .map_err(|e| format!("me after revoke: {e}"))?;
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
