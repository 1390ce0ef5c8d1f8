//! Address verification: a link mailed at registration, moved into a cookie when it is
//! opened, and confirmed with a button (opening it changes nothing).
use axum::routing::MethodRouter;
use quire_auth::{
    accounts,
    db::Tx,
    links::{self, NewLink, Purpose},
};
use std::sync::Arc;

use super::{
    cookies::VERIFY,
    links::{open_link, Mailing},
    request::Backend,
    AuthServer, Mail,
};
use crate::AuthError;

/// The path a mailed verification link opens, which the app routes to
/// [`AuthServer::verify_link`].
pub const VERIFY_LINK_PATH: &str = "/api/auth/verify_link";

/// How long a verification link works.
pub(crate) const LINK_HOURS: u64 = 24;

impl AuthServer {
    /// The route a mailed verification link opens (`GET`, at [`VERIFY_LINK_PATH`]); it leads
    /// to [`Paths::verify`](crate::Paths). See [`AuthServer::mail`] for what it does with the
    /// link.
    pub fn verify_link<S>(&self) -> MethodRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        open_link(self.paths.verify, self.secure_cookies, VERIFY)
    }
}

/// Issues the new account's verification link in its registration transaction: the URL to
/// mail once that commits.
pub(super) async fn issue_in(
    tx: &mut Tx,
    mailing: &Mailing,
    account_id: i64,
    now: i64,
) -> Result<String, quire_auth::Error> {
    let link = NewLink {
        account_id,
        purpose: Purpose::Verify,
        ttl_seconds: (LINK_HOURS * 3600) as i64,
        new_email: None,
        auth_epoch: None,
    };
    let secret = links::issue(tx, link, now).await?;
    Ok(format!(
        "{}{VERIFY_LINK_PATH}?token={secret}",
        mailing.origin
    ))
}

/// Mails the link after the answer.
pub(super) fn send(mailing: Arc<Mailing>, email: String, url: String) {
    tokio::spawn(async move {
        let mail = Mail::VerifyLink {
            url: &url,
            hours: LINK_HOURS,
        };
        mailing.mailer.send(&email, mail).await;
    });
}

impl Backend {
    /// Proves the address with the link this browser opened, checked like a password.
    pub(crate) async fn confirm_email(&self) -> Result<(), AuthError> {
        self.mailing()?;
        let (server, client) = (self.server(), self.client());
        let secure = server.secure_cookies;
        let secret = VERIFY
            .read(secure, self.parts())
            .ok_or(AuthError::LinkExpired)?;
        let now = server.sessions.now();
        let checked = server
            .principals
            .check_link(&client, &secret, Purpose::Verify, now);
        if let Err(refused) = checked.await {
            if refused == AuthError::LinkExpired {
                VERIFY.send(secure, None);
            }
            return Err(refused);
        }
        let mut tx = quire_auth::db::write(server.sessions.db())
            .await
            .map_err(quire_auth::Error::from)?;
        let spent = links::spend(&mut tx, &secret, Purpose::Verify, now).await?;
        VERIFY.send(secure, None);
        let account_id = spent.ok_or(AuthError::LinkExpired)?.account_id;
        accounts::prove_address_in(&mut tx, account_id, now).await?;
        tx.commit().await.map_err(quire_auth::Error::from)?;
        tracing::info!(account_id, "address verified");
        Ok(())
    }
}
