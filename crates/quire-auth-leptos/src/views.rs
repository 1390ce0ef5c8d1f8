//! The types the server functions exchange with the browser: what it may know.
use serde::{Deserialize, Serialize};

/// What the browser may know about the signed-in account: no address unless the app chose
/// to show it as the name, no hash, no session id.
///
/// ```
/// let user = quire_auth_leptos::AuthUser { id: 7, name: "Ada".into() };
/// assert_eq!(user.name, "Ada");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthUser {
    /// The account's id.
    pub id: i64,
    /// What the pages call the account (the app decides: a display name, the address).
    pub name: String,
}

/// One open session of the signed-in account, as the sessions page lists it.
///
/// `handle` names the session's row (the SHA-256 of its id, never the id itself): it can end
/// the session from this account's page but cannot be turned back into a cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// The session's handle, sent back to end it.
    pub handle: String,
    /// The address it signed in from.
    pub ip: String,
    /// The browser's `User-Agent`, as sent.
    pub user_agent: String,
    /// When it signed in (unix seconds).
    pub created_at: i64,
    /// When it was last used (unix seconds, updated at most once per touch interval).
    pub last_seen_at: i64,
    /// Whether this is the session of the page that asks.
    pub current: bool,
}

/// One of the signed-in account's passkeys, as its security page lists it.
///
/// ```
/// let key = quire_auth_leptos::PasskeyView {
///     id: 3, name: "Laptop".into(), created_at: 1_780_000_000, last_used_at: None,
/// };
/// assert!(key.last_used_at.is_none(), "never used to sign in yet");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyView {
    /// Its id, for removing it.
    pub id: i64,
    /// The name its owner gave it.
    pub name: String,
    /// When it was added (unix seconds).
    pub created_at: i64,
    /// When it last signed in (unix seconds), if ever.
    pub last_used_at: Option<i64>,
}

/// When this browser's session ends if nothing happens, with the server's `now`, so that a
/// browser whose clock is wrong still counts the right time. Activity slides the idle end,
/// never past the session's absolute limit.
///
/// ```
/// let clock = quire_auth_leptos::IdleClock { now: 1_780_000_000, idle_expires_at: 1_780_001_200 };
/// assert_eq!(clock.idle_expires_at - clock.now, 20 * 60, "twenty minutes left");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdleClock {
    /// The server's time when it answered (unix seconds).
    pub now: i64,
    /// When the session ends unless it is used before (unix seconds).
    pub idle_expires_at: i64,
}

/// One of the signed-in account's live bearer tokens, as its tokens page lists it: what
/// identifies it, never its secret.
///
/// ```
/// let token = quire_auth_leptos::TokenView {
///     id: 4, name: "Backup script".into(), prefix: "notes_pat_".into(), last4: "x9Qa".into(),
///     scopes: vec!["notes:read".into()], created_at: 1_780_000_000,
///     expires_at: 1_782_592_000, last_used_at: None,
/// };
/// assert_eq!(format!("{}…{}", token.prefix, token.last4), "notes_pat_…x9Qa");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenView {
    /// Its id, for revoking it.
    pub id: i64,
    /// The name its owner gave it.
    pub name: String,
    /// What the token starts with, such as `notes_pat_`.
    pub prefix: String,
    /// Its last four characters.
    pub last4: String,
    /// The scope names it was granted.
    pub scopes: Vec<String>,
    /// When it was made (unix seconds).
    pub created_at: i64,
    /// When it stops working (unix seconds).
    pub expires_at: i64,
    /// When it was last used (unix seconds, to the minute), if ever.
    pub last_used_at: Option<i64>,
}

/// The tokens page as the server reads it: the scopes a new token may be given, the
/// account's live tokens, newest first, and the token made by the form just posted without
/// JavaScript, if any (the only time its secret is shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokensView {
    /// The scope names the app offers, in its order.
    pub scopes: Vec<String>,
    /// The live tokens.
    pub tokens: Vec<TokenView>,
    /// A token just made, shown once.
    pub new_token: Option<NewToken>,
}

/// A token just made: its secret, sent to its owner this once and stored nowhere in plain
/// text. `Debug` leaves the secret out, so a log line cannot keep it.
///
/// ```
/// let made = quire_auth_leptos::NewToken { token: "notes_pat_s3cret".into() };
/// assert!(!format!("{made:?}").contains("s3cret"));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewToken {
    /// The token, for the `Authorization: Bearer` header.
    pub token: String,
}

impl std::fmt::Debug for NewToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewToken")
            .field("token", &"[redacted]")
            .finish()
    }
}

/// How long a new token may live, in days: the choices the tokens page offers.
pub(crate) const TOKEN_LIFETIME_DAYS: [u32; 4] = [7, 30, 90, 365];

/// The security page's two-step settings as the server reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepView {
    /// Whether an authenticator app is confirmed: then a password alone does not sign in.
    pub on: bool,
    /// The app being set up, until a code from it confirms it.
    pub setup: Option<AuthenticatorSetup>,
    /// How many recovery codes are left unspent.
    pub codes_left: i64,
    /// Recovery codes a form posted without JavaScript just made (the only time they show).
    pub new_codes: Option<RecoveryCodes>,
}

/// An authenticator app being set up: what the owner scans or types into it. Shown until a
/// code confirms it, never after; `Debug` leaves the secret out.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthenticatorSetup {
    /// The secret in base32, to type into the app.
    pub secret: String,
    /// The `otpauth://` URL, for an app on the same device.
    pub url: String,
    /// The URL as a QR code: SVG drawn by the server, rectangles only.
    pub svg: String,
}

impl std::fmt::Debug for AuthenticatorSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthenticatorSetup")
            .field("secret", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// A new set of recovery codes, shown once; `Debug` leaves them out.
///
/// ```
/// let codes = quire_auth_leptos::RecoveryCodes(vec!["abcde-fghjk".into()]);
/// assert!(!format!("{codes:?}").contains("abcde"));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodes(pub Vec<String>);

impl std::fmt::Debug for RecoveryCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RecoveryCodes([{} redacted])", self.0.len())
    }
}
