//! Personal access tokens, made from Account → Tokens. The owner is mailed a notice in the
//! transaction that stores the token (checklist M06).
use crate::tokens::messages;
use quire_auth::db::Tx;

use super::api::CreatedToken;
use crate::{
    api::Scope,
    audit::{api::AuditEvent, server as audit},
    error::{short_name_rules, AppError, Checks},
    identity::{ClientInfo, User},
    limits::Write,
    mail::server::{commit_and_send, enqueue, Letter},
    server::state::AppState,
};
use quire_auth::token_format::TokenKind;

/// A personal access token's settings after the rules: a name of 1 to 100 characters, an
/// expiry of 1 to 365 days, at least one scope.
pub struct NewToken {
    pub name: String,
    pub expires_days: u32,
    pub scopes: Vec<Scope>,
}

impl NewToken {
    pub fn parse(name: &str, expires_days: u32, scopes: Vec<Scope>) -> Result<Self, AppError> {
        let mut checks = Checks::default();
        let name = checks.check("name", short_name_rules(name, 100, messages::TOKEN_NAME));
        let expiry_ok = (1..=365).contains(&expires_days);
        checks.check(
            "expires_days",
            expiry_ok.then_some(()).ok_or(messages::TOKEN_EXPIRY),
        );
        checks.check(
            "scopes",
            (!scopes.is_empty())
                .then_some(())
                .ok_or(messages::TOKEN_SCOPES),
        );
        checks.finish()?;
        Ok(Self {
            name: name.unwrap_or_default(),
            expires_days,
            scopes,
        })
    }
}

/// Makes a personal access token for `user`, from the account's form. Needs sudo mode.
pub async fn create_personal_token(
    state: &AppState,
    session: &tower_sessions::Session,
    user: &User,
    client: &ClientInfo,
    name: &str,
    expires_days: u32,
    scopes: Vec<Scope>,
) -> Result<CreatedToken, AppError> {
    user.require_verified()?;
    state.sessions.require_sudo(session).await?;
    let NewToken {
        name,
        expires_days,
        scopes,
    } = NewToken::parse(name, expires_days, scopes)?;
    crate::limits::allow(state, Write::Token, Some(user), client).await?;
    let now = state.clock.now().unix_timestamp();
    let expires_at = now + i64::from(expires_days) * 86_400;
    let mut tx = quire_auth::db::write(&state.db).await?;
    let issued = state
        .tokens
        .issue(&mut tx, user, TokenKind::Pat, &name, &scopes, expires_at)
        .await?;
    queue_notice(&mut tx, state, user.id, &name, now).await?;
    commit_and_send(tx, state).await?;
    let detail = format!("personal access token \"{name}\"");
    audit::record_own(state, AuditEvent::TokenCreated, user.id, client, &detail).await;
    Ok(CreatedToken {
        token: issued.token,
        name,
    })
}

async fn queue_notice(
    conn: &mut Tx,
    state: &AppState,
    user_id: i64,
    name: &str,
    now: i64,
) -> Result<(), AppError> {
    let owner = crate::mail::server::recipient_in(conn, user_id).await?;
    let origin = &state.config.site.origin;
    let letter = Letter::new(
        &owner.email,
        &owner.display_name,
        "A new access token for your Quire account",
    )
    .say(format!(
        "A personal access token named \u{201c}{name}\u{201d} was just created for your \
             account at {origin}. Whoever holds it can use the account through the API."
    ))
    .say("If this was not you, revoke it and change your password:")
    .action("Your tokens", format!("{origin}/account/tokens"));
    enqueue(conn, &letter, origin, now).await?;
    Ok(())
}
