//! First-run setup, the admin console's operations (L07, L09, L11), and the demo seed.
use crate::helpers::*;
use reqwest::StatusCode;

async fn create_admin(app: &TestApp, client: &reqwest::Client, email: &str) -> reqwest::Response {
    let form = [
        ("email", email),
        ("display_name", "Root"),
        ("password", PASSWORD),
    ];
    app.call(client, "create_first_admin", &form).await
}

#[tokio::test]
async fn setup_creates_the_first_admin_once_then_is_gone() {
    let app = spawn_app().await;
    app.register(&client(), "early@example.org", "Early").await;
    let role: String =
        quire_auth::on_db!(app.db, |exe| sqlx::query_scalar("SELECT role FROM users")
            .fetch_one(exe)
            .await)
        .unwrap();
    assert_eq!(
        role, "reader",
        "registering never makes an admin, not even the first user"
    );
    let home = app.page(&client(), "/").await;
    assert!(
        home.contains("href=\"/setup\""),
        "the home page points to setup"
    );
    let setup = app.page(&client(), "/setup").await;
    assert!(setup.contains("name=\"password\""), "the setup form");

    let admin = client();
    assert_eq!(
        create_admin(&app, &admin, "root@example.org")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.signed_in_name(&admin).await.as_deref(),
        Some("Root"),
        "signed in"
    );
    assert_eq!(
        app.status_of(&client(), "/setup").await,
        StatusCode::NOT_FOUND
    );
    let again = create_admin(&app, &client(), "second@example.org").await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    let admins: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE role = 'admin'"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(admins, 1);
    assert!(!app.page(&client(), "/").await.contains("href=\"/setup\""));
}

#[tokio::test]
async fn two_visitors_racing_through_setup_make_one_admin() {
    let app = spawn_app().await;
    let (first, second) = (client(), client());
    // Both pass the page's "no admin yet" check before either has written: the check that
    // counts is the one inside the write transaction.
    let (a, b) = tokio::join!(
        create_admin(&app, &first, "first@example.org"),
        create_admin(&app, &second, "second@example.org"),
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::NOT_FOUND]);
    let (admins, accounts): (i64, i64) = quire_auth::on_db!(app.db, |exe| sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM users WHERE role = 'admin'), \
         (SELECT COUNT(*) FROM auth_accounts)"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(
        (admins, accounts),
        (1, 1),
        "the loser left no account behind"
    );
}

#[tokio::test]
async fn setup_refuses_weak_input_and_writes_nothing() {
    let app = spawn_app().await;
    let response = create_admin(&app, &client(), "not-an-email").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("users").await, 0);
}

/// An admin (signed in, so in sudo mode) and a reader with a browser session and a token.
async fn admin_and_reader(app: &TestApp) -> (reqwest::Client, reqwest::Client, String, String) {
    let admin = app
        .user_with_role("root@example.org", "Root", "admin")
        .await;
    let reader = client();
    app.register(&reader, EMAIL, "Ada").await;
    let token = app.token().await;
    let id = app.user_id(EMAIL).await.to_string();
    (admin, reader, token, id)
}

#[tokio::test]
async fn l07_deactivation_ends_sessions_and_tokens_and_reactivation_restores_sign_in() {
    let app = spawn_app().await;
    let (admin, reader, token, id) = admin_and_reader(&app).await;
    let form = [("user_id", id.as_str()), ("active", "false")];
    assert_eq!(
        app.call(&admin, "admin_set_active", &form).await.status(),
        StatusCode::OK
    );

    assert!(
        !app.is_signed_in(&reader).await,
        "signed out on the next request"
    );
    assert_invalid_token(app.api(&client(), "/api/v1/me", &token).await).await;
    let sessions: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM auth_sessions WHERE account_id = $1"
    )
    .bind(id.parse::<i64>().unwrap())
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(sessions, 0);
    let retry = app.sign_in(&client(), EMAIL, PASSWORD).await;
    assert_eq!(
        retry.status(),
        StatusCode::UNAUTHORIZED,
        "cannot sign in again"
    );

    let form = [("user_id", id.as_str()), ("active", "true")];
    assert_eq!(
        app.call(&admin, "admin_set_active", &form).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.sign_in(&client(), EMAIL, PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn l09_an_admin_revokes_all_sessions_of_a_user() {
    let app = spawn_app().await;
    let (admin, reader, token, id) = admin_and_reader(&app).await;
    let second = app.signed_in_client(EMAIL, PASSWORD).await;
    let response = app
        .call(&admin, "admin_revoke_sessions", &[("user_id", &id)])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "2");
    assert!(!app.is_signed_in(&reader).await && !app.is_signed_in(&second).await);
    assert_invalid_token(app.api(&client(), "/api/v1/me", &token).await).await;
    assert!(
        app.is_signed_in(&admin).await,
        "the admin's own session is untouched"
    );
}

#[tokio::test]
async fn l11_admin_changes_need_a_recent_password_and_never_target_oneself() {
    let app = spawn_app().await;
    let (admin, _reader, _token, id) = admin_and_reader(&app).await;
    app.clock.advance(time::Duration::minutes(11));
    let form = [("user_id", id.as_str()), ("role", "author")];
    let response = app.call(&admin, "admin_change_role", &form).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.text().await.unwrap().contains("SudoRequired"));
    let confirm = app
        .call(&admin, "confirm_password", &[("password", PASSWORD)])
        .await;
    assert_eq!(confirm.status(), StatusCode::OK);
    assert_eq!(
        app.call(&admin, "admin_change_role", &form).await.status(),
        StatusCode::OK
    );

    let me = app.user_id("root@example.org").await.to_string();
    let demote = [("user_id", me.as_str()), ("role", "reader")];
    let response = app.call(&admin, "admin_change_role", &demote).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "no self-demotion");
    let off = [("user_id", me.as_str()), ("active", "false")];
    let response = app.call(&admin, "admin_set_active", &off).await;
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "no self-deactivation"
    );
    let roles: Vec<String> = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT role FROM users ORDER BY id"
    )
    .fetch_all(exe)
    .await)
    .unwrap();
    assert_eq!(roles, ["admin", "author"]);
    let bad = [("user_id", id.as_str()), ("role", "superuser")];
    let response = app.call(&admin, "admin_change_role", &bad).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_users_list_searches_and_pages() {
    let app = spawn_app().await;
    let admin = app
        .user_with_role("root@example.org", "Root", "admin")
        .await;
    for n in 0..22 {
        app.register(
            &client(),
            &format!("user{n}@example.org"),
            &format!("User {n}"),
        )
        .await;
    }
    app.register(&client(), "grace_h@example.org", "Grace")
        .await;
    let first = app.page(&admin, "/admin/users").await;
    assert!(first.contains("user18@example.org") && !first.contains("user19@example.org"));
    assert!(first.contains("href=\"?page=2\""));
    let second = app.page(&admin, "/admin/users?page=2").await;
    assert!(second.contains("user19@example.org") && second.contains("grace_h@"));
    let found = app.page(&admin, "/admin/users?q=GRACE").await;
    assert!(found.contains("grace_h@example.org") && !found.contains("user1@"));
    assert!(
        found.contains("href=\"/admin/audit?user=grace_h%40example.org\""),
        "each user links to their audit entries"
    );
    let literal = app.page(&admin, "/admin/users?q=_").await;
    assert!(
        literal.contains("grace_h@") && !literal.contains("user1@"),
        "_ is not a wildcard"
    );
}

#[tokio::test]
async fn the_demo_seed_fills_a_development_database_and_refuses_production() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = quire::server::config::Config::default();
    config.database.url = fresh_database_url(dir.path()).await;
    let password = quire::composition::seed::run(&config, 1_800_000_000)
        .await
        .expect("seeded");
    assert_eq!(password.len(), 20, "a random password for this run");
    let again = quire::composition::seed::run(&config, 1_800_000_000).await;
    assert!(
        again.is_err(),
        "a second run refuses rather than duplicating"
    );

    config.site.production = true;
    config.database.url = format!("sqlite://{}/prod.db", dir.path().display());
    let refused = quire::composition::seed::run(&config, 1_800_000_000)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("production"), "{refused}");
    assert!(!dir.path().join("prod.db").exists(), "not even created");
}

#[tokio::test]
async fn r04_an_overlong_user_search_is_a_field_error_not_a_database_error() {
    let app = spawn_app().await;
    let admin = client();
    create_admin(&app, &admin, "root@example.org").await;
    let long = "x".repeat(60_000);
    let refused = app.call(&admin, "admin_users", &[("query", &long)]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("search_too_long"));
    let page = app
        .body_of(&admin, &format!("/admin/users?q={}", "y".repeat(200)))
        .await;
    assert!(
        page.contains("Search for at most 100 characters."),
        "{page}"
    );
    let fine = app
        .call(&admin, "admin_users", &[("query", &"r".repeat(100))])
        .await;
    assert_eq!(fine.status(), StatusCode::OK);
}
