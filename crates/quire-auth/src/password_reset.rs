//! A new password set with a mailed link ([`links::Purpose::Reset`]): the link is checked
//! through the same door as a password ([`PasswordCheck::check_link`]: throttled per IP, every
//! dead link audited), then spent and the password set in one transaction
//! ([`complete_in`]), which ends everything the account had signed in with.
//!
//! ```no_run
//! # async fn reset<P: quire_auth::sessions::Principal>(
//! #     check: quire_auth::password_check::PasswordCheck<P>,
//! #     passwords: quire_auth::passwords::Passwords, db: quire_auth::db::Db,
//! #     client: quire_auth::ClientInfo, secret: &str, new_password: secrecy::SecretString, now: i64,
//! # ) -> Result<(), quire_auth::Error> {
//! use quire_auth::{links::Purpose, password_reset};
//!
//! // A dead link costs no hashing, and counts like a wrong password.
//! check.check_link(&client, secret, Purpose::Reset, now).await?;
//! let hash = passwords.hash(new_password).await?;
//! let mut tx = quire_auth::db::write(&db).await?;
//! let done = password_reset::complete_in(&mut tx, secret, &hash, now).await?;
//! tx.commit().await?;
//! println!("{} sessions signed out", done.revoked.sessions_ended);
//! # Ok(()) }
//! ```
use crate::{
    audit::{AuditEntry, AuthEvent},
    db::Tx,
    links::{self, Purpose},
    password_check::PasswordCheck,
    passwords::PasswordHashString,
    revocation::Revoked,
    sessions::Principal,
    ClientInfo, Error,
};

impl<P: Principal> PasswordCheck<P> {
    /// The account that the live link `secret` for `purpose` belongs to, without spending it;
    /// [`Error::LinkExpired`] when it is not live (unknown, used, expired, or issued before a
    /// revocation). Throttled per IP like a password: the attempt is taken before the lookup
    /// and given back only for a live link, so link secrets cannot be guessed faster than
    /// passwords ([`Error::Throttled`]). Every dead link is audited as
    /// [`AuthEvent::LinkRefused`], naming nobody.
    pub async fn check_link(
        &self,
        client: &ClientInfo,
        secret: &str,
        purpose: Purpose,
        now: i64,
    ) -> Result<i64, Error> {
        let attempt = self.throttle().attempt(&client.ip, None).await?;
        match links::peek(self.db(), secret, purpose, now).await? {
            Some(account_id) => {
                attempt.give_back().await;
                Ok(account_id)
            }
            None => {
                attempt.keep();
                let entry = AuditEntry {
                    event: AuthEvent::LinkRefused,
                    actor: None,
                    subject: None,
                    client,
                    detail: "mailed link",
                };
                self.audit().record(entry).await;
                Err(Error::LinkExpired)
            }
        }
    }
}

/// What a completed reset did.
#[derive(Debug)]
#[non_exhaustive]
pub struct Completed {
    /// Whose password it was.
    pub account_id: i64,
    /// Whether the link proved an address that was not proven before, which removed the
    /// account's passkeys and second step (see [`complete_in`]).
    pub address_proven: bool,
    /// The sessions and tokens that ended.
    pub revoked: Revoked,
}

/// Spends the reset link `secret` and makes `hash` the account's password, in the caller's
/// write transaction. Every session, token, pending step and other link of the account ends
/// with it ([`revocation::replace_password_in`](crate::revocation::replace_password_in)): whoever
/// knew the old password is out.
///
/// Following the link proves the address. If it was not proven before, the account may be a
/// stranger's registration of the owner's address, and what it gained meanwhile (passkeys, an
/// authenticator app, recovery codes) is as likely the stranger's as the owner's: it is
/// removed, so that the owner's reset takes the whole account back.
///
/// [`Error::LinkExpired`] when the link is not live: of two requests racing with one link,
/// the second finds it spent.
pub async fn complete_in(
    tx: &mut Tx,
    secret: &str,
    hash: &PasswordHashString,
    now: i64,
) -> Result<Completed, Error> {
    let spent = links::spend(tx, secret, Purpose::Reset, now).await?;
    let account_id = spent.ok_or(Error::LinkExpired)?.account_id;
    let address_proven = crate::accounts::prove_address_in(tx, account_id, now).await?;
    if address_proven {
        crate::passkeys::store::remove_in(tx, account_id, None).await?;
        crate::totp::remove_in(tx, account_id).await?;
        crate::recovery_codes::clear_in(tx, account_id).await?;
        tracing::info!(
            account_id,
            "address proven by a reset link: factors removed"
        );
    }
    let revoked = crate::revocation::replace_password_in(tx, account_id, hash, now).await?;
    Ok(Completed {
        account_id,
        address_proven,
        revoked,
    })
}
