//! The server functions of mailed links. Bodies stay thin: parse, authorise, call the server
//! modules, redirect to the page that says what happened (so they work without JavaScript).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The page a mailed link leads to, each with its own cookie (see `link`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPage {
    Reset,
    Verify,
    EmailChange,
    EmailChangeCancel,
}

#[cfg(feature = "ssr")]
impl LinkPage {
    fn kind(self) -> super::link::LinkKind {
        match self {
            LinkPage::Reset => super::link::RESET,
            LinkPage::Verify => super::link::VERIFY,
            LinkPage::EmailChange => super::link::EMAIL_CHANGE,
            LinkPage::EmailChangeCancel => super::link::EMAIL_CHANGE_CANCEL,
        }
    }
}

/// Answers the same whether or not `email` has an account (M02): the link is looked up and
/// mailed after the answer has gone, so neither the answer nor its timing depends on it.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::{auth::validate, server::request};
    let (state, client) = (request::state()?, request::client_info());
    let address = validate::email(&email).map_err(|m| AppError::invalid("email", m))?;
    crate::limits::allow_reset_request(&state, &address, &client).await?;
    super::server::start_reset(state, address, client);
    leptos_axum::redirect("/forgot-password/sent");
    Ok(())
}

/// Whether this browser holds a link for `page` that still works (its form is shown only then).
#[server(endpoint = "link_live")]
pub async fn link_live(page: LinkPage) -> Result<(), AppError> {
    use crate::server::request;
    let (state, client) = (request::state()?, request::client_info());
    let kind = page.kind();
    let secret = kind.secret(&state)?;
    super::server::check_link(&state, &client, kind.purpose, &secret).await?;
    Ok(())
}

/// Sets a new password with the link this browser holds. Does not sign in (M03).
/// `remove_recent`: as for `change_password`.
#[server(endpoint = "reset_password")]
pub async fn reset_password(
    new_password: String,
    remove_recent: Option<String>,
) -> Result<(), AppError> {
    use crate::{auth::server::NewPassword, server::request};
    let (state, client) = (request::state()?, request::client_info());
    let secret = super::link::RESET.secret(&state)?;
    let new = NewPassword::parse("new_password", new_password)?;
    let remove_recent = remove_recent.is_some();
    super::server::complete_reset(&state, &client, &secret, new, remove_recent).await?;
    super::link::RESET.forget(&state);
    leptos_axum::redirect("/reset-password/done");
    Ok(())
}

/// The passkeys and authenticator app added recently to the account whose reset link this
/// browser holds (the link's page offers to remove them with the new password).
#[server(endpoint = "reset_recent_credentials")]
pub async fn reset_recent_credentials(
) -> Result<Vec<crate::auth::recent::RecentCredential>, AppError> {
    use crate::server::request;
    let (state, client) = (request::state()?, request::client_info());
    let secret = super::link::RESET.secret(&state)?;
    let purpose = super::link::RESET.purpose;
    let user_id = super::server::check_link(&state, &client, purpose, &secret).await?;
    crate::auth::server::recent_credentials(&state, user_id).await
}

/// Confirms the address with the verification link this browser holds.
#[server(endpoint = "confirm_email")]
pub async fn confirm_email() -> Result<(), AppError> {
    use crate::server::request;
    let (state, client) = (request::state()?, request::client_info());
    let secret = super::link::VERIFY.secret(&state)?;
    super::verify::confirm(&state, &client, &secret).await?;
    super::link::VERIFY.forget(&state);
    leptos_axum::redirect("/verify-email/done");
    Ok(())
}

/// Mails the signed-in user a new verification link.
#[server(endpoint = "resend_verification")]
pub async fn resend_verification() -> Result<(), AppError> {
    use crate::server::request;
    let user = request::require_user()?;
    let (state, client) = (request::state()?, request::client_info());
    super::verify::resend(&state, &user, &client).await?;
    leptos_axum::redirect("/verify-email/sent");
    Ok(())
}

/// Starts moving the account to `email`. Needs sudo mode.
#[server(endpoint = "request_email_change")]
pub async fn request_email_change(email: String) -> Result<(), AppError> {
    use crate::server::request;
    let user = request::require_user()?;
    let (state, client) = (request::state()?, request::client_info());
    state.sessions.require_sudo(&request::session()?).await?;
    super::email_change::request(&state, &user, &client, &email).await?;
    leptos_axum::redirect("/account/email/sent");
    Ok(())
}

/// Moves the account to the address the link this browser holds confirms.
#[server(endpoint = "confirm_email_change")]
pub async fn confirm_email_change() -> Result<(), AppError> {
    use crate::server::request;
    let (state, client) = (request::state()?, request::client_info());
    let secret = super::link::EMAIL_CHANGE.secret(&state)?;
    super::email_change::confirm(&state, &client, &secret).await?;
    super::link::EMAIL_CHANGE.forget(&state);
    leptos_axum::redirect("/confirm-email-change/done");
    Ok(())
}

/// Cancels the e-mail change that the link this browser holds (mailed to the old address)
/// was sent about.
#[server(endpoint = "cancel_email_change")]
pub async fn cancel_email_change() -> Result<(), AppError> {
    use crate::server::request;
    let (state, client) = (request::state()?, request::client_info());
    let secret = super::link::EMAIL_CHANGE_CANCEL.secret(&state)?;
    super::email_change::cancel(&state, &client, &secret).await?;
    super::link::EMAIL_CHANGE_CANCEL.forget(&state);
    leptos_axum::redirect("/cancel-email-change/done");
    Ok(())
}
