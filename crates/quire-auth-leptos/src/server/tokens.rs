//! Bearer tokens on the account's page: its live tokens listed, a personal one made (in sudo
//! mode, its secret shown once) and one revoked.
use async_trait::async_trait;
use axum::http::request::Parts;
use quire_auth::{
    db::Tx,
    sessions::{Current, Principal},
    token_format::TokenKind,
    tokens::{self, Issued, Scope, StoredToken, Tokens},
};
use secrecy::SecretString;

use super::{cookies::NEW_TOKEN, request::Backend, AuthServer};
use crate::{views::TOKEN_LIFETIME_DAYS, AuthError, NewToken, TokenView, TokensView};

/// How many tokens the page lists: more than anyone keeps live by hand.
const LISTED_TOKENS: i64 = 100;

/// The app's tokens, behind one object so that the server functions (which cannot be generic)
/// reach them: typed for its principal and its scopes.
#[async_trait]
pub(super) trait TokenIssuer: Send + Sync + 'static {
    /// The names of the scopes a personal token may be given.
    fn offered(&self) -> Vec<String>;
    /// Stores a personal token for the request's principal.
    async fn issue(
        &self,
        tx: &mut Tx,
        parts: &Parts,
        name: &str,
        scopes: &[String],
        expires_at: i64,
    ) -> Result<Issued, AuthError>;
}

struct Typed<P, S: 'static> {
    tokens: Tokens<P>,
    offered: &'static [S],
}

#[async_trait]
impl<P: Principal, S: Scope> TokenIssuer for Typed<P, S> {
    fn offered(&self) -> Vec<String> {
        self.offered.iter().map(|s| s.name().to_owned()).collect()
    }

    async fn issue(
        &self,
        tx: &mut Tx,
        parts: &Parts,
        name: &str,
        scopes: &[String],
        expires_at: i64,
    ) -> Result<Issued, AuthError> {
        let current = parts.extensions.get::<Current<P>>();
        let principal = current.and_then(|c| c.0.as_ref());
        let principal = principal.ok_or(AuthError::SignedOut)?;
        // Only a scope the app offers: a name it defines but keeps off this page (an admin
        // scope, say) is refused like one it never heard of.
        let granted = scopes.iter().map(|name| {
            let offered = self.offered.iter().copied();
            offered.into_iter().find(|scope| scope.name() == name)
        });
        let granted: Vec<S> = granted.collect::<Option<_>>().ok_or_else(|| {
            tracing::info!("token refused: a scope the app does not offer");
            AuthError::BadRequest
        })?;
        let issued = self
            .tokens
            .issue(tx, principal, TokenKind::Pat, name, &granted, expires_at);
        Ok(issued.await?)
    }
}

impl AuthServer {
    /// Turns on the tokens page ([`TokenList`](crate::TokenList)): the signed-in account's
    /// live bearer tokens, each revocable, and a form that makes a personal one in sudo mode,
    /// granting some of `offered` (the app's own scopes, all or only those it lets people give
    /// a token) for 7, 30, 90 or 365 days. The token's secret is shown once and only its hash
    /// is stored. `tokens` is the app's, the one its API reads tokens with.
    ///
    /// ```no_run
    /// # fn set(auth: quire_auth_leptos::AuthServer, db: quire_auth::db::Db) -> quire_auth_leptos::AuthServer {
    /// # #[derive(Clone, serde::Serialize, serde::Deserialize, sqlx::FromRow)]
    /// # struct Member { id: i64, auth_epoch: i64 }
    /// # impl quire_auth::sessions::Principal for Member {
    /// #     const ACCOUNTS: &'static str = "auth_accounts a";
    /// #     const COLUMNS: &'static str = "a.id, a.auth_epoch";
    /// #     fn account_id(&self) -> i64 { self.id }
    /// #     fn auth_epoch(&self) -> i64 { self.auth_epoch }
    /// # }
    /// use quire_auth::{clock::SystemClock, token_format::TokenFormat, tokens::{Scope, Tokens}};
    ///
    /// #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    /// enum NotesScope { Read, Write }
    /// impl Scope for NotesScope {
    ///     const ALL: &'static [Self] = &[NotesScope::Read, NotesScope::Write];
    ///     fn name(self) -> &'static str {
    ///         match self { NotesScope::Read => "notes:read", NotesScope::Write => "notes:write" }
    ///     }
    /// }
    ///
    /// let tokens: Tokens<Member> =
    ///     Tokens::new(db, std::sync::Arc::new(SystemClock), TokenFormat::new("notes"));
    /// auth.tokens(tokens, NotesScope::ALL)
    /// # }
    /// ```
    pub fn tokens<P, S>(mut self, tokens: Tokens<P>, offered: &'static [S]) -> Self
    where
        P: Principal,
        S: Scope,
    {
        self.tokens = Some(std::sync::Arc::new(Typed { tokens, offered }));
        self
    }
}

impl Backend {
    fn token_issuer(&self) -> Result<&dyn TokenIssuer, AuthError> {
        self.server().tokens.as_deref().ok_or(AuthError::TokensOff)
    }

    /// The page: the offered scopes, the live tokens, and a token that a form posted without
    /// JavaScript just made (its cookie is removed as it is read).
    pub(crate) async fn tokens_view(&self) -> Result<TokensView, AuthError> {
        let issuer = self.token_issuer()?;
        let account_id = self.account_id()?;
        let sessions = &self.server().sessions;
        let listed = tokens::list(sessions.db(), account_id, sessions.now(), LISTED_TOKENS, 0);
        let tokens = listed.await?.into_iter().map(view).collect();
        let secure = self.server().secure_cookies;
        let new_token = NEW_TOKEN.read(secure, self.parts());
        if new_token.is_some() {
            NEW_TOKEN.send(secure, None);
        }
        Ok(TokensView {
            scopes: issuer.offered(),
            tokens,
            new_token: new_token.map(|token| NewToken { token }),
        })
    }

    /// Makes a personal token, in sudo mode: whoever holds a stolen session must not be able
    /// to turn it into a credential that outlives the session.
    pub(crate) async fn create_token(
        &self,
        name: &str,
        scopes: &[String],
        expires_days: u32,
    ) -> Result<NewToken, AuthError> {
        let issuer = self.token_issuer()?;
        let name = token_name(name)?;
        if scopes.is_empty() {
            return Err(AuthError::NoScopes);
        }
        if !TOKEN_LIFETIME_DAYS.contains(&expires_days) {
            tracing::info!(
                expires_days,
                "token refused: a lifetime the form does not offer"
            );
            return Err(AuthError::BadRequest);
        }
        let sessions = &self.server().sessions;
        sessions.require_sudo(&self.session()?).await?;
        let expires_at = sessions.now() + i64::from(expires_days) * 86_400;
        let mut tx = quire_auth::db::write(sessions.db())
            .await
            .map_err(quire_auth::Error::from)?;
        let issued = issuer.issue(&mut tx, self.parts(), &name, scopes, expires_at);
        let issued = issued.await?;
        tx.commit().await.map_err(quire_auth::Error::from)?;
        // A form posted without JavaScript is answered with a redirect back to its page, which
        // cannot carry the secret: a cookie no script can read carries it there, for a minute.
        if self.posted_without_javascript() {
            let token = SecretString::from(issued.token.clone());
            NEW_TOKEN.send(self.server().secure_cookies, Some(&token));
        }
        Ok(NewToken {
            token: issued.token,
        })
    }

    /// Revokes one of the account's tokens, from its next request on. Revoking only takes
    /// power away, so it needs no sudo mode.
    pub(crate) async fn revoke_token(&self, id: i64) -> Result<(), AuthError> {
        self.token_issuer()?;
        let account_id = self.account_id()?;
        let sessions = &self.server().sessions;
        match tokens::revoke(sessions.db(), account_id, id, sessions.now()).await? {
            true => Ok(()),
            false => Err(AuthError::NoSuchToken),
        }
    }
}

fn view(row: StoredToken) -> TokenView {
    TokenView {
        id: row.id,
        scopes: row.scopes.split_whitespace().map(str::to_owned).collect(),
        name: row.name,
        prefix: row.prefix,
        last4: row.last4,
        created_at: row.created_at,
        expires_at: row.expires_at,
        last_used_at: row.last_used_at,
    }
}

/// A token's name: 1 to 100 characters once trimmed, no control characters.
fn token_name(raw: &str) -> Result<String, AuthError> {
    super::validate::short_name(raw, 100).ok_or(AuthError::InvalidTokenName)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_name_is_trimmed_and_one_to_a_hundred_characters() {
        assert_eq!(token_name("  Backup script ").unwrap(), "Backup script");
        assert_eq!(token_name(&"é".repeat(100)).unwrap().chars().count(), 100);
        assert_eq!(token_name("   "), Err(AuthError::InvalidTokenName));
        assert_eq!(token_name("a\tb"), Err(AuthError::InvalidTokenName));
        assert_eq!(
            token_name(&"a".repeat(101)),
            Err(AuthError::InvalidTokenName)
        );
    }
}
