//! The example over HTTP, as a browser without JavaScript or a script would use it: the app on
//! port 0 with a fresh database, a cookie-keeping client per browser. Through it, the tests of
//! quire-auth-leptos' server side as an adopter wires it.
use accounts_example::server::{database, router};
use leptos::prelude::LeptosOptions;
use quire_auth::totp::{self, Stage};
use secrecy::ExposeSecret;
use std::net::SocketAddr;

const PASSWORD: &str = "correct horse battery";

struct App {
    base: String,
    db: quire_auth::db::Db,
    _dir: tempfile::TempDir,
}

async fn spawn() -> App {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("accounts.db").display());
    let db = database(url).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let options = LeptosOptions::builder()
        .output_name("accounts")
        .site_addr(addr)
        .build();
    let app = router(db.clone(), options).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    App {
        base: format!("http://{addr}"),
        db,
        _dir: dir,
    }
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl App {
    /// Calls server function `name` with `form`, as a script on this site would (JSON back).
    async fn call(
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

    async fn signed_in_as(&self, client: &reqwest::Client) -> serde_json::Value {
        self.call(client, "current_user", &[])
            .await
            .json()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn w05_register_sign_in_list_and_a_password_alone_never_passes_a_second_step() {
    let app = spawn().await;
    let ada = browser();
    let form = [("email", "Ada@Example.org "), ("password", PASSWORD)];
    assert_eq!(app.call(&ada, "register", &form).await.status(), 200);
    let again = app.call(&browser(), "register", &form).await;
    assert_eq!(again.status(), 200, "a taken address answers the same");

    let signed_in = app
        .call(
            &ada,
            "sign_in",
            &[("email", "ada@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(signed_in.status(), 200);
    let user = app.signed_in_as(&ada).await;
    assert_eq!(user["name"], "ada@example.org", "{user}");
    let sessions: serde_json::Value = app.call(&ada, "sessions", &[]).await.json().await.unwrap();
    assert_eq!(sessions.as_array().map(Vec::len), Some(1), "{sessions}");
    assert_eq!(sessions[0]["current"], true);

    // Ada sets up an authenticator app (through quire-auth, as the app's own page would).
    let id = user["id"].as_i64().unwrap();
    let now = time_now();
    assert!(totp::start(&app.db, id, now).await.unwrap());
    let secret = totp::unconfirmed_secret(&app.db, id)
        .await
        .unwrap()
        .unwrap();
    let bytes = totp_rs::Secret::try_from_base32(secret.expose_secret()).unwrap();
    let code = totp_rs::Builder::new()
        .with_secret(bytes)
        .build()
        .unwrap()
        .generate(now as u64);
    let mut tx = quire_auth::db::write(&app.db).await.unwrap();
    assert!(
        totp::accept(&mut tx, id, &code.to_string(), now, Stage::SettingUp)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();

    let thief = browser();
    let refused = app
        .call(
            &thief,
            "sign_in",
            &[("email", "ada@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(refused.status(), 401);
    assert_eq!(
        refused.json::<serde_json::Value>().await.unwrap(),
        "SecondStepNeeded"
    );
    assert_eq!(app.signed_in_as(&thief).await, serde_json::Value::Null);
    let sessions: serde_json::Value = app.call(&ada, "sessions", &[]).await.json().await.unwrap();
    assert_eq!(
        sessions.as_array().map(Vec::len),
        Some(1),
        "no session was started: {sessions}"
    );

    assert_eq!(app.call(&ada, "sign_out", &[]).await.status(), 200);
    assert_eq!(app.signed_in_as(&ada).await, serde_json::Value::Null);
}

fn time_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}
