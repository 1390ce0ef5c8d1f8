//! Changing the password while signed in: the current one checked like a sign-in (throttled,
//! audited), then every session and token of the account ends but this browser's, which goes
//! on with a new id.
use quire_auth::revocation;
use secrecy::SecretString;

use super::{request::Backend, validate::check_new_password, Mail};
use crate::AuthError;

impl Backend {
    pub(crate) async fn change_password(
        &self,
        current: SecretString,
        new: SecretString,
    ) -> Result<(), AuthError> {
        let account_id = self.account_id()?;
        check_new_password(&new)?;
        let (server, session) = (self.server(), self.session()?);
        // A wrong current password costs no hash of the new one.
        let client = self.client();
        let checked = server.principals.check_own(&client, self.parts(), current);
        checked.await?;
        let hash = server.passwords.hash(new).await?;
        let sessions = &server.sessions;
        let mut tx = quire_auth::db::write(sessions.db())
            .await
            .map_err(quire_auth::Error::from)?;
        let now = sessions.now();
        let revoked = revocation::replace_password_in(&mut tx, account_id, &hash, now).await?;
        tx.commit().await.map_err(quire_auth::Error::from)?;
        // Whoever knew the old password is out everywhere; the one who just typed it stays,
        // under the epoch the revocation moved to, with a new session id.
        sessions
            .reauthenticated(&session, revoked.auth_epoch)
            .await?;
        tracing::info!(
            account_id,
            sessions_ended = revoked.sessions_ended,
            tokens_revoked = revoked.tokens_revoked,
            "password changed"
        );
        self.notify(account_id, Mail::PasswordChanged).await
    }
}
