//! The one door for checking something a user knows (checklist P08). Browser sign-in, app-token
//! sign-in, sudo confirmation and the password change all come through [`check_password`], so
//! each is throttled per IP and per account and each failure is audited; a new path that needs
//! a password check has no other function to call. Reset links come through [`check_link`],
//! authenticator and recovery codes through `second_step`.
use crate::auth::messages;
use secrecy::SecretString;

use super::validate;
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    identity::{ClientInfo, Role, User},
    server::state::AppState,
};
use quire_auth::passwords::PasswordHashString;

/// Who claims to know the password: someone signing in by e-mail, or the signed-in user.
pub enum Claimant<'a> {
    Email(&'a str),
    User(i64),
}

/// Which entry point is asking. It decides the audit event and the message of a wrong password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    BrowserSignIn,
    ApiSignIn,
    Sudo,
    PasswordChange,
}

impl Door {
    fn label(self) -> &'static str {
        match self {
            Door::BrowserSignIn => "browser",
            Door::ApiSignIn => "api",
            Door::Sudo => "sudo confirmation",
            Door::PasswordChange => "password change",
        }
    }

    /// Sign-in never says which of e-mail and password was wrong; a signed-in user is told
    /// next to the field they typed into.
    fn wrong(self) -> AppError {
        match self {
            Door::BrowserSignIn | Door::ApiSignIn => AppError::BadCredentials,
            Door::Sudo => AppError::invalid("password", messages::NOT_YOUR_PASSWORD),
            Door::PasswordChange => {
                AppError::invalid("current_password", messages::NOT_YOUR_CURRENT_PASSWORD)
            }
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct Account {
    pub(super) id: i64,
    pub(super) email: String,
    pub(super) display_name: String,
    pub(super) password_hash: String,
    pub(super) role: Role,
    pub(super) active: bool,
    pub(super) auth_epoch: i64,
    pub(super) email_verified: bool,
}

pub(super) async fn find(
    state: &AppState,
    claimant: &Claimant<'_>,
) -> Result<Option<Account>, AppError> {
    const COLUMNS: &str =
        "SELECT a.id, a.email, u.display_name, a.password_hash, u.role, a.active, a.auth_epoch, \
                a.email_verified FROM auth_accounts a JOIN users u ON u.id = a.id";
    let account = match claimant {
        Claimant::Email(raw) => match validate::email(raw) {
            Ok(email) => quire_auth::on_db!(state.db, |exe| sqlx::query_as(&format!(
                "{COLUMNS} WHERE a.email = $1"
            ))
            .bind(email)
            .fetch_optional(exe)
            .await)?,
            Err(_) => None,
        },
        Claimant::User(id) => quire_auth::on_db!(state.db, |exe| sqlx::query_as(&format!(
            "{COLUMNS} WHERE a.id = $1"
        ))
        .bind(id)
        .fetch_optional(exe)
        .await)?,
    };
    Ok(account)
}

impl Account {
    pub(super) fn into_user(self) -> User {
        User {
            id: self.id,
            display_name: self.display_name,
            role: self.role,
            active: self.active,
            auth_epoch: self.auth_epoch,
            email_verified: self.email_verified,
        }
    }
}

/// The throttle's account key: the normalised e-mail, so failures at sign-in and at a signed-in
/// password prompt count against the same account.
fn account_key(claimant: &Claimant<'_>, account: Option<&Account>) -> String {
    match (account, claimant) {
        (Some(account), _) => account.email.clone(),
        (None, Claimant::Email(raw)) => validate::email(raw).unwrap_or_else(|_| raw.to_string()),
        (None, Claimant::User(id)) => format!("user #{id}"),
    }
}

/// Checks a password, unless the client's IP or the account is throttled (429). The attempt
/// is taken from both allowances before argon2 runs and given back only on success, so
/// parallel guesses cannot outrun the limit (P03). Unknown
/// e-mail, wrong password and deactivated account give the same error, and an unknown e-mail
/// still pays for one argon2 verification, so neither the answer nor its timing tells whether
/// an account exists (P02). Successes at sign-in and every failure are audited; a failure names
/// the account only if it exists, and never records what was typed.
pub async fn check_password(
    state: &AppState,
    client: &ClientInfo,
    claimant: Claimant<'_>,
    password: String,
    door: Door,
) -> Result<User, AppError> {
    let account = find(state, &claimant).await?;
    let key = account_key(&claimant, account.as_ref());
    let attempt = state
        .sign_in_throttle
        .attempt(&client.ip, Some(&key))
        .await?;
    let verified = password.len() <= validate::PASSWORD_MAX_BYTES && {
        let stored = account
            .as_ref()
            .map(|a| PasswordHashString::from_db(a.password_hash.clone()));
        state
            .passwords
            .verify(SecretString::from(password.clone()), stored)
            .await?
    };
    match account {
        Some(account) if verified && account.active => {
            attempt.give_back().await;
            let signing_in = door == Door::BrowserSignIn || door == Door::ApiSignIn;
            // With a second factor, the sign-in is recorded when its second step succeeds.
            if signing_in && !crate::factors::server::totp::enabled(&state.db, account.id).await? {
                let event = AuditEvent::SignInOk;
                audit::record_own(state, event, account.id, client, door.label()).await;
            }
            upgrade_hash_if_old(state, &account, password).await;
            Ok(account.into_user())
        }
        account => {
            attempt.keep();
            let subject = account.map(|a| a.id);
            let (event, actor) = match (door, &claimant) {
                (Door::Sudo | Door::PasswordChange, Claimant::User(id)) => {
                    (AuditEvent::PasswordCheckFailed, Some(*id))
                }
                _ => (AuditEvent::SignInFailed, None),
            };
            audit::record(state, event, actor, subject, client, door.label()).await;
            Err(door.wrong())
        }
    }
}

/// Checks a link secret from a mail with `check`, unless the client's IP is throttled. A link
/// names no account until it is found, so only the IP is counted (first, as for passwords);
/// an unknown, expired, spent and revoked link fail alike, and each failure is audited.
pub async fn check_link<T>(
    state: &AppState,
    client: &ClientInfo,
    check: impl std::future::Future<Output = Result<Option<T>, AppError>>,
) -> Result<T, AppError> {
    let attempt = state.sign_in_throttle.attempt(&client.ip, None).await?;
    match check.await? {
        Some(found) => {
            attempt.give_back().await;
            Ok(found)
        }
        None => {
            attempt.keep();
            let event = AuditEvent::LinkRefused;
            audit::record(state, event, None, None, client, "mailed link").await;
            Err(AppError::LinkExpired)
        }
    }
}

/// Replaces a hash made with older argon2 parameters. Failure only delays the upgrade. Only the
/// hash that was verified is replaced: a password change that landed meanwhile wins, rather
/// than being reverted to the old password by this sign-in (the in-flight class of S08).
async fn upgrade_hash_if_old(state: &AppState, account: &Account, password: String) {
    let stored = PasswordHashString::from_db(account.password_hash.clone());
    if !quire_auth::passwords::needs_rehash(&stored) {
        return;
    }
    let Ok(hash) = state.passwords.hash(SecretString::from(password)).await else {
        return;
    };
    let updated = quire_auth::on_db!(state.db, |exe| sqlx::query(
        "UPDATE auth_accounts SET password_hash = $1 WHERE id = $2 AND password_hash = $3"
    )
    .bind(hash.as_db())
    .bind(account.id)
    .bind(&account.password_hash)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()));
    match updated {
        Ok(_) => tracing::info!(user_id = account.id, "password hash upgraded"),
        Err(error) => tracing::warn!(user_id = account.id, %error, "password hash upgrade failed"),
    }
}
