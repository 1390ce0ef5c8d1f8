//! The reset server functions. Bodies stay thin: parse, throttle, call `server.rs`.
use leptos::prelude::*;

use crate::error::AppError;

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

/// Whether this browser holds a reset link that still works (the form is shown only then).
#[server(endpoint = "reset_link_live")]
pub async fn reset_link_live() -> Result<(), AppError> {
    use crate::server::request;
    let (state, client) = (request::state()?, request::client_info());
    let secret = super::server::link_secret(&state)?;
    super::server::check_link(&state, &client, &secret).await?;
    Ok(())
}

/// Sets a new password with the link this browser holds. Does not sign in (M03).
#[server(endpoint = "reset_password")]
pub async fn reset_password(new_password: String) -> Result<(), AppError> {
    use crate::{auth::server::NewPassword, server::request};
    let (state, client) = (request::state()?, request::client_info());
    let secret = super::server::link_secret(&state)?;
    let new = NewPassword::parse("new_password", new_password)?;
    super::server::complete_reset(&state, &client, &secret, new).await?;
    super::link::forget_link_cookie(&state);
    leptos_axum::redirect("/reset-password/done");
    Ok(())
}
