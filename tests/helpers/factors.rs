//! Two-step sign-in as a user sets it up and uses it, with codes computed from the secret the
//! way an authenticator app does.
use reqwest::{header, Client, Response, StatusCode};

use super::{TestApp, PASSWORD};

impl TestApp {
    /// Turns two-step sign-in on for the signed-in `client` (fresh sudo mode) and returns the
    /// secret its authenticator would hold. The code used is spent: a sign-in with a code needs
    /// the clock moved to the next 30-second step first.
    pub async fn enable_totp(&self, client: &Client) -> String {
        let started = self.call(client, "start_totp_setup", &[]).await;
        assert_eq!(started.status(), StatusCode::OK, "start setup");
        let status: serde_json::Value = self
            .call(client, "security_status", &[])
            .await
            .json()
            .await
            .unwrap();
        let secret = status["setup"]["secret"]
            .as_str()
            .expect("setup shown")
            .to_owned();
        let code = self.totp_code(&secret);
        let confirmed = self.call(client, "confirm_totp", &[("code", &code)]).await;
        assert_eq!(confirmed.status(), StatusCode::OK, "confirm");
        secret
    }

    /// The code an authenticator with `secret` shows now (by the app's clock).
    pub fn totp_code(&self, secret: &str) -> String {
        let bytes = totp_rs::Secret::try_from_base32(secret).unwrap();
        let totp = totp_rs::Builder::new().with_secret(bytes).build().unwrap();
        totp.generate(self.clock.now_unix() as u64).to_string()
    }

    /// The password step: for an account with two-step sign-in, it leaves `client` holding
    /// only the pending record.
    pub async fn password_step(&self, client: &Client, email: &str) -> Response {
        self.sign_in(client, email, PASSWORD).await
    }

    /// A browser signed in as `email` through both steps (the clock moves to a fresh step).
    pub async fn signed_in_client_with_code(&self, email: &str, secret: &str) -> Client {
        let browser = super::client();
        self.password_step(&browser, email).await;
        let done = self.code_step(&browser, &self.totp_code(secret)).await;
        assert_eq!(done.status(), StatusCode::OK, "two-step sign-in");
        self.clock.advance(time::Duration::seconds(30));
        browser
    }

    pub async fn code_step(&self, client: &Client, code: &str) -> Response {
        self.call(client, "sign_in_code", &[("code", code)]).await
    }

    /// New recovery codes for the signed-in `client`.
    pub async fn recovery_codes(&self, client: &Client) -> Vec<String> {
        let made = self.call(client, "create_recovery_codes", &[]).await;
        assert_eq!(made.status(), StatusCode::OK);
        made.json().await.unwrap()
    }

    /// An app's sign-in at `POST /api/v1/auth/token`, with a code or without.
    pub async fn issue_token_with_code(&self, email: &str, code: Option<&str>) -> Response {
        let mut body =
            serde_json::json!({"email": email, "password": PASSWORD, "device_name": "phone"});
        if let Some(code) = code {
            body["code"] = code.into();
        }
        reqwest::Client::new()
            .post(self.url("/api/v1/auth/token"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap()
    }
}
