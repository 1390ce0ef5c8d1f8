//! New accounts: registration, which mails a verification link (checklist M08) and answers the
//! same whether or not the address is taken (M02), and the first admin made at `/setup`.
use crate::auth::messages;
use secrecy::SecretString;

use super::{notices, validate};
use crate::mail::server::Recipient;
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::{AppError, Checks},
    identity::{ClientInfo, Role, User},
    mail::server::{commit_and_send, enqueue},
    server::state::AppState,
};
use quire_auth::links::{self, Purpose};
use quire_auth::{accounts::NewAccount, db::Tx};

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
    let account = NewAccount {
        email: &input.email,
        password_hash: &hash,
        verified: false,
        now,
    };
    let id = insert_account(&mut tx, account, &input.display_name, Role::Reader).await?;
    let letter = match id {
        Some(id) => {
            let ttl = i64::try_from(accounts.verify_link_hours * 3600).unwrap_or(86_400);
            let link = links::NewLink {
                account_id: id,
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
            let owner: Recipient = quire_auth::on_db!(tx, |exe| {
                sqlx::query_as(
                "SELECT a.email, u.display_name FROM auth_accounts a JOIN users u ON u.id = a.id \
                 WHERE a.email = $1"
            )
            .bind(&input.email)
            .fetch_one(exe)
            .await
            })?;
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
/// site whose mail is not set up yet must still have an admin who can write. The check that no
/// admin exists and the inserts share one write transaction, which runs as if alone, so two
/// racing visitors cannot both become admin: the loser gets `NotFound`, as `/setup` is gone
/// for them.
pub async fn create_first_admin(state: &AppState, input: Registration) -> Result<User, AppError> {
    let hash = state.passwords.hash(input.password).await?;
    let now = state.clock.now().unix_timestamp();
    let mut tx = quire_auth::db::write(&state.db).await?;
    if super::server::admin_exists_in(&mut tx).await? {
        return Err(AppError::NotFound);
    }
    let account = NewAccount {
        email: &input.email,
        password_hash: &hash,
        verified: true,
        now,
    };
    let inserted = insert_account(&mut tx, account, &input.display_name, Role::Admin).await;
    match inserted {
        Ok(Some(id)) => {
            tx.commit().await?;
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
        // Setup is open only until the first admin exists; saying the address is taken there
        // tells no more than the registration form's mail to its owner does.
        Ok(None) => Err(AppError::invalid("email", messages::EMAIL_TAKEN)),
        Err(error) => Err(error.into()),
    }
}

/// Makes the account: quire-auth's row and Quire's (the display name and role) under the same
/// id, in the caller's write transaction. `None` when the address has an account.
pub async fn insert_account(
    tx: &mut Tx,
    account: NewAccount<'_>,
    display_name: &str,
    role: Role,
) -> Result<Option<i64>, quire_auth::Error> {
    let now = account.now;
    let Some(id) = quire_auth::accounts::create(tx, account).await? else {
        return Ok(None);
    };
    quire_auth::on_db!(tx, |exe| sqlx::query(
        "INSERT INTO users (id, display_name, role, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(id)
    .bind(display_name)
    .bind(role)
    .bind(now)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(Some(id))
}
