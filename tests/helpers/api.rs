//! The token API: app tokens, bearer calls, and the one 401 every dead token gets.
use reqwest::{header, Client, Response, StatusCode};
use serde_json::{json, Value};

use super::{bare_client, TestApp, EMAIL, PASSWORD};

impl TestApp {
    pub async fn issue_token(&self, email: &str, password: &str) -> Response {
        bare_client()
            .post(self.url("/api/v1/auth/token"))
            .json(&json!({ "email": email, "password": password, "device_name": "Ada's phone" }))
            .send()
            .await
            .unwrap()
    }

    pub async fn token(&self) -> String {
        let response = self.issue_token(EMAIL, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// `DELETE /api/v1/auth/token`: the token revokes itself.
    pub async fn revoke_own_token(&self, token: &str) -> Response {
        bare_client()
            .delete(self.url("/api/v1/auth/token"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn api(&self, client: &Client, path: &str, token: &str) -> Response {
        client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }
}

pub async fn assert_invalid_token(response: Response) {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.headers()[header::WWW_AUTHENTICATE]
        .to_str()
        .unwrap()
        .starts_with("Bearer"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "invalid_token");
}
