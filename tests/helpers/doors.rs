//! The doors where a password is checked (P08), for the tests that knock on each.
use reqwest::{Client, Response};
use serde_json::json;

use super::{bare_client, client, TestApp, EMAIL};

/// An entry point that checks Ada's password.
#[derive(Clone, Copy, Debug)]
pub enum Door {
    BrowserSignIn,
    ApiSignIn,
    SudoConfirmation,
    PasswordChange,
}

/// Every door. A new entry point that checks a password belongs here.
pub const DOORS: [Door; 4] = [
    Door::BrowserSignIn,
    Door::ApiSignIn,
    Door::SudoConfirmation,
    Door::PasswordChange,
];

impl TestApp {
    /// Tries `password` for Ada at `door`; `signed_in` is a browser signed in as Ada.
    pub async fn knock(&self, signed_in: &Client, door: Door, password: &str) -> Response {
        match door {
            Door::BrowserSignIn => self.sign_in(&client(), EMAIL, password).await,
            Door::ApiSignIn => bare_client()
                .post(self.url("/api/v1/auth/token"))
                .json(&json!({ "email": EMAIL, "password": password, "device_name": "phone" }))
                .send()
                .await
                .unwrap(),
            Door::SudoConfirmation => {
                self.call(signed_in, "confirm_password", &[("password", password)])
                    .await
            }
            Door::PasswordChange => {
                let form = [
                    ("current_password", password),
                    ("new_password", "an entirely different passphrase"),
                ];
                self.call(signed_in, "change_password", &form).await
            }
        }
    }
}
