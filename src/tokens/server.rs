//! Quire's bearer tokens on quire-auth's: the format, the principal a token speaks for, and
//! what Quire adds around them (the audit of a revoked copy, `NotFound` for another's token).
//! Listing is in `list.rs`, personal tokens made from the account page in `personal.rs`.
pub use super::list::list_for_user;
pub use super::personal::{create_personal_token, NewToken};
use crate::tokens::messages;
use crate::{
    api::{ApiError, Scope},
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    identity::{ClientInfo, User},
    server::state::AppState,
};
use quire_auth::{
    clock::SharedClock,
    db::Db,
    token_format::TokenFormat,
    tokens::{TokenCheck, Tokens},
};

/// Quire's tokens start `quire_app_` or `quire_pat_` (checklist T01), which secret scanners can
/// be taught to recognise.
const TOKENS: TokenFormat = TokenFormat::new("quire");

/// Quire's bearer tokens: for [`User`]s, carrying Quire's [`Scope`]s. One in the app's state.
pub type BearerTokens = Tokens<User>;

/// The tokens the app issues and reads, on `db`.
pub fn bearer_tokens(db: Db, clock: SharedClock) -> BearerTokens {
    Tokens::new(db, clock, TOKENS)
}

/// A device's name for an app token: 1 to 100 characters once trimmed.
pub fn device_name(raw: &str) -> Result<String, AppError> {
    crate::error::short_name("device_name", raw, 100, messages::DEVICE_NAME)
}

/// Who a valid bearer token speaks for, read fresh on every request.
#[derive(Debug, Clone)]
pub struct Principal {
    pub token_id: i64,
    pub user: User,
    pub scopes: Vec<Scope>,
}

impl Principal {
    /// Refuses with 403 `insufficient_scope` unless the token holds `scope`.
    pub fn require(&self, scope: Scope) -> Result<(), ApiError> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(ApiError::insufficient_scope(scope))
        }
    }
}

/// The principal for `token`, or `None` for anything not live (quire-auth's
/// [`TokenCheck::Refused`]). A revoked token presented again is audited: it may be a stolen
/// copy still in use.
pub async fn authenticate(
    state: &AppState,
    token: &str,
    client: &ClientInfo,
) -> Result<Option<Principal>, AppError> {
    match state.tokens.authenticate(token).await? {
        TokenCheck::Live(bearer) => Ok(Some(Principal {
            token_id: bearer.token_id,
            user: bearer.principal,
            scopes: bearer.scopes,
        })),
        TokenCheck::Revoked {
            account_id,
            token_id,
        } => {
            let event = AuditEvent::TokenUseAfterRevoke;
            let detail = format!("token #{token_id}");
            audit::record(state, event, None, Some(account_id), client, &detail).await;
            Ok(None)
        }
        TokenCheck::Refused => Ok(None),
    }
}

/// Revokes one of the user's tokens (by the user or by an admin acting on them); `NotFound` if
/// it is not theirs or already dead. Moves the user's epoch like every revocation.
pub async fn revoke(db: &Db, user_id: i64, token_id: i64, now: i64) -> Result<(), AppError> {
    if quire_auth::tokens::revoke(db, user_id, token_id, now).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
