//! The sessions page: the account's open sessions, and ending one of them.
use quire_auth::{accounts, sessions};

use super::request::Backend;
use crate::{AuthError, SessionView};

/// How many sessions the sessions page lists (the policy caps an account well below this).
const LISTED_SESSIONS: u32 = 100;

impl Backend {
    pub(crate) async fn sessions(&self) -> Result<Vec<SessionView>, AuthError> {
        let account_id = self.account_id()?;
        let sessions = &self.server().sessions;
        let rows = sessions::list(sessions.db(), account_id, sessions.now(), LISTED_SESSIONS);
        let current = sessions::handle_of(&self.session()?);
        Ok(rows
            .await?
            .into_iter()
            .map(|row| SessionView {
                current: current.as_deref() == Some(row.id_hash.as_str()),
                handle: row.id_hash,
                ip: row.ip,
                user_agent: row.user_agent,
                created_at: row.created_at,
                last_seen_at: row.last_seen_at,
            })
            .collect())
    }

    /// Ending this browser's own session is signing out and asks for nothing more. Ending
    /// another needs sudo mode: a stolen session must not be able to sign its owner out of
    /// every other device without knowing the password.
    pub(crate) async fn end_session(&self, handle: &str) -> Result<(), AuthError> {
        let account_id = self.account_id()?;
        let session = self.session()?;
        if sessions::handle_of(&session).as_deref() == Some(handle) {
            return self.sign_out().await;
        }
        self.server().sessions.require_sudo(&session).await?;
        let db = self.server().sessions.db();
        let mut tx = quire_auth::db::write(db)
            .await
            .map_err(quire_auth::Error::from)?;
        // The epoch moves even when nothing is deleted: the handle may name a session that is
        // being given a new id right now, which must not be stored again.
        accounts::bump_auth_epoch(&mut tx, account_id).await?;
        let deleted = sessions::delete_one_of(&mut tx, account_id, handle).await?;
        tx.commit().await.map_err(quire_auth::Error::from)?;
        match deleted {
            0 => Err(AuthError::NoSuchSession),
            _ => Ok(()),
        }
    }
}
