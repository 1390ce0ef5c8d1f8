//! Token rows: issue, authenticate, revoke (listing is in `list.rs`, personal tokens made from
//! the account page in `personal.rs`).
pub use super::list::list_for_user;
pub use super::personal::{create_personal_token, NewToken};
use crate::tokens::messages;
use crate::{
    api::{ApiError, Scope},
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    identity::{ClientInfo, Role, User},
    server::state::AppState,
};
use quire_auth::db::Db;
use quire_auth::db::Tx;
use quire_auth::token_format::{self as format, TokenFormat, TokenKind};

/// Quire's tokens start `quire_app_` or `quire_pat_` (checklist T01), which secret scanners can
/// be taught to recognise.
const TOKENS: TokenFormat = TokenFormat::new("quire");

/// A device's name for an app token: 1 to 100 characters once trimmed.
pub fn device_name(raw: &str) -> Result<String, AppError> {
    crate::error::short_name("device_name", raw, 100, messages::DEVICE_NAME)
}

/// Scopes as stored: their names, space-separated.
fn scope_names(scopes: &[Scope]) -> String {
    let names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    names.join(" ")
}

/// `last_used_at` is written at most this often per token.
const LAST_USED_RESOLUTION: i64 = 60;

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

pub struct Issued {
    pub token: String,
    pub expires_at: i64,
    pub scopes: Vec<Scope>,
}

/// Stores a new token for `user`, but only while the user's epoch is the one read when this
/// request authenticated: a token cannot be minted by a request that was in flight across a
/// revocation (checklist S08; see `quire_auth::sessions::SessionStore`'s `create` for the reasoning). It runs in
/// the caller's write transaction, which [`quire_auth::db::write`] orders against every
/// revocation on both backends.
pub async fn issue(
    conn: &mut Tx,
    user: &User,
    kind: TokenKind,
    name: &str,
    scopes: Vec<Scope>,
    now: i64,
    expires_at: i64,
) -> Result<Issued, AppError> {
    let token = TOKENS.generate(kind);
    let prefix = format!("quire_{}_", kind.as_str());
    let last4 = token[token.len() - 4..].to_owned();
    let user_id = user.id;
    let inserted = quire_auth::on_db!(conn, |exe| {
        sqlx::query(
        "INSERT INTO api_tokens (user_id, kind, name, token_hash, prefix, last4, scopes, created_at, expires_at) \
         SELECT id, $2, $3, $4, $5, $6, $7, $8, $9 FROM auth_accounts \
         WHERE id = $1 AND auth_epoch = $10 AND active",
    )
    .bind(user_id)
    .bind(kind.as_str())
    .bind(name)
    .bind(format::hash(&token))
    .bind(prefix)
    .bind(last4)
    .bind(scope_names(&scopes))
    .bind(now)
    .bind(expires_at)
    .bind(user.auth_epoch)
    .execute(exe)
    .await
    .map(|done| done.rows_affected())
    })?;
    if inserted == 0 {
        tracing::info!(
            user_id,
            "token not issued: the user's credentials were revoked meanwhile"
        );
        return Err(AppError::Unauthenticated);
    }
    tracing::info!(user_id, kind = kind.as_str(), "api token issued");
    Ok(Issued {
        token,
        expires_at,
        scopes,
    })
}

/// A token joined with its owner, as `authenticate` reads it.
#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    scopes: String,
    expires_at: i64,
    revoked_at: Option<i64>,
    last_used_at: Option<i64>,
    user_id: i64,
    display_name: String,
    role: Role,
    active: bool,
    auth_epoch: i64,
    email_verified: bool,
}

/// The principal for `token`, or `None` for anything not live: malformed (refused by checksum
/// before any query), unknown, expired, revoked, or of a deactivated user (whose tokens all die).
/// A revoked token presented again is audited: it may be a stolen copy still in use.
pub async fn authenticate(
    state: &AppState,
    token: &str,
    client: &ClientInfo,
) -> Result<Option<Principal>, AppError> {
    let (db, now) = (&state.db, state.clock.now().unix_timestamp());
    if TOKENS.parse(token).is_none() {
        return Ok(None);
    }
    let row: Option<TokenRow> = db
        .lookup(
            "SELECT t.id, t.scopes, t.expires_at, t.revoked_at, t.last_used_at, \
                    a.id AS user_id, u.display_name, u.role, a.active, a.auth_epoch, \
                    a.email_verified \
             FROM api_tokens t JOIN auth_accounts a ON a.id = t.user_id \
             JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1",
            &format::hash(token),
        )
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let TokenRow {
        id,
        scopes,
        expires_at,
        revoked_at,
        last_used_at: last_used,
        user_id,
        display_name: name,
        role,
        active,
        auth_epoch,
        email_verified,
    } = row;
    if revoked_at.is_some() {
        let event = AuditEvent::TokenUseAfterRevoke;
        let detail = format!("token #{id}");
        audit::record(state, event, None, Some(user_id), client, &detail).await;
        return Ok(None);
    }
    if !active {
        // Deactivated outside the admin console (which revokes everything at once): every token
        // of the user dies now, so a later reactivation does not bring them back (L07).
        let mut tx = quire_auth::db::write(db).await?;
        quire_auth::accounts::bump_auth_epoch(&mut tx, user_id).await?;
        revoke_all_tokens_in(&mut tx, user_id, now).await?;
        tx.commit().await?;
        return Ok(None);
    }
    if now >= expires_at {
        return Ok(None);
    }
    if last_used.is_none_or(|at| now - at >= LAST_USED_RESOLUTION) {
        quire_auth::on_db!(db, |exe| sqlx::query(
            "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2"
        )
        .bind(now)
        .bind(id)
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))?;
    }
    let user = User {
        id: user_id,
        display_name: name,
        role,
        active,
        auth_epoch,
        email_verified,
    };
    let scopes = scopes.split_whitespace().filter_map(Scope::parse).collect();
    Ok(Some(Principal {
        token_id: id,
        user,
        scopes,
    }))
}

/// Revokes one of the user's tokens (by the user or by an admin acting on them); `NotFound` if
/// it is not theirs or already dead. Moves the user's epoch like every revocation.
pub async fn revoke(db: &Db, user_id: i64, token_id: i64, now: i64) -> Result<(), AppError> {
    let mut tx = quire_auth::db::write(db).await?;
    quire_auth::accounts::bump_auth_epoch(&mut tx, user_id).await?;
    let revoked = quire_auth::on_db!(tx, |exe| {
        sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(token_id)
    .bind(user_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected())
    })?;
    if revoked == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    tracing::info!(token_id, user_id, "api token revoked");
    Ok(())
}

/// Part of `auth::server::revoke_all_credentials`, inside its transaction.
pub async fn revoke_all_tokens_in(conn: &mut Tx, user_id: i64, now: i64) -> Result<u64, AppError> {
    let result = quire_auth::on_db!(conn, |exe| sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(result)
}
