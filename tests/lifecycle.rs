//! L06–L11: password change, deactivation, fresh roles, session list and revoke, cap, sudo.
use crate::helpers::*;
use reqwest::StatusCode;
use time::Duration;

const EMAIL: &str = "ada@example.org";
const NEW_PASSWORD: &str = "an even longer passphrase";

async fn app_with_user() -> (TestApp, reqwest::Client) {
    let app = spawn_app().await;
    let client = client();
    assert_eq!(
        app.register(&client, EMAIL, "Ada").await.status(),
        StatusCode::OK
    );
    (app, client)
}

#[tokio::test]
async fn l06_password_change_revokes_other_sessions_and_rotates_the_current_one() {
    let (app, a) = app_with_user().await;
    let b = app.signed_in_client(EMAIL, PASSWORD).await;
    let before = app.count("auth_sessions").await;
    assert_eq!(before, 2);

    let form = [
        ("current_password", PASSWORD),
        ("new_password", NEW_PASSWORD),
    ];
    let response = app.call(&a, "change_password", &form).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        session_cookie(&response, "quire_session").is_some(),
        "current session rotated"
    );

    assert!(
        app.is_signed_in(&a).await,
        "A keeps working on its new cookie"
    );
    assert!(!app.is_signed_in(&b).await, "B is signed out");
    assert_eq!(app.count("auth_sessions").await, 1);
    assert_eq!(
        app.sign_in(&client(), EMAIL, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in(&client(), EMAIL, NEW_PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn p05_changing_the_password_requires_the_current_one() {
    let (app, a) = app_with_user().await;
    let b = app.signed_in_client(EMAIL, PASSWORD).await;
    let form = [
        ("current_password", "a wrong guess!"),
        ("new_password", NEW_PASSWORD),
    ];
    let response = app.call(&a, "change_password", &form).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.unwrap().contains("current_password"));
    assert!(app.is_signed_in(&b).await, "nothing was revoked");
    assert_eq!(
        app.sign_in(&client(), EMAIL, PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn l07_a_deactivated_user_is_signed_out_on_the_next_request() {
    let (app, a) = app_with_user().await;
    let b = app.signed_in_client(EMAIL, PASSWORD).await;
    quire_auth::on_db!(app.db, |exe| sqlx::query(
        "UPDATE auth_accounts SET active = FALSE"
    )
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))
    .unwrap();
    assert!(!app.is_signed_in(&a).await);
    assert!(!app.is_signed_in(&b).await);
    assert_eq!(
        app.count("auth_sessions").await,
        0,
        "their sessions are deleted"
    );
    assert_eq!(
        app.sign_in(&client(), EMAIL, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn l08_a_role_change_applies_on_the_very_next_request() {
    let (app, a) = app_with_user().await;
    let role = |body: String| body.contains("\"role\":\"author\"");
    let before = app
        .call(&a, "current_user", &[])
        .await
        .text()
        .await
        .unwrap();
    assert!(!role(before.clone()), "{before}");
    quire_auth::on_db!(app.db, |exe| sqlx::query(
        "UPDATE users SET role = 'author'"
    )
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))
    .unwrap();
    let after = app
        .call(&a, "current_user", &[])
        .await
        .text()
        .await
        .unwrap();
    assert!(role(after.clone()), "{after}");
}

#[tokio::test]
async fn l09_a_user_lists_their_sessions_and_revokes_one_or_all_others() {
    let (app, a) = app_with_user().await;
    let b = app.signed_in_client(EMAIL, PASSWORD).await;
    let c = app.signed_in_client(EMAIL, PASSWORD).await;
    let list = app.handles(&a).await;
    assert_eq!(list.len(), 3);
    assert_eq!(list.iter().filter(|(_, current)| *current).count(), 1);

    let b_handle = app
        .handles(&b)
        .await
        .into_iter()
        .find(|(_, cur)| *cur)
        .unwrap()
        .0;
    let revoked = app
        .call(&a, "revoke_session", &[("handle", &b_handle)])
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    assert!(!app.is_signed_in(&b).await);
    assert!(app.is_signed_in(&c).await);

    let unknown = app
        .call(&a, "revoke_session", &[("handle", &b_handle)])
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    let others = app.call(&a, "revoke_other_sessions", &[]).await;
    assert_eq!(others.text().await.unwrap(), "1");
    assert!(!app.is_signed_in(&c).await);
    assert!(app.is_signed_in(&a).await);
}

#[tokio::test]
async fn l09_a_user_cannot_revoke_someone_elses_session() {
    let (app, a) = app_with_user().await;
    let eve = client();
    app.register(&eve, "eve@example.org", "Eve").await;
    let a_handle = app.handles(&a).await[0].0.clone();
    let attempt = app
        .call(&eve, "revoke_session", &[("handle", &a_handle)])
        .await;
    assert_eq!(attempt.status(), StatusCode::NOT_FOUND);
    assert!(app.is_signed_in(&a).await);
}

#[tokio::test]
async fn l09_the_admin_operation_revokes_all_sessions_of_a_user() {
    let (app, a) = app_with_user().await;
    let b = app.signed_in_client(EMAIL, PASSWORD).await;
    let other = client();
    app.register(&other, "bo@example.org", "Bo").await;
    let id = app.user_id(EMAIL).await;
    let ended = quire::auth::server::revoke_all_credentials(&app.db, id, 0)
        .await
        .unwrap()
        .sessions_ended;
    assert_eq!(ended, 2);
    assert!(!app.is_signed_in(&a).await && !app.is_signed_in(&b).await);
    assert!(app.is_signed_in(&other).await, "other users are untouched");
}

#[tokio::test]
async fn l10_signing_in_beyond_the_cap_evicts_the_oldest_session() {
    let app = spawn_app_with(|c| c.session.max_per_user = 3).await;
    let first = client();
    app.register(&first, EMAIL, "Ada").await;
    let mut later = Vec::new();
    for _ in 0..3 {
        app.clock.advance(Duration::seconds(1));
        later.push(app.signed_in_client(EMAIL, PASSWORD).await);
    }
    assert_eq!(app.count("auth_sessions").await, 3);
    assert!(!app.is_signed_in(&first).await, "the oldest was evicted");
    for client in &later {
        assert!(app.is_signed_in(client).await);
    }
}

#[tokio::test]
async fn l11_revoking_needs_a_password_entered_in_the_last_ten_minutes() {
    let (app, a) = app_with_user().await;
    let b = app.signed_in_client(EMAIL, PASSWORD).await;
    app.clock.advance(Duration::minutes(11));
    assert!(
        app.is_signed_in(&a).await,
        "still signed in: activity keeps the session"
    );

    let refused = app.call(&a, "revoke_other_sessions", &[]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("SudoRequired"));
    assert!(app.is_signed_in(&b).await);

    let wrong = app
        .call(&a, "confirm_password", &[("password", "not it at all")])
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let confirmed = app
        .call(&a, "confirm_password", &[("password", PASSWORD)])
        .await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    assert!(
        session_cookie(&confirmed, "quire_session").is_some(),
        "L01: re-authentication rotates the id"
    );

    let allowed = app.call(&a, "revoke_other_sessions", &[]).await;
    assert_eq!(allowed.status(), StatusCode::OK);
    assert!(!app.is_signed_in(&b).await);
}

#[tokio::test]
async fn l11_within_ten_minutes_of_sign_in_no_confirmation_is_asked() {
    let (app, a) = app_with_user().await;
    app.clock.advance(Duration::minutes(9));
    assert_eq!(
        app.call(&a, "revoke_other_sessions", &[]).await.status(),
        StatusCode::OK
    );
}
