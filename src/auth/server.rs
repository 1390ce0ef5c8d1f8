//! Account queries and password checks. The only place SQL about users lives.
use secrecy::SecretString;

use super::{api::Role, validate};
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    server::{
        db::{is_unique_violation, Db},
        passwords::{needs_rehash, PasswordHashString},
        state::AppState,
    },
    sessions::{server::ClientInfo, store::SessionUser},
};

/// Registration input that has passed every rule.
pub struct Registration {
    email: String,
    display_name: String,
    password: SecretString,
}

impl Registration {
    pub fn parse(email: &str, display_name: &str, password: String) -> Result<Self, AppError> {
        let mut checks = validate::Checks::default();
        let email = checks.check("email", validate::email(email));
        let display_name = checks.check("display_name", validate::display_name(display_name));
        let inputs = [
            email.as_deref().unwrap_or_default(),
            display_name.as_deref().unwrap_or_default(),
        ];
        checks.check(
            "password",
            validate::new_password(&password)
                .and_then(|()| validate::not_guessable(&password, &inputs)),
        );
        checks.finish()?;
        match (email, display_name) {
            (Some(email), Some(display_name)) => Ok(Self {
                email,
                display_name,
                password: SecretString::from(password),
            }),
            _ => Err(AppError::BadRequest),
        }
    }
}

/// Inserts a user with `role`. With `only_if_no_admin` (first-run setup) the insert and the
/// check that no admin exists are one statement, so two racing visitors cannot both become
/// admin: the loser gets `NotFound`, as `/setup` is gone for them.
pub async fn create_user(
    state: &AppState,
    input: Registration,
    role: Role,
    only_if_no_admin: bool,
) -> Result<SessionUser, AppError> {
    let hash = state.passwords.hash(input.password).await?;
    let now = state.clock.now().unix_timestamp();
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO users (email, display_name, password_hash, role, active, created_at, updated_at) \
         SELECT $1, $2, $3, $4, TRUE, $5, $5 \
         WHERE NOT $6 OR NOT EXISTS (SELECT 1 FROM users WHERE role = 'admin') RETURNING id",
    )
    .bind(&input.email)
    .bind(&input.display_name)
    .bind(hash.as_db())
    .bind(role.as_str())
    .bind(now)
    .bind(only_if_no_admin)
    .fetch_optional(&state.db)
    .await;
    match inserted {
        Ok(Some(id)) => {
            tracing::info!(user_id = id, role = role.as_str(), "user registered");
            Ok(SessionUser {
                id,
                display_name: input.display_name,
                role,
                active: true,
            })
        }
        Ok(None) => Err(AppError::NotFound),
        Err(error) if is_unique_violation(&error) => Err(AppError::invalid(
            "email",
            "An account with this e-mail already exists. Sign in instead.",
        )),
        Err(error) => Err(error.into()),
    }
}

pub async fn admin_exists(db: &Db) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin')")
        .fetch_one(db)
        .await
}

type LoginRow = (i64, String, String, String, bool);

/// Checks an e-mail and password. Unknown e-mail, wrong password and deactivated account all give
/// the same error, and unknown e-mails still pay for one argon2 verification, so neither the
/// answer nor its timing tells whether an account exists.
///
/// Both outcomes are audited; `via` says which door was used ("browser" or "api"). A failed
/// attempt names the account only if it exists, and never records what was typed.
pub async fn authenticate(
    state: &AppState,
    email: &str,
    password: String,
    client: &ClientInfo,
    via: &str,
) -> Result<SessionUser, AppError> {
    if password.len() > validate::PASSWORD_MAX_BYTES {
        return Err(AppError::BadCredentials);
    }
    let row: Option<LoginRow> =
        match validate::email(email) {
            Ok(email) => sqlx::query_as(
                "SELECT id, display_name, password_hash, role, active FROM users WHERE email = $1",
            )
            .bind(email)
            .fetch_optional(&state.db)
            .await?,
            Err(_) => None,
        };
    let stored = row
        .as_ref()
        .map(|r| PasswordHashString::from_db(r.2.clone()));
    let password = SecretString::from(password);
    let verified = state
        .passwords
        .verify(password.clone(), stored.clone())
        .await?;
    match row {
        Some((id, display_name, _, role, active)) if verified && active => {
            if stored.as_ref().is_some_and(needs_rehash) {
                upgrade_hash(state, id, password).await;
            }
            let event = AuditEvent::SignInOk;
            audit::record(state, event, Some(id), Some(id), client, via).await;
            Ok(SessionUser {
                id,
                display_name,
                role: role.parse().map_err(|_| AppError::Internal)?,
                active,
            })
        }
        _ => {
            let subject = row.map(|r| r.0);
            audit::record(state, AuditEvent::SignInFailed, None, subject, client, via).await;
            Err(AppError::BadCredentials)
        }
    }
}

/// Replaces a hash made with older parameters. Failure only delays the upgrade.
async fn upgrade_hash(state: &AppState, user_id: i64, password: SecretString) {
    let Ok(hash) = state.passwords.hash(password).await else {
        return;
    };
    let updated = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash.as_db())
        .bind(user_id)
        .execute(&state.db)
        .await;
    match updated {
        Ok(_) => tracing::info!(user_id, "password hash upgraded to current parameters"),
        Err(error) => tracing::warn!(user_id, %error, "password hash upgrade failed"),
    }
}

async fn stored_hash(
    state: &AppState,
    user_id: i64,
) -> Result<Option<PasswordHashString>, AppError> {
    let hash: Option<String> = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&state.db)
        .await?;
    Ok(hash.map(PasswordHashString::from_db))
}

/// Checks the signed-in user's password again (sudo confirmation).
pub async fn verify_password_of(
    state: &AppState,
    user_id: i64,
    password: String,
) -> Result<(), AppError> {
    if password.len() > validate::PASSWORD_MAX_BYTES {
        return Err(AppError::invalid("password", "That is not your password."));
    }
    let stored = stored_hash(state, user_id).await?;
    if state
        .passwords
        .verify(SecretString::from(password), stored)
        .await?
    {
        Ok(())
    } else {
        tracing::info!(user_id, "failed password confirmation");
        Err(AppError::invalid("password", "That is not your password."))
    }
}

/// Replaces the password after checking the current one. Sessions are the caller's business.
pub async fn change_password(
    state: &AppState,
    user_id: i64,
    current: String,
    new: String,
) -> Result<(), AppError> {
    let mut checks = validate::Checks::default();
    let guessable = || validate::not_guessable(&new, &[]);
    checks.check(
        "new_password",
        validate::new_password(&new).and_then(|()| guessable()),
    );
    checks.finish()?;
    verify_password_of(state, user_id, current)
        .await
        .map_err(|_| AppError::invalid("current_password", "That is not your current password."))?;
    let hash = state.passwords.hash(SecretString::from(new)).await?;
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash.as_db())
        .bind(state.clock.now().unix_timestamp())
        .bind(user_id)
        .execute(&state.db)
        .await?;
    tracing::info!(user_id, "password changed");
    Ok(())
}
