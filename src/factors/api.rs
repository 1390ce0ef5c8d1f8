//! Account → Security: set up an authenticator app, recovery codes, turn two-step sign-in off.
//! Every change needs sudo mode. Bodies stay thin: authorise, call `server`, redirect.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// An authenticator being set up: shown until it is confirmed, never after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupView {
    pub secret: String,
    pub url: String,
    /// The QR code of `url`, rendered on the server as SVG (only rectangles, no text).
    pub svg: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityView {
    pub enabled: bool,
    pub setup: Option<SetupView>,
    pub codes_left: i64,
}

#[server(endpoint = "security_status")]
pub async fn security_status() -> Result<SecurityView, AppError> {
    use super::server::totp;
    use crate::server::request;
    use quire_auth::recovery_codes;
    let (user, state) = (request::require_user()?, request::state()?);
    let email = crate::mail::server::recipient(&state.db, user.id)
        .await?
        .email;
    let setup = totp::pending_setup(&state.db, user.id, &email).await?;
    Ok(SecurityView {
        enabled: totp::enabled(&state.db, user.id).await?,
        setup: setup.map(|s| SetupView {
            secret: s.secret,
            url: s.url,
            svg: s.svg,
        }),
        codes_left: recovery_codes::remaining(&state.db, user.id).await?,
    })
}

#[server(endpoint = "start_totp_setup")]
pub async fn start_totp_setup() -> Result<(), AppError> {
    use crate::server::request;
    let (user, state) = (request::require_user()?, request::state()?);
    user.require_verified()?;
    state.sessions.require_sudo(&request::session()?).await?;
    let now = state.clock.now().unix_timestamp();
    super::server::totp::start(&state.db, user.id, now).await?;
    leptos_axum::redirect("/account/security");
    Ok(())
}

/// Turns two-step sign-in on once a code from the new authenticator is right.
#[server(endpoint = "confirm_totp")]
pub async fn confirm_totp(code: String) -> Result<(), AppError> {
    use crate::server::request;
    let (user, state) = (request::require_user()?, request::state()?);
    state.sessions.require_sudo(&request::session()?).await?;
    let client = request::client_info();
    super::server::change::confirm(&state, &user, &client, &code).await?;
    leptos_axum::redirect("/account/security");
    Ok(())
}

#[server(endpoint = "turn_off_totp")]
pub async fn turn_off_totp() -> Result<(), AppError> {
    use crate::server::request;
    let (user, state) = (request::require_user()?, request::state()?);
    state.sessions.require_sudo(&request::session()?).await?;
    super::server::change::turn_off(&state, &user, &request::client_info()).await?;
    leptos_axum::redirect("/account/security");
    Ok(())
}

/// A new set of recovery codes, shown this once (the old set stops working). Without
/// JavaScript the form posts to `/account/security`, which renders them into the page.
#[server(endpoint = "create_recovery_codes")]
pub async fn create_recovery_codes() -> Result<Vec<String>, AppError> {
    use crate::server::request;
    let (user, state) = (request::require_user()?, request::state()?);
    let session = request::session()?;
    super::server::change::new_codes(&state, &session, &user, &request::client_info()).await
}

/// Codes made by a form posted without JavaScript, for the page that answers it.
#[derive(Clone, Debug)]
pub struct CodesWithoutJs(pub Result<Vec<String>, AppError>);
