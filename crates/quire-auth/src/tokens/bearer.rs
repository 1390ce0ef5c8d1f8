//! Issuing a token and reading one back with its principal.
use std::{marker::PhantomData, sync::Arc};

use super::{parse_names, stored_names, Scope};
use crate::{
    clock::SharedClock,
    db::{Db, Tx},
    sessions::Principal,
    token_format::{self as format, TokenFormat, TokenKind},
    Error,
};

/// `last_used_at` is written at most this often per token (seconds): a busy client does not
/// turn every read into a write.
const LAST_USED_RESOLUTION: i64 = 60;

/// The app's bearer tokens for principal `P`: one in the app's state. The scopes a token
/// carries are the app's [`Scope`] type, named where a token is issued or read.
pub struct Tokens<P> {
    db: Db,
    clock: SharedClock,
    format: TokenFormat,
    load: Arc<str>,
    principal: PhantomData<fn() -> P>,
}

impl<P> Clone for Tokens<P> {
    fn clone(&self) -> Self {
        Self {
            db: self.db.clone(),
            clock: self.clock.clone(),
            format: self.format,
            load: self.load.clone(),
            principal: PhantomData,
        }
    }
}

impl<P> std::fmt::Debug for Tokens<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("format", &self.format)
            .finish()
    }
}

/// A token just made. Its secret is shown to its owner once and never stored, so `Debug`
/// leaves it out.
#[non_exhaustive]
pub struct Issued {
    /// The token itself, for the `Authorization: Bearer` header.
    pub token: String,
    /// When it stops working (unix seconds).
    pub expires_at: i64,
}

impl std::fmt::Debug for Issued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issued")
            .field("token", &"[redacted]")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// Whom a live token speaks for, and what it may do.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Bearer<P, S> {
    /// The token's row id, to revoke it by or to name it in an audit log.
    pub token_id: i64,
    /// The principal, read with the token in this request.
    pub principal: P,
    /// The scopes granted when the token was made, as far as the app still defines them.
    pub scopes: Vec<S>,
}

impl<P, S: Scope> Bearer<P, S> {
    /// Whether the token was granted `scope`.
    pub fn allows(&self, scope: S) -> bool {
        self.scopes.contains(&scope)
    }
}

/// What [`Tokens::authenticate`] found.
#[derive(Debug)]
pub enum TokenCheck<P, S> {
    /// A live token.
    Live(Bearer<P, S>),
    /// Not a live token: malformed (refused by its checksum, before any query), unknown,
    /// expired, or of a deactivated account. The same answer for each, so none can be told
    /// apart from outside.
    Refused,
    /// A revoked token presented again. Refuse it like the others, and audit it: it may be a
    /// stolen copy still in use.
    Revoked {
        /// The account it belonged to.
        account_id: i64,
        /// The token's row id.
        token_id: i64,
    },
}

/// A token's columns with the principal's, as `authenticate` reads them.
#[derive(sqlx::FromRow)]
struct Loaded<P> {
    #[sqlx(rename = "auth_token_id")]
    id: i64,
    #[sqlx(rename = "auth_token_scopes")]
    scopes: String,
    #[sqlx(rename = "auth_token_expires")]
    expires_at: i64,
    #[sqlx(rename = "auth_token_revoked")]
    revoked_at: Option<i64>,
    #[sqlx(rename = "auth_token_used")]
    last_used_at: Option<i64>,
    #[sqlx(rename = "auth_account_active")]
    active: bool,
    #[sqlx(flatten)]
    principal: P,
}

impl<P: Principal> Tokens<P> {
    /// Tokens in `format`, stored in `db`, whose expiries are read off `clock`.
    pub fn new(db: Db, clock: SharedClock, format: TokenFormat) -> Self {
        let load = format!(
            "SELECT t.id AS auth_token_id, t.scopes AS auth_token_scopes, \
             t.expires_at AS auth_token_expires, t.revoked_at AS auth_token_revoked, \
             t.last_used_at AS auth_token_used, a.active AS auth_account_active, {columns} \
             FROM {accounts} JOIN auth_tokens t ON t.account_id = a.id \
             WHERE t.token_hash = $1",
            columns = P::COLUMNS,
            accounts = P::ACCOUNTS,
        );
        Self {
            db,
            clock,
            format,
            load: load.into(),
            principal: PhantomData,
        }
    }

    fn now(&self) -> i64 {
        self.clock.now().unix_timestamp()
    }

    /// Stores a new token for `principal`, named `name`, granting `scopes` until `expires_at`.
    ///
    /// It runs in the caller's write transaction (which [`crate::db::write`] orders against
    /// every revocation), and stores the token only while the account is active and its epoch
    /// is still the one `principal` was read with: a request that was in flight across a
    /// revocation cannot mint a token that outlives it. Then the answer is
    /// [`Error::SignedOut`].
    pub async fn issue<S: Scope>(
        &self,
        tx: &mut Tx,
        principal: &P,
        kind: TokenKind,
        name: &str,
        scopes: &[S],
        expires_at: i64,
    ) -> Result<Issued, Error> {
        let token = self.format.generate(kind);
        let last4 = token[token.len() - 4..].to_owned();
        let account_id = principal.account_id();
        let inserted = crate::on_db!(tx, |exe| {
            sqlx::query(
            "INSERT INTO auth_tokens (account_id, kind, name, token_hash, prefix, last4, scopes, \
             created_at, expires_at) \
             SELECT id, $2, $3, $4, $5, $6, $7, $8, $9 FROM auth_accounts \
             WHERE id = $1 AND auth_epoch = $10 AND active",
        )
        .bind(account_id)
        .bind(kind.as_str())
        .bind(name)
        .bind(format::hash(&token))
        .bind(self.format.shown_prefix(kind))
        .bind(last4)
        .bind(stored_names(scopes))
        .bind(self.now())
        .bind(expires_at)
        .bind(principal.auth_epoch())
        .execute(exe)
        .await
        .map(|done| done.rows_affected())
        })?;
        if inserted == 0 {
            tracing::info!(
                account_id,
                "token not issued: the account's credentials were revoked meanwhile"
            );
            return Err(Error::SignedOut);
        }
        tracing::info!(account_id, kind = kind.as_str(), "bearer token issued");
        Ok(Issued { token, expires_at })
    }

    /// The principal and scopes of `token`, read fresh. A deactivated account's tokens are all
    /// revoked here, so that a later reactivation does not bring them back.
    pub async fn authenticate<S: Scope>(&self, token: &str) -> Result<TokenCheck<P, S>, Error> {
        if self.format.parse(token).is_none() {
            return Ok(TokenCheck::Refused);
        }
        let row: Option<Loaded<P>> = self.db.lookup(&self.load, &format::hash(token)).await?;
        let Some(row) = row else {
            return Ok(TokenCheck::Refused);
        };
        let (now, account_id) = (self.now(), row.principal.account_id());
        if row.revoked_at.is_some() {
            let token_id = row.id;
            return Ok(TokenCheck::Revoked {
                account_id,
                token_id,
            });
        }
        if !row.active {
            let mut tx = crate::db::write(&self.db).await?;
            crate::accounts::bump_auth_epoch(&mut tx, account_id).await?;
            super::revoke_all_in(&mut tx, account_id, now).await?;
            tx.commit().await?;
            return Ok(TokenCheck::Refused);
        }
        if now >= row.expires_at {
            return Ok(TokenCheck::Refused);
        }
        if row
            .last_used_at
            .is_none_or(|at| now - at >= LAST_USED_RESOLUTION)
        {
            crate::on_db!(self.db, |exe| sqlx::query(
                "UPDATE auth_tokens SET last_used_at = $1 WHERE id = $2"
            )
            .bind(now)
            .bind(row.id)
            .execute(exe)
            .await
            .map(|done| done.rows_affected()))?;
        }
        Ok(TokenCheck::Live(Bearer {
            token_id: row.id,
            scopes: parse_names(&row.scopes),
            principal: row.principal,
        }))
    }
}
