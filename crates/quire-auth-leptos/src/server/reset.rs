//! Forgot/reset: a link mailed to the account's address, moved from the URL into a cookie when
//! it is opened, and a new password set with it (quire-auth's `password_reset`).
use axum::routing::MethodRouter;
use quire_auth::{
    links::{self, NewLink, Purpose},
    password_reset,
    rate::Allowance,
};
use secrecy::SecretString;

use super::{
    cookies::RESET,
    links::{open_link, Mailing},
    request::Backend,
    validate::{check_new_password, normalise_email},
    AuthServer, Mail,
};
use crate::AuthError;

/// The path a mailed reset link opens, which the app routes to [`AuthServer::reset_link`].
pub const RESET_LINK_PATH: &str = "/api/auth/reset_link";

/// How long a reset link works.
pub(crate) const LINK_MINUTES: u64 = 60;

/// Reset links one IP may ask for (ten an hour), and one address may be sent (three an hour):
/// each is a mail, so a script must not be able to flood a stranger's inbox.
const PER_IP: (u32, u64) = (10, 3600);
const PER_ADDRESS: (u32, u64) = (3, 3600);

impl AuthServer {
    /// The route a mailed reset link opens (`GET`, at [`RESET_LINK_PATH`]); it leads to
    /// [`Paths::reset`](crate::Paths). See [`AuthServer::mail`] for what it does with the link.
    pub fn reset_link<S>(&self) -> MethodRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        open_link(self.paths.reset, self.secure_cookies, RESET)
    }
}

impl Backend {
    /// Mails a link if `email` names an active account, after the answer: the answer is the
    /// same, and as fast, for an address without one.
    pub(crate) async fn request_reset(&self, email: &str) -> Result<(), AuthError> {
        let reset = self.mailing()?;
        let email = normalise_email(email).ok_or(AuthError::InvalidEmail)?;
        let (count, window) = PER_IP;
        let per_ip = Allowance::new(count, count, window);
        self.take_allowance("auth-reset-requests", per_ip).await?;
        let (count, window) = PER_ADDRESS;
        let key = format!(
            "auth-reset-address:{}",
            quire_auth::secret::sha256_hex(email.as_bytes())
        );
        if self
            .take(&key, Allowance::new(count, count, window))
            .await
            .is_err()
        {
            return Ok(()); // Enough mail for that address: the same answer, and no mail.
        }
        let sessions = self.server().sessions.clone();
        tokio::spawn(async move {
            if let Err(error) = send_link(&sessions, &reset, &email).await {
                tracing::error!(cause = ?error, "a reset link could not be sent");
            }
        });
        Ok(())
    }

    /// Sets the new password with the link this browser opened, and ends every session.
    pub(crate) async fn reset_password(&self, password: SecretString) -> Result<(), AuthError> {
        let reset = self.mailing()?;
        let secure = self.server().secure_cookies;
        let secret = RESET
            .read(secure, self.parts())
            .ok_or(AuthError::LinkExpired)?;
        check_new_password(&password)?;
        let (server, client) = (self.server(), self.client());
        let now = server.sessions.now();
        // A dead link costs no hashing, and counts like a wrong password.
        let checked = server
            .principals
            .check_link(&client, &secret, Purpose::Reset, now);
        if let Err(refused) = checked.await {
            if refused == AuthError::LinkExpired {
                RESET.send(secure, None);
            }
            return Err(refused);
        }
        let hash = server.passwords.hash(password).await?;
        let mut tx = quire_auth::db::write(server.sessions.db())
            .await
            .map_err(quire_auth::Error::from)?;
        let done = password_reset::complete_in(&mut tx, &secret, &hash, now).await;
        RESET.send(secure, None);
        let done = done?;
        tx.commit().await.map_err(quire_auth::Error::from)?;
        tracing::info!(
            account_id = done.account_id,
            sessions_ended = done.revoked.sessions_ended,
            "password reset with a mailed link"
        );
        let email = email_of(server.sessions.db(), done.account_id).await?;
        tokio::spawn(async move { reset.mailer.send(&email, Mail::PasswordReset).await });
        Ok(())
    }
}

async fn send_link(
    sessions: &quire_auth::sessions::Sessions,
    reset: &Mailing,
    email: &str,
) -> Result<(), quire_auth::Error> {
    let db = sessions.db();
    let account = quire_auth::accounts::find_active(db, email).await?;
    let Some(account_id) = account else {
        tracing::info!("reset asked for an address without an active account");
        return Ok(());
    };
    let link = NewLink {
        account_id,
        purpose: Purpose::Reset,
        ttl_seconds: (LINK_MINUTES * 60) as i64,
        new_email: None,
        auth_epoch: None,
    };
    let mut tx = quire_auth::db::write(db).await?;
    let secret = links::issue(&mut tx, link, sessions.now()).await?;
    tx.commit().await?;
    let url = format!("{}{RESET_LINK_PATH}?token={secret}", reset.origin);
    let mail = Mail::ResetLink {
        url: &url,
        minutes: LINK_MINUTES,
    };
    reset.mailer.send(email, mail).await;
    tracing::info!(account_id, "reset link sent");
    Ok(())
}

pub(super) async fn email_of(
    db: &quire_auth::db::Db,
    account_id: i64,
) -> Result<String, AuthError> {
    let email = quire_auth::accounts::email_of(db, account_id).await?;
    email.ok_or(AuthError::Internal)
}
