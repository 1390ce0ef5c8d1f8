//! Passkeys: an app reached by a host name (browsers allow passkeys on no IP address), adding a
//! software passkey, and signing in with it.
use reqwest::{header, Client, Response, StatusCode};
use serde_json::{json, Value};

use super::{spawn_app_with, Authenticator, TestApp};
use quire::server::config::Config;

/// An app whose origin is `http://localhost:<port>`, customised further by `more`.
pub async fn passkey_app_with(more: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_with(|c| {
        c.site.origin = "http://localhost".into();
        more(c);
    })
    .await
}

impl TestApp {
    /// Calls a server function that takes JSON, as the hydrated app does.
    pub async fn call_json(&self, client: &Client, endpoint: &str, body: &Value) -> Response {
        self.post(client, &format!("/api/{endpoint}"))
            .header(header::ACCEPT, "application/json")
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Starts a ceremony and answers its JSON options.
    pub async fn passkey_options(
        &self,
        client: &Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> Value {
        let response = self.call(client, endpoint, form).await;
        assert_eq!(response.status(), StatusCode::OK, "{endpoint}");
        response.json().await.unwrap()
    }

    /// Adds a new software passkey named `name` to the signed-in `client` (in sudo mode).
    pub async fn add_passkey(&self, client: &Client, name: &str) -> Authenticator {
        let mut key = Authenticator::new(&self.origin());
        let options = self
            .passkey_options(client, "start_passkey_registration", &[])
            .await;
        let credential = key.register(&options);
        let body = json!({ "name": name, "credential": credential });
        let added = self
            .call_json(client, "finish_passkey_registration", &body)
            .await;
        assert_eq!(
            added.status(),
            StatusCode::OK,
            "{}",
            added.text().await.unwrap()
        );
        key
    }

    /// The options of a sign-in started with the button (not autofill).
    pub async fn sign_in_options(&self, client: &Client) -> Value {
        let form = [("autofill", "false")];
        self.passkey_options(client, "start_passkey_sign_in", &form)
            .await
    }

    /// The id of the (first) passkey stored.
    pub async fn passkey_id(&self) -> String {
        let id: i64 = quire_auth::on_db!(self.db, |exe| sqlx::query_scalar(
            "SELECT id FROM auth_passkeys ORDER BY id LIMIT 1"
        )
        .fetch_one(exe)
        .await)
        .unwrap();
        id.to_string()
    }

    /// The whole button sign-in with `key` on `client`, its counter raised first.
    pub async fn passkey_sign_in(&self, client: &Client, key: &mut Authenticator) -> Response {
        key.counter += 1;
        let options = self.sign_in_options(client).await;
        self.finish_passkey_sign_in(client, &key.sign(&options))
            .await
    }

    pub async fn finish_passkey_sign_in(&self, client: &Client, signed: &Value) -> Response {
        let body = json!({ "credential": signed, "remember": false });
        self.call_json(client, "finish_passkey_sign_in", &body)
            .await
    }
}
