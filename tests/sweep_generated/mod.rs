//! R04: generated input (proptest) to every server function and every `/api/v1` route, signed
//! out, as a reader and as an admin, in form, JSON and raw encodings, with values from empty to
//! past the body limit. Never a 5xx, never a dropped connection (a panic), never a database
//! message, and after every call the database invariants hold. A failing case is shrunk to the
//! smallest input that still fails.
use crate::helpers::*;
use inputs::{body, case, Case};
use proptest::{prop_assert, prop_assert_eq, test_runner::TestCaseError};
use reqwest::{header, Client, Method};

mod inputs;

const READER: &str = "reader@example.org";
const ADMIN: &str = "root@example.org";
/// Generated cases for each target and principal; a failure is shrunk before it is reported.
const CASES_PER_TARGET: u32 = 8;

/// `(method, path with {} for a generated segment, JSON fields of its body)`.
const API_ROUTES: &[(&str, &str, &[&str])] = &[
    ("GET", "/api/v1/posts?page={}", &[]),
    ("GET", "/api/v1/posts/{}", &[]),
    ("POST", "/api/v1/posts", &["title", "body", "published"]),
    ("GET", "/api/v1/posts/{}/comments?page={}", &[]),
    ("POST", "/api/v1/posts/{}/comments", &["body"]),
    (
        "POST",
        "/api/v1/auth/token",
        &["email", "password", "device_name"],
    ),
    ("DELETE", "/api/v1/auth/token", &[]),
    ("GET", "/api/v1/me", &[]),
    ("GET", "/api/v1/tokens?page={}", &[]),
    ("GET", "/api/v1/openapi.json", &[]),
    ("GET", "/api/v1/{}", &[]),
];

/// A token with every scope for `email`, minted directly: cheap enough for every case.
async fn token_of(app: &TestApp, email: &str) -> String {
    let owner = app.identity(email).await;
    let scopes = quire::api::Scope::ALL.to_vec();
    let now = app.clock.now_unix();
    let kind = quire_auth::token_format::TokenKind::Pat;
    let mut tx = quire_auth::db::write(&app.db).await.unwrap();
    let issued = (app.state.tokens)
        .issue(&mut tx, &owner, kind, "sweep", &scopes, now + 3600)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    issued.token
}

/// The cast as it was set up: the sweep may have changed a password, a role or the active flag.
async fn restore(app: &TestApp, hash: &str) {
    quire_auth::on_db!(app.db, |exe| sqlx::query(
        "UPDATE auth_accounts SET active = TRUE, password_hash = $1 WHERE email IN ($2, $3)"
    )
    .bind(hash)
    .bind(READER)
    .bind(ADMIN)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))
    .unwrap();
    app.set_role(READER, "reader").await;
}

/// Signs `browser` in again if the last case ended its session.
async fn keep_signed_in(app: &TestApp, browser: &Client, email: &str) {
    let me = app.call(browser, "current_user", &[]).await.text().await;
    if me.unwrap_or_default() == "null" {
        app.sign_in(browser, email, PASSWORD).await;
    }
}

async fn run(app: &TestApp, cast: &[Client; 3], hash: &str, case: Case) -> CaseResult {
    restore(app, hash).await;
    let browser = &cast[case.principal];
    let email = [None, Some(READER), Some(ADMIN)][case.principal];
    let mut token = None;
    if let Some(email) = email {
        keep_signed_in(app, browser, email).await;
        token = Some(token_of(app, email).await);
    }
    let request = if let Some((name, fields)) = ENDPOINTS.get(case.target) {
        let (content_type, body) = body(fields, &case);
        app.post(browser, &format!("/api/{name}"))
            .header(header::ACCEPT, "application/json")
            .header(header::CONTENT_TYPE, content_type)
            .body(body)
    } else {
        let (method, path, fields) = API_ROUTES[case.target - ENDPOINTS.len()];
        // Paths stay under 4 KB: the client itself refuses far longer URLs.
        let segment: String = case.value(3, "slug").chars().take(1000).collect();
        let path = path.replace("{}", &urlencoding(&segment));
        let (content_type, body) = body(fields, &case);
        let mut request = bare_client()
            .request(
                Method::from_bytes(method.as_bytes()).unwrap(),
                app.url(&path),
            )
            .header(header::CONTENT_TYPE, content_type)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request
    };
    let response = request.send().await;
    let response = response.map_err(|e| TestCaseError::fail(format!("no answer: {e:.200}")))?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default().to_lowercase();
    prop_assert!(!status.is_server_error(), "{status}: {text:.300}");
    let leaked = text.contains("sqlite") || text.contains("syntax error");
    prop_assert!(!leaked, "{text:.300}");
    invariants_hold(app).await
}

fn urlencoding(segment: &str) -> String {
    serde_urlencoded::to_string([("v", segment)]).unwrap()[2..].to_owned()
}

type CaseResult = Result<(), TestCaseError>;

async fn invariants_hold(app: &TestApp) -> CaseResult {
    let count = |sql: &'static str| async move {
        quire_auth::on_db!(app.db, |exe| sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(exe)
            .await)
        .unwrap()
    };
    let orphan_sessions = count(
        "SELECT COUNT(*) FROM auth_sessions s LEFT JOIN auth_accounts u ON u.id = s.account_id \
         WHERE u.id IS NULL OR NOT u.active",
    );
    prop_assert_eq!(orphan_sessions.await, 0, "a session without an active user");
    let orphan_tokens = count(
        "SELECT COUNT(*) FROM auth_tokens t LEFT JOIN auth_accounts u ON u.id = t.account_id \
         WHERE u.id IS NULL OR (NOT u.active AND t.revoked_at IS NULL)",
    );
    prop_assert_eq!(
        orphan_tokens.await,
        0,
        "a live token without an active owner"
    );
    let admins = count(
        "SELECT COUNT(*) FROM users u JOIN auth_accounts a ON a.id = u.id \
         WHERE u.role = 'admin' AND a.active",
    );
    prop_assert!(admins.await >= 1, "the site lost its last admin");
    Ok(())
}

/// The same cases on every run, so the README test command is repeatable; set
/// `QUIRE_SWEEP_RANDOM=1` to explore new ones (a failure prints its input, shrunk).
fn runner(
    config: proptest::test_runner::Config,
    target: usize,
    principal: usize,
) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
    if std::env::var_os("QUIRE_SWEEP_RANDOM").is_some() {
        return TestRunner::new(config);
    }
    // A fixed seed of its own for each target and principal.
    let mut seed = [0u8; 32];
    seed[..8].copy_from_slice(&(target as u64).to_le_bytes());
    seed[8..16].copy_from_slice(&(principal as u64).to_le_bytes());
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r04_generated_input_to_every_endpoint_never_breaks_the_server_or_the_data() {
    let app = spawn_app_with(|config| {
        config.limits.sign_in_failures_per_ip = 1_000_000;
        config.limits.sign_in_failures_per_account = 1_000_000;
        config.limits.passkey_ceremonies_per_ip = 1_000_000;
        config.site.origin = "http://localhost".into(); // passkeys on
    })
    .await;
    let setup = [
        ("email", ADMIN),
        ("display_name", "Root"),
        ("password", PASSWORD),
    ];
    app.call(&client(), "create_first_admin", &setup).await;
    app.register(&client(), READER, "Reader").await;
    let author = app
        .user_with_role("author@example.org", "Author", "author")
        .await;
    app.new_post(&author, "Hello world", "Some *text*.", true)
        .await;

    let hash: String = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT password_hash FROM auth_accounts WHERE email = $1"
    )
    .bind(READER)
    .fetch_one(exe)
    .await)
    .unwrap();
    let cast = [client(), client(), client()];

    // Every target as every principal, each with its own generated cases.
    let handle = tokio::runtime::Handle::current();
    for target in 0..ENDPOINTS.len() + API_ROUTES.len() {
        for principal in 0..3 {
            // First the edge that random cases may miss: each field alone at the body limit,
            // the others plausible, so the long value reaches the code behind the first check.
            for field in 0..4 {
                let mut values = vec![None; 4];
                values[field] = Some("x".repeat(60_000));
                let encoding = inputs::Encoding::Form(0);
                let edge = Case {
                    target,
                    principal,
                    values,
                    encoding,
                };
                if let Err(failure) = run(&app, &cast, &hash, edge.clone()).await {
                    panic!("{failure} with {edge:.200?}");
                }
            }
            let config = proptest::test_runner::Config {
                cases: CASES_PER_TARGET,
                failure_persistence: None,
                ..Default::default()
            };
            let mut runner = runner(config, target, principal);
            let outcome = tokio::task::block_in_place(|| {
                runner.run(&case(target, principal), |case| {
                    handle.block_on(run(&app, &cast, &hash, case))
                })
            });
            if let Err(failure) = outcome {
                panic!("{failure}");
            }
        }
    }
}
