//! Accounts: registering, signing in, who is signed in, sessions and cookies.
use reqwest::{header, Client, Response, StatusCode};

use super::{client, TestApp, PASSWORD};

/// The account most tests act as.
pub const EMAIL: &str = "ada@example.org";

/// An app with Ada registered, and the browser she registered in (signed in).
pub async fn app_with_user() -> (TestApp, Client) {
    let app = super::spawn_app().await;
    let browser = client();
    app.register(&browser, EMAIL, "Ada").await;
    (app, browser)
}

impl TestApp {
    /// Registers, verifies the address as its link would, and signs in with `client`: the
    /// account most tests need. Answers the sign-in's response (with the session cookie), or
    /// the registration's when it was refused. Tests of registration itself use
    /// [`TestApp::register_only`].
    pub async fn register(&self, client: &Client, email: &str, name: &str) -> Response {
        let response = self.register_only(client, email, name).await;
        if !response.status().is_success() {
            return response;
        }
        quire_auth::on_db!(self.db, |exe| sqlx::query(
            "UPDATE auth_accounts SET email_verified = TRUE WHERE email = $1"
        )
        .bind(email.trim().to_lowercase())
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))
        .unwrap();
        let signed_in = self.sign_in(client, email, PASSWORD).await;
        assert_eq!(
            signed_in.status(),
            StatusCode::OK,
            "sign-in after registering {email}"
        );
        signed_in
    }

    /// Makes `root@example.org` the first admin at `/setup`, signed in with `client`.
    pub async fn first_admin(&self, client: &Client) {
        let setup = [
            ("email", "root@example.org"),
            ("display_name", "Root"),
            ("password", PASSWORD),
        ];
        let made = self.call(client, "create_first_admin", &setup).await;
        assert_eq!(made.status(), StatusCode::OK, "first admin");
    }

    /// The registration form's server function alone: mails a link, signs nobody in.
    pub async fn register_only(&self, client: &Client, email: &str, name: &str) -> Response {
        self.call(
            client,
            "register",
            &[
                ("email", email),
                ("display_name", name),
                ("password", PASSWORD),
            ],
        )
        .await
    }

    pub async fn sign_in(&self, client: &Client, email: &str, password: &str) -> Response {
        self.call(
            client,
            "sign_in",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// The name in the header's account area, as the server renders it in place (not in a
    /// streamed template that needs JavaScript). Panics if the area shows neither state.
    pub async fn signed_in_name(&self, client: &Client) -> Option<String> {
        let html = self.page(client, "/").await;
        let nav_start = html
            .find("<nav aria-label=\"Account\"")
            .expect("account nav");
        let html = &html[nav_start..nav_start + html[nav_start..].find("</nav>").unwrap()];
        if html.contains("href=\"/sign-in\"") {
            return None;
        }
        let start = html
            .find("Signed in as <strong>")
            .expect("nav shows a state")
            + "Signed in as <strong>".len();
        let end = html[start..].find("</strong>")? + start;
        Some(html[start..end].to_owned())
    }
}

/// The session cookie's `name=value` from a response's `Set-Cookie`, if one was set.
pub fn session_cookie(response: &Response, name: &str) -> Option<String> {
    set_cookie_headers(response)
        .into_iter()
        .find(|c| c.starts_with(&format!("{name}=")))
}

pub fn set_cookie_headers(response: &Response) -> Vec<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// `name=value` from a full `Set-Cookie` line.
pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().trim().to_owned()
}

impl TestApp {
    /// A new client (a separate device) signed in as `email`.
    pub async fn signed_in_client(&self, email: &str, password: &str) -> Client {
        let client = client();
        let response = self.sign_in(&client, email, password).await;
        assert_eq!(response.status(), StatusCode::OK, "sign-in as {email}");
        client
    }

    /// An account made straight in the database, with `password_hash` as stored (an older
    /// hash, say), as a reader whose address is not verified.
    pub async fn insert_account(&self, email: &str, display_name: &str, password_hash: &str) {
        let hash = quire_auth::passwords::PasswordHashString::from_db(password_hash.to_owned());
        let account = quire_auth::accounts::NewAccount {
            email,
            password_hash: &hash,
            verified: false,
            now: 0,
        };
        let reader = quire::identity::Role::Reader;
        let mut tx = quire_auth::db::write(&self.db).await.unwrap();
        let id = quire::auth::server::insert_account(&mut tx, account, display_name, reader).await;
        assert!(id.unwrap().is_some(), "{email} is new");
        tx.commit().await.unwrap();
    }

    pub async fn user_id(&self, email: &str) -> i64 {
        quire_auth::on_db!(self.db, |exe| sqlx::query_scalar(
            "SELECT id FROM auth_accounts WHERE email = $1"
        )
        .bind(email)
        .fetch_one(exe)
        .await)
        .unwrap()
    }

    pub async fn is_signed_in(&self, client: &Client) -> bool {
        self.signed_in_name(client).await.is_some()
    }
}

impl TestApp {
    /// The client's sessions as Account → Sessions lists them: (handle, is this one).
    pub async fn handles(&self, client: &Client) -> Vec<(String, bool)> {
        let body: serde_json::Value = self
            .call(client, "list_sessions", &[])
            .await
            .json()
            .await
            .unwrap();
        body.as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["handle"].as_str().unwrap().to_owned(),
                    s["current"].as_bool().unwrap(),
                )
            })
            .collect()
    }
}
