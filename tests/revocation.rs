//! S08: revocation is final. For every way a session ends, a request of that session which
//! loaded it before the revocation and finishes after it (held in flight by the test gate, not
//! by sleeping) ends signed out and leaves no row. Each path is driven twice: with a request
//! that only slides the expiry, and with one that re-authenticates and so asks for a new id.
use crate::helpers::*;
use reqwest::{header, Client, StatusCode};
use time::Duration;
use tokio::task::JoinHandle;

const NEW_PASSWORD: &str = "an entirely different passphrase";

#[derive(Clone, Copy, Debug)]
enum InFlight {
    /// A page load that slides the idle expiry, so the session is saved after the handler.
    Touch,
    /// A sudo confirmation, which gives the session a new id after the handler.
    Rotate,
}

/// Sends `b`'s request and waits until it is held, its session loaded.
async fn hold(app: &TestApp, b: &Client, kind: InFlight) -> (Hold, JoinHandle<StatusCode>) {
    let mut hold = app.holds.prepare("b");
    // Past the touch interval: the held request will want to write its session back.
    app.clock.advance(Duration::seconds(61));
    let request = match kind {
        InFlight::Touch => b.get(app.url("/")),
        InFlight::Rotate => app
            .post(b, "/api/confirm_password")
            .header(header::ACCEPT, "application/json")
            .form(&[("password", PASSWORD)]),
    };
    let request = request.header(HOLD_HEADER, "b");
    let task = tokio::spawn(async move { request.send().await.unwrap().status() });
    hold.arrived().await;
    (hold, task)
}

async fn sessions_of(app: &TestApp, email: &str) -> i64 {
    quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM auth_sessions WHERE account_id = (SELECT id FROM auth_accounts WHERE email = $1)",
    )
    .bind(email)
    .fetch_one(exe)
    .await)
    .unwrap()
}

/// Ada on two devices, `a` and `b`, and an admin who signed in a moment ago.
async fn two_devices_and_an_admin() -> (TestApp, Client, Client, Client) {
    let app = spawn_app().await;
    let admin = client();
    app.first_admin(&admin).await;
    let a = client();
    app.register(&a, EMAIL, "Ada").await;
    let b = app.signed_in_client(EMAIL, PASSWORD).await;
    (app, a, b, admin)
}

/// Holds a request of `b`, runs `revoke`, releases the request, and checks that `b` is signed
/// out and that exactly `remaining` of Ada's sessions are left.
async fn revoked_while_in_flight<F>(kind: InFlight, remaining: i64, revoke: F)
where
    F: AsyncFnOnce(&TestApp, &Client, &Client, &Client),
{
    let (app, a, b, admin) = two_devices_and_an_admin().await;
    let (hold, request) = hold(&app, &b, kind).await;
    revoke(&app, &a, &b, &admin).await;
    hold.release();
    let status = request.await.unwrap();
    assert!(!status.is_server_error(), "{kind:?}: {status}");
    assert!(!app.is_signed_in(&b).await, "{kind:?}: b is signed out");
    assert_eq!(sessions_of(&app, EMAIL).await, remaining, "{kind:?}: rows");
}

async fn ok(response: reqwest::Response) {
    let status = response.status();
    assert_eq!(status, StatusCode::OK, "{}", response.text().await.unwrap());
}

#[tokio::test]
async fn s08_a_password_change_is_final_for_requests_in_flight() {
    for kind in [InFlight::Touch, InFlight::Rotate] {
        revoked_while_in_flight(kind, 1, async |app, a, _, _| {
            let form = [
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ];
            ok(app.call(a, "change_password", &form).await).await;
        })
        .await;
    }
}

#[tokio::test]
async fn s08_revoking_one_session_is_final_for_requests_in_flight() {
    for kind in [InFlight::Touch, InFlight::Rotate] {
        revoked_while_in_flight(kind, 1, async |app, a, _, _| {
            let handles = app.handles(a).await;
            let (other, _) = handles.iter().find(|(_, current)| !current).unwrap();
            ok(app.call(a, "revoke_session", &[("handle", other)]).await).await;
        })
        .await;
    }
}

#[tokio::test]
async fn s08_signing_out_everywhere_else_is_final_for_requests_in_flight() {
    for kind in [InFlight::Touch, InFlight::Rotate] {
        revoked_while_in_flight(kind, 1, async |app, a, _, _| {
            ok(app.call(a, "revoke_other_sessions", &[]).await).await;
        })
        .await;
    }
}

#[tokio::test]
async fn s08_signing_out_is_final_for_the_same_sessions_other_requests() {
    for kind in [InFlight::Touch, InFlight::Rotate] {
        revoked_while_in_flight(kind, 1, async |app, _, b, _| {
            ok(app.call(b, "sign_out", &[]).await).await;
        })
        .await;
    }
}

#[tokio::test]
async fn s08_an_admin_ending_sessions_is_final_for_requests_in_flight() {
    for kind in [InFlight::Touch, InFlight::Rotate] {
        revoked_while_in_flight(kind, 0, async |app, _, _, admin| {
            let id = app.user_id(EMAIL).await.to_string();
            let form = [("user_id", id.as_str())];
            ok(app.call(admin, "admin_revoke_sessions", &form).await).await;
        })
        .await;
    }
}

#[tokio::test]
async fn s08_deactivation_is_final_for_requests_in_flight() {
    for kind in [InFlight::Touch, InFlight::Rotate] {
        revoked_while_in_flight(kind, 0, async |app, _, _, admin| {
            let id = app.user_id(EMAIL).await.to_string();
            let form = [("user_id", id.as_str()), ("active", "false")];
            ok(app.call(admin, "admin_set_active", &form).await).await;
        })
        .await;
    }
}

#[tokio::test]
async fn s08_a_token_created_by_a_request_in_flight_across_a_password_change_is_not_stored() {
    let (app, a, b, _) = two_devices_and_an_admin().await;
    let mut hold = app.holds.prepare("b");
    let form = [
        ("name", "ci"),
        ("expires_days", "30"),
        ("profile_read", "on"),
    ];
    let request = app
        .post(&b, "/api/create_token")
        .header(header::ACCEPT, "application/json")
        .header(HOLD_HEADER, "b")
        .form(&form);
    let task = tokio::spawn(async move { request.send().await.unwrap() });
    hold.arrived().await;
    let change = [
        ("current_password", PASSWORD),
        ("new_password", NEW_PASSWORD),
    ];
    ok(app.call(&a, "change_password", &change).await).await;
    hold.release();
    let response = task.await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let live: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM auth_tokens WHERE revoked_at IS NULL"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(live, 0, "no token outlives the password change");
}

#[tokio::test]
async fn s08_a_revoked_token_stays_revoked_after_its_own_request_in_flight() {
    let (app, _, _, _) = two_devices_and_an_admin().await;
    let token = app.token().await;
    let mut hold = app.holds.prepare("t");
    // Past the last-used resolution, so the held request writes to the token's row.
    app.clock.advance(Duration::seconds(61));
    let request = bare_client()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .header(HOLD_HEADER, "t");
    let task = tokio::spawn(async move { request.send().await.unwrap().status() });
    hold.arrived().await;
    let revoke = app.revoke_own_token(&token).await;
    assert!(revoke.status().is_success(), "{}", revoke.status());
    hold.release();
    assert!(!task.await.unwrap().is_server_error());
    let response = app.api(&bare_client(), "/api/v1/me", &token).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}
