//! The server: the database, the account type and the router.
use axum::{routing::get, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use quire_auth::{
    audit::{Audit, AuditEntry},
    clock::SharedClock,
    db::{connect, Db, Migrations, Options},
    origin_check::{require_same_origin, SameOrigin},
    passkeys::relying_party,
    password_check::PasswordCheck,
    passwords::Passwords,
    sessions::{Principal, SessionPolicy, Sessions},
    throttle::{SignInLimits, SignInThrottle},
    token_format::TokenFormat,
    tokens::{Scope, Tokens},
};
use quire_auth_leptos::{
    error_status, AuthError, AuthServer, AuthUser, Mail, Mailer, ToAuthUser, EVENTS_PATH,
    QUIET_PATHS, RESET_LINK_PATH, VERIFY_LINK_PATH,
};
use std::sync::Arc;

use crate::{
    api::{me, ApiScope, ME_PATH},
    app::{shell, App},
};

/// Who is signed in: the crate's account row alone (this app keeps nothing else about people).
#[derive(Clone, serde::Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct Account {
    pub(crate) id: i64,
    pub(crate) email: String,
    auth_epoch: i64,
}

impl Principal for Account {
    const ACCOUNTS: &'static str = "auth_accounts a";
    const COLUMNS: &'static str = "a.id, a.email, a.auth_epoch";
    fn account_id(&self) -> i64 {
        self.id
    }
    fn auth_epoch(&self) -> i64 {
        self.auth_epoch
    }
}

impl ToAuthUser for Account {
    fn to_auth_user(&self) -> AuthUser {
        AuthUser {
            id: self.id,
            name: self.email.clone(),
        }
    }
}

/// Failed sign-ins go to the server's log.
struct LogAudit;

#[async_trait::async_trait]
impl Audit for LogAudit {
    async fn record(&self, entry: AuditEntry<'_>) {
        let (event, ip) = (entry.event.as_str(), &entry.client.ip);
        tracing::warn!(event, subject = entry.subject, ip, "audit");
    }
}

/// This example has no mail server: its mail goes to the server's log, where a developer
/// finds the reset and verification links. A real app sends it instead, and never logs it: the link is a
/// credential.
pub struct LogMailer;

#[async_trait::async_trait]
impl Mailer for LogMailer {
    async fn send(&self, to: &str, mail: Mail<'_>) {
        match mail {
            Mail::ResetLink { url, .. } => tracing::info!(to, url, "mail: reset your password"),
            Mail::VerifyLink { url, .. } => tracing::info!(to, url, "mail: confirm your address"),
            other => tracing::info!(to, ?other, "mail"),
        }
    }
}

/// The database at `url` (`sqlite://data/accounts.db` unless `DATABASE_URL` says otherwise),
/// with quire-auth's tables; this app has none of its own.
pub async fn database(url: String) -> Result<Db, quire_auth::db::DbError> {
    let none = || sqlx::migrate::Migrator::DEFAULT;
    let migrations = Migrations {
        sqlite: none(),
        postgres: none(),
    };
    connect(
        &Options {
            url,
            ..Options::default()
        },
        migrations,
    )
    .await
}

/// What this app reads from its environment, each with quire-auth's default when unset:
/// `SUDO_WINDOW_SECONDS` (how long a typed password allows sensitive changes) and
/// `SIGN_IN_FAILURES_PER_IP` (wrong secrets one IP may send in three minutes).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub policy: SessionPolicy,
    pub sign_in: SignInLimits,
}

impl Settings {
    /// The settings from `var` (`std::env::var(..).ok()` in the app); a value that is not a
    /// whole number above zero is refused with a sentence naming it.
    pub fn read(var: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let number = |name: &str| match var(name) {
            None => Ok(None),
            Some(text) => match text.trim().parse::<u32>() {
                Ok(n) if n > 0 => Ok(Some(n)),
                _ => Err(format!(
                    "{name} must be a whole number above zero, not {text:?}"
                )),
            },
        };
        let mut settings = Settings::default();
        if let Some(seconds) = number("SUDO_WINDOW_SECONDS")? {
            settings.policy.sudo_window = std::time::Duration::from_secs(seconds.into());
        }
        if let Some(count) = number("SIGN_IN_FAILURES_PER_IP")? {
            settings.sign_in.per_ip = count;
        }
        Ok(settings)
    }
}

/// The app: its pages and server functions behind the session layer and the CSRF check.
/// `clock` is `SystemClock` in the app, and a clock the tests move in theirs; `mailer` is
/// [`LogMailer`] in the app, and an outbox the tests read in theirs.
pub fn router(
    db: Db,
    clock: SharedClock,
    settings: Settings,
    mailer: impl Mailer,
    options: LeptosOptions,
) -> Router {
    let sessions = Sessions::new(db.clone(), clock.clone(), settings.policy);
    let tokens = Tokens::<Account>::new(db.clone(), clock.clone(), TokenFormat::new("accounts"));
    let throttle = SignInThrottle::new(settings.sign_in, &db, clock);
    let passwords = Passwords::new();
    let check = PasswordCheck::<Account>::new(db, throttle, passwords.clone(), Arc::new(LogAudit));
    // Passkeys need a domain name: the browser is sent to localhost, not 127.0.0.1.
    let port = options.site_addr.port();
    let site = format!("http://localhost:{port}");
    let rp = relying_party(&site, "Accounts");
    let auth = AuthServer::new(sessions.clone(), check, passwords)
        .passkeys(rp.expect("localhost is a domain name"))
        .mail(mailer, &site)
        .tokens(tokens.clone(), ApiScope::ALL)
        .authenticator_apps("Accounts");

    let origin = SameOrigin::new(format!("http://{}", options.site_addr));
    let routes = generate_route_list(App);
    let (events, reset_link, verify_link) =
        (auth.event_stream(), auth.reset_link(), auth.verify_link());
    let context = move || provide_context(auth.clone());
    Router::new()
        .route(EVENTS_PATH, events)
        .route(RESET_LINK_PATH, reset_link)
        .route(VERIFY_LINK_PATH, verify_link)
        .route(ME_PATH, get(move |headers| me(tokens.clone(), headers)))
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        // The not-found page renders the app too, so it needs the same context.
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context, shell,
        ))
        .layer(axum::middleware::from_fn(error_status::<AuthError>))
        // An open tab's own requests (the event stream, the idle clock) are not activity.
        .layer(sessions.layer::<Account>().quiet_paths(QUIET_PATHS).build())
        // Outermost: a write from another site is refused before any session work.
        .layer(axum::middleware::from_fn_with_state(
            origin,
            require_same_origin,
        ))
        .with_state(options)
}
