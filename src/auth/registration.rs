//! New accounts: registration, which mails a verification link (checklist M08) and answers the
//! same whether or not the address is taken (M02), and the first admin made at `/setup`.
use crate::auth::messages;
use secrecy::SecretString;

use super::{
    links::{self, Purpose},
    notices, validate,
};
use crate::mail::server::Recipient;
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::{AppError, Checks},
    identity::{ClientInfo, Role, User},
    mail::server::{commit_and_send, enqueue},
    server::state::AppState,
};
use quire_auth::db::is_unique_violation;

/// Registration input that has passed every rule.
pub struct Registration {
    email: String,
    display_name: String,
    password: SecretString,
}

impl Registration {
    pub fn parse(email: &str, display_name: &str, password: String) -> Result<Self, AppError> {
        let mut checks = Checks::default();
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

/// Makes a reader account and mails its verification link; for an address that already has an
/// account, mails that account's owner instead. Either way the work (a password hash, one
/// insert attempt, one message) and the answer are the same, so the form tells nobody which
/// addresses have accounts. Nobody is signed in: the new owner signs in when they like.
pub async fn register(
    state: &AppState,
    input: Registration,
    client: &ClientInfo,
) -> Result<(), AppError> {
    let hash = state.passwords.hash(input.password).await?;
    let now = state.clock.now().unix_timestamp();
    let (origin, accounts) = (&state.config.site.origin, &state.config.accounts);
    let mut tx = quire_auth::db::write(&state.db).await?;
    let id: Option<i64> = quire_auth::on_db!(tx, |exe| sqlx::query_scalar(
        "INSERT INTO users (email, display_name, password_hash, role, active, email_verified, \
                            created_at, updated_at) \
         VALUES ($1, $2, $3, 'reader', TRUE, FALSE, $4, $4) \
         ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(&input.email)
    .bind(&input.display_name)
    .bind(hash.as_db())
    .bind(now)
    .fetch_optional(exe)
    .await)?;
    let letter = match id {
        Some(id) => {
            let ttl = i64::try_from(accounts.verify_link_hours * 3600).unwrap_or(86_400);
            let link = links::NewLink {
                user_id: id,
                purpose: Purpose::Verify,
                ttl_seconds: ttl,
                new_email: None,
                auth_epoch: None,
            };
            let secret = links::issue(&mut tx, link, now).await?;
            let to = Recipient {
                email: input.email,
                display_name: input.display_name,
            };
            let url = format!("{origin}/verify-email/open?token={secret}");
            notices::verify_address(&to, origin, url, accounts.verify_link_hours)
        }
        None => {
            let owner: Recipient = quire_auth::on_db!(tx, |exe| sqlx::query_as(
                "SELECT email, display_name FROM users WHERE email = $1"
            )
            .bind(&input.email)
            .fetch_one(exe)
            .await)?;
            notices::registration_attempt(&owner, origin)
        }
    };
    enqueue(&mut tx, &letter, origin, now).await?;
    commit_and_send(tx, state).await?;
    match id {
        Some(id) => {
            tracing::info!(user_id = id, "user registered");
            let event = AuditEvent::VerificationSent;
            audit::record(state, event, None, Some(id), client, "registration").await;
        }
        None => tracing::info!("registration with an address that has an account"),
    }
    Ok(())
}

/// Makes the first admin, who counts as verified: they are the operator at first run, and a
/// site whose mail is not set up yet must still have an admin who can write. The insert and
/// the check that no admin exists are one statement, so two racing visitors cannot both become
/// admin: the loser gets `NotFound`, as `/setup` is gone for them.
pub async fn create_first_admin(state: &AppState, input: Registration) -> Result<User, AppError> {
    let hash = state.passwords.hash(input.password).await?;
    let now = state.clock.now().unix_timestamp();
    let inserted = quire_auth::on_db!(state.db, |exe| sqlx::query_scalar::<_, i64>(
        "INSERT INTO users (email, display_name, password_hash, role, active, email_verified, \
                            created_at, updated_at) \
         SELECT $1, $2, $3, 'admin', TRUE, TRUE, $4, $4 \
         WHERE NOT EXISTS (SELECT 1 FROM users WHERE role = 'admin') RETURNING id",
    )
    .bind(&input.email)
    .bind(&input.display_name)
    .bind(hash.as_db())
    .bind(now)
    .fetch_optional(exe)
    .await);
    match inserted {
        Ok(Some(id)) => {
            tracing::info!(user_id = id, "first admin created");
            Ok(User {
                id,
                display_name: input.display_name,
                role: Role::Admin,
                active: true,
                auth_epoch: 0,
                email_verified: true,
            })
        }
        Ok(None) => Err(AppError::NotFound),
        // Setup is open only until the first admin exists; saying the address is taken there
        // tells no more than the registration form's mail to its owner does.
        Err(error) if is_unique_violation(&error) => {
            Err(AppError::invalid("email", messages::EMAIL_TAKEN))
        }
        Err(error) => Err(error.into()),
    }
}
