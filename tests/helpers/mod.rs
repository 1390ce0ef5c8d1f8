use quire::{composition::startup::Application, server::config::Config};

use quire_auth::{clock::MockClock, db::Db};

mod accounts;
mod api;
mod audited;
mod bulk;
mod content;
mod database;
mod doors;
mod endpoints;
mod events;
mod factors;
mod holds;
mod mail;
mod passkeys;
mod process;
mod releases;
mod smtp;
pub use accounts::*;
pub use api::*;
pub use audited::{audited_app, every_audited_action, AGENT};
pub use database::{fresh_database_url, mentions_the_database, on_postgres, outage, UsersLock};
pub use doors::{Door, DOORS};
pub use endpoints::ENDPOINTS;
pub use holds::{Hold, Holds, HOLD_HEADER};
pub use mail::{NEW_PASSWORD, RESET_SUBJECT};
pub use passkeys::passkey_app_with;
/// The software passkey of quire-auth's test-support: real signatures from a key in memory.
pub use quire_auth::passkeys::soft::SoftPasskey as Authenticator;
pub use releases::{newest_id, Release};
use reqwest::{header, Client, Response, StatusCode};
pub use smtp::*;
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
    /// The running app's state: tests wake its mail worker after moving the clock.
    pub state: quire::server::state::AppState,
    _dir: TempDir,
    _shutdown: oneshot::Sender<()>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// An app whose mail goes by SMTP to a fresh sink.
pub async fn spawn_app_with_sink() -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start();
    let app = spawn_app_with(|c| sink.configure(c)).await;
    (app, sink)
}

pub async fn spawn_app_with(customise: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::default();
    config.database.url = fresh_database_url(dir.path()).await;
    config.site.address = "127.0.0.1:0".parse().unwrap();
    config.site.origin = "http://127.0.0.1".into();
    config.log.level = "warn".into();
    config.mail.outbox_dir = dir.path().join("outbox");
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
    let state = app.state().clone();
    tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    TestApp {
        addr,
        clock,
        db,
        holds,
        state,
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

/// A browser-like client that sends `agent` as its user agent.
pub fn client_with_agent(agent: &str) -> Client {
    Client::builder()
        .cookie_store(true)
        .user_agent(agent.to_owned())
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
        self.state.config.site.origin.clone()
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

    pub async fn page(&self, client: &Client, path: &str) -> String {
        let response = client.get(self.url(path)).send().await.expect("page loads");
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.text().await.unwrap()
    }

    /// Admin → Users as JSON, searched for `query`, as `admin` sees it.
    pub async fn admin_users(&self, admin: &Client, query: &str) -> serde_json::Value {
        let listed = self.call(admin, "admin_users", &[("query", query)]).await;
        listed.json().await.unwrap()
    }

    /// Who did the (first) `event` in the audit log.
    pub async fn actor_of(&self, event: &str) -> Option<i64> {
        quire_auth::on_db!(self.db, |exe| sqlx::query_scalar(
            "SELECT actor_id FROM audit_log WHERE event = $1 ORDER BY id LIMIT 1"
        )
        .bind(event)
        .fetch_one(exe)
        .await)
        .unwrap()
    }

    pub async fn count(&self, table: &str) -> i64 {
        quire_auth::on_db!(self.db, |exe| sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {table}"
        ))
        .fetch_one(exe)
        .await)
        .unwrap()
    }

    /// Takes every connection, the readers of the per-request lookup included, and keeps them
    /// until the returned value is dropped: from then on any database access waits.
    pub async fn hold_connections(&self) -> Vec<Box<dyn std::any::Any + Send>> {
        let mut held = self.hold_pool().await;
        if let Some(readers) = self.db.readers() {
            held.push(Box::new(readers.hold_all().await));
        }
        held
    }

    /// Takes every pooled connection but leaves the lookup's readers (SQLite): requests are
    /// still authenticated, and whatever else they read waits.
    pub async fn hold_pool(&self) -> Vec<Box<dyn std::any::Any + Send>> {
        let mut held: Vec<Box<dyn std::any::Any + Send>> = Vec::new();
        match self.db.handle() {
            quire_auth::db::Handle::Sqlite(pool) => {
                for _ in 0..pool.options().get_max_connections() {
                    held.push(Box::new(pool.acquire().await.unwrap()));
                }
            }
            quire_auth::db::Handle::Postgres(pool) => {
                for _ in 0..pool.options().get_max_connections() {
                    held.push(Box::new(pool.acquire().await.unwrap()));
                }
            }
        }
        held
    }
}

pub use process::*;
