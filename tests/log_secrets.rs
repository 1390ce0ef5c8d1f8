//! P07 on the process log: the real binary, logging at debug level, never writes a password,
//! a token or a session cookie.
use crate::helpers::*;
use reqwest::StatusCode;

/// Asks for a reset link, opens it from the binary's outbox (see `start_binary`), and returns
/// its secret (M01: a link's secret stays out of the log, query string included).
async fn reset_link_secret(base: &str, user: &reqwest::Client, port: u16) -> String {
    let asked = user
        .post(format!("{base}/api/request_password_reset"))
        .header(reqwest::header::ORIGIN, binary_origin(port))
        .form(&[("email", EMAIL)])
        .send()
        .await
        .unwrap();
    assert!(asked.status().is_success(), "{}", asked.status());
    open_mailed_link(
        user,
        port,
        "Reset your Quire password",
        "/reset-password/open",
    )
    .await
}

/// Confirms the address with the link mailed at registration (an unverified account adds no
/// credential, M09), and returns the link's secret.
async fn verify_address(user: &reqwest::Client, port: u16) -> String {
    let subject = "Confirm your address for Quire";
    let secret = open_mailed_link(user, port, subject, "/verify-email/open").await;
    call(user, port, "confirm_email", &[], None).await;
    secret
}

/// Opens the link at `path` in the mail about `subject` from the binary's outbox, and returns
/// its secret.
async fn open_mailed_link(user: &reqwest::Client, port: u16, subject: &str, path: &str) -> String {
    let outbox = std::env::temp_dir().join(format!("quire-outbox-{port}"));
    for _ in 0..200 {
        let mails: Vec<String> = std::fs::read_dir(&outbox)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
            .filter(|m| m.contains(subject))
            .collect();
        if let Some(mail) = mails.first() {
            let link = link_in(mail, path).replace("localhost", "127.0.0.1");
            let opened = user.get(&link).send().await.unwrap();
            assert_eq!(opened.status(), StatusCode::SEE_OTHER);
            let _ = std::fs::remove_dir_all(&outbox);
            return link.split("token=").nth(1).unwrap().to_owned();
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("no mail about {subject:?} in {}", outbox.display());
}

#[tokio::test]
async fn p07_no_password_token_or_cookie_reaches_the_process_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database_url(dir.path()).await;
    let log = dir.path().join("quire.log");
    let port = free_port();
    let server = start_binary(port, &db, "debug", Some(&log)).await;
    let base = format!("http://127.0.0.1:{port}");
    let user = client_with_agent("QuireAuditTest/1.0");
    let mut secrets = vec![PASSWORD.to_owned(), "wrong password!".to_owned()];
    let post = |path: &str, form: Vec<(&str, &str)>| {
        let url = format!("{base}/api/{path}");
        user.post(url)
            .header(reqwest::header::ORIGIN, binary_origin(port))
            .form(&form)
            .send()
    };
    post(
        "register",
        vec![
            ("email", EMAIL),
            ("display_name", "Ada"),
            ("password", PASSWORD),
        ],
    )
    .await
    .unwrap();
    post(
        "sign_in",
        vec![("email", EMAIL), ("password", "wrong password!")],
    )
    .await
    .unwrap();
    let signed_in = post("sign_in", vec![("email", EMAIL), ("password", PASSWORD)])
        .await
        .unwrap();
    secrets.push(verify_address(&user, port).await);
    secrets.extend(
        set_cookie_headers(&signed_in)
            .iter()
            .map(|c| cookie_pair(c)),
    );
    let form = vec![
        ("name", "ci"),
        ("expires_days", "30"),
        ("profile_read", "on"),
    ];
    let created: serde_json::Value = post("create_token", form)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = created["token"].as_str().expect("token made").to_owned();
    let me = user
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    secrets.push(token);
    secrets.push(reset_link_secret(&base, &user, port).await);
    drop(server);

    let output = std::fs::read_to_string(&log).unwrap();
    assert!(
        output.contains("sign_in_ok") && output.contains("token_created"),
        "the log is on"
    );
    for secret in &secrets {
        let value = secret.split('=').next_back().unwrap();
        assert!(
            !output.contains(value),
            "the process log holds a secret: {secret}"
        );
    }
}

/// A server function call on the binary, as the hydrated app makes it: a form, or JSON.
async fn call(
    user: &reqwest::Client,
    port: u16,
    endpoint: &str,
    form: &[(&str, &str)],
    json: Option<&serde_json::Value>,
) -> reqwest::Response {
    let request = user
        .post(format!("http://127.0.0.1:{port}/api/{endpoint}"))
        .header(reqwest::header::ORIGIN, binary_origin(port))
        .header(reqwest::header::ACCEPT, "application/json");
    let request = match json {
        Some(body) => request.json(body),
        None => request.form(form),
    };
    let response = request.send().await.unwrap();
    assert!(
        response.status().is_success(),
        "{endpoint}: {}",
        response.status()
    );
    response
}

#[tokio::test]
async fn w01_no_ceremony_cookie_or_authenticator_secret_reaches_the_process_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database_url(dir.path()).await;
    let log = dir.path().join("quire.log");
    let port = free_port();
    let server = start_binary(port, &db, "debug", Some(&log)).await;
    let user = client();
    let account = [
        ("email", EMAIL),
        ("display_name", "Ada"),
        ("password", PASSWORD),
    ];
    call(&user, port, "register", &account, None).await;
    let credentials = [("email", EMAIL), ("password", PASSWORD)];
    call(&user, port, "sign_in", &credentials, None).await;
    let mut secrets = vec![verify_address(&user, port).await];

    call(&user, port, "start_totp_setup", &[], None).await;
    let status: serde_json::Value = call(&user, port, "security_status", &[], None)
        .await
        .json()
        .await
        .unwrap();
    let secret = status["setup"]["secret"].as_str().unwrap().to_owned();
    let bytes = totp_rs::Secret::try_from_base32(&secret).unwrap();
    let code = totp_rs::Builder::new().with_secret(bytes).build().unwrap();
    let code = code.generate_current().to_string();
    call(&user, port, "confirm_totp", &[("code", &code)], None).await;
    secrets.push(secret);

    let mut key = Authenticator::new(&binary_origin(port));
    let options = call(&user, port, "start_passkey_registration", &[], None).await;
    secrets.extend(set_cookie_headers(&options).iter().map(|c| cookie_pair(c)));
    let credential = key.register(&options.json().await.unwrap());
    let added = serde_json::json!({ "name": "Laptop", "credential": credential });
    call(
        &user,
        port,
        "finish_passkey_registration",
        &[],
        Some(&added),
    )
    .await;
    let phone = client();
    key.counter += 1;
    let options = call(
        &phone,
        port,
        "start_passkey_sign_in",
        &[("autofill", "false")],
        None,
    )
    .await;
    secrets.extend(set_cookie_headers(&options).iter().map(|c| cookie_pair(c)));
    let signed = key.sign(&options.json().await.unwrap());
    let body = serde_json::json!({ "credential": signed, "remember": false });
    let session = call(&phone, port, "finish_passkey_sign_in", &[], Some(&body)).await;
    secrets.extend(set_cookie_headers(&session).iter().map(|c| cookie_pair(c)));
    drop(server);

    let output = std::fs::read_to_string(&log).unwrap();
    assert!(output.contains("passkey_added"), "the log is on");
    assert!(secrets.len() >= 4, "{secrets:?}");
    for secret in secrets.iter().filter(|s| !s.ends_with('=')) {
        let value = secret.split('=').next_back().unwrap();
        assert!(
            !output.contains(value),
            "the process log holds a secret: {secret}"
        );
    }
}
