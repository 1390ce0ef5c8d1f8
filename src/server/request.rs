//! What a server function or a server-rendered page may ask about the current request.
use axum::{extract::ConnectInfo, http::request::Parts};
use leptos::prelude::use_context;
use std::net::SocketAddr;
use tower_sessions::Session;

use super::state::AppState;
use crate::{
    error::AppError,
    sessions::{middleware::CurrentUser, server::ClientInfo, store::SessionUser},
};

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from the Leptos context");
        AppError::Internal
    })
}

pub fn session() -> Result<Session, AppError> {
    parts()?
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or_else(|| {
            tracing::error!("session layer is not installed on this route");
            AppError::Internal
        })
}

/// The signed-in user as read fresh for this request, or `None`.
pub fn current_user() -> Option<SessionUser> {
    use_context::<Parts>()
        .and_then(|p| p.extensions.get::<CurrentUser>().cloned())
        .and_then(|c| c.0)
}

pub fn require_user() -> Result<SessionUser, AppError> {
    current_user().ok_or(AppError::Unauthenticated)
}

pub fn client_info() -> ClientInfo {
    let Ok(parts) = parts() else {
        return ClientInfo::default();
    };
    let ip = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default();
    let user_agent = parts
        .headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    ClientInfo { ip, user_agent }
}
