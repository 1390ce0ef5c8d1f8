use quire::server::{clock::MockClock, config::Config, db::Db, startup::Application};

mod content;
mod holds;
mod process;
pub use holds::{Hold, Holds, HOLD_HEADER};
use reqwest::{header, Client, Response, StatusCode};
use std::{net::SocketAddr, sync::Arc};
use tempfile::TempDir;
use tokio::sync::oneshot;

pub const PASSWORD: &str = "a long enough passphrase";

pub struct TestApp {
    pub addr: SocketAddr,
    pub clock: MockClock,
    pub db: Db,
    /// Requests carrying [`HOLD_HEADER`] wait here after authenticating.
    pub holds: Holds,
    _dir: TempDir,
    _shutdown: oneshot::Sender<()>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(customise: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::default();
    config.database.url = format!("sqlite://{}/quire.db", dir.path().display());
    config.site.address = "127.0.0.1:0".parse().unwrap();
    config.log.level = "warn".into();
    customise(&mut config);
    quire::server::telemetry::init(&config.log.level);
    let clock = MockClock::new();
    let holds = Holds::default();
    let app = Application::build_with_gate(config, Arc::new(clock.clone()), holds.gate())
        .await
        .expect("app builds");
    let (tx, rx) = oneshot::channel::<()>();
    let addr = app.local_addr();
    let db = app.state().db.clone();
    tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    TestApp {
        addr,
        clock,
        db,
        holds,
        _dir: dir,
        _shutdown: tx,
    }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A client that keeps no cookies, for sending hand-made `Cookie` headers.
pub fn bare_client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// The site's origin, as a same-origin browser request carries it.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A POST as a same-origin page would send it.
    pub fn post(&self, client: &Client, path: &str) -> reqwest::RequestBuilder {
        client
            .post(self.url(path))
            .header(header::ORIGIN, self.origin())
    }

    /// Calls a server function the way the hydrated app does (form-encoded, not HTML).
    pub async fn call(&self, client: &Client, endpoint: &str, form: &[(&str, &str)]) -> Response {
        self.post(client, &format!("/api/{endpoint}"))
            .header(header::ACCEPT, "application/json")
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn register(&self, client: &Client, email: &str, name: &str) -> Response {
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

    pub async fn page(&self, client: &Client, path: &str) -> String {
        let response = client.get(self.url(path)).send().await.expect("page loads");
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.text().await.unwrap()
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

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&self.db)
            .await
            .unwrap()
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

    pub async fn user_id(&self, email: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&self.db)
            .await
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

pub use process::*;
