//! The one layer an app adds, on an axum router: the cookie's attributes, the principal in
//! every request, `no-store` when signed in, quiet paths that neither slide nor touch cookies,
//! and a 503 rather than "signed out" while the database is away.
mod support;

use axum::{
    body::Body,
    extract::State,
    http::{header, Request, StatusCode},
    response::Response,
    routing::{get, on, MethodFilter},
    Router,
};
use quire_auth::{
    db::Handle,
    sessions::{Current, Sessions},
    ClientInfo,
};
use support::sessions::{setup, Member, Setup};
use time::Duration;
use tower::ServiceExt;
use tower_sessions::Session;

async fn whoami(Current(member): Current<Member>) -> String {
    member.map_or("nobody".into(), |m| m.name)
}

async fn sign_in(State((sessions, member)): State<(Sessions, Member)>, session: Session) {
    let client = ClientInfo::default();
    sessions
        .start(&session, &member, client, false)
        .await
        .unwrap();
}

fn app(s: &Setup, member: &Member) -> Router {
    let sessions = s.sessions(Default::default());
    let layer = sessions
        .layer::<Member>()
        .cookie_name("__Host-id")
        .quiet_paths(["/clock"])
        .build();
    Router::new()
        .route("/me", get(whoami))
        .route("/clock", get(whoami))
        .route("/sign-in", on(MethodFilter::POST, sign_in))
        .with_state((sessions, member.clone()))
        .layer(layer)
}

async fn send(app: &Router, method: &str, path: &str, cookie: Option<&str>) -> Response {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let request = request.body(Body::empty()).unwrap();
    app.clone().oneshot(request).await.unwrap()
}

fn set_cookie(response: &Response) -> Option<String> {
    let value = response.headers().get(header::SET_COOKIE)?;
    Some(value.to_str().unwrap().to_owned())
}

async fn text(response: Response) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Signs in through the app; the `name=value` the browser sends back.
async fn signed_in(app: &Router) -> String {
    let response = send(app, "POST", "/sign-in", None).await;
    let cookie = set_cookie(&response).expect("a session cookie");
    cookie.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn s05_the_cookie_is_http_only_lax_secure_host_wide() {
    let s = setup().await;
    let app = app(&s, &s.member("ada").await);
    let response = send(&app, "POST", "/sign-in", None).await;
    let cookie = set_cookie(&response).unwrap();
    assert!(cookie.starts_with("__Host-id="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
}

#[tokio::test]
async fn l08_each_request_reads_the_principal_fresh_and_s07_is_not_stored_by_caches() {
    let s = setup().await;
    let app = app(&s, &s.member("ada").await);
    let anonymous = send(&app, "GET", "/me", None).await;
    assert_eq!(anonymous.headers().get(header::CACHE_CONTROL), None);
    assert_eq!(set_cookie(&anonymous), None, "S04: no cookie for a visitor");
    assert_eq!(text(anonymous).await, "nobody");
    let cookie = signed_in(&app).await;
    let me = send(&app, "GET", "/me", Some(&cookie)).await;
    assert_eq!(me.headers()[header::CACHE_CONTROL], "no-store");
    assert_eq!(text(me).await, "ada");
    s.sql("UPDATE members SET name = 'ada lovelace'").await;
    let me = send(&app, "GET", "/me", Some(&cookie)).await;
    assert_eq!(text(me).await, "ada lovelace");
}

#[tokio::test]
async fn l02_a_quiet_path_neither_slides_the_session_nor_changes_cookies() {
    let s = setup().await;
    let app = app(&s, &s.member("ada").await);
    let cookie = signed_in(&app).await;
    let before = s.scalar("SELECT idle_expires_at FROM auth_sessions").await;
    s.clock.advance(Duration::minutes(5));
    let quiet = send(&app, "GET", "/clock", Some(&cookie)).await;
    assert_eq!(set_cookie(&quiet), None);
    assert_eq!(text(quiet).await, "ada");
    assert_eq!(
        s.scalar("SELECT idle_expires_at FROM auth_sessions").await,
        before
    );
    // A stale id on a quiet path: no removal cookie, which could sign out a tab whose other
    // request just received a new id.
    let stale = send(&app, "GET", "/clock", Some("__Host-id=stale")).await;
    assert_eq!(set_cookie(&stale), None);
    // The same request as activity slides the session and sends the cookie again.
    let active = send(&app, "GET", "/me", Some(&cookie)).await;
    assert!(set_cookie(&active).is_some());
    assert!(s.scalar("SELECT idle_expires_at FROM auth_sessions").await > before);
}

#[tokio::test]
async fn r05_while_the_database_is_away_a_signed_in_request_gets_503_not_signed_out() {
    let s = setup().await;
    let app = app(&s, &s.member("ada").await);
    let cookie = signed_in(&app).await;
    // Every connection gone: the pool's closed, and SQLite's readers of the lookup held.
    let readers = s.test.db.readers();
    let _held = match readers {
        Some(readers) => readers.hold_all().await,
        None => Vec::new(),
    };
    match s.test.db.handle() {
        Handle::Sqlite(pool) => pool.close().await,
        Handle::Postgres(pool) => pool.close().await,
    }
    let response = send(&app, "GET", "/me", Some(&cookie)).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.headers().contains_key(header::RETRY_AFTER));
    assert_eq!(set_cookie(&response), None, "the cookie is kept");
}
