//! Admin console server functions. Each one authorises as admin first, from the user row read
//! on this request; changes to other accounts also need sudo mode and are audited.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    audit::api::AuditEntry,
    comments::api::ModeratedComment,
    error::AppError,
    identity::Role,
    posts::api::PostSummary,
    timestamp::Timestamp,
    ui::{Page, Paged},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub created: Timestamp,
    /// Whether two-step sign-in is on (never anything about the secret).
    pub two_step: bool,
    /// How many passkeys the user has.
    pub passkeys: i64,
    /// The viewing admin's own row (no self-demotion or self-deactivation).
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub is_self: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationQueue {
    pub posts: Paged<PostSummary>,
    pub comments: Paged<ModeratedComment>,
}

#[cfg(feature = "ssr")]
mod guard {
    pub use crate::{audit::api::AuditEvent, server::state::AppState};
    use crate::{error::AppError, identity::User, server::request};

    /// An admin, who has two-step sign-in or a passkey when the site asks admins to
    /// (`accounts.require_second_factor_for_admins`).
    pub async fn admin() -> Result<(User, AppState), AppError> {
        let admin = super::super::server::require_admin(request::current_user())?;
        let state = request::state()?;
        let required = state.config.accounts.require_second_factor_for_admins;
        let has_factor = || async {
            let totp = crate::factors::server::totp::enabled(&state.db, admin.id).await?;
            let keys = crate::passkeys::server::store::count(&state.db, admin.id).await?;
            Ok::<_, AppError>(totp || keys > 0)
        };
        if required && !has_factor().await? {
            return Err(AppError::Denied(
                crate::admin::messages::SECOND_FACTOR_REQUIRED,
            ));
        }
        Ok((admin, state))
    }

    /// An admin, in sudo mode, acting on another account.
    pub async fn admin_acting_on(user_id: i64) -> Result<(User, AppState), AppError> {
        let (admin, state) = admin().await?;
        state.sessions.require_sudo(&request::session()?).await?;
        super::super::server::require_other(&admin, user_id)?;
        Ok((admin, state))
    }
}

#[server(endpoint = "admin_users")]
pub async fn list_users(
    query: Option<String>,
    page: Option<Page>,
) -> Result<Paged<UserRow>, AppError> {
    let (admin, state) = guard::admin().await?;
    let page = page.unwrap_or_default();
    let query = super::server::UserSearch::parse(&query.unwrap_or_default())?;
    super::server::users(&state.db, &query, page, admin.id).await
}

#[server(endpoint = "admin_change_role")]
pub async fn change_role(user_id: i64, role: Role) -> Result<(), AppError> {
    let (admin, state) = guard::admin_acting_on(user_id).await?;
    let previous = super::server::set_role(&state, user_id, role).await?;
    let detail = format!("{} → {}", previous.as_str(), role.as_str());
    crate::audit::server::record(
        &state,
        guard::AuditEvent::RoleChanged,
        Some(admin.id),
        Some(user_id),
        &crate::server::request::client_info(),
        &detail,
    )
    .await;
    Ok(())
}

/// `active` is "true" to reactivate, "false" to deactivate (and end every session and token).
#[server(endpoint = "admin_set_active")]
pub async fn set_active(user_id: i64, active: bool) -> Result<(), AppError> {
    let (admin, state) = guard::admin_acting_on(user_id).await?;
    let ended = super::server::set_active(&state, user_id, active).await?;
    let (event, detail) = if active {
        (guard::AuditEvent::UserReactivated, String::new())
    } else {
        let detail = format!("{ended} session(s) and every token ended");
        (guard::AuditEvent::UserDeactivated, detail)
    };
    crate::audit::server::record(
        &state,
        event,
        Some(admin.id),
        Some(user_id),
        &crate::server::request::client_info(),
        &detail,
    )
    .await;
    Ok(())
}

#[server(endpoint = "admin_revoke_sessions")]
pub async fn revoke_user_sessions(user_id: i64) -> Result<u64, AppError> {
    let (admin, state) = guard::admin_acting_on(user_id).await?;
    super::server::name_of(&state.db, user_id).await?;
    let now = state.clock.now().unix_timestamp();
    let revoked = crate::auth::server::revoke_all_credentials(&state.db, user_id, now).await?;
    let ended = revoked.sessions_ended;
    let detail = format!("{ended} session(s) and every token ended by an admin");
    crate::audit::server::record(
        &state,
        guard::AuditEvent::SessionRevoked,
        Some(admin.id),
        Some(user_id),
        &crate::server::request::client_info(),
        &detail,
    )
    .await;
    Ok(ended)
}

/// Turns a user's two-step sign-in off, for someone who lost both the app and the codes. Sudo
/// mode; audited; the user is told by mail.
#[server(endpoint = "admin_reset_second_factor")]
pub async fn reset_second_factor(user_id: i64) -> Result<(), AppError> {
    let (admin, state) = guard::admin_acting_on(user_id).await?;
    super::server::name_of(&state.db, user_id).await?;
    let client = crate::server::request::client_info();
    crate::factors::server::change::reset_by_admin(&state, &admin, user_id, &client).await?;
    // The passkeys go too: the user lost the device that held them along with the app.
    let removed = crate::passkeys::server::register::remove(&state, &admin, user_id, None, &client);
    match removed.await {
        Ok(()) | Err(AppError::NotFound) => Ok(()),
        Err(error) => Err(error),
    }
}

/// Newest posts (drafts included) and newest comments, for moderation.
#[server(endpoint = "admin_moderation")]
pub async fn moderation(page: Option<Page>) -> Result<ModerationQueue, AppError> {
    let (_, state) = guard::admin().await?;
    let page = page.unwrap_or_default();
    Ok(ModerationQueue {
        posts: crate::posts::server::page(&state.db, page, true).await?,
        comments: crate::comments::server::recent(&state.db, page).await?,
    })
}

/// The audit log, newest first, filtered by a user's e-mail (as actor or subject) and by event.
#[server(endpoint = "admin_audit")]
pub async fn audit_log(
    user: Option<String>,
    event: Option<String>,
    page: Option<Page>,
) -> Result<Paged<AuditEntry>, AppError> {
    use crate::audit::{api::AuditEvent, server as audit};
    let (_, state) = guard::admin().await?;
    let page = page.unwrap_or_default();
    let event = match event.as_deref().filter(|e| !e.is_empty()) {
        Some(name) => Some(AuditEvent::parse(name).ok_or(AppError::BadRequest)?),
        None => None,
    };
    let user = match user.as_deref().filter(|u| !u.trim().is_empty()) {
        // An unknown e-mail matches nothing, rather than everything.
        Some(email) => Some(
            super::server::id_by_email(&state.db, email)
                .await?
                .unwrap_or(-1),
        ),
        None => None,
    };
    let filter = audit::AuditFilter { user, event };
    audit::page(&state.db, &filter, page).await
}

/// How many messages the mail worker gave up on (M04), shown above the audit log.
#[server(endpoint = "admin_failed_mail")]
pub async fn failed_mail() -> Result<i64, AppError> {
    let (_, state) = guard::admin().await?;
    Ok(crate::mail::server::failed_count(&state.db).await?)
}

/// A user's live tokens, for the admin console (never their secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenOwner {
    pub user_id: i64,
    pub name: String,
    pub tokens: Paged<crate::tokens::api::TokenView>,
}

#[server(endpoint = "admin_user_tokens")]
pub async fn user_tokens(user_id: i64, page: Option<Page>) -> Result<TokenOwner, AppError> {
    let (_, state) = guard::admin().await?;
    let name = super::server::name_of(&state.db, user_id).await?;
    let (now, page) = (state.clock.now().unix_timestamp(), page.unwrap_or_default());
    let tokens = crate::tokens::server::list_for_user(&state.db, user_id, now, page).await?;
    Ok(TokenOwner {
        user_id,
        name,
        tokens,
    })
}

/// Revokes one of a user's tokens. Taking power away needs no sudo, as for the user's own.
#[server(endpoint = "admin_revoke_token")]
pub async fn revoke_user_token(user_id: i64, token_id: i64) -> Result<(), AppError> {
    let (admin, state) = guard::admin().await?;
    let now = state.clock.now().unix_timestamp();
    crate::tokens::server::revoke(&state.db, user_id, token_id, now).await?;
    let detail = format!("token #{token_id} revoked by an admin");
    crate::audit::server::record(
        &state,
        guard::AuditEvent::TokenRevoked,
        Some(admin.id),
        Some(user_id),
        &crate::server::request::client_info(),
        &detail,
    )
    .await;
    Ok(())
}
