//! The server side: what the app builds from quire-auth and provides to the server functions.
use async_trait::async_trait;
use quire_auth::{
    db::Tx,
    passkeys::webauthn_rs::prelude::Webauthn,
    password_check::PasswordCheck,
    passwords::Passwords,
    rate::{Allowance, Counts},
    sessions::{Principal, Sessions},
};
use std::sync::Arc;

use crate::AuthUser;

mod cookies;
mod links;
mod mail;
mod passkeys;
mod password;
mod paths;
mod principals;
mod request;
mod reset;
mod sessions;
mod tokens;
mod two_step;
mod validate;
mod verify;
mod watch;

use principals::{Principals, Typed};

pub use mail::{Mail, Mailer};
pub use paths::Paths;
pub(crate) use request::{answer, backend};
pub use reset::RESET_LINK_PATH;
pub use verify::VERIFY_LINK_PATH;

/// How the app's principal appears in the browser: what [`use_auth`](crate::use_auth) gives
/// the pages.
///
/// ```
/// use quire_auth_leptos::{AuthUser, ToAuthUser};
///
/// struct Member { id: i64, display_name: String }
///
/// impl ToAuthUser for Member {
///     fn to_auth_user(&self) -> AuthUser {
///         AuthUser { id: self.id, name: self.display_name.clone() }
///     }
/// }
/// ```
pub trait ToAuthUser {
    /// The account as the pages may see it.
    fn to_auth_user(&self) -> AuthUser;
}

/// What the app adds when an account is registered: its own row (a name, a role) under the
/// account's id, in the transaction that made the account. `()` adds nothing, for an app whose
/// principal reads `auth_accounts` alone.
///
/// ```
/// use quire_auth_leptos::Registrar;
///
/// struct Members;
///
/// #[async_trait::async_trait]
/// impl Registrar for Members {
///     async fn created(&self, tx: &mut quire_auth::db::Tx, account_id: i64, email: &str)
///         -> Result<(), quire_auth::Error> {
///         quire_auth::on_db!(tx, |exe| sqlx::query("INSERT INTO members (id, name) VALUES ($1, $2)")
///             .bind(account_id)
///             .bind(email)
///             .execute(exe)
///             .await
///             .map(|done| done.rows_affected()))?;
///         Ok(())
///     }
/// }
/// ```
#[async_trait]
pub trait Registrar: Send + Sync + 'static {
    /// Called once the account `account_id` exists, before its transaction commits; an error
    /// undoes the registration.
    async fn created(
        &self,
        tx: &mut Tx,
        account_id: i64,
        email: &str,
    ) -> Result<(), quire_auth::Error>;
}

#[async_trait]
impl Registrar for () {
    async fn created(&self, _: &mut Tx, _: i64, _: &str) -> Result<(), quire_auth::Error> {
        Ok(())
    }
}

/// The accounts of the app, as this crate's server functions use them. Build one at start-up
/// from the quire-auth parts and provide it in the Leptos context of every route and server
/// function (`leptos_routes_with_context`).
///
/// ```no_run
/// # async fn start(db: quire_auth::db::Db, audit: quire_auth::audit::SharedAudit) {
/// use quire_auth::{clock::SystemClock, password_check::PasswordCheck, passwords::Passwords,
///     sessions::{Principal, SessionPolicy, Sessions}, throttle::{SignInLimits, SignInThrottle}};
/// use quire_auth_leptos::{AuthServer, AuthUser, ToAuthUser};
///
/// #[derive(Clone, serde::Serialize, serde::Deserialize, sqlx::FromRow)]
/// struct Account { id: i64, email: String, auth_epoch: i64 }
///
/// impl Principal for Account {
///     const ACCOUNTS: &'static str = "auth_accounts a";
///     const COLUMNS: &'static str = "a.id, a.email, a.auth_epoch";
///     fn account_id(&self) -> i64 { self.id }
///     fn auth_epoch(&self) -> i64 { self.auth_epoch }
/// }
/// impl ToAuthUser for Account {
///     fn to_auth_user(&self) -> AuthUser { AuthUser { id: self.id, name: self.email.clone() } }
/// }
///
/// let clock = std::sync::Arc::new(SystemClock);
/// let sessions = Sessions::new(db.clone(), clock.clone(), SessionPolicy::default());
/// let throttle = SignInThrottle::new(SignInLimits::default(), &db, clock);
/// let passwords = Passwords::new();
/// let check = PasswordCheck::<Account>::new(db, throttle, passwords.clone(), audit);
/// let auth = AuthServer::new(sessions, check, passwords);
/// // provide_context(auth.clone()) in the context of every route and server function.
/// # let _ = auth;
/// # }
/// ```
#[derive(Clone)]
pub struct AuthServer {
    sessions: Sessions,
    passwords: Passwords,
    principals: Arc<dyn Principals>,
    registrar: Arc<dyn Registrar>,
    paths: Paths,
    registrations: Allowance,
    counts: Counts,
    relying_party: Option<Arc<Webauthn>>,
    /// Turned true by [`AuthServer::close_event_streams`]; held here so that it never closes
    /// on its own.
    stop: Arc<tokio::sync::watch::Sender<bool>>,
    secure_cookies: bool,
    mailing: Option<Arc<links::Mailing>>,
    tokens: Option<Arc<dyn tokens::TokenIssuer>>,
    /// What authenticator apps list the account under; `None` until
    /// [`AuthServer::authenticator_apps`] turned the settings on.
    issuer: Option<&'static str>,
}

/// Registrations one IP may make by default: 30 an hour, 30 at once. Each costs an argon2
/// hash and a row, so a script must not be able to fill the database or the hashing pool.
const REGISTRATIONS_PER_IP: (u32, u64) = (30, 3600);

impl std::fmt::Debug for AuthServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthServer")
            .field("sessions", &self.sessions)
            .field("paths", &self.paths)
            .finish_non_exhaustive()
    }
}

impl AuthServer {
    /// The accounts whose principal is `P`: sessions read it, the password check finds it.
    /// Registration adds nothing of the app's own until [`AuthServer::registrar`] says what.
    pub fn new<P>(
        sessions: Sessions,
        password_check: PasswordCheck<P>,
        passwords: Passwords,
    ) -> Self
    where
        P: Principal + ToAuthUser,
    {
        let (count, window) = REGISTRATIONS_PER_IP;
        Self {
            counts: Counts::for_backend(sessions.db()),
            sessions,
            passwords,
            principals: Arc::new(Typed(password_check)),
            registrar: Arc::new(()),
            paths: Paths::default(),
            registrations: Allowance::new(count, count, window),
            relying_party: None,
            stop: Arc::new(tokio::sync::watch::Sender::new(false)),
            secure_cookies: true,
            mailing: None,
            tokens: None,
            issuer: None,
        }
    }

    /// Turns passkeys on: signing in with one ([`PasskeySignInButton`](crate::PasskeySignInButton))
    /// and adding and removing them ([`PasskeyList`](crate::PasskeyList)). `relying_party` is
    /// quire-auth's for the site's origin, which must name a domain (`localhost` in
    /// development): browsers refuse passkeys on an IP address.
    ///
    /// ```no_run
    /// # fn set(auth: quire_auth_leptos::AuthServer) -> quire_auth_leptos::AuthServer {
    /// let rp = quire_auth::passkeys::relying_party("https://notes.example.org", "Notes")
    ///     .expect("a domain name");
    /// auth.passkeys(rp)
    /// # }
    /// ```
    pub fn passkeys(mut self, relying_party: Webauthn) -> Self {
        self.relying_party = Some(Arc::new(relying_party));
        self
    }

    /// How many registrations one IP may make (30 an hour unless set here). A refused one is
    /// [`AuthError::Throttled`](crate::AuthError::Throttled), a 429 with `Retry-After`, and
    /// hashes and stores nothing. Counted in memory on SQLite and in the database on
    /// PostgreSQL, where every instance shares the count.
    ///
    /// ```no_run
    /// # fn set(auth: quire_auth_leptos::AuthServer) -> quire_auth_leptos::AuthServer {
    /// use quire_auth::rate::Allowance;
    /// // Five at once, then five a day.
    /// auth.registration_limit(Allowance::new(5, 5, 24 * 3600))
    /// # }
    /// ```
    pub fn registration_limit(mut self, allowance: Allowance) -> Self {
        self.registrations = allowance;
        self
    }

    /// Whether the crate's own cookies (a sign-in waiting for its code, a passkey ceremony)
    /// are `Secure` with the `__Host-` prefix: `true` unless set. Set it as you set the session
    /// layer's `secure`: `false` only to develop over plain HTTP on an address that browsers do
    /// not treat as secure, such as a LAN IP (`localhost` needs no change). Over plain HTTP a
    /// browser drops a `Secure` cookie, and the code step would then always start again.
    ///
    /// ```no_run
    /// # fn set(auth: quire_auth_leptos::AuthServer) -> quire_auth_leptos::AuthServer {
    /// // Developing on http://192.168.1.20:3000, with the session layer's `secure(false)`.
    /// auth.secure_cookies(false)
    /// # }
    /// ```
    pub fn secure_cookies(mut self, secure: bool) -> Self {
        self.secure_cookies = secure;
        self
    }

    /// Adds the app's own row to every new account.
    pub fn registrar(mut self, registrar: impl Registrar) -> Self {
        self.registrar = Arc::new(registrar);
        self
    }

    /// Where the forms send the browser once they succeeded.
    pub fn paths(mut self, paths: Paths) -> Self {
        self.paths = paths;
        self
    }
}
