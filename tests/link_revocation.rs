//! M09 and S08: every mailed link and every pending second step is a credential. For each kind,
//! and each way a user's credentials are revoked as a whole (password change, reset by link,
//! an admin ending the sessions, deactivation), a link or step issued before the revocation is
//! refused after it and changes nothing; one asked for by a request in flight across the
//! revocation is never issued.
use crate::helpers::*;
use quire_auth::links::Purpose;
use reqwest::{header, Client, StatusCode};

#[derive(Clone, Copy, Debug)]
enum Revocation {
    PasswordChange,
    Reset,
    AdminEndsSessions,
    Deactivation,
}

const WAYS: [Revocation; 4] = [
    Revocation::PasswordChange,
    Revocation::Reset,
    Revocation::AdminEndsSessions,
    Revocation::Deactivation,
];

/// The address an e-mail change link would move Ada's account to.
const THIEF: &str = "thief@example.net";

async fn revoke(app: &TestApp, way: Revocation, owner: &Client, admin: &Client) {
    let id = app.user_id(EMAIL).await.to_string();
    let response = match way {
        Revocation::PasswordChange => {
            let form = [
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ];
            app.call(owner, "change_password", &form).await
        }
        Revocation::Reset => {
            let browser = client();
            app.open_issued_link(&browser, EMAIL, Purpose::Reset, None)
                .await;
            app.reset_password(&browser, NEW_PASSWORD).await
        }
        Revocation::AdminEndsSessions => {
            let form = [("user_id", id.as_str())];
            app.call(admin, "admin_revoke_sessions", &form).await
        }
        Revocation::Deactivation => {
            let form = [("user_id", id.as_str()), ("active", "false")];
            app.call(admin, "admin_set_active", &form).await
        }
    };
    assert_eq!(response.status(), StatusCode::OK, "{way:?}");
}

/// Follows the link `browser` holds for `purpose`: the answer of its page's button.
async fn use_link(app: &TestApp, browser: &Client, purpose: Purpose) -> StatusCode {
    let (endpoint, form): (&str, &[(&str, &str)]) = match purpose {
        Purpose::Reset => (
            "reset_password",
            &[("new_password", "yet another passphrase")],
        ),
        Purpose::Verify => ("confirm_email", &[]),
        Purpose::EmailChange => ("confirm_email_change", &[]),
        Purpose::EmailChangeCancel => ("cancel_email_change", &[]),
    };
    app.call(browser, endpoint, form).await.status()
}

/// Ada (signed in as `owner`, two-step sign-in on) and an admin.
async fn ada_and_an_admin() -> (TestApp, Client, Client, String) {
    let app = spawn_app().await;
    let admin = client();
    app.first_admin(&admin).await;
    let owner = client();
    app.register(&owner, EMAIL, "Ada").await;
    let secret = app.enable_totp(&owner).await;
    app.clock.advance(time::Duration::seconds(30));
    (app, owner, admin, secret)
}

#[tokio::test]
async fn m09_no_mailed_link_of_any_kind_outlives_a_revocation_of_all_credentials() {
    for way in WAYS {
        let (app, owner, admin, _) = ada_and_an_admin().await;
        let mut held = Vec::new();
        let purposes = [
            Purpose::Reset,
            Purpose::Verify,
            Purpose::EmailChange,
            Purpose::EmailChangeCancel,
        ];
        // A reset by link issues a reset link itself, which voids an older one of its kind.
        let purposes = purposes
            .into_iter()
            .filter(|p| !matches!(way, Revocation::Reset) || *p != Purpose::Reset);
        for purpose in purposes {
            let browser = client();
            let new_email = (purpose == Purpose::EmailChange).then_some(THIEF);
            app.open_issued_link(&browser, EMAIL, purpose, new_email)
                .await;
            held.push((purpose, browser));
        }
        revoke(&app, way, &owner, &admin).await;
        for (purpose, browser) in &held {
            assert_eq!(
                use_link(&app, browser, *purpose).await,
                StatusCode::GONE,
                "{purpose:?} after {way:?}"
            );
        }
        let moved: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
            "SELECT COUNT(*) FROM auth_accounts WHERE email = $1"
        )
        .bind(THIEF)
        .fetch_one(exe)
        .await)
        .unwrap();
        assert_eq!(moved, 0, "{way:?}: the account did not move");
    }
}

#[tokio::test]
async fn s08_no_pending_second_step_outlives_a_revocation_of_all_credentials() {
    for way in WAYS {
        let (app, owner, admin, secret) = ada_and_an_admin().await;
        let thief = client();
        let step = app.password_step(&thief, EMAIL).await;
        assert_eq!(step.status(), StatusCode::OK);
        revoke(&app, way, &owner, &admin).await;
        let code = app.code_step(&thief, &app.totp_code(&secret)).await;
        assert_eq!(code.status(), StatusCode::UNAUTHORIZED, "{way:?}");
        assert!(!app.is_signed_in(&thief).await, "{way:?}");
    }
}

#[tokio::test]
async fn s08_a_password_step_finishes_only_under_the_epoch_its_password_check_read() {
    let (app, owner, _, secret) = ada_and_an_admin().await;
    let thief = client();
    app.password_step(&thief, EMAIL).await;
    // The owner signs out of another browser: every credential made before must be re-made.
    let other = app.signed_in_client_with_code(EMAIL, &secret).await;
    let signed_out = app.call(&other, "sign_out", &[]).await;
    assert_eq!(signed_out.status(), StatusCode::OK);
    let code = app.code_step(&thief, &app.totp_code(&secret)).await;
    assert_eq!(code.status(), StatusCode::UNAUTHORIZED);
    assert!(!app.is_signed_in(&thief).await);
    assert!(app.is_signed_in(&owner).await);
}

#[tokio::test]
async fn s08_a_pending_step_is_stored_only_under_the_epoch_its_password_check_read() {
    let (app, owner, _, _) = ada_and_an_admin().await;
    let id = app.user_id(EMAIL).await;
    let read: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT auth_epoch FROM auth_accounts WHERE id = $1"
    )
    .bind(id)
    .fetch_one(exe)
    .await)
    .unwrap();
    let signed_out = app.call(&owner, "sign_out", &[]).await;
    assert_eq!(signed_out.status(), StatusCode::OK);
    let now = app.clock.now_unix();
    let stale = quire_auth::pending_sign_ins::create(&app.db, id, read, false, now).await;
    assert!(
        stale.unwrap().is_none(),
        "a step for an epoch that moved is not stored"
    );
    assert_eq!(app.count("auth_pending_sign_ins").await, 0);
}

#[tokio::test]
async fn m09_an_email_change_asked_for_in_flight_across_a_password_change_is_not_issued() {
    let (app, owner, _, secret) = ada_and_an_admin().await;
    let thief = app.signed_in_client_with_code(EMAIL, &secret).await;
    let mut hold = app.holds.prepare("thief");
    let request = app
        .post(&thief, "/api/request_email_change")
        .header(header::ACCEPT, "application/json")
        .header(HOLD_HEADER, "thief")
        .form(&[("email", THIEF)]);
    let task = tokio::spawn(async move { request.send().await.unwrap().status() });
    hold.arrived().await;
    let change = [
        ("current_password", PASSWORD),
        ("new_password", NEW_PASSWORD),
    ];
    let changed = app.call(&owner, "change_password", &change).await;
    assert_eq!(changed.status(), StatusCode::OK);
    hold.release();
    assert_eq!(task.await.unwrap(), StatusCode::UNAUTHORIZED);
    let links: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM auth_links WHERE purpose LIKE 'email_change%'"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(links, 0, "no link was issued");
}
