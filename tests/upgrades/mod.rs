//! A database made by an earlier Quire starts with today's: tables that moved into quire-auth's
//! own migration sequence take their rows with them. Second factors and passkeys are in
//! `factors.rs`.
use crate::helpers::*;
use quire::server::{config::DatabaseConfig, database};

mod factors;

#[tokio::test]
async fn d01_rate_limits_counted_before_the_move_to_quire_auth_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let insert = "INSERT INTO rate_limits (key, tat, blocked_until, refusals) \
                  VALUES ('sign-in:ip:hash', 4102444800000, 4102444800000, 3)";
    let release = Release { quire: 15, auth: 0 };
    let url = release.database(dir.path(), &[insert]).await;
    let config = DatabaseConfig {
        url,
        ..DatabaseConfig::default()
    };
    let db = database::connect(&config)
        .await
        .expect("today's Quire starts");
    let kept: (i64, i64) = quire_auth::on_db!(db, |exe| sqlx::query_as(
        "SELECT blocked_until, refusals FROM auth_rate_limits WHERE key = 'sign-in:ip:hash'"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(kept, (4102444800000, 3));
}

#[tokio::test]
async fn a_browser_signed_in_before_sessions_moved_to_quire_auth_stays_signed_in() {
    let dir = tempfile::tempdir().unwrap();
    let id = tower_sessions::session::Id::default();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let later = now + 3_600;
    // The row and record exactly as release 16's store wrote them (the account's id was
    // `user_id` in both).
    let user =
        "INSERT INTO users (id, email, display_name, password_hash, created_at, updated_at) \
                VALUES (7, 'ada@example.org', 'Ada', 'x', 0, 0)";
    let data = format!(
        r#"{{"auth":{{"user_id":7,"created_at":{now},"absolute_expires_at":{later},"seen_at":{now},"ip":"","user_agent":"","remember":false,"sudo_at":{now}}}}}"#
    );
    let session = format!(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, idle_expires_at, \
         absolute_expires_at, data) VALUES ('{}', 7, {now}, {now}, {later}, {later}, '{data}')",
        quire_auth::secret::sha256_hex(id.to_string().as_bytes()),
    );
    let release = Release {
        quire: 16,
        auth: 900000000001,
    };
    let url = release.database(dir.path(), &[user, &session]).await;
    let app = spawn_app_with(|config| config.database.url = url).await;
    let cookie = format!("{}={id}", app.state.config.session_cookie_name());
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
    let browser = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    assert_eq!(app.signed_in_name(&browser).await.as_deref(), Some("Ada"));
    assert_eq!(app.count("auth_sessions").await, 1);
}

#[tokio::test]
async fn accounts_that_moved_to_quire_auth_keep_their_password_posts_and_comments() {
    let dir = tempfile::tempdir().unwrap();
    let hash = quire_auth::passwords::Passwords::new()
        .hash(secrecy::SecretString::from("correct horse battery"))
        .await
        .unwrap();
    // Release 17's tables, and an author with a post and a comment. Moving the account must
    // not take them along (on SQLite, dropping the old users table with foreign keys on would
    // delete both through ON DELETE CASCADE).
    let user = format!(
        "INSERT INTO users (id, email, display_name, password_hash, role, email_verified, \
                            created_at, updated_at) \
         VALUES (7, 'ada@example.org', 'Ada', '{}', 'author', TRUE, 0, 0)",
        hash.as_db()
    );
    let post = "INSERT INTO posts (id, author_id, slug, title, body, published, published_at, \
                                   created_at, updated_at) \
                VALUES (1, 7, 'kept', 'Kept', 'A post.', TRUE, 0, 0, 0)";
    let comment = "INSERT INTO comments (post_id, author_id, body, created_at) \
                   VALUES (1, 7, 'Still here.', 0)";
    let release = Release {
        quire: 17,
        auth: 900000000002,
    };
    let url = release.database(dir.path(), &[&user, post, comment]).await;
    let app = spawn_app_with(|config| config.database.url = url).await;
    assert_eq!(
        (app.count("posts").await, app.count("comments").await),
        (1, 1)
    );
    let ada = client();
    let signed_in = app.sign_in(&ada, "ada@example.org", "correct horse battery");
    assert_eq!(signed_in.await.status(), reqwest::StatusCode::OK);
    assert_eq!(app.signed_in_name(&ada).await.as_deref(), Some("Ada"));
    // A new account takes an id after the ones that moved (PostgreSQL's identity included).
    app.register(&client(), "grace@example.org", "Grace").await;
    assert_eq!(app.user_id("grace@example.org").await, 8);
}

#[tokio::test]
async fn tokens_that_moved_to_quire_auth_keep_working_and_revoked_ones_stay_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let format = quire_auth::token_format::TokenFormat::new("quire");
    let kind = quire_auth::token_format::TokenKind::Pat;
    let (live, revoked) = (format.generate(kind), format.generate(kind));
    // Release 18's tables: the account already quire-auth's, its tokens still Quire's.
    let account = "INSERT INTO auth_accounts (id, email, password_hash, email_verified, \
                   created_at, updated_at) VALUES (7, 'ada@example.org', 'x', TRUE, 0, 0)";
    let user = "INSERT INTO users (id, display_name, created_at, updated_at) \
                VALUES (7, 'Ada', 0, 0)";
    let token = |id: i64, secret: &str, revoked_at: &str| {
        format!(
            "INSERT INTO api_tokens (id, user_id, kind, name, token_hash, prefix, last4, scopes, \
             created_at, expires_at, revoked_at) VALUES ({id}, 7, 'pat', 'old', '{}', \
             'quire_pat_', 'abcd', 'profile:read', 0, 4102444800, {revoked_at})",
            quire_auth::token_format::hash(secret)
        )
    };
    let (live_row, revoked_row) = (token(3, &live, "NULL"), token(4, &revoked, "1"));
    let release = Release {
        quire: 18,
        auth: 900000000003,
    };
    let url = release
        .database(dir.path(), &[account, user, &live_row, &revoked_row])
        .await;
    let app = spawn_app_with(|config| config.database.url = url).await;
    let me = app.api(&client(), "/api/v1/me", &live).await;
    assert_eq!(me.status(), reqwest::StatusCode::OK);
    let refused = app.api(&client(), "/api/v1/me", &revoked).await;
    assert_eq!(refused.status(), reqwest::StatusCode::UNAUTHORIZED);
    // A new token takes an id after the ones that moved (PostgreSQL's identity included).
    let owner = app.identity("ada@example.org").await;
    let mut tx = quire_auth::db::write(&app.db).await.unwrap();
    let scopes = [quire::api::Scope::ProfileRead];
    (app.state.tokens)
        .issue(&mut tx, &owner, kind, "new", &scopes, 4102444800)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(newest_id(&app, "auth_tokens").await, 5);
}

#[tokio::test]
async fn mailed_links_that_moved_to_quire_auth_still_work_once_and_spent_ones_stay_spent() {
    use quire_auth::links::{self, Purpose};
    let dir = tempfile::tempdir().unwrap();
    let (live, spent) = ("a".repeat(40), "b".repeat(40));
    // Release 19's tables: tokens already quire-auth's, links still Quire's.
    let account = "INSERT INTO auth_accounts (id, email, password_hash, created_at, updated_at) \
                   VALUES (7, 'ada@example.org', 'x', 0, 0)";
    let user = "INSERT INTO users (id, display_name, created_at, updated_at) \
                VALUES (7, 'Ada', 0, 0)";
    let link = |id: i64, secret: &str, spent_at: &str| {
        format!(
            "INSERT INTO account_links (id, user_id, purpose, token_hash, created_at, expires_at, \
             spent_at) VALUES ({id}, 7, 'reset', '{}', 0, 4102444800, {spent_at})",
            quire_auth::secret::sha256_hex(secret.as_bytes())
        )
    };
    let (live_row, spent_row) = (link(3, &live, "NULL"), link(4, &spent, "1"));
    let release = Release {
        quire: 19,
        auth: 900000000004,
    };
    let url = release
        .database(dir.path(), &[account, user, &live_row, &spent_row])
        .await;
    let app = spawn_app_with(|config| config.database.url = url).await;
    let now = app.clock.now_unix();
    let peek = |secret: String| {
        let db = app.db.clone();
        async move {
            links::peek(&db, &secret, Purpose::Reset, now)
                .await
                .unwrap()
        }
    };
    assert_eq!(peek(live.clone()).await, Some(7));
    assert_eq!(peek(spent.clone()).await, None);
    let mut tx = quire_auth::db::write(&app.db).await.unwrap();
    let used = links::spend(&mut tx, &live, Purpose::Reset, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(used.map(|spent| spent.account_id), Some(7));
    // A new link takes an id after the ones that moved (PostgreSQL's identity included).
    let mut tx = quire_auth::db::write(&app.db).await.unwrap();
    let new = links::NewLink {
        account_id: 7,
        purpose: Purpose::Verify,
        ttl_seconds: 60,
        new_email: None,
        auth_epoch: None,
    };
    links::issue(&mut tx, new, now).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(newest_id(&app, "auth_links").await, 5);
}
