//! Account queries and password checks. SQL about users lives here and in `registration.rs`.
use quire_auth::db::Tx;
use secrecy::SecretString;

use super::recent::RecentCredential;
pub use super::registration::{create_first_admin, insert_account, register, Registration};
use super::validate;
use crate::{
    error::{AppError, Checks},
    mail::server::commit_and_send,
    server::{cookies, state::AppState},
};
use quire_auth::{db::Db, passwords::PasswordHashString, revocation::Revoked};

const PENDING_COOKIE: &str = "quire_pending";

/// Starts the pending second step of a sign-in and hands the browser its cookie. `user` is as
/// the password check read it: the step is stored only while its epoch is current.
pub async fn await_second_step(
    state: &AppState,
    user: &crate::identity::User,
    remember: bool,
) -> Result<(), AppError> {
    use quire_auth::pending_sign_ins;
    use secrecy::ExposeSecret;
    let now = state.clock.now().unix_timestamp();
    let created = pending_sign_ins::create(&state.db, user.id, user.auth_epoch, remember, now);
    // None: a revocation came between the password check and now (S08).
    let secret = created.await?.ok_or(AppError::SignInAgain)?;
    let production = state.config.site.production;
    let max_age = pending_sign_ins::LIFETIME_SECONDS as u64;
    let cookie = cookies::set(PENDING_COOKIE, secret.expose_secret(), max_age, production);
    cookies::send(cookie);
    Ok(())
}

pub fn pending_secret(state: &AppState) -> Option<String> {
    let name = cookies::name(PENDING_COOKIE, state.config.site.production);
    crate::server::request::cookie(&name).filter(|s| !s.is_empty())
}

pub fn forget_pending(state: &AppState) {
    cookies::send(cookies::set(
        PENDING_COOKIE,
        "",
        0,
        state.config.site.production,
    ));
}

pub async fn admin_exists(db: &Db) -> Result<bool, sqlx::Error> {
    quire_auth::on_db!(db, |exe| sqlx::query_scalar(ADMIN_EXISTS)
        .fetch_one(exe)
        .await)
}

/// [`admin_exists`], read in the caller's write transaction.
pub async fn admin_exists_in(tx: &mut Tx) -> Result<bool, sqlx::Error> {
    quire_auth::on_db!(tx, |exe| sqlx::query_scalar(ADMIN_EXISTS)
        .fetch_one(exe)
        .await)
}

const ADMIN_EXISTS: &str = "SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin')";

/// A new password that passed the policy (P04), checked before the current password is, so a
/// weak choice is not counted as a failed guess.
pub struct NewPassword(SecretString);

impl NewPassword {
    pub fn parse(field: &str, raw: String) -> Result<Self, AppError> {
        let mut checks = Checks::default();
        let guessable = || validate::not_guessable(&raw, &[]);
        checks.check(
            field,
            validate::new_password(&raw).and_then(|()| guessable()),
        );
        checks.finish()?;
        Ok(Self(SecretString::from(raw)))
    }
}

impl NewPassword {
    pub async fn hash(self, state: &AppState) -> Result<PasswordHashString, AppError> {
        Ok(state.passwords.hash(self.0).await?)
    }
}

/// Stores a new password (the caller checked the current one, or spent a reset link, in the
/// same transaction) and ends every credential of the user: sessions, tokens, mailed links and
/// sign-ins waiting for their second step (L06, M03, M09). With `remove_recent`, the passkeys
/// and authenticator app added in the last `RECENT_DAYS` go too (see `recent`). The "password
/// changed" notice, which names what was removed, is queued in the same transaction.
pub async fn replace_password_in(
    conn: &mut Tx,
    state: &AppState,
    user_id: i64,
    hash: &PasswordHashString,
    remove_recent: bool,
    now: i64,
) -> Result<Revoked, AppError> {
    // Sessions, pending second steps (S08), passkey registrations in progress, tokens and both
    // epochs (so no mailed link of any kind outlives this, M09), with the new hash.
    let revoked = quire_auth::revocation::replace_password_in(conn, user_id, hash, now).await?;
    password_changed_in(conn, state, user_id, remove_recent, now).await?;
    Ok(revoked)
}

/// What follows every new password once it is stored and everything revoked (a change, or a
/// reset through quire-auth's `password_reset`): the credentials added recently removed when
/// the user asked, and the notice queued in the same transaction.
pub async fn password_changed_in(
    conn: &mut Tx,
    state: &AppState,
    user_id: i64,
    remove_recent: bool,
    now: i64,
) -> Result<(), AppError> {
    let to = crate::mail::server::recipient_in(conn, user_id).await?;
    let removed = match remove_recent {
        true => remove_recent_in(conn, user_id, now).await?,
        false => Vec::new(),
    };
    let origin = &state.config.site.origin;
    let notice = super::notices::password_changed(&to, origin, &removed);
    crate::mail::server::enqueue(conn, &notice, origin, now).await?;
    tracing::info!(user_id, "password changed");
    Ok(())
}

/// [`replace_password_in`] in a transaction of its own, for the signed-in password change.
pub async fn replace_password(
    state: &AppState,
    user_id: i64,
    hash: &PasswordHashString,
    remove_recent: bool,
) -> Result<Revoked, AppError> {
    let now = state.clock.now().unix_timestamp();
    let mut tx = quire_auth::db::write(&state.db).await?;
    let revoked = replace_password_in(&mut tx, state, user_id, hash, remove_recent, now).await?;
    commit_and_send(tx, state).await?;
    Ok(revoked)
}

/// Ends every session and revokes every API token, mailed link, pending second step and passkey
/// ceremony of a user (password change, reset, admin action, deactivation): the one call for
/// "this user's credentials are no longer good".
pub async fn revoke_all_credentials(db: &Db, user_id: i64, now: i64) -> Result<Revoked, AppError> {
    let mut tx = quire_auth::db::write(db).await?;
    let revoked = revoke_all_credentials_in(&mut tx, user_id, now).await?;
    tx.commit().await?;
    Ok(revoked)
}

/// [`revoke_all_credentials`] inside the caller's transaction.
pub async fn revoke_all_credentials_in(
    conn: &mut Tx,
    user_id: i64,
    now: i64,
) -> Result<Revoked, AppError> {
    // Sessions, pending second steps (S08), passkey registrations in progress, tokens and
    // both epochs (so no mailed link of any kind outlives this, M09).
    let revoked = quire_auth::revocation::revoke_all_in(conn, user_id, now).await?;
    Ok(revoked)
}

/// The user's passkeys and authenticator app added in the last `RECENT_DAYS`, newest first.
pub async fn recent_credentials(
    state: &AppState,
    user_id: i64,
) -> Result<Vec<RecentCredential>, AppError> {
    use crate::{factors::server::totp, passkeys::server::store, timestamp::Timestamp};
    let since = recent_since(state.clock.now().unix_timestamp());
    let mut found: Vec<RecentCredential> = store::added_since(&state.db, user_id, since)
        .await?
        .into_iter()
        .map(|key| RecentCredential {
            what: format!("Passkey \u{201c}{}\u{201d}", key.name),
            added: Timestamp(key.created_at),
            from: key.added_from,
        })
        .collect();
    if let Some((at, from)) = totp::confirmed_since(&state.db, user_id, since).await? {
        found.push(RecentCredential {
            what: "Authenticator app".into(),
            added: Timestamp(at),
            from,
        });
    }
    found.sort_by_key(|c| std::cmp::Reverse(c.added.0));
    Ok(found)
}

/// Removes what [`recent_credentials`] lists; a description of each thing removed.
async fn remove_recent_in(conn: &mut Tx, user_id: i64, now: i64) -> Result<Vec<String>, AppError> {
    use crate::{factors::server, passkeys::server::store};
    let since = recent_since(now);
    let mut removed: Vec<String> = store::remove_added_since_in(conn, user_id, since)
        .await?
        .into_iter()
        .map(|name| format!("the passkey \u{201c}{name}\u{201d}"))
        .collect();
    if server::totp::confirmed_since_in(conn, user_id, since).await? {
        server::change::clear(conn, user_id).await?;
        removed.push("the authenticator app and its recovery codes".into());
    }
    Ok(removed)
}

fn recent_since(now: i64) -> i64 {
    now - super::recent::RECENT_DAYS * 86_400
}
