//! The app on port 0 with a fresh database and a clock the tests move, and clients that
//! keep cookies like a browser.
use accounts_example::server::{database, router, Settings};
use leptos::prelude::LeptosOptions;
use quire_auth::clock::MockClock;
use quire_auth_leptos::{Mail, Mailer};
use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
};

pub const PASSWORD: &str = "correct horse battery";

/// The code an authenticator app with `secret` shows at `at` (unix seconds).
pub fn totp_code(secret: &secrecy::SecretString, at: i64) -> String {
    use secrecy::ExposeSecret;
    let bytes = totp_rs::Secret::try_from_base32(secret.expose_secret()).unwrap();
    let totp = totp_rs::Builder::new().with_secret(bytes).build().unwrap();
    totp.generate(at as u64).to_string()
}

/// The mail the app sent: to whom, and the reset link or what else it said.
#[derive(Clone, Default)]
pub struct Outbox(Arc<Mutex<Vec<(String, String)>>>);

#[async_trait::async_trait]
impl Mailer for Outbox {
    async fn send(&self, to: &str, mail: Mail<'_>) {
        let said = match mail {
            Mail::ResetLink { url, .. } | Mail::VerifyLink { url, .. } => url.to_owned(),
            other => format!("{other:?}"),
        };
        self.0.lock().unwrap().push((to.to_owned(), said));
    }
}

impl Outbox {
    /// The mails sent so far whose text contains `kind` (a link's path, a notice's name); the
    /// app sends after its answer, so this waits a moment for `at_least` of them.
    pub async fn sent(&self, kind: &str, at_least: usize) -> Vec<(String, String)> {
        let of_kind = || -> Vec<(String, String)> {
            let sent = self.0.lock().unwrap();
            sent.iter()
                .filter(|(_, said)| said.contains(kind))
                .cloned()
                .collect()
        };
        for _ in 0..50 {
            if of_kind().len() >= at_least {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        of_kind()
    }
}

pub struct App {
    pub base: String,
    pub db: quire_auth::db::Db,
    pub clock: MockClock,
    pub outbox: Outbox,
    _dir: tempfile::TempDir,
}

pub async fn spawn() -> App {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("accounts.db").display());
    let db = database(url).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let options = LeptosOptions::builder()
        .output_name("accounts")
        .site_addr(addr)
        .build();
    let clock = MockClock::new();
    let outbox = Outbox::default();
    let settings = Settings::default();
    let app = router(
        db.clone(),
        Arc::new(clock.clone()),
        settings,
        outbox.clone(),
        options,
    );
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    App {
        base: format!("http://{addr}"),
        db,
        clock,
        outbox,
        _dir: dir,
    }
}

pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl App {
    /// Calls server function `name` with `form`, as a script on this site would (JSON back).
    pub async fn call(
        &self,
        client: &reqwest::Client,
        name: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(format!("{}/api/auth/{name}", self.base))
            .header("Origin", &self.base)
            .header("Accept", "application/json")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Calls server function `name` with a JSON body, as the hydrated pages do for passkeys.
    pub async fn call_json(
        &self,
        client: &reqwest::Client,
        name: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        client
            .post(format!("{}/api/auth/{name}", self.base))
            .header("Origin", &self.base)
            .header("Accept", "application/json")
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// The origin passkeys are made for: localhost on the app's port.
    pub fn passkey_origin(&self) -> String {
        self.base.replace("127.0.0.1", "localhost")
    }

    /// Posts `form` to server function `name` as an HTML form without JavaScript does, from
    /// the page `from`: Leptos answers with a redirect back to it.
    pub async fn submit(
        &self,
        client: &reqwest::Client,
        name: &str,
        form: &[(&str, &str)],
        from: &str,
    ) -> reqwest::Response {
        client
            .post(format!("{}/api/auth/{name}", self.base))
            .header("Origin", &self.base)
            .header("Accept", "text/html")
            .header("Referer", format!("{}{from}", self.base))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    pub async fn page(&self, client: &reqwest::Client, url: &str) -> String {
        let url = match url.starts_with("http") {
            true => url.to_owned(),
            false => format!("{}{url}", self.base),
        };
        client.get(url).send().await.unwrap().text().await.unwrap()
    }

    /// A new account `email`, signed in in `client`.
    pub async fn signed_in(&self, client: &reqwest::Client, email: &str) {
        let form = [("email", email), ("password", PASSWORD)];
        assert_eq!(self.call(client, "register", &form).await.status(), 200);
        assert_eq!(self.call(client, "sign_in", &form).await.status(), 200);
    }

    pub async fn sessions(&self, client: &reqwest::Client) -> Vec<serde_json::Value> {
        let listed = self.call(client, "sessions", &[]).await;
        listed.json().await.unwrap()
    }

    pub async fn signed_in_as(&self, client: &reqwest::Client) -> serde_json::Value {
        self.call(client, "current_user", &[])
            .await
            .json()
            .await
            .unwrap()
    }
}
